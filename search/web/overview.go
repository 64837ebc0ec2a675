package web

// The overview ("Översikt") of a search: GET /api/overview (JSON) and the
// page /oversikt, both with the parameters of /api/search. The page draws
// its charts as SVG on the server — nothing to run in the browser — each
// with a table of the same figures for screen readers and for copying, and
// every bar links to the hit list filtered to it.

import (
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"projektsok/search"
)

// overviewParams drops what only matters for a hit list.
func overviewParams(v url.Values) url.Values {
	v.Del("from")
	v.Del("size")
	v.Del("sort")
	return v
}

func handleOverview(eng *search.Engine, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := search.ParseRequest(overviewParams(r.URL.Query()))
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		ov, err := eng.Overview(r.Context(), req)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeJSON(w, http.StatusOK, ov)
	})
}

// chart is one bar chart of the overview page.
type chart struct {
	ID, Title string
	Column    string // the table's heading of the value column
	Bars      []bar
	Height    int // of the SVG, px
}

// bar is one row of a chart: the label above the bar, the value after it.
type bar struct {
	Label, Short string // Short: the label cut to fit the chart
	Value        string // formatted
	Count        int
	ESF          string
	URL          string
	Width        float64 // per cent of the chart's width
	ValueX       float64 // per cent: where the value is written
	LabelY       int     // px: baselines of the label and the value,
	BarY, ValueY int     // and the bar's top
}

const (
	barRow     = 44 // px per bar: label line and bar
	barMaxPct  = 78 // the longest bar's share of the width; the value follows it
	labelRunes = 44
)

// newChart lays out bars for values; value gives each group's measure.
func newChart(id, title, column string, groups []search.Bar, value func(search.Bar) float64, format func(search.Bar) string, link func(search.Bar) string) chart {
	c := chart{ID: id, Title: title, Column: column}
	top := 0.0
	for _, g := range groups {
		top = math.Max(top, value(g))
	}
	for i, g := range groups {
		w := 0.0
		if top > 0 {
			w = value(g) / top * barMaxPct
		}
		if value(g) > 0 {
			w = math.Max(w, 0.5) // visible, however small
		}
		c.Bars = append(c.Bars, bar{
			Label: g.Value, Short: cut(g.Value, labelRunes), Value: format(g), Count: g.Count,
			ESF: formatSEK(g.ESFSupportSEK), URL: link(g), Width: math.Round(w*10) / 10, ValueX: math.Round(w*10)/10 + 1,
			LabelY: i*barRow + 15, BarY: i*barRow + 21, ValueY: i*barRow + 34,
		})
	}
	c.Height = len(c.Bars) * barRow
	return c
}

// cut shortens s to n runes with an ellipsis.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

type overviewPage struct {
	pageBase
	Req      search.Request
	Ov       *search.Overview
	Err      string
	Chips    []chip
	ClearAll string
	JSON     string // /api/overview of the same search
	Totals   []fact
	Charts   []chart
}

func handleOverviewPage(eng *search.Engine, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw := r.URL.Query()
		if clean, ok := dropEmpty(raw); ok {
			http.Redirect(w, r, "/oversikt?"+clean.Encode(), http.StatusSeeOther)
			return
		}
		p := overviewPage{pageBase: newBase(r, "Översikt")}
		p.Q, p.Action = strings.TrimSpace(raw.Get("q")), "/oversikt"
		req, err := search.ParseRequest(overviewParams(raw))
		if err == nil {
			p.Ov, err = eng.Overview(r.Context(), req)
		}
		if err != nil {
			status := statusFor(err)
			p.Err = p.T("Internt fel. Försök igen senare.")
			if m := userMessage(err, p.Lang); m != "" {
				p.Err = m
			}
			if status >= 500 {
				log.Error("overview page failed", "path", r.URL.Path, "status", status, "err", err)
			}
			p.Status = status
			render(w, log, "overview.html", status, p)
			return
		}
		p.Req = req
		if req.Query != "" {
			p.Title = req.Query + " – " + p.T("översikt")
		}
		fillOverview(&p, req)
		render(w, log, "overview.html", http.StatusOK, p)
	})
}

func fillOverview(p *overviewPage, req search.Request) {
	base := p.keepLang(requestValues(req))
	base.Del("from")
	base.Del("size")
	base.Del("sort")
	p.Chips, p.ClearAll = filterChips(p.pageBase, req, base)
	if p.ClearAll != "" {
		p.ClearAll = "/oversikt" + strings.TrimPrefix(p.ClearAll, "/")
	}
	for i := range p.Chips {
		p.Chips[i].URL = "/oversikt" + strings.TrimPrefix(p.Chips[i].URL, "/")
	}
	p.Tabs = tabsFor(base, "overview")
	p.Feed = p.Tabs.Feed
	p.JSON = "/api/overview" + strings.TrimPrefix(p.Tabs.Overview, "/oversikt")
	for k, vals := range base {
		if k == "q" || k == "lang" { // the search box and the layout keep these
			continue
		}
		for _, v := range vals {
			p.Hidden = append(p.Hidden, param{k, v})
		}
	}
	sortParams(p.Hidden)

	ov := p.Ov
	months := "–"
	if ov.WithPeriod > 0 {
		months = strings.Replace(strconv.FormatFloat(math.Round(ov.MedianMonths*10)/10, 'f', 1, 64), ".", ",", 1) + " " + p.T("månader")
	}
	p.Totals = []fact{
		{Label: "Projekt och rapporter", Value: formatInt(int64(ov.Projects))},
		{Label: "Beviljat ESF-stöd", Value: formatSEK(ov.ESFSupportSEK)},
		{Label: "Total budget", Value: formatSEK(ov.TotalBudgetSEK)},
		{Label: "Mediantid för ett projekt", Value: months},
	}

	count := func(b search.Bar) float64 { return float64(b.Count) }
	esf := func(b search.Bar) float64 { return float64(b.ESFSupportSEK) }
	n := func(b search.Bar) string { return formatInt(int64(b.Count)) }
	kr := func(b search.Bar) string { return formatSEK(b.ESFSupportSEK) }
	year := func(b search.Bar) string {
		return with(base, func(v url.Values) { v.Set("start_year", b.Value) })
	}
	filter := func(field string) func(search.Bar) string {
		// the field's filter becomes this value alone: the overview lists
		// only selected values of a filtered field, and these are the hits
		// that have it
		return func(b search.Bar) string {
			return with(base, func(v url.Values) { v.Set(field, b.Value) })
		}
	}
	p.Charts = []chart{
		newChart("startar", p.T("Projekt per startår"), "Antal", ov.StartYears, count, n, year),
		newChart("stod-ar", p.T("Beviljat ESF-stöd per startår"), "ESF-stöd", ov.StartYears, esf, kr, year),
		newChart("region", p.T("Projekt per region"), "Antal", ov.Regions, count, n, filter("region")),
		newChart("stod-region", p.T("ESF-stöd per region"), "ESF-stöd", ov.Regions, esf, kr, filter("region")),
		newChart("lan", p.T("Projekt per län"), "Antal", ov.Counties, count, n, filter("county")),
		newChart("stod-lan", p.T("ESF-stöd per län"), "ESF-stöd", ov.Counties, esf, kr, filter("county")),
		newChart("agare", fmt.Sprintf(p.T("De %d största projektägarna"), search.OverviewTop), "Antal", ov.Owners, count, n, filter("owner")),
		newChart("metoder", p.T("Vanligaste metoderna"), "Antal", ov.Methods, count, n, filter("methods")),
		newChart("malgrupper", p.T("Vanligaste målgrupperna"), "Antal", ov.TargetGroups, count, n, filter("target_groups")),
		newChart("kommuner", p.T("Kommuner med flest projekt"), "Antal", ov.Municipalities, count, n, filter("municipality")),
	}
}
