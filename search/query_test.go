package search

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseQuery(t *testing.T) {
	w := func(s string) Clause { return Clause{Text: s} }
	tests := []struct {
		in   string
		want Query
	}{
		{"", Query{}},
		{"sökandelots", Query{Must: [][]Clause{{w("sökandelots")}}}},
		{"  två   ord ", Query{Must: [][]Clause{{w("två")}, {w("ord")}}}},
		{`"lokal samverkan" Kalmar`, Query{Must: [][]Clause{{{Text: "lokal samverkan", Phrase: true}}, {w("Kalmar")}}}},
		{"a OR b OR c d", Query{Must: [][]Clause{{w("a"), w("b"), w("c")}, {w("d")}}}},
		{"arbete -Kalmar", Query{Must: [][]Clause{{w("arbete")}}, Not: []Clause{{Text: "Kalmar", Negate: true}}}},
		{"+arbete", Query{Must: [][]Clause{{w("arbete")}}}},
		{"Kalmar - Västervik", Query{Must: [][]Clause{{w("Kalmar")}, {w("Västervik")}}}},
		{"kommun:Västervik", Query{Must: [][]Clause{{{Field: "municipality", Text: "Västervik"}}}}},
		{`region:"Övre Norrland"`, Query{Must: [][]Clause{{{Field: "region", Text: "Övre Norrland", Phrase: true}}}}},
		{"titel:lots", Query{Must: [][]Clause{{{Field: "title", Text: "lots"}}}}},
		{"mål 2:3", Query{Must: [][]Clause{{w("mål")}, {w("2:3")}}}},
		{"sökande*", Query{Must: [][]Clause{{{Text: "sökande", Prefix: true}}}}},
		{"sökandlots~", Query{Must: [][]Clause{{{Text: "sökandlots", Fuzzy: 1}}}}},
		{"sökandlots~2", Query{Must: [][]Clause{{{Text: "sökandlots", Fuzzy: 2}}}}},
		{`""`, Query{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseQuery(tt.in)
			if err != nil {
				t.Fatalf("ParseQuery(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	for _, in := range []string{
		`"abc`, "title:", "kommun: ", "OR a", "a OR", "a OR OR b", "a OR -b", "-a",
		"*", "a*", "*a*", "a*b", "x~3", "x~a", "ab~", "abc*~", "?",
	} {
		t.Run(in, func(t *testing.T) {
			_, err := ParseQuery(in)
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("ParseQuery(%q) error = %v, want ErrInvalid", in, err)
			}
		})
	}
}
