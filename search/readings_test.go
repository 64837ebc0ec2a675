package search

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
)

// A word that is a form of several words (the dictionary lists gröna as
// an entry of its own beside the adjective grön) is found by, and finds,
// every one of them: in one-word and many-word queries, in the title
// coverage and proximity of a many-word query, and in title suggestions.
func TestFormsOfSeveralWords(t *testing.T) {
	rec := func(id, title string) ingest.Record {
		return ingest.Record{ID: id, Source: id + ".txt", DocType: ingest.TypeProject, Title: title,
			Sections: []ingest.Section{{Text: "Ett projekt om " + title + "."}}}
	}
	eng := testEngine(t, []ingest.Record{
		rec("a", "Gröna näringar på landsbygden"),
		rec("b", "Ett grönt tak på skolan"),
		rec("c", "Blå tak i staden"),
		rec("d", "Svenska myndigheters samverkan"),
	})
	search := func(q string) []string {
		t.Helper()
		res, err := eng.Search(context.Background(), Request{Query: q, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		return hitIDs(res)
	}
	for _, c := range []struct {
		q    string
		want []string // sorted
	}{
		{"grön", []string{"a", "b"}},
		{"gröna", []string{"a", "b"}},
		{"gronA", []string{"a", "b"}},
		{"gröna tak", []string{"b"}},
		{"svensk myndighet", []string{"d"}},
		{"svensk samverkan myndighet", []string{"d"}},
	} {
		got := search(c.q)
		sorted := slices.Sorted(slices.Values(got))
		if diff := cmp.Diff(c.want, sorted); diff != "" {
			t.Errorf("%q: hits (-want +got):\n%s", c.q, diff)
		}
	}
	sugg, err := eng.Suggest(context.Background(), "gröna ta")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range sugg {
		found = found || s.Kind != "word" && s.Text == "Ett grönt tak på skolan"
	}
	if !found {
		t.Errorf("suggestions for %q: %+v, want the title %q", "gröna ta", sugg, "Ett grönt tak på skolan")
	}
}
