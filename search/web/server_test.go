package web

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"projektsok/search"
	"projektsok/search/searchtest"
)

func testServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(NewServer(testEngine(t, searchtest.Fixture()), slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(srv.Close)
	return srv
}

func TestRoutesStatus(t *testing.T) {
	srv := testServer(t)
	tests := []struct {
		method, path string
		status       int
		contentType  string
		errContains  string
	}{
		{"GET", "/api/search?q=sökandelots", 200, "application/json", ""},
		{"GET", "/api/search?q=%22abc", 400, "application/json", "citattecknet"},
		{"GET", "/api/search?size=1000", 400, "application/json", "size"},
		{"GET", "/api/search?sort=title", 400, "application/json", "sortering"},
		{"GET", "/api/search?q=*", 400, "application/json", "tecken"},
		{"POST", "/api/search", 405, "application/json", "POST"},
		{"DELETE", "/api/documents/lots-vastervik", 405, "application/json", ""},
		{"GET", "/api/documents/lots-vastervik", 200, "application/json", ""},
		{"GET", "/api/documents/nope", 404, "application/json", "nope"},
		{"GET", "/api/documents/..%2F..%2Fetc%2Fpasswd", 404, "application/json", ""},
		{"GET", "/api/nothing", 404, "application/json", "finns inte"},
		{"GET", "/healthz", 200, "application/json", ""},
		{"GET", "/api/suggest?q=s%C3%B6kan", 200, "application/json", ""},
		{"GET", "/api/suggest?q=x&x=1", 400, "application/json", "x"},
		{"GET", "/api/facets/municipality?prefix=bot", 200, "application/json", ""},
		{"GET", "/api/facets/nope", 404, "application/json", "nope"},
		{"GET", "/api/facets/region?size=abc", 400, "application/json", "size"},
		{"GET", "/", 200, "text/html", ""},
		{"GET", "/projekt/lots-vastervik", 200, "text/html", ""},
		{"GET", "/static/app.js", 200, "text/javascript", ""},
		{"GET", "/static/", 404, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d; body %s", res.StatusCode, tt.status, body)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
				t.Errorf("Content-Type = %q, want %q", ct, tt.contentType)
			}
			if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Content-Security-Policy") == "" {
				t.Errorf("security headers missing: %v", res.Header)
			}
			if tt.status >= 400 && tt.contentType == "application/json" {
				var e struct{ Error string }
				if err := json.Unmarshal(body, &e); err != nil || e.Error == "" {
					t.Fatalf("error body %s is not {\"error\": ...}", body)
				}
				if !strings.Contains(e.Error, tt.errContains) {
					t.Errorf("error %q does not mention %q", e.Error, tt.errContains)
				}
			}
		})
	}
}

func TestSearchResponseShape(t *testing.T) {
	srv := testServer(t)
	res, err := http.Get(srv.URL + "/api/search?q=arbete&municipality=Botkyrka")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body map[string]json.RawMessage
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"total", "took_ms", "hits", "facets"} {
		if _, ok := body[k]; !ok {
			t.Errorf("response lacks %q", k)
		}
	}
	var hits []map[string]json.RawMessage
	if err := json.Unmarshal(body["hits"], &hits); err != nil || len(hits) == 0 {
		t.Fatalf("hits: %v %s", err, body["hits"])
	}
	for _, k := range []string{"id", "title", "score", "doc_type", "programme_area", "phase", "owner", "region",
		"municipalities", "period_start", "period_end", "esf_support_sek", "total_budget_sek", "snippets"} {
		if _, ok := hits[0][k]; !ok {
			t.Errorf("hit lacks %q", k)
		}
	}
	var facets map[string][]search.FacetValue
	if err := json.Unmarshal(body["facets"], &facets); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"region", "owner", "programme_area", "municipality", "phase", "doc_type"} {
		if _, ok := facets[k]; !ok {
			t.Errorf("facets lack %q", k)
		}
	}
}

// A search whose words no document holds together answers, in JSON,
// with the documents that hold all but one, each naming the word it lacks,
// and says so in "relaxed"; an excluded word still excludes.
func TestSearchRelaxedJSON(t *testing.T) {
	srv := testServer(t)
	tests := []struct {
		query   string
		lacking int
		absent  []string
		missing map[string][]string // hit id → "missing"
	}{
		{"validering botkyrka", 1, nil,
			map[string][]string{"umea-validering": {"botkyrka"}, "matchning-botkyrka": {"validering"}, "huddinge-unga": {"validering"}}},
		{"validering botkyrka -huddinge", 1, nil,
			map[string][]string{"umea-validering": {"botkyrka"}, "matchning-botkyrka": {"validering"}}},
		{"sökandelots xqzvyk", 1, []string{"xqzvyk"}, map[string][]string{"lots-vastervik": {"xqzvyk"}}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := http.Get(srv.URL + "/api/search?q=" + url.QueryEscape(tt.query))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var body struct {
				Total   int
				Relaxed *struct {
					Query   string
					Lacking int
					Absent  []string
					Reason  string
				}
				Hits []struct {
					ID      string
					Missing []string
				}
			}
			if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			r := body.Relaxed
			if r == nil || r.Query != "" || r.Lacking != tt.lacking || !slices.Equal(r.Absent, tt.absent) || r.Reason == "" {
				t.Fatalf("relaxed = %+v, want lacking %d, absent %v and a reason", r, tt.lacking, tt.absent)
			}
			got := map[string][]string{}
			for _, h := range body.Hits {
				got[h.ID] = h.Missing
			}
			if !reflect.DeepEqual(got, tt.missing) || body.Total != len(tt.missing) {
				t.Errorf("total %d, hits and their missing words %v, want %v", body.Total, got, tt.missing)
			}
		})
	}
}

func TestCompression(t *testing.T) {
	srv := testServer(t)
	tests := []struct {
		accept string
		gzip   bool
	}{
		{"gzip", true},
		{"deflate, gzip;q=0.8", true},
		{"br", false},
		{"gzip;q=0", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.accept, func(t *testing.T) {
			req, _ := http.NewRequest("GET", srv.URL+"/api/search?q=arbete", nil)
			req.Header.Set("Accept-Encoding", tt.accept) // set: the client leaves the body as sent
			res, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			if got := res.Header.Get("Content-Encoding") == "gzip"; got != tt.gzip {
				t.Fatalf("gzip = %v, want %v", got, tt.gzip)
			}
			var body io.Reader = res.Body
			if tt.gzip {
				zr, err := gzip.NewReader(res.Body)
				if err != nil {
					t.Fatal(err)
				}
				body = zr
			}
			var v struct{ Total int }
			if err := json.NewDecoder(body).Decode(&v); err != nil || v.Total == 0 {
				t.Errorf("body: %v, total %d", err, v.Total)
			}
			if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("Vary = %q", res.Header.Get("Vary"))
			}
		})
	}
}

// A script on another origin may read the headers it needs from our
// answers: Retry-After after a 429, the request id, whether the answer
// came from the cache, an export's file name.
func TestCORSExposesHeaders(t *testing.T) {
	srv := testServer(t)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/search?q=validering", nil)
	req.Header.Set("Origin", "https://example.org")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if got := res.Header.Get("Access-Control-Allow-Origin"); got == "" {
		t.Fatal("no Access-Control-Allow-Origin for a cross-origin search")
	}
	exposed := map[string]bool{}
	for _, h := range strings.Split(res.Header.Get("Access-Control-Expose-Headers"), ",") {
		exposed[http.CanonicalHeaderKey(strings.TrimSpace(h))] = true
	}
	for _, h := range []string{"Retry-After", "X-Request-Id", "X-Answer-Cache", "Content-Disposition"} {
		if !exposed[h] {
			t.Errorf("Access-Control-Expose-Headers %q lacks %s", res.Header.Get("Access-Control-Expose-Headers"), h)
		}
	}
}
