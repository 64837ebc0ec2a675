package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"projektsok/index"
	"projektsok/search"
	"projektsok/search/searchtest"
)

var (
	fuzzOnce    sync.Once
	fuzzHandler http.Handler
	fuzzErr     error
)

// fuzzServer is one real server over an in-memory index with the test
// fixture, shared by all fuzz inputs of a process.
func fuzzServer(t testing.TB) http.Handler {
	fuzzOnce.Do(func() {
		idx, err := index.NewMemory()
		if err != nil {
			fuzzErr = err
			return
		}
		if _, err := idx.Put(context.Background(), searchtest.Fixture()); err != nil {
			fuzzErr = err
			return
		}
		fuzzHandler = NewServer(search.NewEngine(idx), quietLog)
	})
	if fuzzErr != nil {
		t.Fatal(fuzzErr)
	}
	return fuzzHandler
}

var fuzzFacets = []string{"municipality", "region", "period", "budget", "nope"}

// FuzzSearchParams sends raw query strings to /api/search, /api/suggest
// and /api/facets/{field}: no input may give a 5xx, an invalid JSON body,
// a panic or a hang.
func FuzzSearchParams(f *testing.F) {
	seeds := []string{
		"q=s%C3%B6kandelots", "q=%22abc", "q=title:", "q=-", "q=%2B", "q=~", "q=a:b:c", "q=x%5Eabc",
		"q=x~3", "q=%2F%5Ba-%2F", "q=*", "q=%2F.*%2F", "q=*a*", "q=a*", "q=ar~2", "q=a+OR+b",
		"from=-1", "size=999999999", "from=9999&size=100", "from=1e3", "size=-5", "size=",
		"q=%ff%fe", "q=%00", "q=%zz", "q=a&q=b", "sort=budget", "sort=%00", "active_from=9999-99-99",
		"active_to=2014&active_from=2020", "budget_min=-1", "budget_max=1e309", "budget_min=99999999999999999999",
		"municipality=Botkyrka&municipality=Huddinge", "region=" + strings.Repeat("x", 300), "prefix=%C3%B6",
		"prefix=" + strings.Repeat("a", 250), "q=" + strings.Repeat("a%20", 200), ";;;&&&==", "%", "q",
		"q=kommun:Botkyrka", "q=%C3%A5r:2020", "q=field:%22two+words", "x=1",
	}
	for i, s := range seeds {
		f.Add(s, uint8(i))
	}
	f.Fuzz(func(t *testing.T, raw string, which uint8) {
		h := fuzzServer(t)
		paths := []string{"/api/search", "/api/suggest", "/api/facets/" + fuzzFacets[int(which)%len(fuzzFacets)]}
		for _, p := range paths {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			req := httptest.NewRequest("GET", p, nil).WithContext(ctx)
			req.URL.RawQuery = raw
			req.RequestURI = p + "?" + raw
			rec := httptest.NewRecorder()
			start := time.Now()
			h.ServeHTTP(rec, req)
			d := time.Since(start)
			cancel()
			if rec.Code >= 500 {
				t.Fatalf("GET %s?%s: status %d: %s", p, raw, rec.Code, rec.Body.String())
			}
			if !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("GET %s?%s: invalid JSON body %q", p, raw, rec.Body.String())
			}
			if d > 3*time.Second {
				t.Fatalf("GET %s?%s took %v", p, raw, d)
			}
		}
	})
}

// TestFuzzSeedsDirect keeps the URL-level checks the fuzzer relies on
// honest: a query string that url.ParseQuery rejects is a 400, not a 5xx.
func TestFuzzSeedsDirect(t *testing.T) {
	if _, err := url.ParseQuery("q=%zz"); err == nil {
		t.Skip("ParseQuery accepts %zz")
	}
	h := fuzzServer(t)
	req := httptest.NewRequest("GET", "/api/search", nil)
	req.URL.RawQuery = "q=%zz"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Errorf("status %d", rec.Code)
	}
}
