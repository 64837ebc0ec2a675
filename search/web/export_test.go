package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
	"projektsok/search"
	"projektsok/search/searchtest"
)

func exportServer(t *testing.T, recs []ingest.Record) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(NewServer(testEngine(t, recs), slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(srv.Close)
	return srv
}

// setExportLimits makes chunks and the cap small.
func setExportLimits(eng *search.Engine, chunk, limit int) {
	eng.ExportChunk, eng.ExportLimit = chunk, limit
}

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return send(t, http.DefaultClient, req)
}

// send does req with client and reads the whole body.
func send(t *testing.T, client *http.Client, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

// readCSV checks the BOM and header and returns the rows as maps.
func readCSV(t *testing.T, body []byte) []map[string]string {
	t.Helper()
	s, ok := strings.CutPrefix(string(body), "\uFEFF")
	if !ok {
		t.Fatalf("no UTF-8 byte-order mark: %q", body[:min(len(body), 20)])
	}
	r := csv.NewReader(strings.NewReader(s))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v\n%s", err, s)
	}
	if len(recs) == 0 {
		t.Fatal("no header")
	}
	if diff := cmp.Diff(exportColumns, recs[0]); diff != "" {
		t.Fatalf("header (-want +got):\n%s", diff)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, c := range exportColumns {
			m[c] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

func column(rows []map[string]string, name string) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r[name])
	}
	return out
}

// referenceIDs returns the ids of the export's order fetched in one
// request of every hit, the reference for paging through chunks.
func referenceIDs(t *testing.T, eng *search.Engine, req search.Request) []string {
	t.Helper()
	one := search.NewEngine(eng.Index())
	one.ExportChunk = 1000
	it, err := one.Export(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for {
		rec, ok, err := it.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return out
		}
		out = append(out, rec.ID)
	}
}

func TestExportCSVFiltered(t *testing.T) {
	srv := exportServer(t, searchtest.Fixture())
	res, body := get(t, srv.URL+"/api/search?municipality=Botkyrka&format=csv&sort=budget")
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	cd := res.Header.Get("Content-Disposition")
	if !regexp.MustCompile(`^attachment; filename="projektsok-\d{8}\.csv"$`).MatchString(cd) {
		t.Errorf("Content-Disposition %q", cd)
	}
	if res.Header.Get("X-Export-Total") != "2" || res.Header.Get("X-Export-Truncated") != "" {
		t.Errorf("export headers %v", res.Header)
	}
	rows := readCSV(t, body)
	if diff := cmp.Diff([]string{"huddinge-unga", "matchning-botkyrka"}, column(rows, "id")); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	want := map[string]string{
		"id": "huddinge-unga", "title": "Unga till arbete", "doc_type": "projekt", "owner": "Huddinge kommun",
		"programme_area": "", "phase": "Avslutat", "region": "Stockholm", "county": "Stockholms län",
		"municipalities": "Huddinge, Botkyrka", "period_start": "2018-03-01", "period_end": "2019-12-31",
		"esf_support_sek": "", "total_budget_sek": "12000000", "methods": "", "target_groups": "",
		"project_number": "", "source": "c.txt", "url": "/projekt/huddinge-unga",
	}
	if diff := cmp.Diff(want, rows[0]); diff != "" {
		t.Errorf("first row (-want +got):\n%s", diff)
	}
	if !strings.Contains(string(body), "\r\n") {
		t.Error("lines do not end in CRLF")
	}
}

func TestExportIgnoresPaging(t *testing.T) {
	srv := exportServer(t, searchtest.Fixture())
	// size=1000 is a 400 for a search page, but an export has no pages
	res, body := get(t, srv.URL+"/api/search?format=csv&from=3&size=1000")
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	if n := len(readCSV(t, body)); n != len(searchtest.Fixture()) {
		t.Errorf("%d rows, want %d", n, len(searchtest.Fixture()))
	}
}

func TestExportJSON(t *testing.T) {
	recs := searchtest.Fixture()
	eng := testEngine(t, recs)
	srv := httptest.NewServer(NewServer(eng, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(srv.Close)
	for _, q := range []string{"q=arbete", "q=arbete&sort=newest", "", "region=Stockholm"} {
		t.Run(q, func(t *testing.T) {
			res, body := get(t, srv.URL+"/api/search?format=json&"+q)
			if res.StatusCode != 200 {
				t.Fatalf("status %d: %s", res.StatusCode, body)
			}
			if !strings.HasSuffix(res.Header.Get("Content-Disposition"), `.json"`) {
				t.Errorf("Content-Disposition %q", res.Header.Get("Content-Disposition"))
			}
			var rows []map[string]json.RawMessage
			if err := json.Unmarshal(body, &rows); err != nil {
				t.Fatalf("not a JSON array: %v\n%s", err, body)
			}
			var got []string
			for _, r := range rows {
				var id string
				_ = json.Unmarshal(r["id"], &id)
				got = append(got, id)
				if len(r) != len(exportColumns) {
					t.Errorf("row has %d fields, want %d", len(r), len(exportColumns))
				}
			}
			req, err := search.ParseRequest(mustQuery(t, q))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(referenceIDs(t, eng, req), got); diff != "" {
				t.Errorf("export order differs from one big request (-want +export):\n%s", diff)
			}
		})
	}
}

// TestExportChunksAndCap pages through more hits than one chunk, with ties
// in score (an empty query scores every document alike) and in sort value.
func TestExportChunksAndCap(t *testing.T) {
	var recs []ingest.Record
	for i := 0; i < 23; i++ {
		recs = append(recs, ingest.Record{
			ID: fmt.Sprintf("doc-%02d", i), DocType: ingest.TypeProject, Title: fmt.Sprintf("Projekt %d om arbete", i),
			Municipalities: []string{"Umeå"}, PeriodStart: fmt.Sprintf("201%d-01-01", i%3),
			TotalBudgetSEK: int64(1000 * (i % 4)),
			Sections:       []ingest.Section{{Heading: "Sammanfattning", Text: strings.Repeat("arbete ", 1+i%5)}},
		})
	}
	eng := testEngine(t, recs)
	srv := httptest.NewServer(NewServer(eng, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(srv.Close)

	setExportLimits(eng, 4, search.MaxExport)
	for _, q := range []string{"", "q=arbete", "sort=newest", "sort=oldest", "sort=budget", "q=arbete&sort=budget"} {
		t.Run("all "+q, func(t *testing.T) {
			res, body := get(t, srv.URL+"/api/search?format=csv&"+q)
			if res.StatusCode != 200 {
				t.Fatalf("status %d: %s", res.StatusCode, body)
			}
			got := column(readCSV(t, body), "id")
			seen := map[string]bool{}
			for _, id := range got {
				if seen[id] {
					t.Errorf("%s exported twice", id)
				}
				seen[id] = true
			}
			if len(got) != len(recs) {
				t.Errorf("%d rows, want %d", len(got), len(recs))
			}
			req, err := search.ParseRequest(mustQuery(t, q))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(referenceIDs(t, eng, req), got); diff != "" {
				t.Errorf("chunked export differs from one big request (-want +export):\n%s", diff)
			}
		})
	}

	setExportLimits(eng, 4, 10)
	t.Run("capped", func(t *testing.T) {
		res, body := get(t, srv.URL+"/api/search?format=csv")
		if res.Header.Get("X-Export-Truncated") != "true" || res.Header.Get("X-Export-Total") != "23" {
			t.Errorf("headers %v", res.Header)
		}
		if n := len(readCSV(t, body)); n != 10 {
			t.Errorf("%d rows, want the cap 10", n)
		}
		res, body = get(t, srv.URL+"/api/search?format=json")
		var rows []json.RawMessage
		if err := json.Unmarshal(body, &rows); err != nil || len(rows) != 10 {
			t.Errorf("JSON: %d rows, err %v", len(rows), err)
		}
		if res.Header.Get("X-Export-Truncated") != "true" {
			t.Errorf("JSON headers %v", res.Header)
		}
	})
}

func TestExportFormulaInjection(t *testing.T) {
	recs := []ingest.Record{{
		ID: "evil", DocType: ingest.TypeProject, Title: `=HYPERLINK("http://x.example","klicka")`,
		Owner: "+46 8 123", Phase: "-1+1", Region: "@SUM(A1)", County: "\tTab",
		Municipalities: []string{"=cmd", "Umeå"}, ProjectNumber: "2020/001",
	}}
	srv := exportServer(t, recs)
	res, body := get(t, srv.URL+"/api/search?format=csv")
	if res.StatusCode != 200 {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	rows := readCSV(t, body)
	if len(rows) != 1 {
		t.Fatalf("rows %v", rows)
	}
	want := map[string]string{
		"title":          `'=HYPERLINK("http://x.example","klicka")`,
		"owner":          "'+46 8 123",
		"phase":          "'-1+1",
		"region":         "'@SUM(A1)",
		"county":         "'\tTab",
		"municipalities": "'=cmd, Umeå",
		"project_number": "2020/001",
	}
	for k, v := range want {
		if rows[0][k] != v {
			t.Errorf("%s = %q, want %q", k, rows[0][k], v)
		}
	}
	// JSON is data, not a spreadsheet: values stay as they are
	_, body = get(t, srv.URL+"/api/search?format=json")
	if !strings.Contains(string(body), `"title":"=HYPERLINK(`) {
		t.Errorf("JSON altered the title: %s", body)
	}
}

func TestExportErrors(t *testing.T) {
	srv := exportServer(t, searchtest.Fixture())
	for _, q := range []string{"format=xml", "format=", "format=csv&format=json", "format=csv&q=%22abc", "format=csv&sort=title", "format=json&q=*"} {
		t.Run(q, func(t *testing.T) {
			res, body := get(t, srv.URL+"/api/search?"+q)
			if res.StatusCode != 400 {
				t.Fatalf("status %d, want 400: %s", res.StatusCode, body)
			}
			var e struct{ Error string }
			if json.Unmarshal(body, &e) != nil || e.Error == "" {
				t.Errorf("error body %s", body)
			}
		})
	}
}

func mustQuery(t *testing.T, q string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
