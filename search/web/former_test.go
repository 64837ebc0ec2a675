package web

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
)

// Ids that earlier versions gave out (the file name without extension)
// keep working: one document → a permanent redirect, several → a list to
// choose from (300), none → 404.
func TestFormerIDs(t *testing.T) {
	var recs []ingest.Record
	for _, f := range [][2]string{
		{"a/rapport.md", "# Rapport från Botkyrka\n\nText om validering.\n"},
		{"b/rapport.md", "# Rapport från Huddinge\n\nText om matchning.\n"},
		{"Unik Fil.txt", "Unik fil\n\nText om samverkan.\n"},
	} {
		r, err := ingest.Parse(f[0], []byte(f[1]))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	srv := serverFor(t, testEngine(t, recs))
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (*http.Response, string) {
		t.Helper()
		res, err := client.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res, string(b)
	}
	unique := ingest.ID("Unik Fil.txt")
	tests := []struct {
		path     string
		status   int
		location string
	}{
		{"/api/documents/unik-fil", 301, "/api/documents/" + unique},
		{"/projekt/unik-fil?x=1", 301, "/projekt/" + unique + "?x=1"},
		{"/api/documents/" + unique, 200, ""},
		{"/projekt/" + unique, 200, ""},
		{"/api/documents/rapport", 300, ""},
		{"/projekt/rapport", 300, ""},
		{"/api/documents/finns-inte", 404, ""},
		{"/projekt/finns-inte", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, body := get(tt.path)
			if res.StatusCode != tt.status || res.Header.Get("Location") != tt.location {
				t.Fatalf("status %d, location %q; want %d, %q", res.StatusCode, res.Header.Get("Location"), tt.status, tt.location)
			}
			if tt.status != 300 {
				return
			}
			for _, id := range []string{ingest.ID("a/rapport.md"), ingest.ID("b/rapport.md")} {
				if !strings.Contains(body, id) {
					t.Errorf("the choices lack %s:\n%s", id, body)
				}
			}
		})
	}
	_, body := get("/api/documents/rapport")
	var out struct {
		Error      string
		Candidates []struct{ ID, Source string }
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	var sources []string
	for _, c := range out.Candidates {
		sources = append(sources, c.Source)
	}
	if diff := cmp.Diff([]string{"a/rapport.md", "b/rapport.md"}, sources); diff != "" || out.Error == "" {
		t.Errorf("candidates (-want +got):\n%s\nerror %q", diff, out.Error)
	}
	// The API speaks English when asked to, like its other errors.
	for path, want := range map[string]string{
		"/api/documents/rapport":         "gavs förr åt 2 filer",
		"/api/documents/rapport?lang=en": "used to name 2 files",
		"/projekt/rapport?lang=en":       "Several documents had this id",
	} {
		if res, body := get(path); res.StatusCode != 300 || !strings.Contains(html.UnescapeString(body), want) {
			t.Errorf("%s: status %d, want 300 with %q:\n%s", path, res.StatusCode, want, body)
		}
	}
	// The document page names its source file.
	if _, body := get("/projekt/" + unique); !strings.Contains(body, "Unik Fil.txt") {
		t.Error("the document page does not show its source file")
	}
}

// A page and its final report link to each other (API "related", the
// page's "Projektsida"/"Slutrapport" facts), and has_report filters and
// counts.
func TestRelatedDocuments(t *testing.T) {
	parse := func(name, text string) ingest.Record {
		r, err := ingest.Parse(name, []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	page := parse("sida.txt", "Vägen till arbete\n\nProjektfasAvslutat\nProjektägareBotkyrka kommun\n"+
		"Projektnummer2016/00123\nRegionStockholm\n\nSammanfattning\n\nVi hjälper unga till arbete.\n")
	page.HasReport = true // kept by the ingest session; see index.Session
	report := parse("slutrapport.md", "# Slutrapport\n\n# Unga i arbete\n\nDnr 2016-00123\n\n## Sammanfattning\n\nUnga fick arbete.\n")
	other := parse("annan.txt", "Annat projekt\n\nProjektfasAvslutat\nProjektägareHuddinge kommun\n"+
		"Projektnummer2016/00124\nRegionStockholm\n\nSammanfattning\n\nNågot annat om arbete.\n")
	srv := serverFor(t, testEngine(t, []ingest.Record{page, report, other}))
	getJSON := func(path string, v any) {
		t.Helper()
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", path, res.StatusCode)
		}
		if err := json.NewDecoder(res.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	var doc struct {
		Related struct {
			Pages, Reports []struct{ ID, Title, Source string }
		}
	}
	getJSON("/api/documents/"+page.ID, &doc)
	if len(doc.Related.Reports) != 1 || doc.Related.Reports[0].ID != report.ID || len(doc.Related.Pages) != 0 {
		t.Errorf("page's related = %+v, want the report", doc.Related)
	}
	getJSON("/api/documents/"+report.ID, &doc)
	if len(doc.Related.Pages) != 1 || doc.Related.Pages[0].ID != page.ID || len(doc.Related.Reports) != 0 {
		t.Errorf("report's related = %+v, want the page", doc.Related)
	}
	getJSON("/api/documents/"+other.ID, &doc)
	if len(doc.Related.Pages)+len(doc.Related.Reports) != 0 {
		t.Errorf("another project's related = %+v, want none", doc.Related)
	}
	var res struct {
		Total  int
		Hits   []struct{ ID string }
		Facets map[string][]struct {
			Value string
			Count int
		}
	}
	getJSON("/api/search?has_report=false", &res)
	if res.Total != 1 || res.Hits[0].ID != other.ID {
		t.Errorf("has_report=false: %+v", res.Hits)
	}
	getJSON("/api/search", &res)
	counts := map[string]int{}
	for _, v := range res.Facets["has_report"] {
		counts[v.Value] = v.Count
	}
	if diff := cmp.Diff(map[string]int{"true": 2, "false": 1}, counts); diff != "" {
		t.Errorf("has_report facet (-want +got):\n%s", diff)
	}
	resp, err := http.Get(srv.URL + "/projekt/" + page.ID)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "Slutrapport") || !strings.Contains(string(b), `href="/projekt/`+report.ID+`"`) {
		t.Errorf("the page does not link its final report")
	}
}
