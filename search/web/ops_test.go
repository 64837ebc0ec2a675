package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"projektsok/index"
	"projektsok/ingest"
	"projektsok/search"
	"projektsok/search/searchtest"
)

func TestRequestIDAndHeaders(t *testing.T) {
	srv := testServer(t)
	tests := []struct {
		name, sent string
		keep       bool
	}{
		{"none", "", false},
		{"sane", "abc-123.x_Y", true},
		{"with spaces", "abc 123", false},
		{"too long", strings.Repeat("a", 65), false},
		{"header injection", "a\r\nSet-Cookie: x", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", srv.URL+"/healthz", nil)
			if tt.sent != "" {
				req.Header["X-Request-Id"] = []string{tt.sent}
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				if tt.name == "header injection" {
					return // the client refuses to send it: fine
				}
				t.Fatal(err)
			}
			res.Body.Close()
			got := res.Header.Get("X-Request-ID")
			if tt.keep && got != tt.sent {
				t.Errorf("X-Request-ID = %q, want %q kept", got, tt.sent)
			}
			if !tt.keep && (got == "" || got == tt.sent || !requestIDRe.MatchString(got)) {
				t.Errorf("X-Request-ID = %q, want a fresh one", got)
			}
			for _, h := range []string{"Cross-Origin-Opener-Policy", "Permissions-Policy", "Content-Security-Policy", "X-Content-Type-Options"} {
				if res.Header.Get(h) == "" {
					t.Errorf("no %s header", h)
				}
			}
		})
	}
}

func TestLimits(t *testing.T) {
	srv := testServer(t)
	tests := []struct {
		name, method, path string
		body               io.Reader
		want               int
	}{
		{"long query string", "GET", "/api/search?q=" + strings.Repeat("a", MaxURLBytes), nil, 414},
		{"long path", "GET", "/api/documents/" + strings.Repeat("a", MaxURLBytes), nil, 414},
		{"just under the cap", "GET", "/api/search?q=" + strings.Repeat("a", 400), nil, 200},
		{"public POST body", "POST", "/api/search", strings.NewReader(strings.Repeat("x", 2*MaxPublicBody)), 405},
		{"directory listing", "GET", "/static/", nil, 404},
		{"admin off", "POST", "/api/admin/ingest", strings.NewReader("{}"), 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, tt.body)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.want {
				t.Fatalf("status %d, want %d: %.200s", res.StatusCode, tt.want, b)
			}
			if tt.want >= 400 && strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") && !json.Valid(b) {
				t.Errorf("invalid JSON error body %q", b)
			}
		})
	}
}

func TestReadyAndMetrics(t *testing.T) {
	idx, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	idx.Put(context.Background(), searchtest.Fixture())
	reg := prometheus.NewRegistry()
	srv := httptest.NewServer(NewServer(search.NewEngine(idx), quietLog, WithRegistry(reg)))
	defer srv.Close()
	get := func(p string) (int, string) {
		res, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := get("/readyz"); code != 200 || !strings.Contains(body, `"documents":5`) {
		t.Errorf("/readyz = %d %s", code, body)
	}
	get("/api/search?q=arbete")
	get("/api/search?q=%22abc")
	get("/api/documents/nope")
	get("/nothing/here")
	_, m := get("/metrics")
	for _, want := range []string{
		`projektsok_http_requests_total{code="2xx",route="/api/search"} 1`,
		`projektsok_http_requests_total{code="4xx",route="/api/search"} 1`,
		`projektsok_http_requests_total{code="4xx",route="/api/documents/{id}"} 1`,
		`projektsok_http_requests_total{code="4xx",route="unmatched"} 1`,
		`projektsok_http_request_duration_seconds_bucket{code="2xx",route="/readyz",le=`,
		`projektsok_search_duration_seconds_count{outcome="ok"} 1`,
		`projektsok_search_duration_seconds_count{outcome="client_error"} 1`,
		"projektsok_index_documents 5",
		"projektsok_index_generation 0",
		"go_goroutines",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	// the search built the facet tables of the index's segments
	if !regexp.MustCompile(`(?m)^projektsok_facet_table_bytes [1-9]`).MatchString(m) {
		t.Errorf("/metrics: no facet table memory after a search")
	}
	// A second server on a fresh registry is fine (no global state).
	other := NewServer(search.NewEngine(idx), quietLog)
	rec := httptest.NewRecorder()
	other.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Errorf("second server /metrics: %d", rec.Code)
	}

	idx.Close()
	if code, body := get("/readyz"); code != 503 || !json.Valid([]byte(body)) {
		t.Errorf("/readyz after Close = %d %s, want 503 JSON", code, body)
	}
	if code, _ := get("/healthz"); code < 500 {
		t.Errorf("/healthz after Close = %d, want 5xx", code)
	}
}

// corpus makes n generated documents with a varied vocabulary, so that
// wildcards and fuzzy words have thousands of terms to expand to.
func corpus(n int) []ingest.Record {
	syll := []string{"ar", "be", "te", "sam", "ver", "kan", "pro", "jekt", "lots", "sök", "an", "de", "må", "let", "ung", "dom", "stöd", "ut", "bild", "ning"}
	word := func(i int) string {
		return syll[i%20] + syll[(i/20)%20] + syll[(i/400)%20]
	}
	out := make([]ingest.Record, n)
	for i := range out {
		var b strings.Builder
		for j := 0; j < 60; j++ {
			b.WriteString(word(i*61+j*7919) + " ")
		}
		out[i] = ingest.Record{ID: fmt.Sprintf("gen-%05d", i), Source: "g.txt", DocType: ingest.TypeProject,
			Title: word(i) + " " + word(i+1), Municipalities: []string{"Botkyrka"},
			Sections: []ingest.Section{{Heading: "Sammanfattning", Text: b.String()}}}
	}
	return out
}

// TestHostileQueriesBounded: expensive wildcard, regexp-like and fuzzy
// queries over a few thousand documents answer 200 or 400 quickly — never
// a 5xx, never seconds.
func TestHostileQueriesBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 3000 documents")
	}
	idx, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	recs := corpus(3000)
	for i := 0; i < len(recs); i += 500 {
		if _, err := idx.Put(context.Background(), recs[i:i+500]); err != nil {
			t.Fatal(err)
		}
	}
	eng := search.NewEngine(idx)
	h := NewServer(eng, quietLog)
	queries := []string{
		"*", "**", "*a*", "a*", "ar*", "s*", "/.*/", "/[a-/", ".*", "a~2", "ar~2", "arbe~2", "x~3",
		"sa* be* te* ar* ve* ka*", strings.Repeat("a* ", 40), strings.Repeat("ab~2 ", 30),
		strings.Repeat("a OR ", 90) + "b", `"` + strings.Repeat("ar ", 100) + `"`,
		"title:", "a:b:c", "x^abc", "-", "+", "~", `"abc`, "sök*", "ö*", "å~1",
	}
	for _, q := range queries {
		for _, path := range []string{"/api/search?q=", "/api/suggest?q=", "/api/facets/municipality?q="} {
			u := path + url.QueryEscape(q)
			start := time.Now()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
			d := time.Since(start)
			if rec.Code >= 500 {
				t.Errorf("%s: status %d: %s", u, rec.Code, rec.Body.String())
			}
			if !json.Valid(rec.Body.Bytes()) {
				t.Errorf("%s: invalid JSON %q", u, rec.Body.String())
			}
			if rec.Code == 400 && !strings.Contains(rec.Body.String(), `"error"`) {
				t.Errorf("%s: 400 without a message", u)
			}
			if d > eng.Timeout+500*time.Millisecond {
				t.Errorf("%s took %v", u, d)
			}
		}
	}
}
