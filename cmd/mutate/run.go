package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Outcomes of running the tests on a mutant.
const (
	killed     = "killed"     // a test failed
	timedOut   = "timeout"    // the tests ran past the limit: counted as killed
	survived   = "survived"   // every test passed
	notViable  = "not viable" // does not compile (type error or vet); not counted
	equivalent = "equivalent" // listed in the equivalents file; not run, not counted
)

// Result is a mutant with what its tests did.
type Result struct {
	Mutant
	Outcome  string  `json:"outcome"`
	Seconds  float64 `json:"seconds"`
	Failed   string  `json:"failed,omitempty"` // first failing test
	Reason   string  `json:"reason,omitempty"` // why it is equivalent
	BuildErr string  `json:"build_error,omitempty"`
}

// goTest runs `go test` on pkgs in root with the overlay file (if any) and
// returns its combined output, whether it passed, and whether it ran past
// limit. The whole process group is killed at the limit.
func goTest(ctx context.Context, root, overlay string, limit time.Duration, pkgs []string) (out []byte, passed, late bool, err error) {
	args := []string{"test", "-count=1", "-failfast", "-vet=off", "-timeout", limit.String()}
	if overlay != "" {
		args = append(args, "-overlay", overlay)
	}
	args = append(args, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOFLAGS=")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Start(); err != nil {
		return nil, false, false, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// go test's own -timeout covers the test binary; this covers the
	// build too.
	timer := time.NewTimer(limit + 2*time.Minute)
	defer timer.Stop()
	var werr error
	select {
	case werr = <-done:
	case <-timer.C:
		late = true
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		werr = <-done
	case <-ctx.Done():
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		return buf.Bytes(), false, false, ctx.Err()
	}
	out = buf.Bytes()
	if bytes.Contains(out, []byte("panic: test timed out")) {
		late = true
	}
	var exit *exec.ExitError
	if werr != nil && !errors.As(werr, &exit) {
		return out, false, late, werr
	}
	return out, werr == nil, late, nil
}

// runMutant writes the mutated file to tmp, runs the tests through an
// overlay (the tree is never touched) and classifies the outcome.
func runMutant(ctx context.Context, root, tmp string, n int, m Mutant, src []byte, limit time.Duration, pkgs []string) Result {
	r := Result{Mutant: m}
	dir := filepath.Join(tmp, fmt.Sprint(n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		r.Outcome, r.BuildErr = notViable, err.Error()
		return r
	}
	defer os.RemoveAll(dir)
	abs := filepath.Join(root, filepath.FromSlash(m.File))
	mutated := filepath.Join(dir, filepath.Base(abs))
	overlay := filepath.Join(dir, "overlay.json")
	b, _ := json.Marshal(map[string]map[string]string{"Replace": {abs: mutated}})
	if err := os.WriteFile(mutated, m.apply(src), 0o644); err != nil {
		r.Outcome, r.BuildErr = notViable, err.Error()
		return r
	}
	if err := os.WriteFile(overlay, b, 0o644); err != nil {
		r.Outcome, r.BuildErr = notViable, err.Error()
		return r
	}
	start := time.Now()
	out, passed, late, err := goTest(ctx, root, overlay, limit, pkgs)
	r.Seconds = time.Since(start).Seconds()
	switch {
	case err != nil:
		r.Outcome, r.BuildErr = notViable, err.Error()
	case late:
		r.Outcome = timedOut
	case passed:
		r.Outcome = survived
	case buildFailed(out):
		r.Outcome, r.BuildErr = notViable, firstLines(out, 5)
	default:
		r.Outcome, r.Failed = killed, firstFail(out)
	}
	return r
}

func buildFailed(out []byte) bool {
	return bytes.Contains(out, []byte("[build failed]")) || bytes.Contains(out, []byte("[setup failed]"))
}

// firstFail names the first failing test in go test output.
func firstFail(out []byte) string {
	for _, l := range strings.Split(string(out), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "--- FAIL: ") {
			f := strings.Fields(l)
			if len(f) >= 3 {
				return f[2]
			}
		}
		if strings.HasPrefix(l, "panic: ") {
			return snippetPlain(l)
		}
	}
	return ""
}

func firstLines(out []byte, n int) string {
	lines := strings.SplitN(strings.TrimSpace(string(out)), "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

func snippetPlain(s string) string {
	if len(s) > 100 {
		return s[:100] + "..."
	}
	return s
}
