package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/google/go-cmp/cmp"

	"projektsok/index"
	"projektsok/ingest"
	"projektsok/search"
	"projektsok/search/searchtest"
)

const testToken = "s3cret-token"

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

func sampleText(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "ingest", "sample", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// diskEngine serves an index folder with generations, built from recs.
func diskEngine(t testing.TB, n int) *search.Engine {
	t.Helper()
	idx, err := index.Build(context.Background(), filepath.Join(t.TempDir(), "idx"), func(g *index.Index) error {
		_, err := g.Put(context.Background(), searchtest.Fixture()[:n])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	return search.NewEngine(idx)
}

func adminServer(t *testing.T, eng *search.Engine, cfg AdminConfig) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(NewServer(eng, quietLog, WithAdmin(cfg)))
	t.Cleanup(srv.Close)
	return srv
}

type part struct {
	field, name string
	data        []byte
}

func multipartBody(t testing.TB, parts ...part) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		w, err := mw.CreateFormFile(p.field, p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func post(t testing.TB, u, token, contentType string, body io.Reader) (int, map[string]json.RawMessage) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u, body)
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]json.RawMessage
	raw, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("POST %s: %d, body is not JSON: %q", u, res.StatusCode, raw)
	}
	return res.StatusCode, out
}

func TestAdminDisabledWithoutToken(t *testing.T) {
	srv := adminServer(t, diskEngine(t, 2), AdminConfig{})
	for _, p := range []string{"/api/admin/ingest", "/api/admin/rebuild"} {
		code, body := post(t, srv.URL+p, "Bearer x", "application/json", strings.NewReader(`{"paths":["/"]}`))
		if code != http.StatusNotFound || body["error"] == nil {
			t.Errorf("%s without a token configured: %d %v, want 404 JSON", p, code, body)
		}
	}
}

func TestAdminAuth(t *testing.T) {
	srv := adminServer(t, diskEngine(t, 2), AdminConfig{Token: testToken})
	body, ct := multipartBody(t, part{"file", "x.txt", []byte("x")})
	raw, _ := io.ReadAll(body)
	tests := []struct {
		name, header string
		want         int
	}{
		{"missing", "", 401},
		{"wrong", "Bearer nope", 401},
		{"prefix of the token", "Bearer " + testToken[:4], 401},
		{"token plus more", "Bearer " + testToken + "x", 401},
		{"basic scheme", "Basic " + testToken, 401},
		{"no space", "Bearer" + testToken, 401},
		{"right", "Bearer " + testToken, 200},
		{"scheme is case-insensitive", "bearer " + testToken, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := post(t, srv.URL+"/api/admin/ingest", tt.header, ct, bytes.NewReader(raw))
			if code != tt.want {
				t.Fatalf("status %d, want %d: %v", code, tt.want, out)
			}
			if code == 401 && out["error"] == nil {
				t.Errorf("401 without an error message: %v", out)
			}
		})
	}
}

func TestAdminIngestUploads(t *testing.T) {
	eng := diskEngine(t, 2)
	srv := adminServer(t, eng, AdminConfig{Token: testToken})
	body, ct := multipartBody(t,
		part{"file", "001_bb93deab17c6a93d.txt", sampleText(t, "001_bb93deab17c6a93d.txt")},
		part{"file", "003_4bbc70af2d9de5f2.txt", sampleText(t, "003_4bbc70af2d9de5f2.txt")},
		part{"file", "projekt-1/002.txt", sampleText(t, "002_b8b164406977b26c.txt")}, // a client's relative path
		part{"file", "../../etc/broken.pdf", []byte("not a pdf")},
		part{"file", "notes.xlsx", []byte("x")},
	)
	code, out := post(t, srv.URL+"/api/admin/ingest", "Bearer "+testToken, ct, body)
	if code != 200 {
		t.Fatalf("status %d: %v", code, out)
	}
	var res AdminResult
	raw, _ := json.Marshal(out)
	json.Unmarshal(raw, &res)
	if res.Indexed != 3 || res.Skipped != 1 || res.Failed != 1 || res.Found != 5 || res.Sum() != 5 || res.Documents != 5 {
		t.Errorf("result = %+v, want 5 found: 3 indexed, 1 skipped, 1 failed; 5 documents", res)
	}
	if len(res.FailedFiles) != 1 || res.FailedFiles[0].File != "etc/broken.pdf" {
		t.Errorf("failed files = %+v, want the sent path without \"..\"", res.FailedFiles)
	}
	fates := map[string]ingest.Fate{}
	for _, o := range res.Files {
		fates[o.Path] = o.Fate
	}
	want := map[string]ingest.Fate{"001_bb93deab17c6a93d.txt": ingest.Indexed, "003_4bbc70af2d9de5f2.txt": ingest.Indexed,
		"projekt-1/002.txt": ingest.Indexed, "etc/broken.pdf": ingest.Failed, "notes.xlsx": ingest.Skipped}
	if diff := cmp.Diff(want, fates); diff != "" {
		t.Errorf("files' fates (-want +got):\n%s", diff)
	}
	// The new documents are searchable at once, under ids from the sent
	// paths.
	for _, id := range []string{"001_bb93deab17c6a93d.txt", "projekt-1.002.txt"} {
		resp, err := http.Get(srv.URL + "/api/documents/" + id)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("uploaded document %s: status %d", id, resp.StatusCode)
		}
	}
}

func TestAdminBadInput(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "001_bb93deab17c6a93d.txt"), sampleText(t, "001_bb93deab17c6a93d.txt"), 0o644)
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("Titel: hemligt\n\nhemlig text"), 0o644)
	os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(root, "link.txt"))

	eng := diskEngine(t, 2)
	withRoots := adminServer(t, eng, AdminConfig{Token: testToken, Roots: []string{root}, MaxBody: 1 << 20})
	noRoots := adminServer(t, eng, AdminConfig{Token: testToken})
	js := func(v interface{}) io.Reader { b, _ := json.Marshal(v); return bytes.NewReader(b) }
	big, bigCT := multipartBody(t, part{"file", "big.txt", bytes.Repeat([]byte("a"), 2<<20)})
	other, otherCT := multipartBody(t, part{"upload", "a.txt", []byte("x")})
	broken, brokenCT := multipartBody(t, part{"file", "broken.pdf", []byte("not a pdf")})

	tests := []struct {
		name        string
		srv         *httptest.Server
		path, ct    string
		body        io.Reader
		want        int
		errContains string
	}{
		{"paths without roots", noRoots, "ingest", "application/json", js(map[string]interface{}{"paths": []string{root}}), 400, "PROJEKTSOK_INGEST_ROOTS"},
		{"path outside roots", withRoots, "ingest", "application/json", js(map[string]interface{}{"paths": []string{outside}}), 400, "utanför"},
		{"dot-dot out of a root", withRoots, "ingest", "application/json", js(map[string]interface{}{"paths": []string{root + "/../" + filepath.Base(outside)}}), 400, "utanför"},
		{"relative path", withRoots, "ingest", "application/json", js(map[string]interface{}{"paths": []string{"docs"}}), 400, "absolut"},
		{"missing path", withRoots, "ingest", "application/json", js(map[string]interface{}{"paths": []string{root + "/nope"}}), 400, "finns inte"},
		{"no paths", withRoots, "ingest", "application/json", js(map[string]interface{}{"paths": []string{}}), 400, "paths"},
		{"unknown JSON field", withRoots, "ingest", "application/json", strings.NewReader(`{"path":"/"}`), 400, "JSON"},
		{"broken JSON", withRoots, "ingest", "application/json", strings.NewReader(`{"paths":[`), 400, "JSON"},
		{"wrong content type", withRoots, "ingest", "text/plain", strings.NewReader("x"), 415, "multipart"},
		{"too large", withRoots, "ingest", bigCT, big, 413, "större"},
		{"other form field", withRoots, "ingest", otherCT, other, 400, "upload"},
		{"symlink out of a root", withRoots, "ingest", "application/json", js(map[string]interface{}{"paths": []string{filepath.Join(root, "link.txt")}}), 400, "utanför"},
		{"rebuild with nothing readable", withRoots, "rebuild", brokenCT, broken, 400, "oförändrat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out := post(t, tt.srv.URL+"/api/admin/"+tt.path, "Bearer "+testToken, tt.ct, tt.body)
			if code != tt.want {
				t.Fatalf("status %d, want %d: %s", code, tt.want, out["error"])
			}
			if !strings.Contains(string(out["error"]), tt.errContains) {
				t.Errorf("error %s does not mention %q", out["error"], tt.errContains)
			}
		})
	}

	// A symlink inside a root that points outside is refused per file.
	code, out := post(t, withRoots.URL+"/api/admin/ingest", "Bearer "+testToken, "application/json", js(map[string]interface{}{"paths": []string{root}}))
	if code != 200 {
		t.Fatalf("ingest of root: %d %v", code, out)
	}
	if !strings.Contains(string(out["failed_files"]), "link.txt") || string(out["indexed"]) != "1" || string(out["failed"]) != "1" {
		t.Errorf("ingest of root = %v, want 1 indexed and link.txt failed", out)
	}
	if n, _ := eng.Index().Count(); n != 3 {
		t.Errorf("documents = %d, want 3 (the failed rebuild changed nothing)", n)
	}
}

func TestAdminRebuildNeedsGenerations(t *testing.T) {
	srv := adminServer(t, testEngine(t, searchtest.Fixture()), AdminConfig{Token: testToken})
	body, ct := multipartBody(t, part{"file", "001_bb93deab17c6a93d.txt", sampleText(t, "001_bb93deab17c6a93d.txt")})
	if code, out := post(t, srv.URL+"/api/admin/rebuild", "Bearer "+testToken, ct, body); code != 409 {
		t.Errorf("rebuild of a memory index: %d %v, want 409", code, out)
	}
}

// TestAdminRebuildUnderSearchLoad rebuilds the index through the admin API
// while three clients search: no search may fail, and afterwards the index
// holds exactly the rebuilt documents.
func TestAdminRebuildUnderSearchLoad(t *testing.T) {
	root := t.TempDir()
	names := []string{"001_bb93deab17c6a93d.txt", "002_b8b164406977b26c.txt", "003_4bbc70af2d9de5f2.txt", "004_f14d881db3e8d82e.txt"}
	data := map[string][]byte{}
	for _, n := range names {
		data[n] = sampleText(t, n)
	}
	for i := 0; i < 60; i++ {
		n := names[i%len(names)]
		// distinct bytes: equal files would be one document
		text := append(append([]byte{}, data[n]...), fmt.Sprintf("\n\nLöpnummer %d.\n", i)...)
		os.WriteFile(filepath.Join(root, fmt.Sprintf("doc-%04d.txt", i)), text, 0o644)
	}
	eng := diskEngine(t, 5)
	// this test is about the swap: its costly searches (arbet~1) must not
	// be turned away by the cost admission on a busy machine
	eng.SetMaxCostly(8)
	srv := adminServer(t, eng, AdminConfig{Token: testToken, Roots: []string{root}})

	var stop atomic.Bool
	var ok, failed atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	queries := []string{"arbete", "samverkan", "", "projekt*", "arbet~1", `"till arbete"`}
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; !stop.Load() && i < 100000; i++ {
				q := url.QueryEscape(queries[(i+w)%len(queries)])
				res, err := http.Get(srv.URL + "/api/search?q=" + q + "&municipality=Botkyrka")
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != 200 || !json.Valid(b) {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Sprintf("%d %s", res.StatusCode, b))
					continue
				}
				ok.Add(1)
			}
		}(w)
	}
	time.Sleep(50 * time.Millisecond)
	for round := 0; round < 2; round++ {
		body, _ := json.Marshal(map[string]interface{}{"paths": []string{root}})
		code, out := post(t, srv.URL+"/api/admin/rebuild", "Bearer "+testToken, "application/json", bytes.NewReader(body))
		if code != 200 {
			stop.Store(true)
			wg.Wait()
			t.Fatalf("rebuild: %d %v", code, out)
		}
		if string(out["documents"]) != "60" || string(out["generation"]) != fmt.Sprint(round+2) {
			t.Errorf("rebuild %d answered %v, want 60 documents in generation %d", round, out, round+2)
		}
	}
	time.Sleep(50 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	if failed.Load() > 0 || ok.Load() == 0 {
		t.Errorf("%d searches failed, %d succeeded during the rebuild; first failure: %v", failed.Load(), ok.Load(), firstErr.Load())
	}
	t.Logf("%d searches during two rebuilds, none failed", ok.Load())

	// The metrics saw the swaps and the rebuilt documents.
	res, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{
		"projektsok_index_swaps_total 2",
		"projektsok_index_documents 60",
		`projektsok_ingest_documents_total{result="indexed",source="admin_rebuild"} 120`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// An index built by an earlier version (no hashes or sources) is served
// but not written with the new ids: an admin ingest says to rebuild.
func TestAdminIngestIntoOldIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "old")
	b, err := bleve.New(dir, bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Index("rapport", map[string]interface{}{"title": "x"}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	idx, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	srv := adminServer(t, search.NewEngine(idx), AdminConfig{Token: testToken})
	body, ct := multipartBody(t, part{"file", "a.txt", sampleText(t, "001_bb93deab17c6a93d.txt")})
	code, out := post(t, srv.URL+"/api/admin/ingest", "Bearer "+testToken, ct, body)
	if code != 409 || !strings.Contains(string(out["error"]), "rebuild") {
		t.Errorf("ingest into an old index: %d %s, want 409 saying to rebuild", code, out["error"])
	}
}

// TestAdminWritesPauseWhileServing: an admin write pauses between batches
// in proportion to how long it worked, but only while the server answers public requests
// (not its own admin requests, health checks or metrics scrapes).
func TestAdminWritesPauseWhileServing(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	a := newAdmin(AdminConfig{Token: testToken}, eng, quietLog, nil)
	h := a.watch(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	get := func(path string) { h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil)) }

	if f := a.pace(); f != 0 {
		t.Errorf("pause factor %v before any request, want 0", f)
	}
	for _, p := range []string{"/api/admin/rebuild", "/healthz", "/readyz", "/metrics"} {
		get(p)
		if f := a.pace(); f != 0 {
			t.Errorf("pause factor %v after %s, want 0", f, p)
		}
	}
	get("/api/search?q=arbete")
	if f := a.pace(); f != pauseFactor {
		t.Errorf("pause factor %v after a search, want %v", f, pauseFactor)
	}
	a.lastServed.Store(time.Now().Add(-2 * paceWindow).UnixNano())
	if f := a.pace(); f != 0 {
		t.Errorf("pause factor %v after the searches stopped, want 0", f)
	}
}

// TestRebuildIsPaced: the admin API makes itself the index's pacer, so a
// rebuild through it pauses between batches while searches come in.
func TestRebuildIsPaced(t *testing.T) {
	eng := diskEngine(t, 3)
	a := newAdmin(AdminConfig{Token: testToken}, eng, quietLog, nil)
	a.lastServed.Store(time.Now().Add(time.Hour).UnixNano()) // searches going on throughout
	err := eng.Index().Rebuild(context.Background(), func(g *index.Index) error {
		_, err := g.Load(context.Background(), feedRecords(searchtest.Fixture()), 2, nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// a pause waits for the batch in flight, so the pacer is asked after
	// every other batch
	if batches := (len(searchtest.Fixture()) + 1) / 2; a.pauses.Load() < int64(batches/2) {
		t.Errorf("%d pauses, want one every other batch of %d", a.pauses.Load(), batches)
	}
}

func feedRecords(recs []ingest.Record) <-chan ingest.Record {
	ch := make(chan ingest.Record, len(recs))
	for _, r := range recs {
		ch <- r
	}
	close(ch)
	return ch
}
