package web

// Export
//
// GET /api/search?...&format=csv|json returns every hit of the search (not
// one page; from and size are ignored), at most search.MaxExport (10 000),
// as a download, written as the engine's export (search/export.go) fetches
// them.
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
// X-Export-Truncated: true says the export stopped at search.MaxExport. Should the
// index fail after the first chunk was sent, the response ends early: the
// CSV gets a last row saying the export was interrupted, the JSON array is
// left unclosed (invalid), and the error is logged.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"projektsok/ingest"
	"projektsok/search"
)

// exportColumns are the CSV header and the JSON field names.
var exportColumns = []string{
	"id", "title", "doc_type", "owner", "programme_area", "phase", "region", "county",
	"municipalities", "period_start", "period_end", "esf_support_sek", "total_budget_sek",
	"methods", "target_groups", "project_number", "source", "url",
}

// exportRow is one exported document.
type exportRow struct {
	search.Facts
	ProjectNumber string `json:"project_number"`
	URL           string `json:"url"`
}

func rowOf(r *ingest.Record) exportRow {
	return exportRow{Facts: search.FactsOf(r), ProjectNumber: r.ProjectNumber, URL: "/projekt/" + r.ID}
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

// handleExport serves a search as a CSV or JSON download; handleSearch
// sends it every request with a format parameter.
func handleExport(eng *search.Engine, log *slog.Logger, w http.ResponseWriter, r *http.Request, format string) {
	if format != "csv" && format != "json" {
		writeError(w, r, log, badRequestf("okänt format %q: använd csv eller json", format))
		return
	}
	v := r.URL.Query()
	v.Del("from") // an export is every hit, not a page
	v.Del("size")
	req, err := search.ParseRequest(v)
	if err != nil {
		writeError(w, r, log, err)
		return
	}
	it, err := eng.Export(r.Context(), req)
	if err != nil {
		writeError(w, r, log, err)
		return
	}
	h := w.Header()
	name := "projektsok-" + time.Now().Format("20060102") + "." + format
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Export-Total", strconv.FormatUint(it.Total(), 10))
	if it.Truncated() {
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

func writeCSV(ctx context.Context, w io.Writer, it *search.Export) error {
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
		rec, ok, err := it.Next(ctx)
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

func writeJSONArray(ctx context.Context, w io.Writer, it *search.Export) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	for n := 0; ; n++ {
		rec, ok, err := it.Next(ctx)
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
