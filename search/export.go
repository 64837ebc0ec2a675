package search

// Export
//
// GET /api/search?...&format=csv|json returns every hit of the search (not
// one page; from and size are ignored), at most MaxExport (10 000), as a
// download. The hits are fetched in chunks of exportChunk with bleve's
// SearchAfter on the search's own order plus the document id as tie-breaker
// (relevance: score, then id), so deep chunks cost no more than the first,
// and written as they arrive.
//
// CSV: UTF-8 with a byte-order mark and ';' as separator, CRLF line ends —
// what Swedish Excel opens directly (its list separator is ';' because ','
// is the decimal comma). Lists (municipalities, methods, target groups) are
// joined with ", ". Unknown amounts are empty cells. Cells starting with
// = + - @ (or a tab or carriage return) get a leading ' so a spreadsheet
// never runs them as formulas.
//
// JSON: one array, one object per line, with the same fields as the CSV
// (lists as arrays, unknown amounts as 0, like the search API).
//
// Headers: Content-Disposition names the file projektsok-YYYYMMDD.csv (or
// .json); X-Export-Total is the number of hits of the search and
// X-Export-Truncated: true says the export stopped at MaxExport. Should the
// index fail after the first chunk was sent, the response ends early: the
// CSV gets a last row saying the export was interrupted, the JSON array is
// left unclosed (invalid), and the error is logged.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"projektsok/index"
	"projektsok/ingest"
)

// Export chunking and cap; variables so tests can make them small.
var (
	exportChunk = 500
	exportCap   = MaxExport
)

// exportColumns are the CSV header and the JSON field names.
var exportColumns = []string{
	"id", "title", "doc_type", "owner", "programme_area", "phase", "region", "county",
	"municipalities", "period_start", "period_end", "esf_support_sek", "total_budget_sek",
	"methods", "target_groups", "project_number", "source", "url",
}

// exportRow is one exported document.
type exportRow struct {
	Facts
	ProjectNumber string `json:"project_number"`
	URL           string `json:"url"`
}

func rowOf(r *ingest.Record) exportRow {
	return exportRow{Facts: factsOf(r), ProjectNumber: r.ProjectNumber, URL: "/projekt/" + r.ID}
}

// cells is the row as CSV cells, in exportColumns order.
func (x exportRow) cells() []string {
	amount := func(n int64) string {
		if n <= 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	c := []string{
		x.ID, x.Title, x.DocType, x.Owner, x.ProgrammeArea, x.Phase, x.Region, x.County,
		strings.Join(x.Municipalities, ", "), x.PeriodStart, x.PeriodEnd,
		amount(x.ESFSupportSEK), amount(x.TotalBudgetSEK),
		strings.Join(x.Methods, ", "), strings.Join(x.TargetGroups, ", "), x.ProjectNumber, x.Source, x.URL,
	}
	for i := range c {
		c[i] = safeCell(c[i])
	}
	return c
}

// safeCell neutralises a cell a spreadsheet would run as a formula.
func safeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// exportIter walks all hits of a search in chunks.
type exportIter struct {
	e     *Engine
	q     query.Query
	order bsearch.SortOrder
	after []string
	buf   []*bsearch.DocumentMatch
	done  bool

	total     uint64 // hits of the search
	limit     int    // hits the export will return
	sent      int
	truncated bool
}

// exportOrder is the request's order with the document id as the final
// tie-breaker, so SearchAfter never skips or repeats a hit.
func exportOrder(s string) bsearch.SortOrder {
	order := sortOrder(s)
	if order == nil {
		order = bsearch.SortOrder{&bsearch.SortScore{Desc: true}}
	}
	return append(order, &bsearch.SortDocID{})
}

// export starts an export: the first chunk is fetched here, so a bad query
// or a failing index is an error before anything is written.
func (e *Engine) export(ctx context.Context, req Request) (*exportIter, error) {
	q, err := e.queryOf(req)
	if err != nil {
		return nil, err
	}
	it := &exportIter{e: e, q: q, order: exportOrder(req.Sort)}
	if err := it.fetch(ctx); err != nil {
		return nil, err
	}
	it.limit = exportCap
	if it.total < uint64(exportCap) {
		it.limit = int(it.total)
	}
	it.truncated = it.total > uint64(exportCap)
	return it, nil
}

// fetch loads the next chunk.
func (it *exportIter) fetch(ctx context.Context) error {
	ctx, cancel := it.e.bound(ctx)
	defer cancel()
	r := bleve.NewSearchRequestOptions(it.q, exportChunk, 0, false)
	r.Fields = []string{index.FieldRaw}
	r.Sort = it.order
	r.SearchAfter = it.after
	res, err := it.e.idx.Bleve().SearchInContext(ctx, r)
	if err != nil {
		return it.e.searchError(ctx, err)
	}
	if it.after == nil {
		it.total = res.Total
	}
	it.buf = res.Hits
	if len(res.Hits) < exportChunk {
		it.done = true
	}
	if n := len(res.Hits); n > 0 {
		last := res.Hits[n-1]
		if len(last.Sort) != len(it.order) {
			return fmt.Errorf("export: hit %s has %d sort values, want %d", last.ID, len(last.Sort), len(it.order))
		}
		after := make([]string, len(it.order))
		for i, s := range it.order {
			if s.RequiresScoring() {
				after[i] = strconv.FormatFloat(last.Score, 'g', -1, 64)
			} else {
				after[i] = last.Sort[i]
			}
		}
		it.after = after
	}
	return nil
}

// next returns the next record; ok is false at the end.
func (it *exportIter) next(ctx context.Context) (rec ingest.Record, ok bool, err error) {
	if it.sent >= it.limit {
		return rec, false, nil
	}
	if len(it.buf) == 0 {
		if it.done {
			return rec, false, nil
		}
		if err := it.fetch(ctx); err != nil {
			return rec, false, err
		}
		if len(it.buf) == 0 {
			return rec, false, nil
		}
	}
	dm := it.buf[0]
	it.buf = it.buf[1:]
	rec, err = index.DecodeRaw(dm.Fields[index.FieldRaw])
	if err != nil {
		return rec, false, fmt.Errorf("export hit %s: %w", dm.ID, err)
	}
	it.sent++
	return rec, true, nil
}

// handleExport serves a search as a CSV or JSON download; handleSearch
// sends it every request with a format parameter.
func handleExport(eng *Engine, log *slog.Logger, w http.ResponseWriter, r *http.Request, format string) {
	if format != "csv" && format != "json" {
		writeError(w, r, log, badRequest(fmt.Sprintf("okänt format %q: använd csv eller json", format)))
		return
	}
	v := r.URL.Query()
	v.Del("from") // an export is every hit, not a page
	v.Del("size")
	req, err := ParseRequest(v)
	if err != nil {
		writeError(w, r, log, err)
		return
	}
	it, err := eng.export(r.Context(), req)
	if err != nil {
		writeError(w, r, log, err)
		return
	}
	h := w.Header()
	name := "projektsok-" + time.Now().Format("20060102") + "." + format
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Export-Total", strconv.FormatUint(it.total, 10))
	if it.truncated {
		h.Set("X-Export-Truncated", "true")
	}
	if format == "csv" {
		h.Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	// Rows are written as the chunks arrive; the buffer only saves
	// system calls.
	bw := bufio.NewWriterSize(w, 32<<10)
	var werr error
	if format == "csv" {
		werr = writeCSV(r.Context(), bw, it)
	} else {
		werr = writeJSONArray(r.Context(), bw, it)
	}
	if werr != nil && r.Context().Err() == nil {
		log.Error("export failed", "method", r.Method, "path", r.URL.Path, "err", werr)
	}
	_ = bw.Flush()
}

func writeCSV(ctx context.Context, w io.Writer, it *exportIter) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	if err := cw.Write(exportColumns); err != nil {
		return err
	}
	for {
		rec, ok, err := it.next(ctx)
		if err != nil {
			// The status is sent: say so where the reader will look.
			_ = cw.Write([]string{"# Exporten avbröts på grund av ett fel. Försök igen."})
			cw.Flush()
			return err
		}
		if !ok {
			break
		}
		if err := cw.Write(rowOf(&rec).cells()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeJSONArray(ctx context.Context, w io.Writer, it *exportIter) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	for n := 0; ; n++ {
		rec, ok, err := it.next(ctx)
		if err != nil {
			return err // the array stays unclosed: the client sees invalid JSON
		}
		if !ok {
			break
		}
		buf.Reset()
		if n > 0 {
			buf.WriteString(",")
		}
		buf.WriteString("\n")
		if err := enc.Encode(rowOf(&rec)); err != nil {
			return err
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "\n]\n")
	return err
}
