package web

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"projektsok/search/searchtest"
)

func TestSimilarHTTP(t *testing.T) {
	srv := httptest.NewServer(NewServer(testEngine(t, searchtest.SimilarFixture()), slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(srv.Close)
	tests := []struct {
		path   string
		status int
		hits   int // -1: don't check
	}{
		{"/api/documents/lots-vastervik/similar", 200, -1},
		{"/api/documents/lots-vastervik/similar?size=1", 200, 1},
		{"/api/documents/lots-vastervik/similar?size=20", 200, -1},
		{"/api/documents/finns-inte/similar", 404, 0},
		{"/api/documents/Bad%20Id/similar", 404, 0},
		{"/api/documents/lots-vastervik/similar?size=0", 400, 0},
		{"/api/documents/lots-vastervik/similar?size=21", 400, 0},
		{"/api/documents/lots-vastervik/similar?size=fem", 400, 0},
		{"/api/documents/lots-vastervik/similar?q=x", 400, 0},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, err := http.Get(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			if tt.status != 200 {
				var e struct{ Error string }
				if json.Unmarshal(body, &e) != nil || e.Error == "" {
					t.Errorf("error body %s", body)
				}
				return
			}
			var got struct {
				ID   string                       `json:"id"`
				Hits []map[string]json.RawMessage `json:"hits"`
			}
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			if got.ID != "lots-vastervik" || len(got.Hits) == 0 {
				t.Fatalf("body %s", body)
			}
			if tt.hits >= 0 && len(got.Hits) != tt.hits {
				t.Errorf("%d hits, want %d", len(got.Hits), tt.hits)
			}
			for _, k := range []string{"id", "title", "score", "municipalities", "methods", "reasons"} {
				if _, ok := got.Hits[0][k]; !ok {
					t.Errorf("hit lacks %q: %s", k, body)
				}
			}
		})
	}
}
