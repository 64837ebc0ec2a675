package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"projektsok/search"
	"projektsok/search/searchtest"
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

// Retry-After says how long the engine expects the request to be refused,
// in whole seconds rounded up; at least one.
func TestRetryAfter(t *testing.T) {
	for _, tt := range []struct {
		after time.Duration
		want  string
	}{
		{0, "1"},
		{300 * time.Millisecond, "1"},
		{1500 * time.Millisecond, "2"},
		{20 * time.Second, "20"},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/api/search?q=s%C3%B6kandelots~2", nil)
		writeError(rec, req, quietLog, &search.Error{Kind: search.ErrTooManyCostly, Msg: "Försök igen om en stund.", RetryAfter: tt.after})
		if got := rec.Header().Get("Retry-After"); got != tt.want {
			t.Errorf("refused for %v: Retry-After %q, want %q", tt.after, got, tt.want)
		}
	}
}

// A costly search whose class took longer than the deadline with nothing
// else running is refused before it starts with a 400 that says what to
// change, in Swedish or, with lang=en, in English — never started and
// timed out. (The answer cache is off: a kept answer is served without
// searching, so without admission — TestAnswerCacheHitNeedsNoSlot.)
func TestCostlyNeverFitsIs400(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	srv := serverFor(t, eng, WithAnswerCache(0))
	q := "/api/search?q=" + url.QueryEscape("sökandelots~2")
	// learn the class's cost alone (this test is the server's only client)
	if res, body := get(t, srv.URL+q); res.StatusCode != http.StatusOK {
		t.Fatalf("first search: %d %s", res.StatusCode, body)
	}
	eng.Timeout = time.Microsecond // now no run of the class fits
	for _, tt := range []struct{ lang, advice string }{
		{"", "använd ~1 i stället för ~2"},
		{"en", "use ~1 instead of ~2"},
	} {
		res, body := get(t, srv.URL+q+"&lang="+tt.lang)
		var msg struct {
			Error string `json:"error"`
		}
		if err := json.Unmarshal(body, &msg); err != nil {
			t.Fatalf("lang=%s: %v: %s", tt.lang, err, body)
		}
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(msg.Error, tt.advice) {
			t.Errorf("lang=%s: %d %q, want 400 saying %q", tt.lang, res.StatusCode, msg.Error, tt.advice)
		}
	}
}

// A costly search that runs out of time before its class is measured is
// answered 429 with what to change (Swedish, or English with lang=en)
// and a Retry-After — not 503; the next of its class is refused at once.
func TestCostlyOverrunIs429(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	eng.Timeout = time.Nanosecond // nothing finishes in time
	srv := serverFor(t, eng)
	for _, tt := range []struct {
		query, lang string
		status      int
		advice      string
	}{
		{"sökandelots~2", "", http.StatusTooManyRequests, "använd ~1 i stället för ~2"},
		{"västervik~2", "en", http.StatusBadRequest, "use ~1 instead of ~2"},
	} {
		res, body := get(t, srv.URL+"/api/search?q="+url.QueryEscape(tt.query)+"&lang="+tt.lang)
		var msg struct {
			Error string `json:"error"`
		}
		if err := json.Unmarshal(body, &msg); err != nil {
			t.Fatalf("%s: %v: %s", tt.query, err, body)
		}
		if res.StatusCode != tt.status || !strings.Contains(msg.Error, tt.advice) {
			t.Errorf("%s: %d %q, want %d saying %q", tt.query, res.StatusCode, msg.Error, tt.status, tt.advice)
		}
		if tt.status == http.StatusTooManyRequests && res.Header.Get("Retry-After") == "" {
			t.Errorf("%s: 429 without Retry-After", tt.query)
		}
	}
}
