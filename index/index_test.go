package index

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
)

func rec(id, title string) ingest.Record {
	return ingest.Record{ID: id, Source: id + ".txt", DocType: ingest.TypeProject, Title: title,
		Municipalities: []string{"Umeå"}, PeriodStart: "2014-01-02", PeriodEnd: "2015-12-31",
		Sections: []ingest.Section{{Heading: "Sammanfattning", Text: "Text om " + title}}}
}

func TestPutGetUpdate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	idx, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := idx.Put(ctx, []ingest.Record{rec("a", "Första"), rec("b", "Andra")})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(PutResult{Added: 2}, res); diff != "" {
		t.Errorf("first put (-want +got):\n%s", diff)
	}
	res, err = idx.Put(ctx, []ingest.Record{rec("a", "Första, ändrad"), rec("c", "Tredje")})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(PutResult{Added: 1, Updated: 1}, res); diff != "" {
		t.Errorf("second put (-want +got):\n%s", diff)
	}
	if n, _ := idx.Count(); n != 3 {
		t.Errorf("count = %d, want 3", n)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}

	// Reopen: what was acknowledged is there.
	idx, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	got, err := idx.Get("a")
	if err != nil {
		t.Fatal(err)
	}
	// Put stamps the time it took the content in
	if at, err := time.Parse(time.RFC3339, got.Ingested); err != nil || time.Since(at) > time.Hour || time.Until(at) > time.Minute {
		t.Errorf("Ingested = %q, want the time of the Put", got.Ingested)
	}
	want := rec("a", "Första, ändrad")
	want.Ingested = got.Ingested
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Get(a) (-want +got):\n%s", diff)
	}
	if _, err := idx.Get("zzz"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(zzz) error = %v, want ErrNotFound", err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := Open(dir); !errors.Is(err, ErrNotExist) {
		t.Errorf("Open(missing) = %v, want ErrNotExist", err)
	}
	idx, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if _, err := Create(dir); err == nil {
		t.Error("Create over an existing index succeeded")
	}
	// A second writer fails fast instead of waiting forever on the lock.
	if _, err := Open(dir); !errors.Is(err, ErrLocked) {
		t.Errorf("second Open = %v, want ErrLocked", err)
	}
}

func TestYears(t *testing.T) {
	tests := []struct {
		start, end string
		want       []string
	}{
		{"2014-01-02", "2014-12-31", []string{"2014"}},
		{"2020-08-15", "2022-12-31", []string{"2020", "2021", "2022"}},
		{"", "2019-01-01", []string{"2019"}},
		{"2019-01-01", "", []string{"2019"}},
		{"2019-01-01", "2017-01-01", []string{"2019"}},
		{"", "", nil},
		{"x", "y", nil},
	}
	for _, tt := range tests {
		t.Run(tt.start+"/"+tt.end, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Years(tt.start, tt.end)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"Övertorneå": "overtornea", "sökandelots": "sokandelots", "Plain": "plain"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestOpenIndexWithOlderMapping opens an index whose mapping defines the
// words analyzer as a bleve "custom" analyzer (as versions before the Go
// analyzer did) and whose facet fields have doc values: it must still
// open, search, and count facets.
func TestOpenIndexWithOlderMapping(t *testing.T) {
	m, err := Mapping()
	if err != nil {
		t.Fatal(err)
	}
	if err := m.AddCustomAnalyzer(AnalyzerWords, map[string]interface{}{
		"type": "custom", "tokenizer": "unicode", "token_filters": []string{"to_lower"},
	}); err != nil {
		t.Fatal(err)
	}
	for _, f := range FacetFields {
		m.DefaultMapping.Properties[f].Fields[0].DocValues = true
	}
	dir := filepath.Join(t.TempDir(), "old")
	b, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := ingest.Record{ID: "a", Title: "Sökandelotsen i Umeå", Municipalities: []string{"Umeå"}}
	doc, err := Document(&rec)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Index(rec.ID, doc); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}

	x, err := Open(dir)
	if err != nil {
		t.Fatalf("open older index: %v", err)
	}
	defer x.Close()
	s, err := x.FacetSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got []string
	if err := s.Scan(context.Background(), bleve.NewMatchAllQuery(), func(ords []uint32, _ float64) {
		for _, o := range ords {
			got = append(got, TableFields[s.Dict().Fields[o]]+"="+s.Dict().Values[o])
		}
	}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"municipality=Umeå"}, got); diff != "" {
		t.Errorf("facet values (-want +got):\n%s", diff)
	}
}

func TestWordsField(t *testing.T) {
	toks, err := Analyze(AnalyzerWords, "Och 2020 Sökandelotsen i Umeå, år 2021")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range toks {
		got = append(got, tk.Term)
	}
	// stop words and numbers go; the rest stays as written, lower-cased
	if diff := cmp.Diff([]string{"sökandelotsen", "umeå", "år"}, got); diff != "" {
		t.Errorf("words terms (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		s    string
		n    int
		want string
	}{
		{"kort text", 100, "kort text"},
		{"ett två tre", 7, "ett"}, // "två" ends at byte 8
		{"ett två tre", 8, "ett två"},
		{"ett\ntvå tre", 5, "ett"},
		{"ordutanslut", 4, ""},
	} {
		if got := cutAtWord(tt.s, tt.n); got != tt.want {
			t.Errorf("cutAtWord(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

// TestRestSearchable: the text of a long file past what a document shows
// (Record.Rest) is found by search, survives re-indexing the stored record
// and never appears in the record's JSON.
func TestRestSearchable(t *testing.T) {
	idx, err := Create(filepath.Join(t.TempDir(), "idx"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	long := rec("lang", "Lång rapport")
	long.Rest = "Längre fram i rapporten står det om renskötselområdet."
	if _, err := idx.Put(context.Background(), []ingest.Record{long, rec("kort", "Kort rapport")}); err != nil {
		t.Fatal(err)
	}
	q := bleve.NewMatchQuery("renskötselområdet")
	q.SetField(FieldBody)
	q.Analyzer = AnalyzerText
	res, err := idx.Bleve().Search(bleve.NewSearchRequest(q))
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].ID != "lang" {
		t.Fatalf("a word only in Rest found %d documents, want the long one", res.Total)
	}
	got, err := idx.Get("lang")
	if err != nil {
		t.Fatal(err)
	}
	if got.Rest != long.Rest {
		t.Errorf("Get: Rest %q, want %q", got.Rest, long.Rest)
	}
	if raw, _ := json.Marshal(got); strings.Contains(string(raw), "renskötselområdet") {
		t.Error("Rest shown in the record's JSON")
	}
	// A stored record written again (as a session does when a report
	// links to it) stays searchable in its rest.
	if _, err := idx.Put(context.Background(), []ingest.Record{got}); err != nil {
		t.Fatal(err)
	}
	if res, err = idx.Bleve().Search(bleve.NewSearchRequest(q)); err != nil || res.Total != 1 {
		t.Errorf("after re-indexing the stored record: %d hits, %v", res.Total, err)
	}
}
