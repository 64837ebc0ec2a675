package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"projektsok/index"
	"projektsok/ingest"
	"projektsok/search"
	"projektsok/search/searchtest"
)

// rawGet GETs u as a browser would (gzip accepted unless plain) and
// returns the response and its body as sent, not inflated.
func rawGet(t *testing.T, method, u string, plain bool) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !plain {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	return send(t, rawClient, req)
}

// rawClient does not inflate answers (Go's transport would when it asked
// for gzip itself).
var rawClient = &http.Client{Transport: &http.Transport{DisableCompression: true}}

func inflate(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A kept answer is the answer sent when it was kept, byte for byte,
// compressed or not, and HEAD gets its headers; the header says which was
// which. An answer is kept the second time its request is asked.
func TestAnswerCacheHitIsTheMiss(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	srv := serverFor(t, eng)
	u := srv.URL + "/api/search?q=arbete&municipality=Botkyrka"

	first, _ := rawGet(t, http.MethodGet, u, false)
	if how := first.Header.Get("X-Answer-Cache"); how != answerMiss {
		t.Errorf("first ask: %s", how)
	}
	miss, missBody := rawGet(t, http.MethodGet, u, false)
	hit, hitBody := rawGet(t, http.MethodGet, u, false)
	if miss.StatusCode != 200 || hit.StatusCode != 200 {
		t.Fatalf("statuses %d, %d", miss.StatusCode, hit.StatusCode)
	}
	if a, b := miss.Header.Get("X-Answer-Cache"), hit.Header.Get("X-Answer-Cache"); a != answerMiss || b != answerHit {
		t.Errorf("X-Answer-Cache %q then %q, want miss then hit", a, b)
	}
	if !bytes.Equal(missBody, hitBody) {
		t.Errorf("the hit's body differs from the miss's")
	}
	for _, res := range []*http.Response{miss, hit} {
		if res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("Content-Type") != "application/json; charset=utf-8" ||
			res.Header.Get("Content-Length") != strconv.Itoa(len(hitBody)) || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s headers %v", res.Header.Get("X-Answer-Cache"), res.Header)
		}
	}
	plain := inflate(t, hitBody)
	var got search.Response
	if err := json.Unmarshal(plain, &got); err != nil || got.Total == 0 {
		t.Fatalf("answer %s: %v", plain, err)
	}

	// the same request in other words, without gzip: the same answer,
	// inflated
	other, otherBody := rawGet(t, http.MethodGet, srv.URL+"/api/search?municipality=Botkyrka&from=0&q=+arbete+&lang=sv", true)
	if other.Header.Get("X-Answer-Cache") != answerHit || other.Header.Get("Content-Encoding") != "" || !bytes.Equal(otherBody, plain) {
		t.Errorf("reordered, plain: %s %q, body equal %v", other.Header.Get("X-Answer-Cache"), other.Header.Get("Content-Encoding"), bytes.Equal(otherBody, plain))
	}
	head, headBody := rawGet(t, http.MethodHead, u, false)
	if head.StatusCode != 200 || len(headBody) != 0 || head.Header.Get("Content-Length") != strconv.Itoa(len(plain)) {
		t.Errorf("HEAD: %d, %d bytes, Content-Length %q, want 200, none, %d", head.StatusCode, len(headBody), head.Header.Get("Content-Length"), len(plain))
	}

	// a client without gzip gets the body the encoder made
	rawGet(t, http.MethodGet, srv.URL+"/api/search?q=validering", true)
	p1, p1Body := rawGet(t, http.MethodGet, srv.URL+"/api/search?q=validering", true)
	p2, p2Body := rawGet(t, http.MethodGet, srv.URL+"/api/search?q=validering", false)
	if p1.Header.Get("X-Answer-Cache") != answerMiss || p2.Header.Get("X-Answer-Cache") != answerHit || !bytes.Equal(p1Body, inflate(t, p2Body)) {
		t.Errorf("plain miss %s then gzip hit %s: bodies equal %v", p1.Header.Get("X-Answer-Cache"), p2.Header.Get("X-Answer-Cache"), bytes.Equal(p1Body, inflate(t, p2Body)))
	}
}

// Every input of an answer is in its key: after the base request is
// kept, a request differing in any one input gets its own answer — the
// one a server without the cache gives — not the kept one.
func TestAnswerCacheInputs(t *testing.T) {
	recs := searchtest.Fixture()
	cached := serverFor(t, testEngine(t, recs))
	fresh := serverFor(t, testEngine(t, recs), WithAnswerCache(0))
	const base = "/api/search?q=arbete&size=2"
	variants := []string{
		"/api/search?q=arbetsgivare&size=2",
		"/api/search?q=arbete&size=2&from=1",
		"/api/search?q=arbete&size=1",
		"/api/search?q=arbete&size=2&sort=oldest",
		"/api/search?q=arbete&size=2&municipality=Huddinge",
		"/api/search?q=arbete&size=2&region=Stockholm",
		"/api/search?q=arbete&size=2&active_from=2016",
		"/api/search?q=arbete&size=2&active_to=2016",
		"/api/search?q=arbete&size=2&budget_min=1000000",
		"/api/search?q=arbete&size=2&budget_max=1000000",
		"/api/search?q=arbete&size=2&start_year=2015",
	}
	answer := func(srv *httptest.Server, path string) (string, string) {
		res, body := get(t, srv.URL+path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, res.StatusCode, body)
		}
		return withoutTook(t, body), res.Header.Get("X-Answer-Cache")
	}
	answer(cached, base)
	baseAnswer, _ := answer(cached, base)
	if again, how := answer(cached, base); how != answerHit || again != baseAnswer {
		t.Fatalf("base asked again: %s", how)
	}
	for _, v := range variants {
		want, _ := answer(fresh, v)
		if want == baseAnswer {
			t.Fatalf("%s: the fixture answers it as the base request; the test would prove nothing", v)
		}
		got, how := answer(cached, v)
		if got != want || how != answerMiss {
			t.Errorf("%s: %s, answer\n%s\nwant\n%s", v, how, got, want)
		}
	}
	// lang changes only error messages today, which are not kept; it is
	// in the key all the same, so an answer in one language is never
	// sent for the other
	for i := 0; i < 2; i++ {
		if _, how := answer(cached, base+"&lang=en"); how != answerMiss {
			t.Errorf("lang=en after the Swedish answer: %s, want miss", how)
		}
	}
}

// withoutTook is a JSON answer with took_ms zeroed (it differs between
// any two searches).
func withoutTook(t *testing.T, body []byte) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	m["took_ms"] = 0
	b, _ := json.Marshal(m)
	return string(b)
}

// A write through the index, and a rebuild, make every kept answer
// unreachable: the next search sees the new documents.
func TestAnswerCacheWriteAndRebuild(t *testing.T) {
	eng := diskEngine(t, 3)
	srv := serverFor(t, eng)
	total := func() (uint64, string) {
		res, body := get(t, srv.URL+"/api/search?q=arbete")
		var r search.Response
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatal(err)
		}
		return r.Total, res.Header.Get("X-Answer-Cache")
	}
	total()
	before, _ := total()
	if n, how := total(); n != before || how != answerHit {
		t.Fatalf("asked again: %d, %s", n, how)
	}
	extra := ingest.Record{ID: "ny-arbete", Source: "ny.txt", DocType: ingest.TypeProject, Title: "Arbete i Kiruna",
		Sections: []ingest.Section{{Heading: "Sammanfattning", Text: "Arbete och arbetsmarknad i Kiruna."}}}
	if _, err := eng.Index().Put(context.Background(), []ingest.Record{extra}); err != nil {
		t.Fatal(err)
	}
	if n, how := total(); n != before+1 || how != answerMiss {
		t.Errorf("after a write: total %d (%s), want %d (miss)", n, how, before+1)
	}
	if n, how := total(); n != before+1 || how != answerHit {
		t.Errorf("after a write, again: total %d (%s), want %d (hit)", n, how, before+1)
	}
	err := eng.Index().Rebuild(context.Background(), func(g *index.Index) error {
		_, err := g.Put(context.Background(), searchtest.Fixture()[:1])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := eng.Search(context.Background(), search.Request{Query: "arbete", Size: 10, Sort: search.SortRelevance})
	if n, how := total(); n != want.Total || n == before+1 || how != answerMiss {
		t.Errorf("after a rebuild: total %d (%s), want %d (miss)", n, how, want.Total)
	}
}

// Errors and refusals are not kept: asked again, they are searched again
// (and a search that works now is answered).
func TestAnswerCacheKeepsNoErrors(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	c := newAnswers(DefaultAnswerCache)
	srv := httptest.NewServer(NewServer(eng, quietLog, withAnswers(c)))
	t.Cleanup(srv.Close)
	for i := 0; i < 2; i++ {
		if res, body := get(t, srv.URL+"/api/search?q=%22abc"); res.StatusCode != http.StatusBadRequest {
			t.Fatalf("unclosed quote: %d %s", res.StatusCode, body)
		}
	}
	if st := c.stats(); st.Entries != 0 || st.Misses != 2 {
		t.Errorf("after two 400s: %+v, want nothing kept, two misses", st)
	}
	eng.Timeout = time.Nanosecond
	res, _ := get(t, srv.URL+"/api/search?q=arbete")
	if res.StatusCode == http.StatusOK {
		t.Fatalf("a search with a deadline of 1 ns answered 200")
	}
	eng.Timeout = 2 * time.Second
	res, body := get(t, srv.URL+"/api/search?q=arbete")
	if res.StatusCode != http.StatusOK || res.Header.Get("X-Answer-Cache") != answerMiss {
		t.Errorf("after the timeout: %d %s %s", res.StatusCode, res.Header.Get("X-Answer-Cache"), body)
	}
	if st := c.stats(); st.Entries != 1 {
		t.Errorf("%d answers kept, want 1 (the 200)", st.Entries)
	}
}

// An answer its search did not call complete is sent but not kept.
func TestAnswerCacheKeepsNoPartial(t *testing.T) {
	c := newAnswers(1 << 20)
	calls := 0
	compute := func(keep bool) func() (*answer, bool, error) {
		return func() (*answer, bool, error) {
			calls++
			return &answer{gz: []byte("body"), plain: 4}, keep, nil
		}
	}
	for i, want := range []string{answerMiss, answerMiss, answerMiss, answerHit} {
		a, how, err := c.fetch(context.Background(), 1, "k", compute(i >= 2))
		if err != nil || how != want || string(a.gz) != "body" {
			t.Errorf("fetch %d: %q %s %v, want %s", i, a.gz, how, err, want)
		}
	}
	if calls != 3 {
		t.Errorf("%d searches, want 3 (two partial answers, then one kept)", calls)
	}
}

// A kept answer needs no search slot: it is served even when the engine
// would refuse the search now.
func TestAnswerCacheHitNeedsNoSlot(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	srv := serverFor(t, eng)
	q := "/api/search?q=" + url.QueryEscape("sökandelots~2")
	for i := 0; i < 2; i++ {
		if res, body := get(t, srv.URL+q); res.StatusCode != http.StatusOK {
			t.Fatalf("search: %d %s", res.StatusCode, body)
		}
	}
	eng.Timeout = time.Microsecond // no search fits now
	if res, body := get(t, srv.URL+q); res.StatusCode != http.StatusOK || res.Header.Get("X-Answer-Cache") != answerHit {
		t.Errorf("kept answer: %d %s %s", res.StatusCode, res.Header.Get("X-Answer-Cache"), body)
	}
	if res, _ := get(t, srv.URL+q+"&size=5"); res.StatusCode == http.StatusOK {
		t.Errorf("a search not kept was answered 200 with a deadline of 1 µs")
	}
}

// The cache holds at most its bound in bytes, dropping the least recently
// used answers, and keeps no answer larger than an eighth of it.
func TestAnswerCacheBound(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	probe := httptest.NewServer(NewServer(eng, quietLog))
	_, body := rawGet(t, http.MethodGet, probe.URL+"/api/search?q=arbete&budget_max=1000000000", false)
	probe.Close()
	one := int64(len(body) + 64 + entryOverhead) // about one answer with its key
	c := newAnswers(12 * one)
	srv := httptest.NewServer(NewServer(eng, quietLog, withAnswers(c)))
	t.Cleanup(srv.Close)
	// distinct requests with answers of one size
	how := func(i int) string {
		res, _ := rawGet(t, http.MethodGet, fmt.Sprintf("%s/api/search?q=arbete&budget_max=10000000%02d", srv.URL, i), false)
		return res.Header.Get("X-Answer-Cache")
	}
	for i := 0; i < 40; i++ {
		how(i)
		how(i) // kept the second time
		if st := c.stats(); st.Bytes > st.Max {
			t.Fatalf("after %d answers: %d bytes kept, bound %d", i+1, st.Bytes, st.Max)
		}
	}
	if st := c.stats(); st.Evictions == 0 || st.Entries < 10 || st.Entries > 12 {
		t.Errorf("after 40 answers, a twelfth of the bound each: %+v, want 10–12 kept", st)
	}
	if h := how(39); h != answerHit {
		t.Errorf("the latest answer: %s, want hit", h)
	}
	if h := how(0); h != answerMiss {
		t.Errorf("the first answer: %s, want miss (evicted)", h)
	}

	small := newAnswers(4 * one) // an answer is more than an eighth of it
	srv2 := httptest.NewServer(NewServer(eng, quietLog, withAnswers(small)))
	t.Cleanup(srv2.Close)
	for i := 0; i < 3; i++ {
		if res, _ := rawGet(t, http.MethodGet, srv2.URL+"/api/search?q=arbete", false); res.Header.Get("X-Answer-Cache") != answerMiss {
			t.Errorf("an answer larger than an eighth of the cache was kept")
		}
	}
}

// Identical searches at the same time search once; the rest wait for its
// answer.
func TestAnswerCacheSharesOneSearch(t *testing.T) {
	c := newAnswers(1 << 20)
	// asked before, so that the answer is kept and a late request hits
	c.fetch(context.Background(), 1, "k", func() (*answer, bool, error) { return &answer{gz: []byte("partial")}, false, nil })
	var calls atomic.Int32
	release := make(chan struct{})
	compute := func() (*answer, bool, error) {
		calls.Add(1)
		<-release
		return &answer{gz: []byte("body"), plain: 4}, true, nil
	}
	var wg sync.WaitGroup
	hows := make([]string, 8)
	for i := range hows {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, how, err := c.fetch(context.Background(), 1, "k", compute)
			if err != nil || string(a.gz) != "body" {
				t.Errorf("fetch: %v", err)
			}
			hows[i] = how
		}()
	}
	time.Sleep(20 * time.Millisecond) // let the others find the search under way (else they hit)
	close(release)
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("%d searches for 8 identical requests, want 1", calls.Load())
	}
	misses := 0
	for _, h := range hows {
		if h == answerMiss {
			misses++
		}
	}
	if misses != 1 {
		t.Errorf("hows %v, want one miss", hows)
	}

	// a failed search is not shared: a request waiting for it searches
	// itself, and the error goes to the failed search's own caller
	c2 := newAnswers(1 << 20)
	failing := make(chan struct{})
	leaderErr := make(chan error, 1)
	go func() {
		_, _, err := c2.fetch(context.Background(), 1, "k", func() (*answer, bool, error) {
			<-failing
			return nil, false, errors.New("timeout")
		})
		leaderErr <- err
	}()
	time.Sleep(10 * time.Millisecond) // let the failing search start
	done := make(chan string, 1)
	go func() {
		a, how, err := c2.fetch(context.Background(), 1, "k", func() (*answer, bool, error) {
			return &answer{gz: []byte("own"), plain: 3}, true, nil
		})
		if err != nil || string(a.gz) != "own" {
			t.Errorf("after the failed search: %v", err)
		}
		done <- how
	}()
	time.Sleep(10 * time.Millisecond) // let it wait for the failing one
	close(failing)
	if how := <-done; how != answerMiss {
		t.Errorf("after the failed search: %s, want miss (its own search)", how)
	}
	if err := <-leaderErr; err == nil {
		t.Errorf("the failing search's own caller saw no error")
	}
}

// Requests asked once — a long tail — keep nothing, and push out none of
// the answers asked again; the doorkeeper remembers a request across a
// write, so a popular one is kept again at its first ask after it.
func TestAnswerCacheLongTailKeepsNothing(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	c := newAnswers(DefaultAnswerCache)
	srv := httptest.NewServer(NewServer(eng, quietLog, withAnswers(c)))
	t.Cleanup(srv.Close)
	how := func(path string) string {
		res, body := get(t, srv.URL+path)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, res.StatusCode, body)
		}
		return res.Header.Get("X-Answer-Cache")
	}
	const popular = "/api/search?q=unga"
	how(popular)
	how(popular)
	for i := 0; i < 50; i++ {
		if h := how(fmt.Sprintf("/api/search?q=arbete&budget_max=%d", 1000000000+i)); h != answerMiss {
			t.Fatalf("distinct request %d: %s", i, h)
		}
	}
	if st := c.stats(); st.Entries != 1 {
		t.Errorf("%d answers kept after 50 distinct requests and one asked twice, want 1", st.Entries)
	}
	if h := how(popular); h != answerHit {
		t.Errorf("the popular request after the long tail: %s, want hit", h)
	}
	if _, err := eng.Index().Put(context.Background(), []ingest.Record{{ID: "ny", Source: "ny.txt", DocType: ingest.TypeProject, Title: "Unga i Kiruna"}}); err != nil {
		t.Fatal(err)
	}
	if h := how(popular); h != answerMiss {
		t.Errorf("after a write: %s, want miss", h)
	}
	if h := how(popular); h != answerHit {
		t.Errorf("after a write, asked again: %s, want hit (kept at its first ask after the write)", h)
	}
}

func TestDoorkeeper(t *testing.T) {
	d := doorkeeper{seed: maphash.MakeSeed()}
	if d.saw("a") {
		t.Error("a seen before it was asked")
	}
	if !d.saw("a") {
		t.Error("a not seen the second time")
	}
	for i := 0; i < doorGeneration; i++ { // fills a generation: "a" goes to the older one
		d.saw(strconv.Itoa(i))
	}
	if !d.saw("a") {
		t.Error("a forgotten after one generation")
	}
	for i := 0; i < 2*doorGeneration; i++ {
		d.saw("x" + strconv.Itoa(i))
	}
	if d.saw("a") {
		t.Error("a remembered after two generations of other requests")
	}
	if len(d.cur) > doorGeneration || len(d.prev) > doorGeneration {
		t.Errorf("generations of %d and %d, bound %d", len(d.cur), len(d.prev), doorGeneration)
	}
}

// Concurrent requests for a few searches, while the index is written,
// each get a well-formed answer (go test -race checks the rest).
func TestAnswerCacheConcurrent(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	c := newAnswers(DefaultAnswerCache)
	srv := httptest.NewServer(NewServer(eng, quietLog, withAnswers(c)))
	t.Cleanup(srv.Close)
	paths := []string{"/api/search?q=arbete", "/api/search?q=unga", "/api/search?q=arbete&municipality=Botkyrka", "/api/search?q=validering&lang=en"}
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 30; i++ {
				p := paths[(w+i)%len(paths)]
				res, err := http.Get(srv.URL + p)
				if err != nil {
					t.Error(err)
					return
				}
				var r search.Response
				err = json.NewDecoder(res.Body).Decode(&r)
				res.Body.Close()
				if err != nil || res.StatusCode != 200 || r.Total == 0 {
					t.Errorf("%s: %d, %v, total %d", p, res.StatusCode, err, r.Total)
				}
			}
		}()
	}
	for i := 0; i < 5; i++ {
		rec := ingest.Record{ID: fmt.Sprintf("extra-%d", i), Source: "x.txt", DocType: ingest.TypeProject, Title: "Arbete för unga",
			Sections: []ingest.Section{{Heading: "Sammanfattning", Text: "Unga får arbete genom validering."}}}
		if _, err := eng.Index().Put(context.Background(), []ingest.Record{rec}); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	st := c.stats()
	if st.Hits+st.Shared+st.Misses != 8*30 {
		t.Errorf("counted %+v, want %d requests", st, 8*30)
	}
}

// Off, the server searches every time and says nothing of a cache.
func TestAnswerCacheOff(t *testing.T) {
	srv := serverFor(t, testEngine(t, searchtest.Fixture()), WithAnswerCache(0))
	for i := 0; i < 2; i++ {
		res, body := get(t, srv.URL+"/api/search?q=arbete")
		if res.StatusCode != 200 || res.Header.Get("X-Answer-Cache") != "" {
			t.Errorf("off: %d, X-Answer-Cache %q: %s", res.StatusCode, res.Header.Get("X-Answer-Cache"), body)
		}
	}
}

// processCPU is the CPU time this process has used: on a shared machine a
// steadier measure than the wall clock.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkServeSearchCache is /api/search through the whole handler with
// the answer cache off, on with every request new (the long tail: what
// the cache adds to a miss) and on with the same few requests (hits).
// Off and miss send the same distinct requests.
func BenchmarkServeSearchCache(b *testing.B) {
	eng := engineForBench(b)
	qs := append(append([]string{}, searchtest.BenchQueries["word"]...), searchtest.BenchQueries["words"]...)
	for _, bc := range []struct {
		name     string
		size     int64
		distinct bool
	}{
		{"off", 0, true},
		{"miss", DefaultAnswerCache, true},
		{"hit", DefaultAnswerCache, false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			h := NewServer(eng, slog.New(slog.NewTextHandler(io.Discard, nil)), WithAnswerCache(bc.size))
			if !bc.distinct { // kept at the second ask: every request below hits
				for i := 0; i < 2*len(qs); i++ {
					r := httptest.NewRequest(http.MethodGet, "/api/search?q="+url.QueryEscape(qs[i%len(qs)]), nil)
					h.ServeHTTP(httptest.NewRecorder(), r)
				}
			}
			var n atomic.Int64
			b.ResetTimer()
			b.ReportAllocs()
			cpu0 := processCPU()
			defer func() { b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op") }()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					u := "/api/search?q=" + url.QueryEscape(qs[int(i)%len(qs)])
					if bc.distinct { // the same search, made distinct
						u += "&budget_max=" + strconv.FormatInt(1e12+i, 10)
					}
					r := httptest.NewRequest(http.MethodGet, u, nil)
					r.Header.Set("Accept-Encoding", "gzip")
					w := httptest.NewRecorder()
					h.ServeHTTP(w, r)
					if w.Code != http.StatusOK {
						b.Errorf("status %d", w.Code)
						return
					}
				}
			})
		})
	}
}

// BenchmarkAnswerEncoding is what a hit would cost on top of the lookup
// if the cache kept answers as structs rather than as sent: encoding a
// first page's answer to JSON and compressing it.
func BenchmarkAnswerEncoding(b *testing.B) {
	eng := engineForBench(b)
	res, err := eng.Search(context.Background(), search.Request{Query: "arbetsmarknad", Size: search.DefaultSize, Sort: search.SortRelevance})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	cpu0 := processCPU()
	for i := 0; i < b.N; i++ {
		buf.Reset()
		encodeJSON(&buf, res)
		if _, err := gzipBytes(buf.Bytes()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(buf.Len()), "json-bytes")
}
