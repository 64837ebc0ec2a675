package ingest

import (
	"cmp"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkLexiconAgrees fails when the windowed lexicon match differs from
// running every entry's regexp over the whole text.
func checkLexiconAgrees(t *testing.T, text string) {
	t.Helper()
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	got := lx.match(text)
	for i, e := range lx.entries {
		if want := e.re.MatchString(text); got[i] != want {
			t.Errorf("%s: windowed match %v, regexp %v on %q", e.display, got[i], want, clip(text))
		}
	}
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// lexiconProbes are texts at the edges of the windowed match: case
// foldings a regexp honours (Kelvin sign, long s), letters and digits
// around a name, invalid UTF-8, hyphens, line breaks and long words.
var lexiconProbes = []string{
	"", "unga", "UNGA", "ungas", "x unga", "xunga", "unga1", "1unga", "unga\u0301", "\u0301unga",
	"\xffunga\xff", "unga\xc3", "\xc3\xa5unga", "åunga", "Å unga", "ſökandelots", "SÖKANDELOTS.",
	"motiverande samtal", "MI – motiverande", "MI \t - Motiverande", "MI\n– motiverande",
	"ocn-bedömare", "OCN-bedömare", "Ocn-bedömare", "KGA", "kga", "Kga.", "\u212aGA", "ips-metoden IPS-metoden",
	"kompetensgarantir för arbetsmarknaden", "kompetensgarantier för\narbetsmarknaden",
	"individer med en funktionsnedsättning", "kvinnor med funktionsnedsättningar!",
	"unga unga unga unga", strings.Repeat("a", 5000) + " unga", strings.Repeat("unga", 2000),
	strings.Repeat("x", 3000) + "funktionsnedsättning" + strings.Repeat("y", 3000),
	"studie-och yrkesvägledning", "Studie- och yrkesvägledningen", "SYV-nätverk", "syv",
	"långt ifrån arbetsmarknaden", "långt\nfrån arbetsmarknaden", "arbetspraktiken", "jobbcoacherna",
	"utrikes  födda", "utrikes födda", "födda utomlands", "ekonomiskt bistånd", "UVAS", "uvas", "NEET",
	"lågaffektivt bemötandet", "lågaffektiv bemötande", "socioekonomiska analyser",
}

func TestLexiconWindowsAgreeWithRegexp(t *testing.T) {
	for _, p := range lexiconProbes {
		checkLexiconAgrees(t, p)
	}
	paths, _ := filepath.Glob("sample/*.txt")
	rng := rand.New(rand.NewSource(7))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		checkLexiconAgrees(t, text)
		checkLexiconAgrees(t, strings.ToUpper(text))
		// Random slices of the seed, cut anywhere (also inside runes).
		for range 200 {
			i := rng.Intn(len(text))
			j := min(len(text), i+rng.Intn(400))
			checkLexiconAgrees(t, text[i:j])
		}
	}
}

func TestLitScanner(t *testing.T) {
	lits := []string{"he", "she", "his", "hers", "ö", "åö", "", "s"}
	folded := make([]string, len(lits))
	for i, l := range lits {
		folded[i] = foldString(l)
	}
	s := newLitScanner(folded)
	for _, text := range []string{"ushers", "USHERS", "ſhe", "HIS his", "åÖö", "xheK", ""} {
		type hit struct{ id, end int }
		var got []hit
		s.scan(text, func(id, end int) bool {
			got = append(got, hit{id, end})
			return true
		})
		// The reference: at every rune boundary, each literal whose fold
		// key is a suffix of the text's fold key so far, in id order.
		var want []hit
		for end := 1; end <= len(text); end++ {
			if end < len(text) && !utf8.RuneStart(text[end]) {
				continue
			}
			prefix := foldString(text[:end])
			for id, l := range folded {
				if l != "" && strings.HasSuffix(prefix, l) {
					want = append(want, hit{id, end})
				}
			}
		}
		slices.SortStableFunc(got, func(a, b hit) int { return cmp.Or(a.end-b.end, a.id-b.id) })
		if !slices.Equal(got, want) {
			t.Errorf("%q: hits %v, want %v", text, got, want)
		}
	}
}

// FuzzLexiconWindows checks the windowed lexicon match against the plain
// regexps on arbitrary text.
func FuzzLexiconWindows(f *testing.F) {
	for _, p := range lexiconProbes {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkLexiconAgrees(t, text)
	})
}
