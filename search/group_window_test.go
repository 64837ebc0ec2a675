package search

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/google/go-cmp/cmp"

	"projektsok/index"
	"projektsok/ingest"
)

// groupingFixture: 40 matters with up to nine versions each (titles that
// differ by a year or a "Remiss av promemorian" prefix), 60 documents of
// their own, scores that vary and tie, some without a date; written in
// four batches so that the members of a group sit in different segments.
func groupingFixture(t *testing.T) *Engine {
	t.Helper()
	matters := []string{"validering", "sökandelots", "matchning", "coachning", "språkstöd", "praktik", "mentorskap", "yrkessvenska"}
	places := []string{"Umeå", "Luleå", "Kalmar", "Västervik", "Boden"}
	var recs []ingest.Record
	for m := 0; m < 40; m++ {
		matter := matters[m%len(matters)]
		place := places[m/len(matters)]
		for v := 0; v < 1+m%9; v++ {
			title := fmt.Sprintf("Årsrapport %s i %s %d", matter, place, 2010+v)
			if v%4 == 3 {
				title = "Remiss av promemorian " + fmt.Sprintf("Årsrapport %s i %s", matter, place)
			}
			start := fmt.Sprintf("%d-0%d-01", 2010+v, 1+m%9)
			if (m+v)%11 == 0 {
				start = ""
			}
			recs = append(recs, ingest.Record{ID: fmt.Sprintf("m%02d-v%d", m, v), Source: "x.txt", DocType: ingest.TypeReport,
				Title: title, PeriodStart: start, TotalBudgetSEK: int64(((m+v)%5)*1_000_000 + 1000*(v%2)),
				Sections: []ingest.Section{{Text: strings.Repeat("Validering och "+matter+". ", 1+(m+v)%5) + "Arbete i " + place + "."}}})
		}
	}
	for i := 0; i < 60; i++ {
		recs = append(recs, ingest.Record{ID: fmt.Sprintf("eget-%02d", i), Source: "y.txt", DocType: ingest.TypeProject,
			Title: fmt.Sprintf("Projekt %d", i), PeriodStart: fmt.Sprintf("20%02d-05-01", 10+i%12), TotalBudgetSEK: int64((i % 7) * 250_000),
			Sections: []ingest.Section{{Text: strings.Repeat("Validering. ", 1+i%3) + "Arbete med " + matters[i%len(matters)] + "."}}})
	}
	idx, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	for b := 0; b < 4; b++ {
		var batch []ingest.Record
		for i := b; i < len(recs); i += 4 {
			batch = append(batch, recs[i])
		}
		if _, err := idx.Put(context.Background(), batch); err != nil {
			t.Fatal(err)
		}
	}
	return NewEngine(idx)
}

// shownGroup is what a page shows of one group.
type shownGroup struct {
	ID       string
	Score    float64
	Versions []Version
}

type shownPage struct {
	Total, Groups int
	More          bool
	Hits          []shownGroup
}

// storedGrouping is the grouping as it was made before the group keys came
// from the facet tables: bleve's search of the index with the stored title,
// date and group key loaded for every window hit.
func storedGrouping(t *testing.T, e *Engine, req Request) shownPage {
	t.Helper()
	ctx := context.Background()
	q, release, err := e.prepare(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	bq, _, err := buildQuery(req, q, "")
	if err != nil {
		t.Fatal(err)
	}
	fields := []string{index.FieldTitle, index.FieldPeriodStart, index.FieldGroup}
	type mem struct {
		id, title, date string
		score           float64
		rank            int
	}
	str := func(dm *bsearch.DocumentMatch, name string) string { s, _ := dm.Fields[name].(string); return s }
	type grp struct {
		key string
		ms  []mem
	}
	var (
		res    *bleve.SearchResult
		groups []*grp
		byKey  map[string]*grp
	)
	// the window widens until it holds the page's groups or every hit
	first, words := rerankWindow(req, q, windowFor(req.From, req.Size))
	// (widened by the engine's rule, nextWindow, which the test below
	// checks on its own)
	for window := first; ; window = nextWindow(window, req.From+req.Size, len(res.Hits), len(groups)) {
		sr := bleve.NewSearchRequestOptions(bq, window, 0, false)
		sr.Fields = fields
		sr.Sort = sortOrder(req.Sort)
		if res, err = e.idx.Bleve().SearchInContext(ctx, sr); err != nil {
			t.Fatal(err)
		}
		// the same proximity re-ranking (rerank.go) as the engine's
		snap, err := e.idx.FacetSnapshot()
		if err != nil {
			t.Fatal(err)
		}
		err = rerank(ctx, snap, res.Hits, words)
		snap.Close()
		if err != nil {
			t.Fatal(err)
		}
		groups, byKey = nil, map[string]*grp{}
		for i, dm := range res.Hits {
			m := mem{dm.ID, str(dm, index.FieldTitle), str(dm, index.FieldPeriodStart), dm.Score, i}
			k := str(dm, index.FieldGroup)
			if k == "" {
				groups = append(groups, &grp{ms: []mem{m}})
				continue
			}
			if byKey[k] == nil {
				byKey[k] = &grp{key: k}
				groups = append(groups, byKey[k])
			}
			byKey[k].ms = append(byKey[k].ms, m)
		}
		if len(groups) >= req.From+req.Size || uint64(len(res.Hits)) >= res.Total || window >= MaxWindow {
			break
		}
	}
	end := min(req.From+req.Size, len(groups))
	var page []*grp
	if req.From < end {
		page = groups[req.From:end]
	}
	complete := uint64(len(res.Hits)) >= res.Total
	out := shownPage{Total: int(res.Total), More: len(groups) > end || !complete && req.From+req.Size > 0}
	if complete {
		out.Groups = len(groups)
	}
	if !complete && len(page) > 0 {
		var keys []string
		seen := map[string]bool{}
		for _, g := range page {
			if g.key != "" {
				keys = append(keys, g.key)
			}
			for _, m := range g.ms {
				seen[m.id] = true
			}
		}
		if len(keys) > 0 {
			dq := bleve.NewDisjunctionQuery()
			for _, k := range keys {
				tq := bleve.NewTermQuery(k)
				tq.SetField(index.FieldGroup)
				dq.AddQuery(tq)
			}
			// the keys filter: a version scores as the query scores it
			restrict := bleve.NewBooleanQuery()
			restrict.AddMust(bq)
			restrict.AddFilter(dq)
			cr := bleve.NewSearchRequestOptions(restrict, maxCompletion, 0, false)
			cr.Fields = fields
			more, err := e.idx.Bleve().SearchInContext(ctx, cr)
			if err != nil {
				t.Fatal(err)
			}
			n := len(seen)
			for i, dm := range more.Hits {
				if g := byKey[str(dm, index.FieldGroup)]; g != nil && !seen[dm.ID] {
					seen[dm.ID] = true
					g.ms = append(g.ms, mem{dm.ID, str(dm, index.FieldTitle), str(dm, index.FieldPeriodStart), dm.Score, n + i})
				}
			}
		}
	}
	for _, g := range page {
		ms := append([]mem{}, g.ms...)
		sort.SliceStable(ms, func(i, j int) bool {
			if ms[i].date != ms[j].date {
				return ms[i].date > ms[j].date
			}
			return ms[i].rank < ms[j].rank
		})
		s := shownGroup{ID: ms[0].id, Score: g.ms[0].score}
		for _, m := range ms[1:] {
			s.Versions = append(s.Versions, Version{ID: m.id, Title: m.title, PeriodStart: m.date, Score: m.score})
		}
		out.Hits = append(out.Hits, s)
	}
	return out
}

// The group keys and dates read from the facet tables, and the window
// searched on the tables' snapshot, group exactly as the stored fields
// did: same hits, versions, order, More and Groups on every page, in
// every sort.
//
// The first search is as wide as the window is likely to be widened to
// (likelyWindow, by the index's typical group): whatever that guess, the
// pages are those of the narrowest window widened step by step, so the
// test runs with the fixture's own typical group and with guesses of 3,
// 10 and 1,000 versions a group.
func TestGroupingSameAsStoredFields(t *testing.T) {
	e := groupingFixture(t)
	e.SetFacetCache(0)
	n := 0
	for _, typical := range []int{0, 3, 10, 1000} {
		e.typicalGroup = typical
		n += checkGroupingPages(t, e, fmt.Sprintf("typical=%d/", typical))
	}
	if n < 400 {
		t.Errorf("only %d versions shown over all pages: the fixture must group", n)
	}
}

// checkGroupingPages compares the engine's pages with storedGrouping's
// for several queries, sorts and pages; it returns the versions shown.
func checkGroupingPages(t *testing.T, e *Engine, name string) int {
	n := 0
	for _, query := range []string{"validering", "validering umeå", "årsrapport", "", "remiss OR projekt"} {
		for _, order := range []string{SortRelevance, SortNewest, SortOldest, SortBudget} {
			for _, page := range [][2]int{{0, 10}, {10, 10}, {30, 10}, {0, 3}, {27, 3}, {0, 100}, {95, 5}, {200, 10}} {
				req := Request{Query: query, Sort: order, From: page[0], Size: page[1], Filters: map[string][]string{}}
				t.Run(fmt.Sprintf("%s%q/%s/%d+%d", name, query, order, page[0], page[1]), func(t *testing.T) {
					want := storedGrouping(t, e, req)
					res, err := e.Search(context.Background(), req)
					if err != nil {
						t.Fatal(err)
					}
					got := shownPage{Total: int(res.Total), Groups: res.Groups, More: res.More}
					for _, h := range res.Matching() {
						got.Hits = append(got.Hits, shownGroup{ID: h.ID, Score: h.Score, Versions: h.Versions})
						n += len(h.Versions)
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("grouping (-stored fields +tables):\n%s", diff)
					}
				})
			}
		}
	}
	return n
}

// nextWindow widens a window that held too few groups so that one more
// search holds the page's groups at the versions per group seen, always
// at least twice as wide, never beyond MaxWindow.
func TestNextWindow(t *testing.T) {
	tests := []struct {
		name                       string
		window, need, hits, groups int
		atLeast, atMost            int
	}{
		{"ten versions a group", 70, 30, 70, 7, 300, 400},
		{"groups almost whole", 70, 30, 70, 29, 140, 140},
		{"one group fills the window", 30, 20, 30, 1, 600, 800},
		{"capped", 4000, 5000, 4000, 100, MaxWindow, MaxWindow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := nextWindow(tt.window, tt.need, tt.hits, tt.groups)
			if got < tt.atLeast || got > tt.atMost {
				t.Errorf("nextWindow(%d, %d, %d, %d) = %d, want %d–%d", tt.window, tt.need, tt.hits, tt.groups, got, tt.atLeast, tt.atMost)
			}
		})
	}
}
