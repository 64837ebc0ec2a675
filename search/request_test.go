package search

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
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

// TestRequestKeyShared: requests that ask the same thing in different
// words (order of parameters, defaults spelled out, duplicate or unsorted
// filter values, spaces) share a key.
func TestRequestKeyShared(t *testing.T) {
	tests := [][]string{
		{"q=lots&municipality=Umeå", "municipality=Umeå&q=lots", "q=+lots+&municipality=Umeå&from=0&size=10&sort=relevance"},
		{"municipality=B&municipality=A", "municipality=A&municipality=B&municipality=A", "municipality=A&municipality=+B+&owner="},
		{"active_from=2014&active_to=2016", "active_from=2014-01-01&active_to=2016-12-31"},
		{"budget_min=100000", "budget_min=100+000", "budget_min=100000&lang=en", "budget_min=100000&prefix=x"},
	}
	for _, group := range tests {
		t.Run(group[0], func(t *testing.T) {
			want := parseKey(t, group[0])
			for _, q := range group[1:] {
				if got := parseKey(t, q); got != want {
					t.Errorf("key of %q = %q, of %q = %q: want equal", q, got, group[0], want)
				}
			}
		})
	}
}

// TestRequestKeyDiffers: a request that differs from another in any field
// has another key. Every field of Request must be varied here, so a field
// added to Request without a place in Key fails the test.
func TestRequestKeyDiffers(t *testing.T) {
	base := Request{Query: "lots", From: 10, Size: 10, Sort: SortRelevance,
		Filters:    map[string][]string{"municipality": {"Umeå"}},
		ActiveFrom: "2014-01-01", ActiveTo: "2016-12-31", BudgetMin: 5, BudgetMax: 50, StartYear: "2015"}
	variants := map[string][]func(*Request){
		"Query": {func(r *Request) { r.Query = "lotsar" }, func(r *Request) { r.Query = "" }},
		"From":  {func(r *Request) { r.From = 0 }},
		"Size":  {func(r *Request) { r.Size = 20 }},
		"Sort":  {func(r *Request) { r.Sort = SortNewest }},
		"Filters": {
			func(r *Request) { r.Filters = map[string][]string{"municipality": {"Umeå", "Luleå"}} },
			func(r *Request) { r.Filters = map[string][]string{"region": {"Umeå"}} },
			func(r *Request) { r.Filters = map[string][]string{} },
			func(r *Request) { r.Filters = map[string][]string{"municipality": {"Umeå"}, "owner": {"Umeå"}} },
			// a value holding what could look like a separator
			func(r *Request) { r.Filters = map[string][]string{"municipality": {"Umeå;1:x"}} },
		},
		"ActiveFrom": {func(r *Request) { r.ActiveFrom = "" }},
		"ActiveTo":   {func(r *Request) { r.ActiveTo = "" }},
		"BudgetMin":  {func(r *Request) { r.BudgetMin = 0 }},
		"BudgetMax":  {func(r *Request) { r.BudgetMax = 0 }},
		"StartYear":  {func(r *Request) { r.StartYear = "" }},
	}
	typ := reflect.TypeOf(Request{})
	for i := 0; i < typ.NumField(); i++ {
		if _, ok := variants[typ.Field(i).Name]; !ok {
			t.Errorf("Request.%s is not varied here: does Key hold it?", typ.Field(i).Name)
		}
	}
	seen := map[string]string{base.Key(): "base"}
	for field, fs := range variants {
		for i, f := range fs {
			r := base
			f(&r)
			name := fmt.Sprintf("%s #%d", field, i)
			if other, ok := seen[r.Key()]; ok {
				t.Errorf("%s has the key of %s: %q", name, other, r.Key())
			}
			seen[r.Key()] = name
		}
	}
	// the query's bytes cannot spill into the next field
	a := Request{Query: "a", Sort: "1;b"}
	b := Request{Query: "a1;", Sort: "b"}
	if a.Key() == b.Key() {
		t.Errorf("%+v and %+v share the key %q", a, b, a.Key())
	}
}

func parseKey(t *testing.T, query string) string {
	t.Helper()
	v, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ParseRequest(v)
	if err != nil {
		t.Fatalf("ParseRequest(%q): %v", query, err)
	}
	return r.Key()
}
