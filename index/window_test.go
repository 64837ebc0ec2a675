package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
)

// A snapshot's Search finds what bleve's search of the index finds, in the
// same order with the same scores, and Facts, Title and Record tell each
// hit's group key, period start, title and record as it was put, whichever
// segment holds it (a segment per batch; one document updated, so an
// older segment holds a deleted copy).
func TestSnapshotSearchFacts(t *testing.T) {
	ctx := context.Background()
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	want := map[string]ingest.Record{}
	for b := 0; b < 3; b++ {
		var batch []ingest.Record
		for i := 0; i < 10; i++ {
			r := ingest.Record{ID: fmt.Sprintf("d%d-%d", b, i), Source: "x.txt", DocType: ingest.TypeReport,
				Title:    fmt.Sprintf("Årsbok för validering i %s %d", []string{"Umeå", "Boden", "Luleå"}[i%3], 2000+b*10+i),
				Sections: []ingest.Section{{Text: "Validering i länet. Validering."[:12+i]}}}
			if i%4 != 0 {
				r.PeriodStart = fmt.Sprintf("%d-03-01", 2000+b*10+i)
			}
			if i == 9 {
				r.Title = "Projekt" // no group key
			}
			batch = append(batch, r)
			want[r.ID] = r
		}
		if b == 2 { // a new version of a document of the first batch
			r := want["d0-1"]
			r.Title, r.PeriodStart = "Årsbok för validering i Boden 2021", "2021-01-01"
			batch = append(batch, r)
			want[r.ID] = r
		}
		if _, err := x.Put(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	var fields []query.Query
	for _, f := range []string{FieldTitle, FieldSummary, FieldBody} {
		m := bleve.NewMatchQuery("validering")
		m.SetField(f)
		fields = append(fields, m)
	}
	q := bleve.NewDisjunctionQuery(fields...)
	order := bsearch.SortOrder{&bsearch.SortScore{Desc: true}, &bsearch.SortDocID{}}
	req := bleve.NewSearchRequestOptions(q, 100, 0, false)
	req.Sort = order
	ref, err := x.Bleve().Search(req)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := x.FacetSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	hits, total, err := snap.Search(ctx, q, 100, order)
	if err != nil {
		t.Fatal(err)
	}
	if total != ref.Total || len(hits) != len(ref.Hits) || total != uint64(len(want)) {
		t.Fatalf("snapshot: %d of %d hits, bleve: %d of %d, want %d", len(hits), total, len(ref.Hits), ref.Total, len(want))
	}
	groups := map[string]bool{}
	for i, dm := range hits {
		if dm.ID != ref.Hits[i].ID || dm.Score != ref.Hits[i].Score {
			t.Errorf("hit %d: %s %v, bleve: %s %v", i, dm.ID, dm.Score, ref.Hits[i].ID, ref.Hits[i].Score)
		}
		r := want[dm.ID]
		f, err := snap.Facts(dm)
		if err != nil {
			t.Fatal(err)
		}
		if f.Group != GroupKey(r.Title) || f.PeriodStart != r.PeriodStart {
			t.Errorf("%s: facts %+v, want group %q, start %q", dm.ID, f, GroupKey(r.Title), r.PeriodStart)
		}
		groups[f.Group] = true
		title, err := snap.Title(dm)
		if err != nil {
			t.Fatal(err)
		}
		if title != r.Title {
			t.Errorf("%s: title %q, want %q", dm.ID, title, r.Title)
		}
		rec, err := snap.Record(dm)
		if err != nil {
			t.Fatal(err)
		}
		if rec.ID != dm.ID || rec.Title != r.Title || rec.PeriodStart != r.PeriodStart || len(rec.Sections) != 1 {
			t.Errorf("%s: record %s %q %q %d sections, want %q %q 1", dm.ID, rec.ID, rec.Title, rec.PeriodStart, len(rec.Sections), r.Title, r.PeriodStart)
		}
	}
	if len(groups) != 4 { // three places, and no key
		t.Errorf("%d distinct group keys, want 4", len(groups))
	}
	// GroupSize counts every segment's documents with the key, the
	// deleted copy of d0-1 (Boden) included: never fewer than live ones.
	live := map[string]int{}
	for _, r := range want {
		live[GroupKey(r.Title)]++
	}
	for key, n := range live {
		if key == "" {
			continue
		}
		wantSize := n
		if key == GroupKey(want["d0-1"].Title) {
			wantSize++
		}
		if got := snap.GroupSize(key); got != wantSize {
			t.Errorf("GroupSize(%q) = %d, want %d (%d live)", key, got, wantSize, n)
		}
	}
	if got := snap.GroupSize("ingen sådan grupp"); got != 0 {
		t.Errorf("GroupSize of an unknown key = %d, want 0", got)
	}
}

// TestScoreBarAdmits: a hit is turned away exactly when size hits seen
// before it scored strictly higher.
func TestScoreBarAdmits(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, size := range []int{1, 2, 5, 30} {
		b := &scoreBar{size: size}
		var seen []float64
		turned := 0
		for i := 0; i < 2000; i++ {
			score := float64(rng.IntN(40)) / 4 // many ties
			higher := 0
			for _, s := range seen {
				if s > score {
					higher++
				}
			}
			if got, want := b.admit(score), higher < size; got != want {
				t.Fatalf("size %d, hit %d (score %v, %d higher before): admit %v, want %v", size, i, score, higher, got, want)
			}
			if higher >= size {
				turned++
			}
			seen = append(seen, score)
		}
		if turned == 0 {
			t.Errorf("size %d: no hit turned away: the test shows nothing", size)
		}
	}
}

// TestRelevanceWindowSameAsBleve: a window sorted by score, then newest,
// then id (the relevance order), with the later values read only for the
// hits that may enter it (barAfterScore), equals bleve's own search, for
// windows of every size over hits with many equal scores.
func TestRelevanceWindowSameAsBleve(t *testing.T) {
	ctx := context.Background()
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for b := 0; b < 3; b++ {
		var batch []ingest.Record
		for i := 0; i < 40; i++ {
			// later documents are newer and sort first by id: ties are
			// won by documents the collector sees last
			r := ingest.Record{ID: fmt.Sprintf("r%d-%02d", 9-b, 99-i), Source: "x.txt", DocType: ingest.TypeReport,
				Title:    "Rapport om validering",
				Sections: []ingest.Section{{Text: strings.Repeat("Validering i länet. ", 1+i%3)}}}
			if i%5 != 0 {
				r.PeriodStart = fmt.Sprintf("%d-01-01", 1900+b*40+i/2)
			}
			batch = append(batch, r)
		}
		if _, err := x.Put(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	q := bleve.NewMatchQuery("validering")
	q.SetField(FieldSummary) // a document's only section is its summary
	order := func() bsearch.SortOrder {
		return bsearch.SortOrder{&bsearch.SortScore{Desc: true},
			&bsearch.SortField{Field: FieldPeriodStart, Desc: true, Missing: bsearch.SortFieldMissingLast}, &bsearch.SortDocID{}}
	}
	snap, err := x.FacetSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	for _, size := range []int{1, 3, 7, 20, 50, 200} {
		req := bleve.NewSearchRequestOptions(q, size, 0, false)
		req.Sort = order()
		ref, err := x.Bleve().Search(req)
		if err != nil {
			t.Fatal(err)
		}
		hits, total, err := snap.Search(ctx, q, size, order())
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for _, dm := range hits {
			got = append(got, fmt.Sprintf("%s %.6g", dm.ID, dm.Score))
		}
		for _, dm := range ref.Hits {
			want = append(want, fmt.Sprintf("%s %.6g", dm.ID, dm.Score))
		}
		if len(want) != min(size, 120) {
			t.Fatalf("size %d: bleve found %d: the comparison shows nothing", size, len(want))
		}
		if total != ref.Total {
			t.Errorf("size %d: total %d, bleve %d", size, total, ref.Total)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("size %d (-bleve +window):\n%s", size, diff)
		}
	}
}

// TypicalGroup is the median group size over a snapshot's documents: 1
// where most documents stand alone, even beside one large group; the
// copies' count where every title has copies.
func TestTypicalGroup(t *testing.T) {
	ctx := context.Background()
	build := func(t *testing.T, copies, alone, large int) int {
		x, err := NewMemory()
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		var recs []ingest.Record
		for i := 0; i < alone; i++ {
			for c := 0; c < copies; c++ {
				recs = append(recs, ingest.Record{ID: fmt.Sprintf("d%d-%d", i, c), Source: "x.md",
					Title: fmt.Sprintf("Rapport om %s arbete", strings.Repeat(string(rune('a'+i%26)), 2+i/26))})
			}
		}
		for i := 0; i < large; i++ {
			recs = append(recs, ingest.Record{ID: fmt.Sprintf("k%d", i), Source: "x.md", Title: fmt.Sprintf("Kommenterad dagordning rådet %d", 2000+i)})
		}
		if _, err := x.Put(ctx, recs); err != nil {
			t.Fatal(err)
		}
		s, err := x.FacetSnapshot()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		return s.TypicalGroup()
	}
	tests := []struct {
		name                 string
		copies, alone, large int
		want                 int
	}{
		{"every title alone, one large group", 1, 60, 40, 1},
		{"ten copies of each", 10, 30, 0, 10},
		{"ten copies, one larger group", 10, 30, 40, 10},
		{"empty", 1, 0, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := build(t, tt.copies, tt.alone, tt.large); got != tt.want {
				t.Errorf("TypicalGroup = %d, want %d", got, tt.want)
			}
		})
	}
}

// TestHolds: for hits given in any order, Holds says whether a query
// matches each one's document, as a search of the query restricted to
// their ids does, over several segments.
func TestHolds(t *testing.T) {
	ctx := context.Background()
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	texts := []string{"Samverkan mellan kommuner", "Validering av kompetens", "Lokal samverkan och validering",
		"Unga vuxna i arbete", "Samverkan kring unga", "Arbetsmarknad och validering", "Kompetens i arbete"}
	for i, tx := range texts { // a batch each: several segments
		if _, err := x.Put(ctx, []ingest.Record{rec(fmt.Sprintf("d%d", i), tx)}); err != nil {
			t.Fatal(err)
		}
	}
	snap, err := x.FacetSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	all, _, err := snap.Search(ctx, bleve.NewMatchAllQuery(), 100, bsearch.SortOrder{&bsearch.SortDocID{Desc: true}})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, word := range []string{"samverkan", "validering", "arbete", "kompetens", "saknas"} {
		q := bleve.NewTermQuery(word)
		q.SetField(FieldSummary)
		for _, n := range []int{len(all), 3, 1} {
			hits := append([]*bsearch.DocumentMatch(nil), all...)
			rng.Shuffle(len(hits), func(i, j int) { hits[i], hits[j] = hits[j], hits[i] })
			hits = hits[:n]
			ids := make([]string, n)
			for i, h := range hits {
				ids[i] = h.ID
			}
			ref, err := x.Bleve().Search(bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(q, bleve.NewDocIDQuery(ids)), 100, 0, false))
			if err != nil {
				t.Fatal(err)
			}
			want := make([]bool, n)
			for i, h := range hits {
				for _, r := range ref.Hits {
					want[i] = want[i] || r.ID == h.ID
				}
			}
			got, err := snap.Holds(ctx, q, hits)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Holds(%s) of %v (-search +Holds):\n%s", word, ids, diff)
			}
		}
	}
}

// GroupCounts count, per group key, the documents the search matched:
// across segments, without a deleted copy, for a query that matches
// only some of a key's documents; a search without counts leaves them
// alone, and counts taken again start from zero.
func TestGroupCounts(t *testing.T) {
	ctx := context.Background()
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	places := []string{"Umeå", "Boden", "Luleå"}
	recs := map[string]ingest.Record{}
	for b := 0; b < 3; b++ {
		var batch []ingest.Record
		for i := 0; i < 12; i++ {
			r := ingest.Record{ID: fmt.Sprintf("d%d-%d", b, i), Source: "x.txt",
				Title:    fmt.Sprintf("Årsbok för %s %d", []string{"validering", "matchning"}[i%2], 2000+b*12+i),
				Sections: []ingest.Section{{Text: "Arbete i " + places[(b+i)%3] + "."}}}
			batch = append(batch, r)
			recs[r.ID] = r
		}
		if b == 2 { // a new version of a document of the first batch: its old copy is deleted
			r := recs["d0-0"]
			r.Sections = []ingest.Section{{Text: "Arbete i Boden."}}
			batch = append(batch, r)
			recs[r.ID] = r
		}
		if _, err := x.Put(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	snap := openSnapshot(t, x)
	defer snap.Close()
	for _, place := range places {
		want := map[string]int{}
		for _, r := range recs {
			if strings.Contains(r.Sections[0].Text, place) {
				want[GroupKey(r.Title)]++
			}
		}
		q := textMatch(place)
		counts := snap.NewGroupCounts()
		if _, _, err := snap.SearchGroups(ctx, q, 3, bsearch.SortOrder{&bsearch.SortScore{Desc: true}}, nil, counts); err != nil {
			t.Fatal(err)
		}
		// a search without counts adds nothing to them
		if _, _, err := snap.Search(ctx, q, 3, bsearch.SortOrder{&bsearch.SortScore{Desc: true}}); err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, k := range []string{"årsbok validering", "årsbok matchning", "årsbok annat"} {
			if n := counts.Count(k); n > 0 {
				got[k] = n
			}
		}
		counts.Release()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: counts (-want +got):\n%s", place, diff)
		}
	}
}

// Title reads each title once per segment: read again, it comes from the
// segment's memo, the same as stored, and documents with the same title
// share one copy; a document updated into a newer segment shows its new
// title.
func TestTitleMemo(t *testing.T) {
	ctx := context.Background()
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	want := map[string]string{}
	for b := 0; b < 2; b++ {
		var batch []ingest.Record
		for i := 0; i < 12; i++ {
			r := ingest.Record{ID: fmt.Sprintf("d%d-%d", b, i), Source: "x.txt",
				Title:    fmt.Sprintf("Årsbok för validering %d", i%4),
				Sections: []ingest.Section{{Text: "Validering i länet."}}}
			if b == 1 && i == 0 {
				r.ID, r.Title = "d0-0", "Ny titel för validering"
			}
			batch = append(batch, r)
			want[r.ID] = r.Title
		}
		if _, err := x.Put(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	snap := openSnapshot(t, x)
	defer snap.Close()
	hits, _, err := snap.Search(ctx, textMatch("validering"), 100, bsearch.SortOrder{&bsearch.SortDocID{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != len(want) {
		t.Fatalf("%d hits, want %d", len(hits), len(want))
	}
	for round := 0; round < 2; round++ {
		got := map[string]string{}
		for _, dm := range hits {
			title, err := snap.Title(dm)
			if err != nil {
				t.Fatal(err)
			}
			got[dm.ID] = title
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("round %d: titles (-want +got):\n%s", round, diff)
		}
	}
	for i, tb := range snap.tables {
		distinct := map[string]bool{}
		for _, title := range tb.titles.titles {
			if distinct[title] {
				t.Errorf("segment %d keeps %q twice", i, title)
			}
			distinct[title] = true
		}
		if len(distinct) == 0 || len(distinct) > 5 {
			t.Errorf("segment %d keeps %d titles, want 1–5", i, len(distinct))
		}
	}
}

// textMatch finds a word in the summary or the body.
func textMatch(word string) query.Query {
	var fields []query.Query
	for _, f := range []string{FieldSummary, FieldBody} {
		m := bleve.NewMatchQuery(word)
		m.SetField(f)
		fields = append(fields, m)
	}
	return bleve.NewDisjunctionQuery(fields...)
}

// openSnapshot opens a snapshot of x; close it before x.
func openSnapshot(t *testing.T, x *Index) *FacetSnapshot {
	t.Helper()
	snap, err := x.FacetSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	return snap
}
