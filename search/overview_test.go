package search

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
	"projektsok/search/searchtest"
)

// overviewEngine holds 300 generated documents with ESF support, in
// several segments, some replaced.
func overviewEngine(t *testing.T) *Engine {
	t.Helper()
	recs, err := searchtest.BenchRecords("..", 300)
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		if i%5 != 0 { // every fifth without: unknown support
			recs[i].ESFSupportSEK = recs[i].TotalBudgetSEK/2 + int64(i)
		}
		if i%7 == 0 {
			recs[i].PeriodEnd = "" // no end: not in the median
		}
	}
	idx := searchtest.Index(t, recs[:100])
	for i := 100; i < len(recs); i += 100 {
		if _, err := idx.Put(context.Background(), recs[i:i+100]); err != nil {
			t.Fatal(err)
		}
	}
	changed := recs[10]
	changed.Region, changed.ESFSupportSEK = "Mellersta Norrland", 777
	if _, err := idx.Put(context.Background(), []ingest.Record{changed}); err != nil {
		t.Fatal(err)
	}
	return NewEngine(idx)
}

// TestOverviewMatchesFacetsAndHits checks an overview against the same
// search's facet counts (every facet it groups by) and against totals
// computed from the hits' own records.
func TestOverviewMatchesFacetsAndHits(t *testing.T) {
	eng := overviewEngine(t)
	ctx := context.Background()
	all, err := eng.FacetAll(ctx, "region", "", Request{})
	if err != nil || len(all.Values) < 2 {
		t.Fatalf("regions %v, %v", all, err)
	}
	region := all.Values[1].Value
	munis, err := eng.FacetAll(ctx, "municipality", "", Request{})
	if err != nil || len(munis.Values) < 2 {
		t.Fatalf("municipalities %v, %v", munis, err)
	}
	reqs := []Request{
		{},
		{Query: "arbetsmarknad"},
		{Query: "kommun", Filters: map[string][]string{"region": {region}}},
		{Filters: map[string][]string{"methods": {"Validering", "Matchning"}}, ActiveFrom: "2016-01-01"},
		{StartYear: "2017", BudgetMin: 1_000_000},
		{Query: "finnsinteidokumenten"},
		// documents have several municipalities: the hits' others are not listed
		{Filters: map[string][]string{"municipality": {munis.Values[0].Value}}},
	}
	for i, req := range reqs {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if req.Filters == nil {
				req.Filters = map[string][]string{}
			}
			ov, err := eng.Overview(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			res, err := eng.Search(ctx, Request{Query: req.Query, Filters: req.Filters, ActiveFrom: req.ActiveFrom,
				StartYear: req.StartYear, BudgetMin: req.BudgetMin, Size: 0})
			if err != nil {
				t.Fatal(err)
			}
			if ov.Projects != int(res.Total) {
				t.Errorf("overview counts %d documents, the search %d", ov.Projects, res.Total)
			}
			for _, g := range []struct {
				key  string
				bars []Bar
			}{{"region", ov.Regions}, {"county", ov.Counties}, {"owner", ov.Owners}, {"methods", ov.Methods},
				{"target_groups", ov.TargetGroups}, {"municipality", ov.Municipalities}} {
				facet, err := eng.FacetAll(ctx, g.key, "", req)
				if err != nil {
					t.Fatal(err)
				}
				var want []FacetValue
				for _, v := range facet.Values {
					// a filtered facet's other values count documents
					// outside the hits
					if len(req.Filters[g.key]) == 0 || contains(req.Filters[g.key], v.Value) {
						if v.Count > 0 {
							want = append(want, v)
						}
					}
				}
				want = want[:min(len(want), len(g.bars))]
				var got []FacetValue
				for _, b := range g.bars {
					got = append(got, FacetValue{b.Value, b.Count})
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s (-facet counts +overview):\n%s", g.key, diff)
				}
				if top := map[string]int{"owner": OverviewTop, "methods": OverviewTop, "target_groups": OverviewTop, "municipality": OverviewTop}[g.key]; top > 0 && len(g.bars) > top {
					t.Errorf("%s: %d bars, want at most %d", g.key, len(g.bars), top)
				}
			}

			// Totals, start years and ESF sums from the hits' records.
			it, err := eng.Export(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			var esf, budget int64
			years := map[string]*Bar{}
			regionESF := map[string]int64{}
			var months []float64
			for {
				rec, ok, err := it.Next(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					break
				}
				esf += rec.ESFSupportSEK
				budget += rec.TotalBudgetSEK
				regionESF[rec.Region] += rec.ESFSupportSEK
				if rec.PeriodStart != "" {
					y := rec.PeriodStart[:4]
					if years[y] == nil {
						years[y] = &Bar{Value: y}
					}
					years[y].Count++
					years[y].ESFSupportSEK += rec.ESFSupportSEK
				}
				if m, ok := monthsBetween(rec.PeriodStart, rec.PeriodEnd); ok {
					months = append(months, m)
				}
			}
			if ov.ESFSupportSEK != esf || ov.TotalBudgetSEK != budget {
				t.Errorf("totals: ESF %d, budget %d; the records say %d, %d", ov.ESFSupportSEK, ov.TotalBudgetSEK, esf, budget)
			}
			wantYears := []Bar{}
			for _, b := range years {
				wantYears = append(wantYears, *b)
			}
			sort.Slice(wantYears, func(i, j int) bool { return wantYears[i].Value < wantYears[j].Value })
			if diff := cmp.Diff(wantYears, ov.StartYears); diff != "" {
				t.Errorf("start years (-records +overview):\n%s", diff)
			}
			for _, b := range ov.Regions {
				if b.ESFSupportSEK != regionESF[b.Value] {
					t.Errorf("region %s: ESF %d, records say %d", b.Value, b.ESFSupportSEK, regionESF[b.Value])
				}
			}
			if ov.WithPeriod != len(months) || ov.MedianMonths != median(months) {
				t.Errorf("median %.2f of %d, records say %.2f of %d", ov.MedianMonths, ov.WithPeriod, median(months), len(months))
			}
		})
	}
}

func TestMedianAndMonths(t *testing.T) {
	if m := median([]float64{5, 1, 3}); m != 3 {
		t.Errorf("median odd = %v", m)
	}
	if m := median([]float64{4, 1, 3, 2}); m != 2.5 {
		t.Errorf("median even = %v", m)
	}
	if m, ok := monthsBetween("2020-01-01", "2020-12-31"); !ok || m < 11.9 || m > 12.1 {
		t.Errorf("a year = %v months (%v)", m, ok)
	}
	for _, p := range [][2]string{{"", "2020-01-01"}, {"2021-01-01", "2020-01-01"}, {"2020-01-01", "x"}} {
		if _, ok := monthsBetween(p[0], p[1]); ok {
			t.Errorf("%q: ok", p)
		}
	}
}
