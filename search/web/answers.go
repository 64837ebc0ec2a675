package web

import (
	"bytes"
	"container/list"
	"context"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"

	"projektsok/search"
)

// The answer cache keeps whole /api/search answers, encoded and
// gzip-compressed, so that a search asked again is answered without
// searching, encoding or compressing: people page back, reload, share
// links, and a service's most common questions are asked all day (like
// Elasticsearch's request cache). It holds only what would be the same if
// searched again:
//
//   - An answer belongs to an index version (index.Index.Version: any
//     write or rebuild changes it): the first lookup at a new version
//     empties the cache, and an answer searched at an older one is not
//     kept, so nothing computed before a change is served after it. Within
//     a version the key is the answer's language (lang; only error
//     messages depend on it today, and errors are not kept) and the
//     request as parsed and validated (search.Request.Key: the order and
//     spelling of URL parameters do not matter). The encoding is chosen
//     when the answer is sent: the gzip bytes as they are, or inflated for
//     a client that does not accept gzip; HEAD gets the headers.
//   - Kept: complete 200 answers (search.Response.Complete) of requests
//     asked before, among the last 16,384–32,768 distinct requests (the
//     doorkeeper, whatever the version): a request asked once, as most of
//     a long tail is, would only push out answers that are asked again.
//     Never kept: errors and refusals (400, 429, 503), answers whose
//     deadline passed while a stage that gives up quietly ran, exports
//     (format=…), the pages.
//   - took_ms is the time the search took when the answer was made; a
//     kept answer is sent byte for byte as it was sent when it was kept. The header
//     X-Answer-Cache says hit (kept), shared (an identical search running
//     at the same time was waited for) or miss (searched now).
//   - A hit takes no search slot (search/cost.go): the admission gate is
//     for searches. Identical searches that miss at the same time search
//     once; the others wait for that answer (or search themselves if it
//     fails or is partial).
//   - Bounded by bytes: the compressed bodies, keys and bookkeeping;
//     least recently used answers go first. An answer larger than an
//     eighth of the cache is not kept.
type answers struct {
	max int64 // bytes; ≤ 0: off

	mu      sync.Mutex
	version uint64 // the newest index version seen; every answer kept is of it
	size    int64  // bytes held, as answer.size counts them
	ll      *list.List
	m       map[string]*list.Element
	flights map[string]*flight // by version and key
	door    doorkeeper

	hits, shared, misses, evictions atomic.Uint64
}

// DefaultAnswerCache is the answer cache's default size in bytes. A
// first page of ten hits is 5–7 KB compressed (44,397 documents), so this
// holds about 2,500 of them. Full, it costs about twice as much RSS
// (GOGC 100): 32 MB measured.
const DefaultAnswerCache = 16 << 20

// entryOverhead estimates what an entry costs beside its body and key:
// the list element, the answer, the map's slot.
const entryOverhead = 160

// answer is one search answer as sent: the JSON body gzip-compressed.
type answer struct {
	key   string
	gz    []byte
	plain int // length of the uncompressed body
}

func (a *answer) size() int64 { return int64(len(a.gz) + len(a.key) + entryOverhead) }

// flight is a search under way that identical requests wait for.
type flight struct {
	done chan struct{}
	ans  *answer // nil when the search failed or its answer is partial
}

// How an answer was come by (the X-Answer-Cache header).
const (
	answerHit    = "hit"
	answerShared = "shared"
	answerMiss   = "miss"
)

func newAnswers(max int64) *answers {
	return &answers{max: max, ll: list.New(), m: map[string]*list.Element{}, flights: map[string]*flight{},
		door: doorkeeper{seed: maphash.MakeSeed()}}
}

func (c *answers) on() bool { return c != nil && c.max > 0 }

// answerKey is the cache key of a request within an index version.
func answerKey(lang string, req search.Request) string {
	return lang + " " + req.Key()
}

// fetch returns the answer to key at version: kept (hit), from an
// identical search under way (shared), or made now by compute (miss),
// which also says whether its answer is complete. An error of compute
// goes to its own caller only: requests waiting for it then compute their
// own answer.
func (c *answers) fetch(ctx context.Context, version uint64, key string, compute func() (*answer, bool, error)) (*answer, string, error) {
	c.mu.Lock()
	if version > c.version {
		// nothing kept can be asked for again
		c.version = version
		c.ll.Init()
		c.m = map[string]*list.Element{}
		c.size = 0
	}
	if el, ok := c.m[key]; ok {
		c.ll.MoveToFront(el)
		c.mu.Unlock()
		c.hits.Add(1)
		return el.Value.(*answer), answerHit, nil
	}
	// a search under way at another version is another search
	fkey := strconv.FormatUint(version, 10) + " " + key
	if f, ok := c.flights[fkey]; ok {
		c.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, "", fmt.Errorf("%w: waiting for the same search: %v", search.ErrTimeout, ctx.Err())
		}
		if f.ans != nil {
			c.shared.Add(1)
			return f.ans, answerShared, nil
		}
		c.misses.Add(1)
		a, _, err := compute()
		return a, answerMiss, err
	}
	f := &flight{done: make(chan struct{})}
	c.flights[fkey] = f
	again := c.door.saw(key)
	c.mu.Unlock()
	c.misses.Add(1)

	var (
		a        *answer
		complete bool
		err      error
	)
	defer func() { // even if compute panics, the waiting requests go on
		c.mu.Lock()
		delete(c.flights, fkey)
		if err == nil && complete && a != nil {
			a.key = key
			f.ans = a
			if again {
				c.add(version, a)
			}
		}
		c.mu.Unlock()
		close(f.done)
	}()
	a, complete, err = compute()
	return a, answerMiss, err
}

// add keeps a (under c.mu) unless it is too large or of an older version,
// evicting the least recently used answers beyond the bound.
func (c *answers) add(version uint64, a *answer) {
	if version != c.version || a.size() > c.max/8 {
		return
	}
	if el, ok := c.m[a.key]; ok { // kept meanwhile by a request that waited in vain
		c.size -= el.Value.(*answer).size()
		c.ll.Remove(el)
	}
	c.m[a.key] = c.ll.PushFront(a)
	c.size += a.size()
	for c.size > c.max {
		last := c.ll.Back()
		old := last.Value.(*answer)
		c.ll.Remove(last)
		delete(c.m, old.key)
		c.size -= old.size()
		c.evictions.Add(1)
	}
}

// doorkeeper remembers which requests were asked lately: hashes of their
// keys, in two generations of up to doorGeneration each (under 1 MB in
// all, beside the cache's bound), the older dropped when the newer is
// full.
type doorkeeper struct {
	seed      maphash.Seed
	cur, prev map[uint64]struct{}
}

const doorGeneration = 1 << 14

// saw reports whether key was asked lately, and remembers that it was.
func (d *doorkeeper) saw(key string) bool {
	h := maphash.String(d.seed, key)
	if _, ok := d.cur[h]; ok {
		return true
	}
	_, ok := d.prev[h]
	if len(d.cur) >= doorGeneration || d.cur == nil {
		d.prev, d.cur = d.cur, make(map[uint64]struct{}, doorGeneration/4)
	}
	d.cur[h] = struct{}{}
	return ok
}

// stats are the cache's counters for /metrics and the tests.
type answerStats struct {
	Hits, Shared, Misses, Evictions uint64
	Entries                         int
	Bytes, Max                      int64
}

func (c *answers) stats() answerStats {
	if c == nil {
		return answerStats{}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return answerStats{Hits: c.hits.Load(), Shared: c.shared.Load(), Misses: c.misses.Load(), Evictions: c.evictions.Load(),
		Entries: c.ll.Len(), Bytes: c.size, Max: c.max}
}

// bodyPool holds the buffers answers are encoded into.
var bodyPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// serveSearch answers a parsed search through the cache.
func (c *answers) serveSearch(w http.ResponseWriter, r *http.Request, log *slog.Logger, eng *search.Engine, req search.Request) {
	version := eng.Index().Version()
	var plain *bytes.Buffer // the body as encoded by this request's own search
	defer func() {
		if plain != nil {
			bodyPool.Put(plain)
		}
	}()
	a, how, err := c.fetch(r.Context(), version, answerKey(apiLang(r), req), func() (*answer, bool, error) {
		res, err := eng.Search(r.Context(), req)
		if err != nil {
			return nil, false, err
		}
		plain = bodyPool.Get().(*bytes.Buffer)
		plain.Reset()
		encodeJSON(plain, res)
		gz, err := gzipBytes(plain.Bytes())
		if err != nil {
			return nil, false, err
		}
		return &answer{gz: gz, plain: plain.Len()}, res.Complete(), nil
	})
	if err != nil {
		writeError(w, r, log, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Answer-Cache", how)
	if r.Method != http.MethodHead && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		// compress (compress.go) passes an encoded body through
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(len(a.gz)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(a.gz)
		return
	}
	h.Set("Content-Length", strconv.Itoa(a.plain))
	w.WriteHeader(http.StatusOK)
	switch {
	case r.Method == http.MethodHead:
	case plain != nil:
		_, _ = w.Write(plain.Bytes())
	default:
		if err := gunzipTo(w, a.gz); err != nil {
			log.Warn("answer cache: inflating a kept answer", "err", err, "request_id", RequestID(r.Context()))
		}
	}
}

// encodeJSON writes v as writeJSON does.
func encodeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// gzipBytes compresses b as compress (compress.go) would, into a slice of
// its own size.
func gzipBytes(b []byte) ([]byte, error) {
	buf := bodyPool.Get().(*bytes.Buffer)
	defer bodyPool.Put(buf)
	buf.Reset()
	gz := gzipPool.Get().(*gzip.Writer)
	defer gzipPool.Put(gz)
	gz.Reset(buf)
	_, err := gz.Write(b)
	if cerr := gz.Close(); err == nil {
		err = cerr
	}
	gz.Reset(nil)
	if err != nil {
		return nil, fmt.Errorf("compress answer: %w", err)
	}
	return bytes.Clone(buf.Bytes()), nil
}

func gunzipTo(w io.Writer, gz []byte) error {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return err
	}
	_, err = io.Copy(w, zr)
	return err
}
