package ingest

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// randomLines returns the given lines and n more, each up to max pieces
// drawn from alphabet.
func randomLines(seed uint64, alphabet, lines []string, n, max int) []string {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	for i := 0; i < n; i++ {
		var b strings.Builder
		for k := rng.IntN(max + 1); k > 0; k-- {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		lines = append(lines, b.String())
	}
	return lines
}

// TestCollapseAndCleanSpaces checks the fast paths of collapse and
// cleanSpaces against the plain definitions (Fields and Join; mapSpaces),
// on random strings made of letters, å/ä/ö and every kind of white space
// and control character.
func TestCollapseAndCleanSpaces(t *testing.T) {
	alphabet := []string{"a", "b", "å", "Ö", " ", "  ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u2003",
		"\u200b", "\ufeff", "\x01", "\x7f", "\xff", "é", "#"}
	wantCollapse := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	cases := randomLines(3, alphabet, []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "Västervik och Kalmar"}, 20000, 7)
	for _, s := range cases {
		if got, want := collapse(s), wantCollapse(s); got != want {
			t.Fatalf("collapse(%q) = %q, want %q", s, got, want)
		}
		if got, want := cleanSpaces(s), mapSpaces(s); got != want {
			t.Fatalf("cleanSpaces(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestMdHeading checks mdHeading against the regular expression it
// replaced, on random lines of '#', spaces, tabs and letters.
func TestMdHeading(t *testing.T) {
	re := regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	alphabet := []string{"#", "#", "##", " ", "\t", "a", "Å", "\r", "\f", "\v", "x y"}
	cases := randomLines(5, alphabet, []string{"# Titel", "## Resultat ##", "####### sju", "#hashtag", "# ", "#", "# C#", "x # #"}, 20000, 8)
	for _, l := range cases {
		level, text, ok := mdHeading(l)
		m := re.FindStringSubmatch(l)
		if ok != (m != nil) || ok && (level != len(m[1]) || text != m[2]) {
			t.Fatalf("mdHeading(%q) = %d %q %v; regexp: %q", l, level, text, ok, m)
		}
	}
}
