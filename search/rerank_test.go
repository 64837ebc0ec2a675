package search

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/index"
	"projektsok/ingest"
)

func TestOrderedSpan(t *testing.T) {
	tests := []struct {
		name string
		pos  [][]uint64
		want int
	}{
		{"adjacent", [][]uint64{{3}, {4}, {5}}, 2},
		{"a gap", [][]uint64{{3}, {6}, {9}}, 6},
		{"closest run wins", [][]uint64{{1, 40}, {20, 42}, {30, 43}}, 3},
		{"wrong order only", [][]uint64{{9}, {4}, {5}}, -1},
		{"a word missing", [][]uint64{{1}, nil, {3}}, -1},
		{"same position is not an order", [][]uint64{{5}, {5}}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := orderedSpan(tt.pos); got != tt.want {
				t.Errorf("orderedSpan(%v) = %d, want %d", tt.pos, got, tt.want)
			}
		})
	}
}

// proximityFixture: documents holding the same query words, in one
// sentence in query order ("near"), in one sentence in another order
// ("reversed"), or more often but scattered ("scattered"), and two words
// together in the title or in the body; the filler keeps their lengths
// alike.
func proximityFixture() []ingest.Record {
	filler := func(n int) string {
		return strings.Repeat("Texten handlar om annat arbete under året. ", n)
	}
	rec := func(id, body string) ingest.Record {
		return ingest.Record{ID: id, Source: id + ".txt", DocType: ingest.TypeReport, Title: "Rapport " + id,
			Sections: []ingest.Section{{Heading: "Bakgrund", Text: body}}}
	}
	return []ingest.Record{
		rec("near", filler(6)+"Samverkan mellan kommunerna stärker deras kompetensförsörjning för alla företag på landsbygden. "+filler(6)),
		rec("reversed", filler(6)+"Landsbygden behöver kompetensförsörjning, och det kräver samverkan mellan kommunerna. "+filler(6)),
		rec("scattered", "Samverkan. "+filler(3)+"Landsbygden. "+filler(3)+"Kompetensförsörjning. "+filler(3)+
			"Samverkan. "+filler(3)+"Landsbygden. "+filler(3)+"Kompetensförsörjning."),
		rec("one-word", filler(6)+"Samverkan mellan kommunerna stärker arbetet. "+filler(6)),
		// the same two words together in the title, or together in the
		// body under a title that holds them the other way round
		{ID: "title-order", Source: "t.txt", DocType: ingest.TypeReport, Title: "Samverkan för landsbygden",
			Sections: []ingest.Section{{Heading: "Bakgrund", Text: filler(12)}}},
		{ID: "body-order", Source: "b.txt", DocType: ingest.TypeReport, Title: "Landsbygden och samverkan",
			Sections: []ingest.Section{{Heading: "Bakgrund", Text: filler(6) + "Samverkan på landsbygden. " + filler(6)}}},
	}
}

func TestRerankProximity(t *testing.T) {
	e := testEngine(t, proximityFixture())
	tests := []struct {
		query string
		want  string // the first hit
	}{
		// in query order within a sentence beats more occurrences
		// scattered, and the same words in another order
		{"samverkan kompetensförsörjning landsbygden", "near"},
		{"landsbygden kompetensförsörjning samverkan", "reversed"},
		// stop words typed between them change nothing
		{"samverkan och kompetensförsörjning på landsbygden", "near"},
		{"landsbygden och kompetensförsörjning för samverkan", "reversed"},
		// typed without å/ä/ö: the folded spellings count as the word
		{"samverkan kompetensforsorjning landsbygden", "near"},
		// any inflection of a word counts
		{"samverkan kompetensförsörjningen landsbygd", "near"},
		// words together in the title count more than in the body
		{"samverkan landsbygden", "title-order"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := rankedIDs(t, e, tt.query)
			if len(got) < 2 || got[0] != tt.want {
				t.Errorf("hits %v, want %s first", got, tt.want)
			}
		})
	}
}

// rankedIDs are the ids of a relevance search's first page, in order.
func rankedIDs(t *testing.T, e *Engine, query string) []string {
	t.Helper()
	res, err := e.Search(context.Background(), Request{Query: query, Size: 10, Sort: SortRelevance})
	if err != nil {
		t.Fatal(err)
	}
	return hitIDs(res)
}

// Every page is cut from the same re-ranked order: pages of one hit put
// together give the first page of ten.
func TestRerankPagesAgree(t *testing.T) {
	e := testEngine(t, proximityFixture())
	const q = "samverkan kommunerna"
	first, err := e.Search(context.Background(), Request{Query: q, Size: 10, Sort: SortRelevance})
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for i, h := range first.Matching() {
		want = append(want, h.ID)
		res, err := e.Search(context.Background(), Request{Query: q, From: i, Size: 1, Sort: SortRelevance})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
	}
	if len(want) < 3 {
		t.Fatalf("%q finds %v: too few to page", q, want)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pages of one (-first page +pages):\n%s", diff)
	}
}

func TestPositions(t *testing.T) {
	e := testEngine(t, proximityFixture())
	snap, err := e.idx.FacetSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	q, err := ParseQuery("samverkan landsbygden")
	if err != nil {
		t.Fatal(err)
	}
	bq, _, err := buildQuery(Request{}, q, "")
	if err != nil {
		t.Fatal(err)
	}
	hits, _, err := snap.Search(context.Background(), bq, 10, sortOrder(SortRelevance))
	if err != nil {
		t.Fatal(err)
	}
	// the summary is the body's start when a document has none of its
	// own (index.Record.Summary): count in every text field
	words := proximityWords(q).terms
	pos := make([][][]uint64, len(hits))
	for h := range pos {
		pos[h] = make([][]uint64, len(words))
	}
	for _, f := range []string{"title", "summary", "body"} {
		p, err := snap.Positions(context.Background(), hits, f, words, nil)
		if err != nil {
			t.Fatal(err)
		}
		for h := range p {
			for w := range p[h] {
				pos[h][w] = append(pos[h][w], p[h][w]...)
			}
		}
	}
	got := map[string]string{}
	for i, h := range hits {
		got[h.ID] = fmt.Sprint(len(pos[i][0]), len(pos[i][1]))
	}
	// how often each word stands in each body
	want := map[string]string{"near": "1 1", "reversed": "1 1", "scattered": "2 2", "title-order": "1 1", "body-order": "2 2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("positions per word (-want +got):\n%s", diff)
	}
	for i, h := range hits {
		if h.ID == "near" && len(pos[i][0]) == 1 && len(pos[i][1]) == 1 && pos[i][0][0] >= pos[i][1][0] {
			t.Errorf("near: samverkan at %v, landsbygden at %v: want samverkan first", pos[i][0], pos[i][1])
		}
	}
}

func TestTypedInTitle(t *testing.T) {
	tests := []struct {
		typed []string
		title string
		want  float64
	}{
		{[]string{"ekonomiska", "jämställdheten"}, "Nya steg för att öka den ekonomiska jämställdheten", 1},
		{[]string{"ekonomiska", "jämställdheten"}, "Ekonomisk jämställdhet", 0},
		{[]string{"ekonomiska", "jämställdhet"}, "Ekonomisk jämställdhet", 0.5},
		// typed without å/ä/ö: the title's form with them counts
		{[]string{"ekonomiska", "jamstalldheten"}, "Öka den ekonomiska jämställdheten", 1},
		// typed with them: only that spelling
		{[]string{"jämställdheten"}, "Jamstalldheten", 0},
		// a compound holding the word is not the word
		{[]string{"toppmöte", "vilnius"}, "Viktigt Natotoppmöte i Vilnius", 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			if got := typedInTitle(tt.typed, tt.title); got != tt.want {
				t.Errorf("typedInTitle(%q, %q) = %v, want %v", tt.typed, tt.title, got, tt.want)
			}
		})
	}
}

// Of titles holding every word, the one with the forms typed comes first.
func TestRerankTypedForms(t *testing.T) {
	rec := func(id, title string) ingest.Record {
		return ingest.Record{ID: id, Source: id + ".txt", DocType: ingest.TypeReport, Title: title,
			Sections: []ingest.Section{{Heading: "Bakgrund", Text: "Regeringen beslutade i dag om arbetet."}}}
	}
	e := testEngine(t, []ingest.Record{
		rec("short", "Ekonomisk jämställdhet"),
		rec("long", "Nya steg för att öka den ekonomiska jämställdheten"),
	})
	tests := []struct{ query, want string }{
		{"ekonomiska jämställdheten", "long"},
		{"ekonomiska jamstalldheten", "long"},
		{"ekonomisk jämställdhet", "short"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := rankedIDs(t, e, tt.query)
			if len(got) != 2 || got[0] != tt.want {
				t.Errorf("hits %v, want both with %s first", got, tt.want)
			}
		})
	}
}

// An export in relevance order lists the documents in the order the
// result pages show them, re-ranking included, with chunks smaller than
// the re-ranked window.
func TestRerankExportAgrees(t *testing.T) {
	e := testEngine(t, proximityFixture())
	e.ExportChunk = 2
	for _, q := range []string{"samverkan kompetensförsörjning landsbygden", "landsbygden kompetensförsörjning samverkan", "samverkan landsbygden"} {
		t.Run(q, func(t *testing.T) {
			page := rankedIDs(t, e, q)
			it, err := e.Export(context.Background(), Request{Query: q, Sort: SortRelevance})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for {
				rec, ok, err := it.Next(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					break
				}
				got = append(got, rec.ID)
			}
			if diff := cmp.Diff(page, got); diff != "" {
				t.Errorf("export (-page +export):\n%s", diff)
			}
		})
	}
}

// TestPositionsEveryGroup: only a hit whose field holds every group of
// terms, and that is needed, gets positions.
func TestPositionsEveryGroup(t *testing.T) {
	e := testEngine(t, proximityFixture())
	snap, err := e.idx.FacetSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	one, err := ParseQuery("samverkan")
	if err != nil {
		t.Fatal(err)
	}
	bq, _, err := buildQuery(Request{}, one, "")
	if err != nil {
		t.Fatal(err)
	}
	hits, _, err := snap.Search(context.Background(), bq, 10, sortOrder(SortRelevance))
	if err != nil {
		t.Fatal(err)
	}
	two, err := ParseQuery("samverkan landsbygden")
	if err != nil {
		t.Fatal(err)
	}
	words := proximityWords(two).terms
	need := make([]bool, len(hits))
	for h, dm := range hits {
		need[h] = dm.ID != "reversed"
	}
	pos, err := snap.Positions(context.Background(), hits, index.FieldSummary, words, need)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for h, dm := range hits {
		got[dm.ID] = pos[h] != nil
	}
	// one-word has no landsbygden; reversed is not needed; title-order
	// holds both words in its title only (a document without a summary
	// of its own has its text's start as one: index.Record.Summary)
	want := map[string]bool{"near": true, "reversed": false, "scattered": true, "one-word": false,
		"title-order": false, "body-order": true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hits with positions in the summary (-want +got):\n%s", diff)
	}
}

func TestTypedCloseness(t *testing.T) {
	tests := []struct {
		typed []string
		title string
		text  string
		want  float64
	}{
		{[]string{"ger", "särskild", "frågor"}, "Utredning", "Regeringen ger en särskild utredare i uppdrag att utreda frågor.", 1},
		// another inflection is not the form typed
		{[]string{"ger", "särskild", "frågor"}, "Utredning", "Regeringen ger den särskilda utredaren i uppdrag att utreda frågor.", 0},
		// in another order
		{[]string{"frågor", "ger", "särskild"}, "Utredning", "Regeringen ger en särskild utredare frågor.", 0},
		// far apart: less
		{[]string{"ger", "frågor"}, "Utredning", "Regeringen ger " + strings.Repeat("och ", 18) + "frågor.", 9.0 / 19},
		// case, and å/ä/ö for a word typed without them
		{[]string{"ekonomiska", "jamstalldheten"}, "Utredning", "ÖKA DEN EKONOMISKA JÄMSTÄLLDHETEN", 1},
		{[]string{"ekonomiska", "jämställdheten"}, "Utredning", "öka den ekonomiska jamstalldheten", 0},
		// the title counts as a text of its own
		{[]string{"sprida", "kunskaper"}, "Att sprida erfarenheter och kunskaper", "Inget här.", 1},
		{[]string{"sprida", "kunskaper"}, "Att sprida", "kunskaper", 0},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.typed, " ")+" | "+tt.text, func(t *testing.T) {
			rec := ingest.Record{Title: tt.title, Sections: []ingest.Section{{Text: "Annat."}, {Text: tt.text}}}
			if got := typedCloseness(tt.typed, &rec); got != tt.want {
				t.Errorf("typedCloseness = %v, want %v", got, tt.want)
			}
		})
	}
}

// A sentence remembered: of documents holding the words of a query of
// three or more in one sentence, the one with the very forms typed comes
// first, though another holds them more often in other forms.
func TestRerankTypedSentence(t *testing.T) {
	rec := func(id, title, text string) ingest.Record {
		return ingest.Record{ID: id, Source: id + ".txt", DocType: ingest.TypeReport, Title: title,
			Sections: []ingest.Section{{Heading: "Bakgrund", Text: text}}}
	}
	e := testEngine(t, []ingest.Record{
		rec("series", "Tilläggsdirektiv till utredningen om skolan", "Regeringen ger den särskilda utredaren i uppdrag att utreda vissa frågor om skolan. "+
			"Utredaren ska också utreda vissa frågor om skolans lärare, och regeringen ger den särskilda utredaren mer tid."),
		rec("remembered", "Utredning om haverikommission vid suicid", "Regeringen ger en särskild utredare i uppdrag att utreda vissa frågor om suicid. "+
			"Utredaren ska lämna sitt betänkande senast i mars, och utredningen ska samråda med myndigheterna på området."),
	})
	tests := []struct{ query, want string }{
		{"ger särskild vissa frågor", "remembered"},
		{"ger sarskild vissa fragor", "remembered"},
		{"ger särskilda vissa frågor", "series"},
		// with a stop word typed
		{"ger en särskild utredare", "remembered"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := rankedIDs(t, e, tt.query)
			if len(got) != 2 || got[0] != tt.want {
				t.Errorf("hits %v, want both with %s first", got, tt.want)
			}
		})
	}
}
