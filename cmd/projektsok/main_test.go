package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"projektsok/index"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
)

// syncBuffer is a bytes.Buffer safe for the program and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

var servingRe = regexp.MustCompile(`on (http://[0-9.:]+)/`)

// startServe runs "projektsok serve" on port 0 and returns its base URL
// and a function that stops it and returns run's error.
func startServe(t *testing.T, indexDir string, args ...string) (string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--index", indexDir}, args...), env(nil), &stdout, &stderr)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := servingRe.FindStringSubmatch(stdout.String()); m != nil {
			stop := func() error {
				cancel()
				select {
				case err := <-done:
					return err
				case <-time.After(20 * time.Second):
					return errors.New("serve did not stop")
				}
			}
			return m[1], stop
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v\nstdout: %s\nstderr: %s", err, stdout.String(), stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not start; stdout: %s", stdout.String())
		}
	}
}

func getJSON(t *testing.T, u string, v interface{}) int {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: decode: %v", u, err)
	}
	return res.StatusCode
}

// TestServeSampleEndToEnd is the first-run promise: with no index, serve
// builds one from the bundled sample and answers real searches.
func TestServeSampleEndToEnd(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "index")
	base, stop := startServe(t, dir)

	var res struct {
		Total  int
		Hits   []struct{ ID, Title string }
		Facets map[string][]struct {
			Value string
			Count int
		}
	}
	if code := getJSON(t, base+"/api/search?q="+url.QueryEscape("sökandelots"), &res); code != 200 {
		t.Fatalf("status %d", code)
	}
	found := false
	for _, h := range res.Hits {
		found = found || h.Title == "Fortsatt Samverkan Leder till Arbete"
	}
	if !found {
		t.Errorf("the Kalmar final report is not among the hits: %+v", res.Hits)
	}
	// asked again, the answer is kept, and then comes from the answer
	// cache (on by default)
	for _, want := range []string{"miss", "hit"} {
		if how := answerCacheHeader(t, base+"/api/search?q="+url.QueryEscape("sökandelots")); how != want {
			t.Errorf("X-Answer-Cache %q, want %q", how, want)
		}
	}
	for _, k := range []string{"region", "owner", "programme_area", "municipality", "phase", "doc_type"} {
		if _, ok := res.Facets[k]; !ok {
			t.Errorf("no %s facet", k)
		}
	}

	// Every field of every bundled document comes through the API as the
	// parser's golden file has it.
	goldens, err := filepath.Glob("../../ingest/testdata/0*.txt.golden.json")
	if err != nil || len(goldens) != 4 {
		t.Fatalf("golden files: %v %v", goldens, err)
	}
	for _, g := range goldens {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		var want ingest.Record
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		var got ingest.Record
		if code := getJSON(t, base+"/api/documents/"+want.ID, &got); code != 200 {
			t.Fatalf("GET document %s: %d", want.ID, code)
		}
		if got.Ingested == "" {
			t.Errorf("document %s has no ingest time", want.ID)
		}
		want.Ingested = got.Ingested // the time of this run's ingest
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("document %s via the API (-golden +got):\n%s", want.ID, diff)
		}
	}

	var health struct {
		Status    string
		Documents int
	}
	getJSON(t, base+"/healthz", &health)
	if health.Status != "ok" || health.Documents != 4 {
		t.Errorf("healthz = %+v, want ok with 4 documents", health)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve returned %v after shutdown", err)
	}

	// The second start opens the index built by the first, here with the
	// answer cache off.
	base, stop = startServe(t, dir, "--answer-cache-mb", "0")
	getJSON(t, base+"/healthz", &health)
	if health.Documents != 4 {
		t.Errorf("after restart: %d documents, want 4", health.Documents)
	}
	for i := 0; i < 2; i++ {
		if how := answerCacheHeader(t, base+"/api/search?q=arbete"); how != "" {
			t.Errorf("--answer-cache-mb 0: X-Answer-Cache %q", how)
		}
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// answerCacheHeader GETs u (200 expected) and returns its X-Answer-Cache.
func answerCacheHeader(t *testing.T, u string) string {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", u, res.StatusCode)
	}
	return res.Header.Get("X-Answer-Cache")
}

func TestIngestCommand(t *testing.T) {
	src := t.TempDir()
	copyFile := func(from, to string) {
		t.Helper()
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// One page as text, one as saved HTML, one as PDF, in nested folders.
	copyFile("../../ingest/sample/001_bb93deab17c6a93d.txt", filepath.Join(src, "a", "001_bb93deab17c6a93d.txt"))
	copyFile("../../ingest/testdata/004_f14d881db3e8d82e.html", filepath.Join(src, "a", "b", "004_f14d881db3e8d82e.html"))
	copyFile("../../ingest/testdata/003_4bbc70af2d9de5f2.pdf", filepath.Join(src, "003_4bbc70af2d9de5f2.pdf"))
	os.WriteFile(filepath.Join(src, "notes.xlsx"), []byte("x"), 0o644)
	corrupt := filepath.Join(src, "corrupt.pdf")
	os.WriteFile(corrupt, []byte("%PDF-1.4\n1 0 obj garbage"), 0o644)
	broken := filepath.Join(src, "broken.txt")
	if err := os.Symlink(filepath.Join(src, "missing-target"), broken); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "idx")

	ingestRun := func() (string, string, error) {
		var stdout, stderr syncBuffer
		err := run(context.Background(), []string{"ingest", src, "--index", dir}, env(nil), &stdout, &stderr)
		return stdout.String(), stderr.String(), err
	}
	out, errOut, err := ingestRun()
	if exitStatus(err) != 1 {
		t.Errorf("exit status = %d (%v), want 1 because files failed", exitStatus(err), err)
	}
	for _, f := range []string{broken, corrupt} {
		if !strings.Contains(errOut, f+": ") {
			t.Errorf("stderr does not name %s with a reason:\n%s", f, errOut)
		}
	}
	if !strings.Contains(out, "found 6: 3 indexed, 0 updated, 0 unchanged, 0 duplicate, 1 skipped, 2 failed") {
		t.Errorf("summary = %q", out)
	}
	os.Remove(broken)
	os.Remove(corrupt)
	out, _, err = ingestRun()
	if err != nil {
		t.Errorf("second ingest: %v", err)
	}
	if !strings.Contains(out, "found 4: 0 indexed, 0 updated, 3 unchanged, 0 duplicate, 1 skipped, 0 failed") {
		t.Errorf("re-ingest summary = %q, want the same 3 documents unchanged", out)
	}

	// An index built by another Swedish analysis takes no documents: the
	// command says why and what to do, and the index keeps its documents.
	idx, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Bleve().SetInternal([]byte("projektsok.analysis"), []byte("2020-01-01+000000000000")); err != nil {
		t.Fatal(err)
	}
	idx.Close()
	_, _, err = ingestRun()
	if err == nil || !strings.Contains(err.Error(), "Swedish analysis") || !strings.Contains(err.Error(), "rebuild") {
		t.Errorf("ingest into an index of another analysis: %v; want a refusal naming the analysis and the rebuild", err)
	}
	if idx, err = index.OpenReadOnly(dir); err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if n, err := idx.Count(); n != 3 || err != nil {
		t.Errorf("%d documents (%v) after the refused ingest, want the 3 kept", n, err)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args   []string
		status int
		stderr string
	}{
		{nil, 2, "Usage"},
		{[]string{"frobnicate"}, 2, "Usage"},
		{[]string{"serve", "--bogus"}, 2, "bogus"},
		{[]string{"serve", "--answer-cache-mb", "-1"}, 2, "answer-cache-mb"},
		{[]string{"serve", "--answer-cache-mb", "lots"}, 2, "whole number of MiB"},
		{[]string{"ingest"}, 2, "Usage"},
		{[]string{"ingest", "--index"}, 2, "index"},
		{[]string{"help"}, 0, ""},
		{[]string{"serve", "-h"}, 0, "--addr"},
		{[]string{"ingest", "-h"}, 0, "--index"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr syncBuffer
			err := run(context.Background(), tt.args, env(nil), &stdout, &stderr)
			status := 0
			if err != nil {
				status = exitStatus(err)
			}
			if status != tt.status {
				t.Errorf("status = %d (%v), want %d", status, err, tt.status)
			}
			if !strings.Contains(stderr.String()+err2s(err), tt.stderr) {
				t.Errorf("stderr %q / err %v lacks %q", stderr.String(), err, tt.stderr)
			}
		})
	}
}

func err2s(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestIngestMissingPath(t *testing.T) {
	var stdout, stderr syncBuffer
	err := run(context.Background(), []string{"ingest", "--index", filepath.Join(t.TempDir(), "i"), "/does/not/exist"}, env(nil), &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "/does/not/exist") {
		t.Errorf("err = %v, want one naming the missing path", err)
	}
}

// TestServeMemoryLimit: serve bounds its heap unless GOMEMLIMIT says
// otherwise.
func TestServeMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	debug.SetMemoryLimit(math.MaxInt64)
	limitServeMemory(func(string) string { return "1GiB" })
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set, limit = %d, want it left alone", got)
	}
	limitServeMemory(func(string) string { return "" })
	if got := debug.SetMemoryLimit(-1); got != serveMemoryLimit {
		t.Errorf("limit = %d, want %d", got, serveMemoryLimit)
	}
}

// TestServeGCPercent: serve collects at serveGCPercent unless GOGC says
// otherwise.
func TestServeGCPercent(t *testing.T) {
	old := debug.SetGCPercent(-1)
	t.Cleanup(func() { debug.SetGCPercent(old) })
	oldLimit := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(oldLimit) })
	debug.SetGCPercent(37)
	limitServeMemory(func(k string) string {
		if k == "GOGC" {
			return "37"
		}
		return ""
	})
	if got := debug.SetGCPercent(37); got != 37 {
		t.Errorf("with GOGC set, GC percent = %d, want it left alone", got)
	}
	limitServeMemory(func(string) string { return "" })
	if got := debug.SetGCPercent(37); got != serveGCPercent {
		t.Errorf("GC percent = %d, want %d", got, serveGCPercent)
	}
}

// A bulk load (as many files as compactAfter: bleve merges nothing during
// it) that was interrupted leaves one segment per batch; the next ingest
// of those files merges them, however few it writes.
func TestIngestCompactsLeftSegments(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests a thousand files twice")
	}
	ctx := context.Background()
	src := t.TempDir()
	for i := 0; i < compactAfter; i++ {
		text := fmt.Sprintf("# Projekt %d\n\nEtt projekt om samverkan nummer %d.\n", i, i)
		if err := os.WriteFile(filepath.Join(src, fmt.Sprintf("p%04d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(t.TempDir(), "idx")
	ingestRun := func() {
		t.Helper()
		var stdout, stderr syncBuffer
		if err := run(ctx, []string{"ingest", src, "--index", dir}, env(nil), &stdout, &stderr); err != nil {
			t.Fatalf("ingest: %v\n%s%s", err, stdout.String(), stderr.String())
		}
	}
	ingestRun()
	// what a killed bulk load leaves: batches standing side by side
	x, err := index.OpenBulk(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i <= compactSegments; i++ {
		src := fmt.Sprintf("old-%02d.txt", i)
		r := ingest.Record{ID: ingest.ID(src), Source: src, Sources: []string{src}, Hash: fmt.Sprintf("%064d", i),
			DocType: ingest.TypeProject, Title: "Projekt " + src}
		if _, err := x.Put(ctx, []ingest.Record{r}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := x.Segments(); n <= compactSegments || err != nil {
		t.Fatalf("%d segments (%v) before the ingest, want more than %d", n, err, compactSegments)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	ingestRun() // every file unchanged: nothing written
	if x, err = index.OpenReadOnly(dir); err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if n, err := x.Segments(); n != 1 || err != nil {
		t.Errorf("%d segments (%v) after the ingest, want 1", n, err)
	}
	if n, err := x.Count(); n != compactAfter+compactSegments+1 || err != nil {
		t.Errorf("%d documents (%v), want %d", n, err, compactAfter+compactSegments+1)
	}
}
