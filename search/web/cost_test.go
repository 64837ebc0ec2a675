package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"projektsok/search"
)

// Too many costly searches in flight is a 429 with the engine's message
// as JSON and a Retry-After, not a 5xx.
func TestTooManyCostlyIs429(t *testing.T) {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/api/search?q=s%C3%B6kandelots~2", nil)
	writeError(rec, req, quietLog, &search.Error{Kind: search.ErrTooManyCostly, Msg: "Försök igen om en stund."})
	var body struct {
		Error string `json:"error"`
	}
	if err := json.NewDecoder(rec.Body).Decode(&body); err != nil {
		t.Fatalf("body is not JSON: %v", err)
	}
	if rec.Code != http.StatusTooManyRequests || body.Error != "Försök igen om en stund." || rec.Header().Get("Retry-After") == "" {
		t.Errorf("status %d, error %q, Retry-After %q; want 429, the message, a Retry-After",
			rec.Code, body.Error, rec.Header().Get("Retry-After"))
	}
}
