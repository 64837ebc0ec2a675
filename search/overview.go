package search

// Overview: the figures of a whole result set at a glance — documents per
// start year with their ESF support, per region and county, the largest
// owners, the most common methods, target groups and municipalities, and
// totals. One unscored scan of the facet tables (index.FacetSnapshot)
// over every hit of the search (its query and all its filters) reads each
// document's facet values, period, budget and ESF support; nothing is
// decoded from the stored documents, so an overview of all 44,000
// documents costs about what counting their facets does.
//
// Counts are of the hits themselves, so they equal the search's facet
// counts: for a facet the search does not filter on, all of them; for one
// it filters on, those of the selected values, the only ones listed (a
// hit's other values of that facet could not be linked to: values of one
// facet are OR-ed).

import (
	"context"
	"sort"
	"time"

	"projektsok/index"
)

// OverviewTop is how many owners, methods, target groups and
// municipalities an overview lists.
const OverviewTop = 15

// Bar is one group of an overview: a value, its number of documents and
// the ESF support granted to them.
type Bar struct {
	Value         string `json:"value"`
	Count         int    `json:"count"`
	ESFSupportSEK int64  `json:"esf_support_sek"`
}

// Overview is the summary of a search's hits.
type Overview struct {
	// Totals over every hit.
	Projects       int   `json:"projects"`
	ESFSupportSEK  int64 `json:"esf_support_sek"`
	TotalBudgetSEK int64 `json:"total_budget_sek"`
	// MedianMonths is the median project length in months over the hits
	// with a start and an end date (WithPeriod of them); 0 when none.
	MedianMonths float64 `json:"median_months"`
	WithPeriod   int     `json:"with_period"`

	StartYears     []Bar `json:"start_years"` // by year, oldest first
	Regions        []Bar `json:"regions"`     // these and the rest: most documents first
	Counties       []Bar `json:"counties"`
	Owners         []Bar `json:"owners"` // the OverviewTop largest
	Methods        []Bar `json:"methods"`
	TargetGroups   []Bar `json:"target_groups"`
	Municipalities []Bar `json:"municipalities"`
}

// overviewGroups are the facet fields an overview groups by, the slice
// each fills and how many values it keeps (0: all).
func (o *Overview) groups() []struct {
	field string
	into  *[]Bar
	top   int
} {
	return []struct {
		field string
		into  *[]Bar
		top   int
	}{
		{"region", &o.Regions, 0}, {"county", &o.Counties, 0}, {"owner", &o.Owners, OverviewTop},
		{"methods", &o.Methods, OverviewTop}, {"target_groups", &o.TargetGroups, OverviewTop},
		{"municipality", &o.Municipalities, OverviewTop},
	}
}

// Overview summarises every hit of a request (from, size and sort do not
// matter).
func (e *Engine) Overview(ctx context.Context, req Request) (*Overview, error) {
	ctx, cancel := e.bound(ctx)
	defer cancel()
	q, release, err := e.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	defer release()
	bq, _, err := buildQuery(req, q, "")
	if err != nil {
		return nil, err
	}
	snap, err := e.idx.FacetSnapshot()
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	d := snap.Dict()

	out := &Overview{}
	groups := out.groups()
	fieldGroup := make([]int, len(index.TableFields)) // table field → group, -1
	for i, f := range index.TableFields {
		fieldGroup[i] = -1
		for g, gr := range groups {
			if gr.field == f {
				fieldGroup[i] = g
			}
		}
	}
	startField := index.TableField(index.FieldPeriodStart)
	endField := index.TableField(index.FieldPeriodEnd)
	type sum struct {
		count int
		esf   float64
	}
	byOrd := map[uint32]*sum{}
	byYear := map[string]*sum{}
	var esf, budget float64
	var months []float64
	err = snap.ScanAmounts(ctx, bq, func(ords []uint32, b, s float64) {
		out.Projects++
		esf += s
		budget += b
		start, end := "", ""
		for _, o := range ords {
			switch fi := int(d.Fields[o]); {
			case fi == startField:
				start = d.Values[o]
			case fi == endField:
				end = d.Values[o]
			case fieldGroup[fi] >= 0:
				g := byOrd[o]
				if g == nil {
					g = &sum{}
					byOrd[o] = g
				}
				g.count++
				g.esf += s
			}
		}
		if len(start) >= 4 {
			y := byYear[start[:4]]
			if y == nil {
				y = &sum{}
				byYear[start[:4]] = y
			}
			y.count++
			y.esf += s
		}
		if m, ok := monthsBetween(start, end); ok {
			months = append(months, m)
		}
	})
	if err != nil {
		return nil, e.overran(req, q, e.Timeout, e.searchError(ctx, err))
	}
	out.ESFSupportSEK, out.TotalBudgetSEK = int64(esf), int64(budget)
	out.WithPeriod = len(months)
	out.MedianMonths = median(months)

	for _, gr := range groups {
		*gr.into = []Bar{}
	}
	for o, s := range byOrd {
		gr := groups[fieldGroup[d.Fields[o]]]
		if sel := req.Filters[gr.field]; len(sel) > 0 && !contains(sel, d.Values[o]) {
			continue
		}
		*gr.into = append(*gr.into, Bar{Value: d.Values[o], Count: s.count, ESFSupportSEK: int64(s.esf)})
	}
	for _, gr := range groups {
		bars := *gr.into
		sort.Slice(bars, func(i, j int) bool {
			if bars[i].Count != bars[j].Count {
				return bars[i].Count > bars[j].Count
			}
			return bars[i].Value < bars[j].Value
		})
		if gr.top > 0 && len(bars) > gr.top {
			bars = bars[:gr.top]
		}
		*gr.into = bars
	}
	out.StartYears = []Bar{}
	for y, s := range byYear {
		out.StartYears = append(out.StartYears, Bar{Value: y, Count: s.count, ESFSupportSEK: int64(s.esf)})
	}
	sort.Slice(out.StartYears, func(i, j int) bool { return out.StartYears[i].Value < out.StartYears[j].Value })
	return out, nil
}

// monthsBetween is the length of a project period in months (days / 30.44,
// end day included); ok is false without both dates or when the end is
// before the start.
func monthsBetween(start, end string) (float64, bool) {
	s, err1 := time.Parse(time.DateOnly, start)
	e, err2 := time.Parse(time.DateOnly, end)
	if err1 != nil || err2 != nil || e.Before(s) {
		return 0, false
	}
	days := e.Sub(s).Hours()/24 + 1
	return days / 30.44, true
}

// median of values (the mean of the middle two for an even count); 0 for
// none. values is sorted in place.
func median(values []float64) float64 {
	if len(values) == 0 {
		return 0
	}
	sort.Float64s(values)
	n := len(values)
	if n%2 == 1 {
		return values[n/2]
	}
	return (values[n/2-1] + values[n/2]) / 2
}
