package web

import (
	"encoding/json"
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
	// The document page names its source file.
	if _, body := get("/projekt/" + unique); !strings.Contains(body, "Unik Fil.txt") {
		t.Error("the document page does not show its source file")
	}
}
