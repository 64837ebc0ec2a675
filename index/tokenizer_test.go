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
		{"2020/00152 – 1 292 580 kr", []tok{{"2020", 0, 4, 1}, {"00152", 5, 10, 2}, {"2020/00152", 0, 10, 1}, {"1", 15, 16, 3}, {"292", 17, 20, 4}, {"580", 21, 24, 5}, {"kr", 25, 27, 6}}},
		// references: the parts, and the whole at the first part's position
		{"SOU 2019:24.", []tok{{"SOU", 0, 3, 1}, {"2019", 4, 8, 2}, {"24", 9, 11, 3}, {"2019:24", 4, 11, 2}}},
		{"Prop. 2004/05:22", []tok{{"Prop", 0, 4, 1}, {"2004", 6, 10, 2}, {"05", 11, 13, 3}, {"22", 14, 16, 4}, {"2004/05:22", 6, 16, 2}}},
		{"Fi2025/01705, S2023:C", []tok{{"Fi2025", 0, 6, 1}, {"01705", 7, 12, 2}, {"Fi2025/01705", 0, 12, 1}, {"S2023", 14, 19, 3}, {"C", 20, 21, 4}}},
		{"och/eller 3/ 4", []tok{{"och", 0, 3, 1}, {"eller", 4, 9, 2}, {"3", 10, 11, 3}, {"4", 13, 14, 4}}},
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
