package search

import (
	"errors"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseRequest(t *testing.T) {
	tests := []struct {
		query string
		want  Request
	}{
		{"", Request{Size: 10, Sort: "relevance", Filters: map[string][]string{}}},
		{"q=+s%C3%B6kandelots+&size=5&from=10&sort=newest",
			Request{Query: "sökandelots", Size: 5, From: 10, Sort: "newest", Filters: map[string][]string{}}},
		{"municipality=Huddinge&municipality=Botkyrka&municipality=Botkyrka&region=Stockholm&owner=",
			Request{Size: 10, Sort: "relevance", Filters: map[string][]string{
				"municipality": {"Botkyrka", "Huddinge"}, "region": {"Stockholm"}}}},
		{"active_from=2014&active_to=2016",
			Request{Size: 10, Sort: "relevance", Filters: map[string][]string{}, ActiveFrom: "2014-01-01", ActiveTo: "2016-12-31"}},
		{"active_from=2014-03-05&budget_min=100+000&budget_max=2000000",
			Request{Size: 10, Sort: "relevance", Filters: map[string][]string{}, ActiveFrom: "2014-03-05", BudgetMin: 100000, BudgetMax: 2000000}},
		{"size=0", Request{Size: 0, Sort: "relevance", Filters: map[string][]string{}}},
		{"size=100&from=9900", Request{Size: 100, From: 9900, Sort: "relevance", Filters: map[string][]string{}}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			v, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseRequest(v)
			if err != nil {
				t.Fatalf("ParseRequest: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseRequestErrors(t *testing.T) {
	for _, q := range []string{
		"size=101", "size=-1", "size=abc", "from=-1", "from=9950&size=100", "from=1e3",
		"sort=title", "active_from=14", "active_from=2014-13-01", "active_from=2016&active_to=2014",
		"budget_min=-5", "budget_min=ten", "budget_min=10&budget_max=5", "unknown=1",
		"q=" + longString(MaxQueryLen+1),
		"q=%ff%fe",
	} {
		t.Run(q, func(t *testing.T) {
			v, _ := url.ParseQuery(q)
			_, err := ParseRequest(v)
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("ParseRequest(%q) error = %v, want ErrInvalid", q, err)
			}
		})
	}
}

func longString(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a'
	}
	return string(b)
}
