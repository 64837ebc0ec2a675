package web

// The server-rendered pages: the search page ("/"), the document page
// ("/projekt/{id}"), the list of all values of one facet ("/filter/{field}")
// and the embedded assets ("/static/"). Everything works without
// JavaScript; static/app.js only enhances. Templates live in
// static/templates and are rendered with html/template, so every value is
// escaped; the only HTML passed through is Hit.Snippets, which Snippets
// builds from escaped text and <mark>.

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"projektsok/ingest"
	"projektsok/search"
	"projektsok/static"
)

// facetLabels are the Swedish headings of the facets, by response key.
var facetLabels = map[string]string{
	"region": "Region", "county": "Län", "municipality": "Kommun", "owner": "Projektägare",
	"programme_area": "Programområde", "phase": "Projektfas", "doc_type": "Dokumenttyp",
	"methods": "Metoder", "target_groups": "Målgrupper", "period": "Projektår", "budget": "Total budget",
	"has_report": "Slutrapport",
}

// pageFacetOrder is the order of the facet sidebar.
var pageFacetOrder = []string{
	"municipality", "region", "county", "owner", "programme_area", "phase",
	"doc_type", "has_report", "methods", "target_groups", "period", "budget",
}

// sortLabels are the sort orders as the page offers them.
var sortLabels = []struct{ Value, Label string }{
	{search.SortRelevance, "Relevans"}, {search.SortNewest, "Nyast"}, {search.SortOldest, "Äldst"}, {search.SortBudget, "Störst budget"},
}

// facetShown is how many values of a facet the sidebar shows before
// "Visa alla"; the rest are rendered hidden for the script's filter box.
const facetShown = 8

// similarSize is how many similar projects the document page lists.
const similarSize = 5

// similarItem is one entry of the document page's "Liknande projekt".
type similarItem struct {
	Hit     search.Hit
	Reasons []string
}

// pageSimilar supplies "Liknande projekt" for the document page from
// (*Engine).Similar; tests replace it. While it is nil the section is left
// out.
var pageSimilar = func(ctx context.Context, eng *search.Engine, id string, size int) ([]similarItem, error) {
	hits, err := eng.Similar(ctx, id, size)
	if err != nil {
		return nil, err
	}
	out := make([]similarItem, 0, len(hits))
	for _, h := range hits {
		out = append(out, similarItem{Hit: h.Hit, Reasons: h.Reasons})
	}
	return out, nil
}

// ---- templates -----------------------------------------------------------

var pageFuncs = template.FuncMap{
	"asset":      assetURL,
	"sek":        formatSEK,
	"period":     formatPeriod,
	"doctype":    docTypeLabel,
	"facetLabel": func(k string) string { return facetLabels[k] },
	"ms":         formatMS,
	"num":        formatInt,
	"snippet":    func(s string) template.HTML { return template.HTML(s) }, // escaped by Snippets

	"filterURL":  func(field, value string) string { return "/?" + url.Values{field: {value}}.Encode() },
	"paragraphs": paragraphs,
	"lower":      strings.ToLower,
	"inc":        func(n int) int { return n + 1 },
}

// pageTemplates parses the templates once: every page is layout.html with
// its own "content".
var pageTemplates = sync.OnceValues(func() (map[string]*template.Template, error) {
	base, err := template.New("layout.html").Funcs(pageFuncs).ParseFS(static.FS, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, name := range []string{"search.html", "document.html", "facet.html", "error.html", "overview.html"} {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(static.FS, "templates/"+name); err != nil {
			return nil, err
		}
		out[name] = t
	}
	return out, nil
})

func assetURL(name string) string {
	return "/static/" + name + "?v=" + static.Version(name)
}

// pageBase is what the layout needs from every page.
type pageBase struct {
	Title  string
	Q      string  // the search box's value
	Hidden []param // state the search form keeps (size)
	Status int
	Action string // where the search form goes; "" is the hit list, "/"
	Tabs   tabs
	Feed   string // the Atom feed of the page's search
	// Description is the page's meta description; "" gives the site's.
	Description string
	// Lang is the page's language (i18n.go); Switch links the page in
	// the other one, SwitchLabel names it in that language.
	Lang, Switch, SwitchLabel, SwitchLang string
}

// tabs link the hit list and the overview of one search.
type tabs struct {
	Hits, Overview, Feed string
	Current              string // "hits" or "overview"
}

// tabsFor links both views of a search (base: its parameters).
func tabsFor(base url.Values, current string) tabs {
	v := url.Values{}
	for k, vals := range base {
		if k != "from" && k != "size" && k != "sort" {
			v[k] = vals
		}
	}
	t := tabs{Hits: "/", Overview: "/oversikt", Feed: "/feed", Current: current}
	if len(v) > 0 {
		t.Hits += "?" + v.Encode()
		t.Overview += "?" + v.Encode()
		t.Feed += "?" + v.Encode()
	}
	if current == "hits" {
		t.Hits = with(base, func(url.Values) {})
	}
	return t
}

type param struct{ Name, Value string }

// render writes a page, or the error page if rendering fails. Pages are
// rendered into a buffer first so a template error never sends half a
// page.
func render(w http.ResponseWriter, log *slog.Logger, name string, status int, data any) {
	tpls, err := pageTemplates()
	var buf bytes.Buffer
	if err == nil {
		t, ok := tpls[name]
		if !ok {
			err = fmt.Errorf("no template %s", name)
		} else {
			err = t.ExecuteTemplate(&buf, "layout.html", data)
		}
	}
	if err != nil {
		log.Error("render page", "page", name, "err", err)
		buf.Reset()
		status = http.StatusInternalServerError
		if tpls != nil && name != "error.html" {
			if e := tpls["error.html"].ExecuteTemplate(&buf, "layout.html", errorPage{pageBase: pageBase{Title: "Internt fel"}, Heading: "Internt fel", Message: "Internt fel. Försök igen senare."}); e != nil {
				buf.Reset()
			}
		}
		if buf.Len() == 0 {
			buf.WriteString("<!doctype html><html lang=\"sv\"><meta charset=\"utf-8\"><title>Internt fel</title><p>Internt fel. Försök igen senare.</p></html>")
		}
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "Accept-Encoding, Accept-Language")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// ---- error page ----------------------------------------------------------

type errorPage struct {
	pageBase
	Heading string
	Message string
	// Choices are the documents an id of an earlier version named.
	Choices []search.Facts
}

// renderError shows err as a page with the status writeError would give
// it; only user errors show their message.
func renderError(w http.ResponseWriter, r *http.Request, log *slog.Logger, q string, err error) {
	status := statusFor(err)
	base := newBase(r, "")
	msg := base.T("Internt fel. Försök igen senare.")
	if m := userMessage(err, base.Lang); m != "" {
		msg = m // written for the user where it arose
	}
	heading := "Något gick fel"
	switch {
	case status == http.StatusNotFound:
		heading = "Sidan finns inte"
	case status == http.StatusBadRequest:
		heading = "Sökningen kunde inte göras"
	case status == http.StatusServiceUnavailable:
		msg = base.T("Sökningen tog för lång tid. Försök med en mer specifik fråga.")
	}
	if status >= 500 {
		log.Error("page failed", "path", r.URL.Path, "status", status, "err", err)
	}
	base.Title, base.Q, base.Status = base.T(heading), q, status
	render(w, log, "error.html", status, errorPage{pageBase: base, Heading: base.T(heading), Message: msg})
}

// ---- search page ---------------------------------------------------------

type searchPage struct {
	pageBase
	Req         search.Request
	Res         *search.Response
	Err         string
	Summary     summary
	Facets      []facetView
	Chips       []chip
	ClearAll    string
	Sorts       []sortOption
	Pager       *pager
	CSV         string
	Suggestion  string // "Menade du" link target
	Relaxed     string // link to the respelled search shown instead of one that found nothing
	RelaxedNote string // why the hits lack words, when no document holds them all
	EmptyNote   string // why nothing was found, when nothing near finds anything
	// FirstLacking is the index of the first hit that lacks a word, added
	// after the documents holding them all (search.Response.Lacking); -1
	// when none is.
	FirstLacking int
	ActiveFrom   string // as typed in the period inputs (years)
	ActiveTo     string
	BudgetMin    string
	BudgetMax    string
	HitLinks     []hitLinks
	FilterCount  int
}

type summary struct {
	First, Last int
	Total       int64
	TookMS      float64
}

type facetView struct {
	Key, Label string
	Values     []facetValueView
	Links      bool // period and budget: links, not checkboxes
	More       string
	Open       bool
	Filter     bool // offer the filter box
	Selected   int
}

type facetValueView struct {
	ID, Value, Label string
	Count            int
	Checked, Hidden  bool
	URL              string
}

type chip struct{ Label, URL string }

type sortOption struct {
	Value, Label string
	Selected     bool
}

type pager struct {
	Prev, Next string
	Pages      []pageLink
}

type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

type hitLinks struct {
	Municipalities []chip
	Methods        []chip
}

func handleSearchPage(eng *search.Engine, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw := r.URL.Query()
		// A plain GET form also sends the fields left empty; send the
		// browser to the clean, shareable address instead.
		if clean, ok := dropEmpty(raw); ok {
			http.Redirect(w, r, "/?"+clean.Encode(), http.StatusSeeOther)
			return
		}
		p := searchPage{pageBase: newBase(r, "Sök projekt")}
		p.Q = strings.TrimSpace(raw.Get("q"))
		p.Sorts = p.sortOptions(search.SortRelevance)
		raw.Del("format") // the API's; meaningless here
		raw.Del("prefix")
		raw.Del("lang") // the page's (i18n.go)
		req, err := search.ParseRequest(raw)
		if err != nil {
			pageFailed(w, r, log, &p, err)
			return
		}
		p.Req = req
		p.Sorts = p.sortOptions(req.Sort)
		p.ActiveFrom, p.ActiveTo = yearOf(req.ActiveFrom), yearOf(req.ActiveTo)
		p.BudgetMin, p.BudgetMax = budgetString(req.BudgetMin), budgetString(req.BudgetMax)
		if req.Size != search.DefaultSize {
			p.Hidden = append(p.Hidden, param{"size", strconv.Itoa(req.Size)})
		}
		res, err := eng.Search(r.Context(), req)
		if err != nil {
			pageFailed(w, r, log, &p, err)
			return
		}
		p.Res = res
		if req.Query != "" {
			p.Title = req.Query + " – " + p.T("sök projekt")
		}
		fillSearchPage(&p, req, res)
		render(w, log, "search.html", http.StatusOK, p)
	})
}

// pageFailed renders the search page with an error message instead of
// results: 400 for what the user can fix, the status writeError would use
// otherwise.
func pageFailed(w http.ResponseWriter, r *http.Request, log *slog.Logger, p *searchPage, err error) {
	status := statusFor(err)
	p.Err = p.T("Internt fel. Försök igen senare.")
	if m := userMessage(err, p.Lang); m != "" {
		p.Err = m
	}
	if status == http.StatusServiceUnavailable {
		p.Err = p.T("Sökningen tog för lång tid. Försök med en mer specifik fråga.")
	}
	if status >= 500 {
		log.Error("search page failed", "path", r.URL.Path, "status", status, "err", err)
	}
	p.Status = status
	p.Title = p.T("Fel i sökningen")
	p.ClearAll = "/" + p.LangQ()
	render(w, log, "search.html", status, *p)
}

func fillSearchPage(p *searchPage, req search.Request, res *search.Response) {
	base := p.keepLang(requestValues(req))
	p.Summary = summary{Total: int64(res.Total), TookMS: res.TookMS}
	p.FirstLacking = -1
	if res.Lacking > 0 {
		p.FirstLacking = len(res.Hits) - res.Lacking
	}
	if strict := len(res.Hits) - res.Lacking; strict > 0 {
		// the hits lacking a word are not among the total
		p.Summary.First = req.From + 1
		p.Summary.Last = req.From + strict
	}

	// Facets.
	for _, key := range pageFacetOrder {
		fv := facetView{Key: key, Label: p.T(facetLabels[key])}
		vals := res.Facets[key]
		switch key {
		case "period":
			fv.Links = true
			for _, v := range vals {
				y := v.Value
				sel := p.ActiveFrom == y && p.ActiveTo == y
				u := with(base, func(v url.Values) { v.Set("active_from", y); v.Set("active_to", y) })
				if sel {
					u = with(base, func(v url.Values) { v.Del("active_from"); v.Del("active_to") })
				}
				fv.Values = append(fv.Values, facetValueView{Value: y, Label: y, Count: v.Count, Checked: sel, URL: u})
			}
		case "budget":
			fv.Links = true
			for _, v := range vals {
				for _, b := range search.BudgetBuckets {
					if b.Name != v.Value {
						continue
					}
					lo, hi := int64(b.Min), int64(b.Max)
					if hi > 0 {
						hi-- // buckets are [min, max); budget_max is inclusive
					}
					sel := req.BudgetMin == lo && req.BudgetMax == hi
					u := with(base, func(v url.Values) {
						v.Del("budget_min")
						v.Del("budget_max")
						if sel {
							return
						}
						if lo > 0 {
							v.Set("budget_min", strconv.FormatInt(lo, 10))
						}
						if hi > 0 {
							v.Set("budget_max", strconv.FormatInt(hi, 10))
						}
					})
					fv.Values = append(fv.Values, facetValueView{Value: v.Value, Label: v.Value, Count: v.Count, Checked: sel, URL: u})
				}
			}
		default:
			selected := req.Filters[key]
			shown := 0
			for i, v := range vals {
				sel := slices.Contains(selected, v.Value)
				hidden := !sel && shown >= facetShown
				if !hidden {
					shown++
				}
				if sel {
					fv.Selected++
				}
				label := p.valueLabel(key, v.Value)
				fv.Values = append(fv.Values, facetValueView{
					ID: "f-" + key + "-" + strconv.Itoa(i), Value: v.Value, Label: label,
					Count: v.Count, Checked: sel, Hidden: hidden,
				})
			}
			if len(vals) > facetShown {
				fv.More = "/filter/" + key + "?" + base.Encode()
				fv.Filter = true
			}
		}
		if len(fv.Values) == 0 {
			continue
		}
		fv.Open = fv.Selected > 0 || key == "municipality" || key == "region" || key == "owner" ||
			key == "programme_area" || (key == "period" && req.Active("period")) ||
			(key == "budget" && req.Active("budget"))
		p.Facets = append(p.Facets, fv)
	}

	p.Chips, p.ClearAll = filterChips(p.pageBase, req, base)
	p.FilterCount = len(p.Chips)
	p.Tabs = tabsFor(base, "hits")
	p.Feed = p.Tabs.Feed

	// Links on each hit add a filter.
	for _, h := range res.Hits {
		var hl hitLinks
		for _, m := range h.Municipalities {
			hl.Municipalities = append(hl.Municipalities, chip{m, addFilter(base, "municipality", m)})
		}
		for _, m := range h.Methods {
			hl.Methods = append(hl.Methods, chip{m, addFilter(base, "methods", m)})
		}
		p.HitLinks = append(p.HitLinks, hl)
	}

	// pages count entries: a near-duplicate group is one (search/group.go)
	entries := res.Total
	if res.Groups > 0 {
		entries = uint64(res.Groups)
	}
	p.Pager = makePager(base, req, entries)
	if p.Pager != nil && !res.More {
		p.Pager.Next = ""
	}
	if r := res.Relaxed; r != nil && r.Query != "" {
		p.Relaxed = with(base, func(v url.Values) { v.Set("q", r.Query); v.Del("from") })
	} else if r != nil {
		p.RelaxedNote = relaxedNote(p.pageBase, r)
	}
	if res.Empty != nil {
		p.EmptyNote = emptyNote(p.pageBase, res.Empty)
	}
	exp := with(base, func(v url.Values) { v.Del("from"); v.Del("size"); v.Set("format", "csv") })
	p.CSV = "/api/search" + strings.TrimPrefix(exp, "/")
	if res.Suggestion != "" && res.Relaxed == nil {
		p.Suggestion = with(base, func(v url.Values) { v.Set("q", res.Suggestion); v.Del("from") })
	}
}

// relaxedNote says, in the page's language, why the hits of a search
// lack some of its words (search.Relaxed without a respelling).
func relaxedNote(p pageBase, r *search.Relaxed) string {
	var b strings.Builder
	if len(r.Absent) > 0 {
		b.WriteString(absentNote(p, r.Absent))
	} else {
		b.WriteString(p.T("Inget dokument innehåller alla orden."))
	}
	b.WriteByte(' ')
	if r.Lacking == 1 {
		b.WriteString(p.T("Visar träffar som saknar ett av dem."))
	} else {
		fmt.Fprintf(&b, p.T("Visar träffar som saknar %d av dem."), r.Lacking)
	}
	return b.String()
}

// absentNote says, in the page's language, that no document holds the
// words.
func absentNote(p pageBase, words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "”" + w + "”"
	}
	return fmt.Sprintf(p.T("Inget dokument innehåller %s."), strings.Join(quoted, ", "))
}

// emptyNote says, in the page's language, why a search found nothing
// (search.Empty).
func emptyNote(p pageBase, e *search.Empty) string {
	switch {
	case len(e.Absent) > 0:
		return absentNote(p, e.Absent)
	case e.Unfiltered == 1:
		return p.T("Inget dokument med de valda filtren motsvarar sökningen. Utan filtren finns 1 träff.")
	case e.Unfiltered > 1:
		return fmt.Sprintf(p.T("Inget dokument med de valda filtren motsvarar sökningen. Utan filtren finns %s träffar."), formatInt(int64(e.Unfiltered)))
	}
	return p.T("Inget dokument motsvarar sökningen.")
}

// filterChips are the request's active filters, one chip per value, each
// linking to the search without it, and the search without any filter
// ("" when none is active).
func filterChips(p pageBase, req search.Request, base url.Values) (chips []chip, clearAll string) {
	from, to := yearOf(req.ActiveFrom), yearOf(req.ActiveTo)
	for _, f := range search.FilterFields {
		for _, val := range req.Filters[f] {
			label := p.valueLabel(f, val)
			u := with(base, func(v url.Values) { v.Del(f); v[f] = without(req.Filters[f], val) })
			chips = append(chips, chip{p.T(facetLabels[f]) + ": " + label, u})
		}
	}
	if req.ActiveFrom != "" || req.ActiveTo != "" {
		label := p.T("Projektår") + ": " + from + "–" + to
		if from == to {
			label = p.T("Projektår") + ": " + from
		}
		chips = append(chips, chip{label, with(base, func(v url.Values) { v.Del("active_from"); v.Del("active_to") })})
	}
	if req.StartYear != "" {
		chips = append(chips, chip{p.T("Startår") + ": " + req.StartYear, with(base, func(v url.Values) { v.Del("start_year") })})
	}
	if req.BudgetMin > 0 || req.BudgetMax > 0 {
		label := p.T("Total budget") + ": "
		switch {
		case req.BudgetMin > 0 && req.BudgetMax > 0:
			label += formatInt(req.BudgetMin) + "–" + formatSEK(req.BudgetMax)
		case req.BudgetMin > 0:
			label += p.T("minst") + " " + formatSEK(req.BudgetMin)
		default:
			label += p.T("högst") + " " + formatSEK(req.BudgetMax)
		}
		chips = append(chips, chip{label, with(base, func(v url.Values) { v.Del("budget_min"); v.Del("budget_max") })})
	}
	if len(chips) > 0 {
		keep := p.keepLang(url.Values{})
		if req.Query != "" {
			keep.Set("q", req.Query)
		}
		clearAll = "/"
		if len(keep) > 0 {
			clearAll += "?" + keep.Encode()
		}
	}

	return chips, clearAll
}

// makePager links the pages of a result list: previous, next, the first
// and last page and two on either side of the current one.
func makePager(base url.Values, req search.Request, total uint64) *pager {
	if req.Size == 0 || total <= uint64(req.Size) && req.From == 0 {
		return nil
	}
	reach := total
	if reach > search.MaxWindow {
		reach = search.MaxWindow
	}
	pages := int((reach + uint64(req.Size) - 1) / uint64(req.Size))
	cur := req.From/req.Size + 1
	at := func(n int) string {
		return with(base, func(v url.Values) {
			if n <= 1 {
				v.Del("from")
			} else {
				v.Set("from", strconv.Itoa((n-1)*req.Size))
			}
		})
	}
	pg := &pager{}
	if cur > 1 {
		pg.Prev = at(cur - 1)
	}
	if cur < pages && cur*req.Size+req.Size <= search.MaxWindow {
		pg.Next = at(cur + 1)
	}
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < cur-2 || n > cur+2) {
			continue
		}
		if n*req.Size > search.MaxWindow {
			break
		}
		if last > 0 && n > last+1 {
			pg.Pages = append(pg.Pages, pageLink{Gap: true})
		}
		pg.Pages = append(pg.Pages, pageLink{N: n, URL: at(n), Current: n == cur})
		last = n
	}
	return pg
}

// requestValues is a request as the page's query string: only what differs
// from the defaults, period bounds as years where they are whole years.
func requestValues(req search.Request) url.Values {
	v := url.Values{}
	if req.Query != "" {
		v.Set("q", req.Query)
	}
	for _, f := range search.FilterFields {
		if len(req.Filters[f]) > 0 {
			v[f] = append([]string(nil), req.Filters[f]...)
		}
	}
	if req.ActiveFrom != "" {
		v.Set("active_from", yearOf(req.ActiveFrom))
	}
	if req.ActiveTo != "" {
		v.Set("active_to", yearOf(req.ActiveTo))
	}
	if req.StartYear != "" {
		v.Set("start_year", req.StartYear)
	}
	if req.BudgetMin > 0 {
		v.Set("budget_min", strconv.FormatInt(req.BudgetMin, 10))
	}
	if req.BudgetMax > 0 {
		v.Set("budget_max", strconv.FormatInt(req.BudgetMax, 10))
	}
	if req.Sort != "" && req.Sort != search.SortRelevance {
		v.Set("sort", req.Sort)
	}
	if req.Size != search.DefaultSize {
		v.Set("size", strconv.Itoa(req.Size))
	}
	if req.From > 0 {
		v.Set("from", strconv.Itoa(req.From))
	}
	return v
}

// with returns the search page URL for base changed by edit; base is not
// modified.
func with(base url.Values, edit func(url.Values)) string {
	v := make(url.Values, len(base))
	for k, vals := range base {
		v[k] = append([]string(nil), vals...)
	}
	edit(v)
	for k, vals := range v {
		if len(vals) == 0 {
			delete(v, k)
		}
	}
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

// addFilter adds one filter value and goes back to the first page.
func addFilter(base url.Values, field, value string) string {
	return with(base, func(v url.Values) {
		v.Del("from")
		if !slices.Contains(v[field], value) {
			v.Add(field, value)
		}
	})
}

func without(list []string, s string) []string {
	var out []string
	for _, v := range list {
		if v != s {
			out = append(out, v)
		}
	}
	return out
}

// dropEmpty removes parameters without a value, and a default sort;
// ok reports whether anything was removed.
func dropEmpty(v url.Values) (url.Values, bool) {
	changed := false
	out := url.Values{}
	for k, vals := range v {
		for _, s := range vals {
			if strings.TrimSpace(s) == "" || k == "sort" && s == search.SortRelevance {
				changed = true
				continue
			}
			out.Add(k, s)
		}
	}
	return out, changed
}

func (p pageBase) sortOptions(cur string) []sortOption {
	out := make([]sortOption, len(sortLabels))
	for i, s := range sortLabels {
		out[i] = sortOption{s.Value, p.T(s.Label), s.Value == cur}
	}
	return out
}

// yearOf shows a whole-year bound as the year.
func yearOf(date string) string {
	if len(date) == 10 && (strings.HasSuffix(date, "-01-01") || strings.HasSuffix(date, "-12-31")) {
		return date[:4]
	}
	return date
}

func budgetString(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

// ---- document page -------------------------------------------------------

type documentPage struct {
	pageBase
	Citation string
	Doc      ingest.Record
	Facts    []fact
	Similar  []similarItem
	Wired    bool // "Liknande projekt" is available
	SimError bool
}

type fact struct {
	Label string
	Value string
	Links []chip
	Href  string
}

func handleDocPage(eng *search.Engine, log *slog.Logger, sourceURL string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := mux.Vars(r)["id"]
		if !validID(id) {
			renderError(w, r, log, "", notFoundf("Det finns inget projekt med id %s.", strconv.Quote(id)))
			return
		}
		rec, done, err := documentOrFormer(w, r, eng, id, "/projekt/", func(choices []search.Facts) {
			render(w, log, "error.html", http.StatusMultipleChoices, errorPage{
				pageBase: func() pageBase { b := newBase(r, "Flera dokument"); b.Status = http.StatusMultipleChoices; return b }(),
				Heading:  tr(pageLang(r), "Flera dokument hade detta id"),
				Message:  fmt.Sprintf(tr(pageLang(r), "Adressen %s gällde förr flera filer med samma namn. Nu har varje fil ett eget dokument. Välj det du söker:"), strconv.Quote(id)),
				Choices:  choices,
			})
		})
		if done {
			return
		}
		if err != nil {
			if statusFor(err) == http.StatusNotFound {
				err = notFoundf("Det finns inget projekt med id %s. Det kan ha tagits bort eller fått ett nytt id.", strconv.Quote(id))
			}
			renderError(w, r, log, "", err)
			return
		}
		p := documentPage{pageBase: newBase(r, ""), Doc: rec}
		p.Title = rec.Title
		p.Facts = documentFacts(&rec, sourceURL, p.LangA())
		p.Citation = citation(&rec, baseURL(r)+"/projekt/"+rec.ID)
		rel, err := eng.Related(r.Context(), &rec)
		if err != nil {
			log.Warn("related documents", "id", id, "err", err)
		} else {
			p.Facts = slices.Insert(p.Facts, min(2, len(p.Facts)), relatedFacts(&rec, rel, p.pageBase)...)
		}
		if pageSimilar != nil {
			p.Wired = true
			ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
			sim, err := pageSimilar(ctx, eng, id, similarSize)
			cancel()
			if err != nil {
				log.Warn("similar projects", "id", id, "err", err)
				p.SimError = true
			}
			p.Similar = sim
		}
		render(w, log, "document.html", http.StatusOK, p)
	})
}

// sourceLink is the address of a document's original file under base
// ("" without a base).
func sourceLink(base, source string) string {
	if base == "" || source == "" {
		return ""
	}
	parts := strings.Split(source, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.TrimSuffix(base, "/") + "/" + strings.Join(parts, "/")
}

// citation is a reference to a document that stays the same on every
// visit: owner, title and type, project number, period, and its address.
func citation(r *ingest.Record, link string) string {
	var b strings.Builder
	if r.Owner != "" {
		b.WriteString(r.Owner + ". ")
	}
	title := r.Title
	if title == "" {
		title = "(utan titel)"
	}
	b.WriteString(title)
	if t := docTypeLabel(r.DocType); t != "" {
		b.WriteString(" (" + strings.ToLower(t) + ")")
	}
	b.WriteString(". ")
	var facts []string
	if r.ProjectNumber != "" {
		facts = append(facts, "ESF-projekt "+r.ProjectNumber)
	}
	if p := formatPeriod(r.PeriodStart, r.PeriodEnd); p != "" {
		facts = append(facts, p)
	}
	if len(facts) > 0 {
		b.WriteString(strings.Join(facts, ", ") + ". ")
	}
	b.WriteString("Projektsök, " + link)
	return b.String()
}

// documentFacts are a document's facts; langA ("" or "&lang=en") keeps
// the page's language in the links.
func documentFacts(r *ingest.Record, sourceURL, langA string) []fact {
	var out []fact
	add := func(label, value, field string) {
		if value == "" {
			return
		}
		f := fact{Label: label, Value: value}
		if field != "" {
			f.Href = "/?" + url.Values{field: {value}}.Encode() + langA
		}
		out = append(out, f)
	}
	links := func(label, field string, vals []string) {
		if len(vals) == 0 {
			return
		}
		f := fact{Label: label}
		for _, v := range vals {
			f.Links = append(f.Links, chip{v, "/?" + url.Values{field: {v}}.Encode() + langA})
		}
		out = append(out, f)
	}
	add("Dokumenttyp", docTypeLabel(r.DocType), "")
	switch {
	case len(r.Sources) > 1 && sourceURL != "":
		f := fact{Label: "Originalfiler"}
		for _, s := range r.Sources {
			f.Links = append(f.Links, chip{s, sourceLink(sourceURL, s)})
		}
		out = append(out, f)
	case len(r.Sources) > 1:
		add("Källfiler", strings.Join(r.Sources, "; "), "")
	case sourceURL != "" && r.Source != "":
		out = append(out, fact{Label: "Originalfil", Value: r.Source, Href: sourceLink(sourceURL, r.Source)})
	default:
		add("Källfil", r.Source, "")
	}
	add("Projektägare", r.Owner, "owner")
	add("Programområde", r.ProgrammeArea, "programme_area")
	add("Projektfas", r.Phase, "phase")
	add("Region", r.Region, "region")
	add("Län", r.County, "county")
	links("Kommuner", "municipality", r.Municipalities)
	add("Projektperiod", formatPeriod(r.PeriodStart, r.PeriodEnd), "")
	add("Beviljat ESF-stöd", formatSEK(r.ESFSupportSEK), "")
	add("Total projektbudget", formatSEK(r.TotalBudgetSEK), "")
	add("Projektnummer", r.ProjectNumber, "")
	add("Kontaktperson", r.ContactPerson, "")
	if r.ContactEmail != "" {
		out = append(out, fact{Label: "E-post", Value: r.ContactEmail, Href: "mailto:" + r.ContactEmail})
	}
	add("Telefon", r.ContactPhone, "")
	links("Metoder", "methods", r.Methods)
	links("Målgrupper", "target_groups", r.TargetGroups)
	return out
}

// relatedFacts are the links to the other documents of rec's project:
// "Projektsida" and "Slutrapport" (a page without a report says so).
func relatedFacts(rec *ingest.Record, rel search.Related, p pageBase) []fact {
	var out []fact
	links := func(label string, ls []search.Link) {
		f := fact{Label: label}
		for _, l := range ls {
			f.Links = append(f.Links, chip{cmpOr(l.Title, l.Source), "/projekt/" + url.PathEscape(l.ID) + p.LangQ()})
		}
		out = append(out, f)
	}
	if len(rel.Pages) > 0 {
		links("Projektsida", rel.Pages)
	}
	switch {
	case len(rel.Reports) > 0:
		links("Slutrapport", rel.Reports)
	case rec.DocType == ingest.TypeProject:
		out = append(out, fact{Label: "Slutrapport", Value: p.T("finns inte i Projektsök ännu")})
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// paragraphs splits section text into paragraphs at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ---- all values of one facet ---------------------------------------------

type facetPage struct {
	pageBase
	Key, Label string
	Prefix     string
	Values     []facetValueView
	Keep       []param // the search state, as hidden fields
	Back       string
	Err        string
}

func handleFacetPage(eng *search.Engine, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := mux.Vars(r)["field"]
		if !slices.Contains(search.FilterFields, key) {
			renderError(w, r, log, "", notFoundf("Det finns inget filter som heter %s.", strconv.Quote(key)))
			return
		}
		raw := r.URL.Query()
		raw.Del("lang")
		req, err := search.ParseRequest(raw)
		if err != nil {
			renderError(w, r, log, raw.Get("q"), err)
			return
		}
		prefix := strings.TrimSpace(raw.Get("prefix"))
		vals, err := allFacetValues(r.Context(), eng, req, key, prefix)
		if err != nil {
			renderError(w, r, log, req.Query, err)
			return
		}
		req.From = 0
		pb := newBase(r, "")
		base := pb.keepLang(requestValues(req))
		label := pb.T(facetLabels[key])
		pb.Title, pb.Q = pb.T("Alla värden")+": "+label, req.Query
		p := facetPage{pageBase: pb, Key: key, Label: label, Prefix: prefix, Back: with(base, func(url.Values) {})}
		for k, vs := range base {
			if k == key {
				continue
			}
			for _, v := range vs {
				p.Keep = append(p.Keep, param{k, v})
			}
		}
		sortParams(p.Keep)
		for i, v := range vals {
			label := pb.valueLabel(key, v.Value)
			p.Values = append(p.Values, facetValueView{
				ID: "a-" + strconv.Itoa(i), Value: v.Value, Label: label, Count: v.Count,
				Checked: slices.Contains(req.Filters[key], v.Value),
			})
		}
		render(w, log, "facet.html", http.StatusOK, p)
	})
}

func sortParams(ps []param) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && (ps[j].Name < ps[j-1].Name || ps[j].Name == ps[j-1].Name && ps[j].Value < ps[j-1].Value); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// ---- assets --------------------------------------------------------------

// handleAssets serves the embedded stylesheet and script. A request with
// the current content hash (?v=, as the templates link them) may be cached
// for a year; any other for five minutes.
func handleAssets() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		ver := static.Version(name)
		if ver == "" {
			http.NotFound(w, r)
			return
		}
		b, err := fs.ReadFile(static.FS, name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		if r.URL.Query().Get("v") == ver {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "public, max-age=300")
		}
		h.Set("ETag", `"`+ver+`"`)
		switch {
		case strings.HasSuffix(name, ".js"):
			h.Set("Content-Type", "text/javascript; charset=utf-8")
		case strings.HasSuffix(name, ".css"):
			h.Set("Content-Type", "text/css; charset=utf-8")
		case strings.HasSuffix(name, ".svg"):
			h.Set("Content-Type", "image/svg+xml")
		}
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
	})
}

// ---- formatting ----------------------------------------------------------

// formatInt groups digits by three with spaces: 1292580 → "1 292 580".
func formatInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// formatSEK is an amount in kronor, "" when unknown (0).
func formatSEK(n int64) string {
	if n == 0 {
		return ""
	}
	return formatInt(n) + " kr"
}

func formatPeriod(start, end string) string {
	switch {
	case start == "" && end == "":
		return ""
	case start == "":
		return "– " + end
	case end == "":
		return start + " –"
	}
	return start + " – " + end
}

// formatMS is milliseconds with a decimal comma.
func formatMS(ms float64) string {
	return strings.Replace(strconv.FormatFloat(ms, 'f', 1, 64), ".", ",", 1)
}

// valueLabel is how the page shows a facet value in its language: the
// values the page names itself translated, the documents' as they are.
func (p pageBase) valueLabel(key, v string) string {
	if l := valueLabel(key, v); l != v {
		return p.T(l)
	}
	return v
}

// valueLabel is how the page shows a facet value.
func valueLabel(key, v string) string {
	switch key {
	case "doc_type":
		return docTypeLabel(v)
	case "has_report":
		switch v {
		case "true":
			return "Finns"
		case "false":
			return "Saknas"
		}
	}
	return v
}

func docTypeLabel(t string) string {
	switch t {
	case ingest.TypeProject:
		return "Projekt"
	case ingest.TypeReport:
		return "Slutrapport"
	}
	return t
}

// Meta is a hit's metadata line in the page's language.
func (p pageBase) Meta(h search.Hit) string { return hitMeta(h, p.T) }

// hitMeta is a result's metadata line: owner · region · period · budget ·
// document type.
func hitMeta(h search.Hit, t func(string) string) string {
	var parts []string
	for _, s := range []string{h.Owner, h.Region, formatPeriod(h.PeriodStart, h.PeriodEnd), formatSEK(h.TotalBudgetSEK), t(docTypeLabel(h.DocType))} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " · ")
}
