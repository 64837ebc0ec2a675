package index

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// terms returns the set of terms analyzer produces for text.
func terms(t testing.TB, analyzer, text string) map[string]bool {
	t.Helper()
	toks, err := Analyze(analyzer, text)
	if err != nil {
		t.Fatalf("Analyze(%s): %v", analyzer, err)
	}
	set := make(map[string]bool, len(toks))
	for _, tk := range toks {
		set[tk.Term] = true
	}
	return set
}

// foldedMatches is how a search finds a word typed without å/ä/ö: by its
// own terms, or by a term of the document with diacritics whose folded
// spelling is one of FoldedForms (FoldedTerms, search.(*Engine).parse).
func foldedMatches(t testing.TB, query, doc string) bool {
	t.Helper()
	if matches(t, AnalyzerText, query, doc) {
		return true
	}
	return foldedFinds(query, terms(t, AnalyzerText, doc))
}

// foldedFinds reports whether one of a document's terms has diacritics and
// folds to one of the forms of query.
func foldedFinds(query string, docTerms map[string]bool) bool {
	forms := FoldedForms(query)
	for term := range docTerms {
		if f := foldSwedish(term); f != term && slices.Contains(forms, f) {
			return true
		}
	}
	return false
}

// matches reports whether doc holds, for every word of query, one of its
// query terms (the word's readings: hemliga is hemliga or hemlig), both
// analyzed for a field indexed with analyzer, as the search looks for
// them.
func matches(t testing.TB, analyzer, query, doc string) bool {
	t.Helper()
	q := queryWords(t, analyzer, query)
	if len(q) == 0 {
		t.Fatalf("QueryTerms(%s, %q): no terms", analyzer, query)
	}
	d := terms(t, analyzer, doc)
	for _, readings := range q {
		if !slices.ContainsFunc(readings, func(term string) bool { return d[term] }) {
			return false
		}
	}
	return true
}

// queryWords returns the query terms of each word of query, by position,
// as QueryTerms chooses them.
func queryWords(t testing.TB, analyzer, query string) [][]string {
	t.Helper()
	switch analyzer {
	case AnalyzerText:
		analyzer = AnalyzerTyped
	case AnalyzerFolded:
		analyzer = AnalyzerFoldedQuery
	}
	toks, err := Analyze(analyzer, query)
	if err != nil {
		t.Fatalf("Analyze(%s, %q): %v", analyzer, query, err)
	}
	var out [][]string
	last := -1
	for _, tok := range toks {
		if tok.Position != last {
			out = append(out, nil)
			last = tok.Position
		}
		out[len(out)-1] = append(out[len(out)-1], tok.Term)
	}
	return out
}

func TestRegistered(t *testing.T) {
	if registerErr != nil {
		t.Fatal(registerErr)
	}
	for _, name := range []string{AnalyzerText, AnalyzerFolded, AnalyzerTextQuery, AnalyzerFoldedQuery} {
		if _, err := Analyze(name, "projekt"); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Analyze("no-such-analyzer", "x"); err == nil {
		t.Error("unknown analyzer: want error")
	}
}

// Inflected forms of a word share one term, including where one Snowball
// pass (bleve's "sv") gives different stems.
func TestInflectionsShareTerm(t *testing.T) {
	groups := [][]string{
		{"sökandelots", "sökandelotsen", "sökandelotsar", "sökandelotsarna", "sökandelotsens"},
		{"projekt", "projektet", "projekten", "projektets", "projekts", "projektens"},
		{"arbetsmarknad", "arbetsmarknaden", "arbetsmarknadens", "arbetsmarknader", "arbetsmarknaderna"},
		{"kommun", "kommunen", "kommuner", "kommunerna", "kommunernas", "kommunens"},
		{"utbildning", "utbildningen", "utbildningar", "utbildningarna"},
		{"arbete", "arbetet", "arbeten", "arbetets"},
		{"barn", "barnen", "barnet", "barnens"},
		{"kvalitet", "kvaliteten", "kvaliteter"},
		{"jämställdhet", "jämställdheten", "jämställdhetens"},
		{"funktionsnedsättning", "funktionsnedsättningen", "funktionsnedsättningar"},
	}
	for _, g := range groups {
		t.Run(g[0], func(t *testing.T) {
			for _, an := range []string{AnalyzerText, AnalyzerFolded} {
				want, err := QueryTerms(an, g[0])
				if err != nil || len(want) != 1 {
					t.Fatalf("QueryTerms(%s, %s) = %v, %v", an, g[0], want, err)
				}
				for _, form := range g[1:] {
					got, _ := QueryTerms(an, form)
					if len(got) != 1 || got[0] != want[0] {
						t.Errorf("%s: %s -> %v, %s -> %v", an, g[0], want, form, got)
					}
				}
			}
		})
	}
}

// Words that merely look alike must keep different terms.
func TestDistinctWordsStayDistinct(t *testing.T) {
	pairs := []struct {
		a, b     string
		textOnly bool // folding legitimately merges them ("armé" -> "arme" -> "arm")
	}{
		{"kommun", "kommunikation", false},
		{"kommun", "kommunist", false},
		{"arm", "armé", true},
		{"projekt", "projektil", false},
		{"land", "landsting", false},
	}
	for _, p := range pairs {
		ans := []string{AnalyzerText, AnalyzerFolded}
		if p.textOnly {
			ans = ans[:1]
		}
		for _, an := range ans {
			a, _ := QueryTerms(an, p.a)
			b, _ := QueryTerms(an, p.b)
			if strings.Join(a, " ") == strings.Join(b, " ") {
				t.Errorf("%s: %s and %s share terms %v", an, p.a, p.b, a)
			}
		}
	}
}

func TestFolded(t *testing.T) {
	cases := []struct{ query, doc string }{
		{"sokandelots", "Sökandelotsen arbetar med deltagarna."},
		{"Overtornea", "Projektet drivs i Övertorneå kommun."},
		{"overtornea", "Övertorneås kommun"},
		{"forsorjning", "egen försörjning genom arbete"},
		{"jamstalldhet", "Jämställdheten ska öka."},
		{"samhallet", "Samhälle och arbete"},
		{"forsorjningsstod", "Försörjningsstödet minskade."},
		{"malmo", "Malmö stad"},
		{"skelleftea", "Skellefteå kommun"},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			if !foldedMatches(t, c.query, c.doc) {
				t.Errorf("typed without diacritics: %q does not find %q", c.query, c.doc)
			}
		})
	}
	// The unfolded field keeps the spelling apart.
	if matches(t, AnalyzerText, "forsorjning", "försörjning") {
		t.Error("text analyzer folds diacritics")
	}
}

func TestStopWords(t *testing.T) {
	for _, an := range []string{AnalyzerText, AnalyzerFolded} {
		got := terms(t, an, "och för över att det for over")
		if len(got) != 0 {
			t.Errorf("%s: stop words kept: %v", an, got)
		}
	}
}

// Offsets are byte offsets into the input, also after multi-byte letters.
func TestOffsets(t *testing.T) {
	text := "Övre Norrland: sökandelotsen och ÖVERTORNEÅ, arbetsmarknadsenheterna"
	want := "Övre/1 Norrland/2 sökandelotsen/3 sökande/3 lotsen/3 ÖVERTORNEÅ/5 " +
		"arbetsmarknadsenheterna/6 arbets/6 arbetsmarknads/6 marknads/6 marknadsenheterna/6 enheterna/6"
	for _, an := range []string{AnalyzerText, AnalyzerFolded, AnalyzerTextQuery} {
		toks, err := Analyze(an, text)
		if err != nil {
			t.Fatal(err)
		}
		var surfaces []string
		for _, tk := range toks {
			surfaces = append(surfaces, fmt.Sprintf("%s/%d", text[tk.Start:tk.End], tk.Position))
		}
		got := strings.Join(surfaces, " ")
		w := want
		if an == AnalyzerTextQuery {
			w = "Övre/1 Norrland/2 sökandelotsen/3 ÖVERTORNEÅ/5 arbetsmarknadsenheterna/6"
		}
		if got != w {
			t.Errorf("%s: surfaces\n%s\nwant\n%s", an, got, w)
		}
	}
}

func TestLemmaIdempotent(t *testing.T) {
	for _, w := range []string{"arbetsmarknadsenheterna", "projektet", "sökandelotsarna", "kvaliteten", "övertorneå", "kvinnorna", "storstäderna", "barnböckerna", "a", "ett"} {
		s, _ := QueryTerms(AnalyzerText, w)
		if len(s) == 0 {
			continue
		}
		if again, _ := QueryTerms(AnalyzerText, s[0]); len(again) != 1 || again[0] != s[0] {
			t.Errorf("lemma not idempotent: %s -> %s -> %v", w, s[0], again)
		}
	}
}

// The surface cache is shared by all analyzers and goroutines.
func TestConcurrentAnalyze(t *testing.T) {
	text := "Sökandelotsen och arbetsmarknadsenheterna i Övertorneå kommun samverkar i projektet."
	want, err := Analyze(AnalyzerText, text)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	for g := 0; g < 8; g++ {
		go func() {
			for i := 0; i < 200; i++ {
				got, err := Analyze(AnalyzerText, text)
				if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
					done <- fmt.Sprintf("got %v, %v", got, err)
					return
				}
				if _, err := Analyze(AnalyzerFolded, text); err != nil {
					done <- err.Error()
					return
				}
			}
			done <- ""
		}()
	}
	for g := 0; g < 8; g++ {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
}

// Compound parts carry the byte offsets of their own letters, also after
// å/ä/ö (bleve's dict_compound uses rune indexes there).
func TestCompoundPartOffsets(t *testing.T) {
	cases := []struct{ text, want string }{
		{"Kommunförbundet", "kommunförbund=Kommunförbundet kommun=Kommun förbund=förbundet"},
		{"sökandelotsmetoden", "sökandelotsmetod=sökandelotsmetoden sökande=sökande sökandelots=sökandelots lots=lots lotsmetod=lotsmetoden metod=metoden"},
		{"i länsstyrelsen", "länsstyrelse=länsstyrelsen län=läns styrelse=styrelsen"},
		{"kompetensförsörjningen", "kompetensförsörjning=kompetensförsörjningen kompetens=kompetens försörjning=försörjningen"},
	}
	for _, c := range cases {
		toks, err := Analyze(AnalyzerText, c.text)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tk := range toks {
			got = append(got, tk.Term+"="+c.text[tk.Start:tk.End])
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.text, strings.Join(got, " "), c.want)
		}
	}
}

// SetSurfaceCache bounds the cache of analysed words (a bulk load keeps
// a smaller one), and words analysed with a small cache get the same
// terms as with the default.
func TestSetSurfaceCache(t *testing.T) {
	defer SetSurfaceCache(SurfaceCache())
	text := "Sökandelotsen och arbetsmarknadsenheterna i Övertorneå kommun samverkar i projektet."
	want, err := Analyze(AnalyzerText, text)
	if err != nil {
		t.Fatal(err)
	}
	const bound = 2 * cacheShards
	SetSurfaceCache(bound)
	if got := SurfaceCache(); got != bound {
		t.Errorf("SurfaceCache() = %d after SetSurfaceCache(%d)", got, bound)
	}
	for i := 0; i < 1000; i++ {
		if _, err := Analyze(AnalyzerText, fmt.Sprintf("ord%dx projektord%d", i, i)); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for s := range surfaceCache {
		surfaceCache[s].mu.RLock()
		n += len(surfaceCache[s].m)
		surfaceCache[s].mu.RUnlock()
	}
	if n > bound {
		t.Errorf("%d words cached, want at most %d", n, bound)
	}
	got, err := Analyze(AnalyzerText, text)
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("with a small cache: %v, %v; want %v", got, err, want)
	}
}
