package search

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/search/searchtest"
)

// A search that finds nothing says why and shows the nearest search that
// finds something.
func TestZeroResultsRelaxed(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	tests := []struct {
		query, relaxed string
		dropped        []string
		reason         string // part of the reason
		hits           []string
	}{
		// a word no document has
		{"sökandelots xqzvyk", "sökandelots", []string{"xqzvyk"}, "finns inte i något dokument", []string{"lots-vastervik"}},
		// words that exist, never together: the more telling pair stays
		{"validering botkyrka", "validering", []string{"botkyrka"}, "finns inte tillsammans", []string{"umea-validering"}},
		{"validering -umeå botkyrka", "botkyrka -umeå", []string{"validering"}, "finns inte tillsammans", []string{"huddinge-unga", "matchning-botkyrka"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := eng.Search(context.Background(), Request{Query: tt.query, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			if res.Relaxed == nil {
				t.Fatalf("no relaxed search; total %d", res.Total)
			}
			if res.Relaxed.Query != tt.relaxed || !cmp.Equal(res.Relaxed.Dropped, tt.dropped) || !strings.Contains(res.Relaxed.Reason, tt.reason) {
				t.Errorf("relaxed = %+v, want query %q dropping %v (%q)", *res.Relaxed, tt.relaxed, tt.dropped, tt.reason)
			}
			if diff := cmp.Diff(tt.hits, ids(res)); diff != "" {
				t.Errorf("hits (-want +got):\n%s", diff)
			}
			if res.Total != uint64(len(tt.hits)) {
				t.Errorf("total %d, want the relaxed search's %d", res.Total, len(tt.hits))
			}
		})
	}
	// a search that finds something is never relaxed
	res, err := eng.Search(context.Background(), Request{Query: "validering umeå", Size: 10})
	if err != nil || res.Relaxed != nil || res.Total == 0 {
		t.Errorf("validering umeå: relaxed %+v, total %d, err %v", res.Relaxed, res.Total, err)
	}
}

func TestQueryStringRoundTrip(t *testing.T) {
	for _, s := range []string{
		`sökandelots`, `"lokal samverkan" umeå`, `coachning OR vägledning -unga`, `valid* kommun~1 titel:lots`,
		`kommun:"Övre Norrland" år:2020`,
	} {
		q, err := ParseQuery(s)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseQuery(queryString(q))
		if err != nil {
			t.Fatalf("%q → %q: %v", s, queryString(q), err)
		}
		if diff := cmp.Diff(q, back); diff != "" {
			t.Errorf("%q → %q parses differently (-want +got):\n%s", s, queryString(q), diff)
		}
	}
}
