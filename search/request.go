package search

import (
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on what a request may ask for.
const (
	DefaultSize    = 10
	MaxSize        = 100
	MaxWindow      = 10000 // from + size
	MaxQueryLen    = 500   // bytes of q
	MaxFilterVals  = 50    // values per filter field
	MaxValueLen    = 200   // bytes per filter value
	MaxExport      = 10000 // hits in a CSV/JSON export
	DefaultFacetSz = 20
)

// FilterFields are the request parameters that filter on a facet field.
// The parameter name is the facet field name.
var FilterFields = []string{
	"region", "county", "owner", "programme_area", "municipality",
	"phase", "doc_type", "methods", "target_groups", "has_report",
}

// Sort orders.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortOldest    = "oldest"
	SortBudget    = "budget"
	SortIngested  = "ingested" // most recently indexed first (the feed's order)
)

// Request is a validated search request: what the user asked for, free of
// HTTP and of bleve.
type Request struct {
	Query   string
	Filters map[string][]string // facet field → values (OR-ed); fields AND-ed
	From    int
	Size    int
	Sort    string

	// Period overlap, inclusive, as YYYY-MM-DD; empty when open.
	ActiveFrom, ActiveTo string
	// Total budget bounds in SEK; 0 when open.
	BudgetMin, BudgetMax int64
	// StartYear keeps projects that started in that year (YYYY); empty
	// when open. The overview's bars per start year link to it.
	StartYear string
}

// unfiltered is the request without its filters (filterGroups): facet
// values, project period, budget and start year.
func (r Request) unfiltered() Request {
	r.Filters = nil
	r.ActiveFrom, r.ActiveTo, r.BudgetMin, r.BudgetMax, r.StartYear = "", "", 0, 0, ""
	return r
}

// Key is the request in one canonical form: two requests with equal keys
// ask for the same answer, whatever the order or spelling of their URL
// parameters, since ParseRequest has trimmed the values, filled in the
// defaults and sorted and deduplicated each filter's values ("q=a&from=0"
// and "from=0&q=a" and "q=a" share a key). Every field is in it; strings
// are length-prefixed, so no value can imitate a separator. Caches of whole
// answers key on it (search/web).
func (r Request) Key() string {
	b := make([]byte, 0, 48+len(r.Query))
	str := func(s string) {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
	}
	num := func(n int64) {
		b = strconv.AppendInt(b, n, 10)
		b = append(b, ';')
	}
	str(r.Query)
	num(int64(r.From))
	num(int64(r.Size))
	str(r.Sort)
	str(r.ActiveFrom)
	str(r.ActiveTo)
	num(r.BudgetMin)
	num(r.BudgetMax)
	str(r.StartYear)
	fields := make([]string, 0, len(r.Filters))
	for f, vals := range r.Filters {
		if len(vals) > 0 {
			fields = append(fields, f)
		}
	}
	sort.Strings(fields)
	for _, f := range fields {
		str(f)
		num(int64(len(r.Filters[f])))
		for _, v := range r.Filters[f] {
			str(v)
		}
	}
	return string(b)
}

var (
	dateRe = regexp.MustCompile(`^\d{4}(-\d{2}-\d{2})?$`)
	yearRe = regexp.MustCompile(`^\d{4}$`)
)

// ParseRequest validates URL parameters into a Request. Every error wraps
// ErrInvalid with a message a person can act on.
func ParseRequest(v url.Values) (Request, error) {
	req := Request{Size: DefaultSize, Sort: SortRelevance, Filters: map[string][]string{}}
	for key := range v {
		if !knownParam(key) {
			return req, invalidf("okänd parameter %q", key)
		}
	}
	q := strings.TrimSpace(v.Get("q"))
	if len(q) > MaxQueryLen {
		return req, invalidf("frågan är för lång (högst %d tecken)", MaxQueryLen)
	}
	if !utf8.ValidString(q) {
		return req, invalid("frågan är inte giltig UTF-8")
	}
	req.Query = q

	for _, f := range FilterFields {
		vals := v[f]
		if len(vals) == 0 {
			continue
		}
		if len(vals) > MaxFilterVals {
			return req, invalidf("för många värden för %s (högst %d)", f, MaxFilterVals)
		}
		seen := map[string]bool{}
		for _, val := range vals {
			val = strings.TrimSpace(val)
			if val == "" {
				continue
			}
			if len(val) > MaxValueLen || !utf8.ValidString(val) {
				return req, invalidf("ogiltigt värde för %s", f)
			}
			if !seen[val] {
				seen[val] = true
				req.Filters[f] = append(req.Filters[f], val)
			}
		}
		sort.Strings(req.Filters[f])
	}

	var err error
	if req.From, err = IntParam(v, "from", 0, 0, MaxWindow); err != nil {
		return req, err
	}
	if req.Size, err = IntParam(v, "size", DefaultSize, 0, MaxSize); err != nil {
		return req, err
	}
	if req.From+req.Size > MaxWindow {
		return req, invalidf("from + size får vara högst %d", MaxWindow)
	}
	switch s := v.Get("sort"); s {
	case "", SortRelevance:
	case SortNewest, SortOldest, SortBudget, SortIngested:
		req.Sort = s
	default:
		return req, invalidf("okänd sortering %q: använd relevance, newest, oldest, budget eller ingested", s)
	}

	if req.ActiveFrom, err = dateParam(v, "active_from", false); err != nil {
		return req, err
	}
	if req.ActiveTo, err = dateParam(v, "active_to", true); err != nil {
		return req, err
	}
	if req.ActiveFrom != "" && req.ActiveTo != "" && req.ActiveFrom > req.ActiveTo {
		return req, invalid("active_from är senare än active_to")
	}
	if req.BudgetMin, err = budgetParam(v, "budget_min"); err != nil {
		return req, err
	}
	if req.BudgetMax, err = budgetParam(v, "budget_max"); err != nil {
		return req, err
	}
	if req.BudgetMax > 0 && req.BudgetMin > req.BudgetMax {
		return req, invalid("budget_min är större än budget_max")
	}
	if y := strings.TrimSpace(v.Get("start_year")); y != "" {
		if !yearRe.MatchString(y) {
			return req, invalid("start_year måste vara ett år (ÅÅÅÅ)")
		}
		req.StartYear = y
	}
	return req, nil
}

// knownParam lists every parameter the search endpoints accept.
func knownParam(k string) bool {
	switch k {
	case "q", "from", "size", "sort", "active_from", "active_to", "budget_min", "budget_max", "start_year", "format", "prefix",
		"lang": // the pages' language (search/web); nothing here
		return true
	}
	for _, f := range FilterFields {
		if k == f {
			return true
		}
	}
	return false
}

// IntParam reads an integer parameter between min and max; def when absent.
func IntParam(v url.Values, name string, def, min, max int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min || n > max {
		return 0, invalidf("%s måste vara ett heltal mellan %d och %d", name, min, max)
	}
	return n, nil
}

// dateParam accepts YYYY or YYYY-MM-DD; a bare year means its first day,
// or its last day when end is set.
func dateParam(v url.Values, name string, end bool) (string, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return "", nil
	}
	if !dateRe.MatchString(s) {
		return "", invalidf("%s måste vara ett år (ÅÅÅÅ) eller ett datum (ÅÅÅÅ-MM-DD)", name)
	}
	if len(s) == 4 {
		if end {
			return s + "-12-31", nil
		}
		return s + "-01-01", nil
	}
	// the calendar decides: day 32, 31 April and 29 February 2021 do not exist
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", invalidf("%s: datumet %s finns inte", name, s)
	}
	return s, nil
}

func budgetParam(v url.Values, name string) (int64, error) {
	s := strings.ReplaceAll(strings.TrimSpace(v.Get(name)), " ", "")
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > 1e13 {
		return 0, invalidf("%s måste vara ett belopp i hela kronor", name)
	}
	return n, nil
}
