package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode"

	vregexp "github.com/blevesearch/vellum/regexp"
	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
)

// TestFoldPattern checks the pattern against its definition: a term
// matches exactly when it folds to one of the forms.
func TestFoldPattern(t *testing.T) {
	if _, ok := FoldPattern([]string{"2020"}, false); ok {
		t.Error("a number has no diacritic forms")
	}
	if _, ok := FoldPattern([]string{strings.Repeat("a", MaxFoldedRunes+1)}, false); ok {
		t.Error("no pattern for an overlong word")
	}
	letters := []rune("aeoucnklsö")
	rng := rand.New(rand.NewPCG(8, 9))
	for _, forms := range [][]string{{"sokandelots"}, {"overtornea", "overtorne"}, {"samhallet", "samhall", "samhalle"}, {"a"}} {
		pat, ok := FoldPattern(forms, false)
		if !ok {
			t.Fatalf("%v: no pattern", forms)
		}
		re := regexp.MustCompile("^(?:" + pat + ")$")
		for n := 0; n < 3000; n++ {
			w := forms[rng.IntN(len(forms))]
			var b strings.Builder
			for _, r := range w {
				if alts := unfold[r]; len(alts) > 0 && rng.IntN(3) == 0 {
					b.WriteRune(alts[rng.IntN(len(alts))])
				} else if rng.IntN(40) == 0 {
					b.WriteRune(letters[rng.IntN(len(letters))]) // another letter
				} else {
					b.WriteRune(r)
				}
			}
			term := b.String()
			want := false
			for _, f := range forms {
				want = want || foldSwedish(term) == f
			}
			if got := re.MatchString(term); got != want {
				t.Fatalf("%v: pattern %s on %q = %v, want %v", forms, pat, term, got, want)
			}
		}
	}
	pat, _ := FoldPattern([]string{"kompet"}, true)
	re := regexp.MustCompile("^(?:" + pat + ")$")
	for term, want := range map[string]bool{"kömpetens": true, "kompetens": true, "kömp": false, "akompetens": false} {
		if got := re.MatchString(term); got != want {
			t.Errorf("prefix pattern on %q = %v, want %v", term, got, want)
		}
	}
}

// TestFoldedForms: the folded base form alone misses words whose base
// folding merges with another ("samhället": samhalle, and samhall of the
// corpus list), compounds take the bases of their last part (lots, and
// löts: löt), and a vowel-changing plural typed without diacritics finds
// its singular ("bockerna": bok).
func TestFoldedForms(t *testing.T) {
	for typed, want := range map[string][]string{
		"Sokandelots": {"sokandelots", "sokandelot"},
		"samhallet":   {"samhallet", "samhalle", "samhall"},
		"bockerna":    {"bockerna", "bok"},
	} {
		if diff := cmp.Diff(want, FoldedForms(typed)); diff != "" {
			t.Errorf("FoldedForms(%q) (-want +got):\n%s", typed, diff)
		}
	}
	// the text lemma of every diacritic word of the relevance sample is
	// among the forms of the word typed without diacritics
	for _, w := range []string{"sökandelotsen", "försörjningsstödet", "Övertorneå", "medlemsländer", "jämställdheten", "läget"} {
		low := strings.ToLower(w)
		toks, err := Analyze(AnalyzerTextQuery, low)
		if err != nil || len(toks) == 0 {
			t.Fatal(err)
		}
		typed := foldSwedish(low)
		found := false
		for _, f := range FoldedForms(typed) {
			found = found || f == foldSwedish(toks[0].Term)
		}
		if !found {
			t.Errorf("%s: text term %q (folded %q) not among the forms of %q: %v", w, toks[0].Term, foldSwedish(toks[0].Term), typed, FoldedForms(typed))
		}
	}
}

// TestFoldPatternCompiles: whatever a user types, the pattern compiles
// (a failure would be a server error, not a search).
func TestFoldPatternCompiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 11))
	alphabet := []rune("aoeuicnyszl.+*?()[]{}|^$\\/-&'\"#%åäöéü\uFFFD\u0301x1")
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		for k := 1 + rng.IntN(MaxFoldedRunes+5); k > 0; k-- {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		typed := b.String()
		for _, prefix := range []bool{false, true} {
			forms := FoldedForms(typed)
			pattern, ok := FoldPattern(forms, prefix)
			if !ok {
				continue
			}
			if _, err := vregexp.New(pattern); err != nil {
				t.Fatalf("%q (prefix %v): pattern %q: %v", typed, prefix, pattern, err)
			}
		}
	}
}

func TestAppendFold(t *testing.T) {
	for _, s := range []string{"", "abc", "Övertorneå", "SÖKANDELOTS", "Ærø Straße", "naïve café", "Ωmega 2020/00152", "ÅÄÖåäö"} {
		if got, want := string(AppendFold([]byte("x"), s)), "x"+Fold(s); got != want {
			t.Errorf("AppendFold(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestFoldLatin: every rune below and just past latinEnd folds as
// foldTable and unicode.ToLower say (the arrays stand for them), in
// foldSwedish, Fold and AppendFold.
func TestFoldLatin(t *testing.T) {
	ref := func(r rune) string {
		if f, ok := foldTable[r]; ok {
			return f
		}
		return string(r)
	}
	for r := range rune(latinEnd + 0x100) {
		s := string(r)
		if got, want := foldSwedish(s), ref(r); got != want {
			t.Errorf("foldSwedish(%q) = %q, want %q", s, got, want)
		}
		want := ref(unicode.ToLower(r))
		if got := string(AppendFold(nil, s)); got != want {
			t.Errorf("AppendFold(%q) = %q, want %q", s, got, want)
		}
		if got := Fold(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	}
}

// FoldedTerms (fold tables) finds what diacriticTerms finds with the
// pattern of the same forms, for words and prefixes, in several segments.
func TestFoldedTermsMatchPattern(t *testing.T) {
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	texts := []string{"Sökandelotsen träffade sökandelotsar i Övertorneå", "Samhället och samhällen, läge och låg lag",
		"Kompetensförsörjning och kompetensutveckling för nyanlända", "Målgruppen är unga vuxna på arbetsmarknaden"}
	for i, tx := range texts { // a batch each: several segments
		r := rec(fmt.Sprintf("d%d", i), tx)
		if _, err := x.Put(context.Background(), []ingest.Record{r}); err != nil {
			t.Fatal(err)
		}
	}
	fields := []string{FieldTitle, FieldSummary, FieldBody}
	for _, tc := range []struct {
		typed  string
		prefix bool
	}{{"sokandelots", false}, {"overtornea", false}, {"samhallet", false}, {"lag", false}, {"malgrupp", false},
		{"kompetensforsorjning", false}, {"sok", true}, {"sam", true}, {"overt", true}, {"xyz", false}} {
		forms := FoldedForms(tc.typed)
		if tc.prefix {
			forms = []string{Fold(tc.typed)}
		}
		got, err := x.FoldedTerms(context.Background(), forms, tc.prefix, fields, 1000)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		if pat, ok := FoldPattern(forms, tc.prefix); ok {
			if want, err = diacriticTerms(context.Background(), x, pat, fields, 1000); err != nil {
				t.Fatal(err)
			}
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%q (prefix %v): FoldedTerms %q, diacriticTerms %q", tc.typed, tc.prefix, got, want)
		}
		if tc.typed != "xyz" && len(got) == 0 {
			t.Errorf("%q: no terms found", tc.typed)
		}
	}
}

// TestFoldedBases: an inflected form typed without å/ä/ö finds the base
// of the word it stands for when that base has no å/ä/ö (a vowel-changing
// plural and its singular), alone and as an unknown compound's last part;
// a word whose own term is its base adds nothing. Words in neither
// cmd/recall list.
func TestFoldedBases(t *testing.T) {
	for typed, want := range map[string][]string{
		"tanderna":      {"tand"},
		"Rotterna":      {"rot"},
		"strandernas":   {"strand"},
		"plattfotterna": {"plattfot"},
		"badstrander":   {"badstrand"},
		"kommunen":      nil,
		"vasterbotten":  nil,
	} {
		if diff := cmp.Diff(want, FoldedBases(typed)); diff != "" {
			t.Errorf("FoldedBases(%q) (-want +got):\n%s", typed, diff)
		}
	}
}

func TestIsWord(t *testing.T) {
	for _, tt := range []struct {
		typed string
		want  bool
	}{
		{"ohälsa", true},
		{"ohalsa", true}, // ohälsa but for å/ä/ö
		{"kommunerna", true},
		{"bockerna", true}, // böckerna
		{"ohälsaa", false},
		{"valdiering", false},
		{"sökandelotz", false},
		{"ohälså", false}, // with diacritics, only as written
		{"", false},
	} {
		t.Run(tt.typed, func(t *testing.T) {
			if got := IsWord(tt.typed); got != tt.want {
				t.Errorf("IsWord(%q) = %v, want %v", tt.typed, got, tt.want)
			}
		})
	}
}
