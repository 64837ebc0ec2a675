package index

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWordTokenizer(t *testing.T) {
	type tok struct {
		Term       string
		Start, End int
		Pos        int
	}
	tests := []struct {
		in   string
		want []tok
	}{
		{"", nil},
		{"Sökandelots i Västervik.", []tok{{"Sökandelots", 0, 12, 1}, {"i", 13, 14, 2}, {"Västervik", 15, 25, 3}}},
		{"e-post: a@b.se", []tok{{"e", 0, 1, 1}, {"post", 2, 6, 2}, {"a", 8, 9, 3}, {"b", 10, 11, 4}, {"se", 12, 14, 5}}},
		{"2020/00152 – 1 292 580 kr", []tok{{"2020", 0, 4, 1}, {"00152", 5, 10, 2}, {"1", 15, 16, 3}, {"292", 17, 20, 4}, {"580", 21, 24, 5}, {"kr", 25, 27, 6}}},
		{"(FSLA)", []tok{{"FSLA", 1, 5, 1}}},
		{"cafe\u0301 ok", []tok{{"cafe\u0301", 0, 6, 1}, {"ok", 7, 9, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got []tok
			for _, x := range (wordTokenizer{}).Tokenize([]byte(tt.in)) {
				got = append(got, tok{string(x.Term), x.Start, x.End, x.Position})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
