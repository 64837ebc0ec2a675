package ingest

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestCollapseAndCleanSpaces checks the fast paths of collapse and
// cleanSpaces against the plain definitions, on random strings made of
// letters, å/ä/ö and every kind of white space and control character.
func TestCollapseAndCleanSpaces(t *testing.T) {
	alphabet := []string{"a", "b", "å", "Ö", " ", "  ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u2003",
		"\u200b", "\ufeff", "\x01", "\x7f", "\xff", "é", "#"}
	wantCollapse := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	wantClean := func(l string) string {
		return strings.Map(func(r rune) rune {
			switch {
			case r == '\t' || unicode.IsSpace(r) || r == '\u200b':
				return ' '
			case r == utf8.RuneError || r == '\ufeff' || unicode.IsControl(r):
				return -1
			}
			return r
		}, l)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	cases := []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "Västervik och Kalmar"}
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := rng.IntN(8); n > 0; n-- {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		if got, want := collapse(s), wantCollapse(s); got != want {
			t.Fatalf("collapse(%q) = %q, want %q", s, got, want)
		}
		if got, want := cleanSpaces(s), wantClean(s); got != want {
			t.Fatalf("cleanSpaces(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestMdHeading checks mdHeading against the regular expression it
// replaced, on random lines of '#', spaces, tabs and letters.
func TestMdHeading(t *testing.T) {
	re := regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	rng := rand.New(rand.NewPCG(5, 6))
	alphabet := []string{"#", "#", "##", " ", "\t", "a", "Å", "\r", "\f", "\v", "x y"}
	cases := []string{"# Titel", "## Resultat ##", "####### sju", "#hashtag", "# ", "#", "# C#", "x # #"}
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := rng.IntN(9); n > 0; n-- {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, l := range cases {
		level, text, ok := mdHeading(l)
		m := re.FindStringSubmatch(l)
		if ok != (m != nil) || ok && (level != len(m[1]) || text != m[2]) {
			t.Fatalf("mdHeading(%q) = %d %q %v; regexp: %q", l, level, text, ok, m)
		}
	}
}
