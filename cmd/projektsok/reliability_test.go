package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"projektsok/index"
	"projektsok/ingest"
)

// TestMain lets a test run the real program in a subprocess: the test
// binary re-executes itself with PROJEKTSOK_TEST_MAIN=1 and the program's
// arguments, so that kill -9 and SIGTERM hit a real process.
func TestMain(m *testing.M) {
	if os.Getenv("PROJEKTSOK_TEST_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func program(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "PROJEKTSOK_TEST_MAIN=1")
	return cmd
}

// writeCorpus writes n files made from two sample documents, each with a
// line of its own, except that every tenth file (doc-0009, doc-0019, …)
// repeats the one before it byte for byte: n - n/10 distinct documents.
func writeCorpus(t *testing.T, n int) string {
	t.Helper()
	src := t.TempDir()
	var texts [][]byte
	for _, name := range []string{"001_bb93deab17c6a93d.txt", "003_4bbc70af2d9de5f2.txt"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "ingest", "sample", name))
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, b)
	}
	for i := 0; i < n; i++ {
		nr := i
		if i%10 == 9 {
			nr = i - 1
		}
		text := append(append([]byte{}, texts[nr%2]...), fmt.Sprintf("\n\nLöpnummer %d.\n", nr)...)
		if err := os.WriteFile(filepath.Join(src, fmt.Sprintf("doc-%04d.txt", i)), text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return src
}

func countDocs(t *testing.T, dir string) uint64 {
	t.Helper()
	idx, err := index.OpenReadOnly(dir)
	if err != nil {
		t.Fatalf("open index after the crash: %v", err)
	}
	defer idx.Close()
	n, err := idx.Count()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var ackRe = regexp.MustCompile(`^ingest: (\d+) documents acknowledged`)

// TestIngestKill9 kills ingest at different moments: the index opens
// afterwards with every acknowledged document, and the same ingest run
// again completes the job. When the ingest finishes before the kill lands
// (a fast machine), the case is tried again with a smaller batch and a
// larger corpus, so that the ingest is slower; it never passes without a
// kill having landed.
func TestIngestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ingest subprocesses")
	}
	tests := []struct {
		name      string
		afterAcks int           // kill after this many acknowledged batches
		delay     time.Duration // or after this long, when afterAcks is 0
	}{
		{"at start", 0, 30 * time.Millisecond},
		{"while creating", 0, 150 * time.Millisecond},
		{"mid-ingest", 3, 0},
	}
	corpora := map[int]string{}
	corpus := func(n int) string {
		if corpora[n] == "" {
			corpora[n] = writeCorpus(t, n)
		}
		return corpora[n]
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, batch := 200, 10
			for attempt := 1; ; attempt++ {
				src := corpus(n)
				dir := filepath.Join(t.TempDir(), "idx")
				acked, killed := ingestAndKill(t, dir, src, batch, tt.afterAcks, tt.delay)
				if killed {
					t.Logf("killed after %d acknowledged documents (batch %d, %d files, attempt %d)", acked, batch, n, attempt)
					checkAfterKill(t, dir, src, n, acked, tt.afterAcks > 0)
					return
				}
				if attempt == 5 {
					t.Fatalf("the ingest finished before the kill in %d attempts (last: batch %d, %d files)", attempt, batch, n)
				}
				// Slower: smaller batches (one persisted batch each), more files.
				batch = max(1, batch/2)
				n *= 2
			}
		})
	}
}

// ingestAndKill starts ingest of src into dir with the given batch size and
// sends SIGKILL after afterAcks acknowledged batches, or after delay. It
// returns the number of documents acknowledged and whether the process died
// of the kill (false: it finished first).
func ingestAndKill(t *testing.T, dir, src string, batch, afterAcks int, delay time.Duration) (acked int, killed bool) {
	t.Helper()
	cmd := program("ingest", "--batch", strconv.Itoa(batch), "--index", dir, src)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if afterAcks == 0 {
		timer := time.AfterFunc(delay, func() { cmd.Process.Signal(syscall.SIGKILL) })
		defer timer.Stop()
	}
	lines := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		m := ackRe.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		acked, _ = strconv.Atoi(m[1])
		if lines++; lines == afterAcks {
			cmd.Process.Signal(syscall.SIGKILL)
		}
	}
	err = cmd.Wait()
	if err == nil {
		return acked, false
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("ingest failed, not killed: %v", err)
	}
	return acked, true
}

// summaryRe is the ingest's summary line.
var summaryRe = regexp.MustCompile(`found (\d+): (\d+) indexed, (\d+) updated, (\d+) unchanged, (\d+) duplicate, (\d+) skipped, (\d+) failed`)

// fates reads the summary line: found, then the six fates.
func fates(t *testing.T, out string) []int {
	t.Helper()
	m := summaryRe.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no summary line in:\n%s", out)
	}
	n := make([]int, 7)
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	return n
}

// checkAfterKill: the index holds every acknowledged document, and running
// the same ingest again completes the job: every one of the n files has a
// fate, the fates add up to n, and the index holds one document per
// distinct file (n - n/10), the duplicates listed with their originals.
func checkAfterKill(t *testing.T, dir, src string, n, acked int, wantAcks bool) {
	t.Helper()
	if wantAcks && acked == 0 {
		t.Fatal("no acknowledged documents before the kill")
	}
	if index.Exists(dir) {
		if got := countDocs(t, dir); got < uint64(acked) {
			t.Errorf("index holds %d documents, but %d were acknowledged", got, acked)
		}
	} else if acked > 0 {
		t.Errorf("no index after %d acknowledged documents", acked)
	}
	again := program("ingest", "--index", dir, src)
	b, err := again.CombinedOutput()
	if err != nil {
		t.Fatalf("second ingest: %v\n%s", err, b)
	}
	f := fates(t, string(b))
	if sum := f[1] + f[2] + f[3] + f[4] + f[5] + f[6]; f[0] != n || sum != n || f[6] != 0 || f[5] != 0 {
		t.Errorf("second ingest: fates %v do not add up to %d files without failures:\n%s", f, n, b)
	}
	if f[4] != n/10 {
		t.Errorf("second ingest: %d duplicates, want %d:\n%s", f[4], n/10, b)
	}
	if got := countDocs(t, dir); got != uint64(n-n/10) {
		t.Errorf("after the second ingest: %d documents, want %d", got, n-n/10)
	}
	idx, err := index.OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := idx.Get(ingest.ID("doc-0008.txt"))
	idx.Close()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"doc-0008.txt", "doc-0009.txt"}, rec.Sources); diff != "" {
		t.Errorf("duplicate's document sources (-want +got):\n%s", diff)
	}
	// A third run finds everything unchanged.
	b, err = program("ingest", "--index", dir, src).CombinedOutput()
	if err != nil {
		t.Fatalf("third ingest: %v\n%s", err, b)
	}
	if f := fates(t, string(b)); f[3] != n {
		t.Errorf("third ingest: %v, want all %d unchanged:\n%s", f, n, b)
	}
}

// TestServeShutdownWaitsForInFlight: on SIGTERM (ctx cancelled) a request
// in flight finishes with 200, new connections are refused, and run then
// returns nil after closing the index.
func TestServeShutdownWaitsForInFlight(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	testHook = func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("X-Test-Hold") != "" {
				close(entered)
				<-release
			}
			h.ServeHTTP(w, r)
		})
	}
	defer func() { testHook = nil }()

	dir := filepath.Join(t.TempDir(), "idx")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--index", dir}, env(nil), &stdout, &stderr)
	}()
	base := waitServing(t, &stdout, done)

	type result struct {
		code int
		body []byte
		err  error
	}
	got := make(chan result, 1)
	go func() {
		req, _ := http.NewRequest("GET", base+"/api/search?q=arbete", nil)
		req.Header.Set("X-Test-Hold", "1")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			got <- result{err: err}
			return
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		got <- result{res.StatusCode, b, err}
	}()
	<-entered
	cancel() // what SIGTERM does through signal.NotifyContext

	select {
	case err := <-done:
		t.Fatalf("run returned (%v) while a request was in flight", err)
	case <-time.After(300 * time.Millisecond):
	}
	client := &http.Client{Timeout: 2 * time.Second}
	if res, err := client.Get(base + "/healthz"); err == nil {
		res.Body.Close()
		t.Errorf("a new request was served during shutdown: %d", res.StatusCode)
	}
	close(release)
	r := <-got
	if r.err != nil || r.code != 200 || !json.Valid(r.body) {
		t.Fatalf("in-flight request: %d %v %.200s", r.code, r.err, r.body)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v, want nil", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run did not return after the in-flight request finished")
	}
	if !strings.Contains(stdout.String(), "projektsok: stopped") {
		t.Errorf("stdout lacks the stop line: %s", stdout.String())
	}
	// The index was closed cleanly: it opens for writing at once.
	idx, err := index.Open(dir)
	if err != nil {
		t.Fatalf("reopen after shutdown: %v", err)
	}
	idx.Close()
}

// TestServeSIGTERM sends a real SIGTERM to a serving process: it exits 0
// after saying it stopped.
func TestServeSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a serve subprocess")
	}
	dir := filepath.Join(t.TempDir(), "idx")
	cmd := program("serve", "--addr", "127.0.0.1:0", "--index", dir)
	var stdout syncBuffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !servingRe.MatchString(stdout.String()) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("serve did not start: %s", stdout.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	base := servingRe.FindStringSubmatch(stdout.String())[1]
	res, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("/readyz = %d", res.StatusCode)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve exited with %v after SIGTERM, want 0", err)
	}
	if !strings.Contains(stdout.String(), "projektsok: stopped") {
		t.Errorf("stdout: %s", stdout.String())
	}
}

func waitServing(t *testing.T, stdout *syncBuffer, done chan error) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := servingRe.FindStringSubmatch(stdout.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v\n%s", err, stdout.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s", stdout.String())
		}
	}
}

// TestIngestWhileServing: with serve holding the index, a local ingest
// fails at once pointing to --server, and ingest --server adds the files
// through the admin API.
func TestIngestWhileServing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	src := writeCorpus(t, 5)
	e := env(map[string]string{"PROJEKTSOK_ADMIN_TOKEN": "tok"})
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--index", dir}, e, &stdout, &stderr)
	}()
	base := waitServing(t, &stdout, done)
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()

	report := filepath.Join(t.TempDir(), "report.jsonl")
	var out, errOut syncBuffer
	start := time.Now()
	err := run(context.Background(), []string{"ingest", "--index", dir, src}, e, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "--server") {
		t.Errorf("local ingest against a served index: %v, want an error pointing to --server", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("local ingest took %v to fail", d)
	}

	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		status int
		out    string
	}{
		{"no token", nil, []string{"--server", base}, 2, "PROJEKTSOK_ADMIN_TOKEN"},
		{"wrong token", map[string]string{"PROJEKTSOK_ADMIN_TOKEN": "nope"}, []string{"--server", base}, 1, "refused the token"},
		{"not a URL", map[string]string{"PROJEKTSOK_ADMIN_TOKEN": "tok"}, []string{"--server", "ftp://x"}, 2, "http"},
		{"uploads in batches", map[string]string{"PROJEKTSOK_ADMIN_TOKEN": "tok"}, []string{"--server", base, "--batch", "2"}, 0, "found 5: 5 indexed, 0 updated, 0 unchanged, 0 duplicate, 0 skipped, 0 failed"},
		{"again: unchanged", map[string]string{"PROJEKTSOK_ADMIN_TOKEN": "tok"}, []string{"--server", base, "--batch", "2", "--report", report}, 0, "found 5: 0 indexed, 0 updated, 5 unchanged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut syncBuffer
			err := run(context.Background(), append(append([]string{"ingest"}, tt.args...), src), env(tt.env), &out, &errOut)
			status := 0
			if err != nil {
				status = exitStatus(err)
			}
			if status != tt.status || !strings.Contains(out.String()+err2s(err), tt.out) {
				t.Errorf("status %d (%v), out %q; want %d and %q", status, err, out.String(), tt.status, tt.out)
			}
			if tt.status == 0 && strings.Count(out.String(), "acknowledged") != 3 {
				t.Errorf("want one acknowledged line per upload of 2 files:\n%s", out.String())
			}
		})
	}
	// The server's fates reach the report under the local paths.
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	for _, l := range lines {
		var o ingest.Outcome
		if err := json.Unmarshal([]byte(l), &o); err != nil || o.Fate != ingest.Unchanged || filepath.Dir(o.Path) != src || o.ID != ingest.ID(filepath.Base(o.Path)) {
			t.Errorf("report line %s (%v)", l, err)
		}
	}
	if len(lines) != 5 {
		t.Errorf("report has %d lines, want 5", len(lines))
	}
	var health struct{ Documents int }
	getJSON(t, base+"/healthz", &health)
	if health.Documents != 9 {
		t.Errorf("documents = %d, want 4 sample + 5 uploaded", health.Documents)
	}
}

// TestUnwritableIndex: an index path that cannot be created (under a
// regular file: ENOTDIR, which stops root too) gives an error naming it,
// for both commands.
func TestUnwritableIndex(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-folder")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(file, "idx")
	src := writeCorpus(t, 1)
	for _, args := range [][]string{
		{"ingest", "--index", dir, src},
		{"serve", "--addr", "127.0.0.1:0", "--index", dir},
	} {
		var out, errOut syncBuffer
		err := run(context.Background(), args, env(nil), &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), file) {
			t.Errorf("%s: err = %v, want one naming %s", args[0], err, file)
		}
	}
	if fi, err := os.Stat(file); err != nil || fi.IsDir() {
		t.Errorf("the file was changed: %v", err)
	}
}
