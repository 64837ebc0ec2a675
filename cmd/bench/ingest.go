package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"projektsok/index"
	"projektsok/ingest"
)

// ingestResult is step 1: the real ingest command on the prepared corpus.
type ingestResult struct {
	Docs       int     `json:"docs"`
	InputBytes int64   `json:"input_bytes"`
	Seconds    float64 `json:"seconds"`
	DocsPerSec float64 `json:"docs_per_sec"`
	MBPerSec   float64 `json:"mb_per_sec"`
	IndexBytes int64   `json:"index_bytes"`
	PeakRSSMB  float64 `json:"peak_rss_mb"` // the child's maximum RSS (getrusage)
	// What the peak is made of, sampled from /proc every 100 ms: the
	// largest anonymous (heap) and file-backed (the binary and the
	// index's mapped segment files, which the kernel may drop) resident
	// sizes, and the split at the largest sampled RSS.
	PeakAnonMB   float64 `json:"peak_rss_anon_mb"`
	PeakFileMB   float64 `json:"peak_rss_file_mb"`
	AtPeakAnonMB float64 `json:"at_peak_rss_anon_mb"`
	AtPeakFileMB float64 `json:"at_peak_rss_file_mb"`
	CPUSeconds   float64 `json:"cpu_seconds"` // user+system of the child
	Summary      string  `json:"summary"`     // the command's last line
	// Fates are the summary's counts; Documents what the index holds.
	Fates     ingest.Tally `json:"fates"`
	Documents uint64       `json:"documents"`
}

// summaryRe reads the ingest's summary line.
var summaryRe = regexp.MustCompile(`found (\d+): (\d+) indexed, (\d+) updated, (\d+) unchanged, (\d+) duplicate, (\d+) skipped, (\d+) failed`)

// parseFates reads the fate counts of an ingest summary line.
func parseFates(line string) (ingest.Tally, error) {
	m := summaryRe.FindStringSubmatch(line)
	if m == nil {
		return ingest.Tally{}, fmt.Errorf("no fate counts in %q", line)
	}
	n := make([]int, 7)
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	return ingest.Tally{Found: n[0], Indexed: n[1], Updated: n[2], Unchanged: n[3], Duplicate: n[4], Skipped: n[5], Failed: n[6]}, nil
}

// countDocuments opens the index read-only and counts its documents.
func countDocuments(dir string) (uint64, error) {
	idx, err := index.OpenReadOnly(dir)
	if err != nil {
		return 0, err
	}
	defer idx.Close()
	return idx.Count()
}

// buildBinary builds cmd/projektsok into dir and returns its path.
func buildBinary(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "projektsok")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/projektsok")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/projektsok: %v\n%s", err, out)
	}
	return bin, nil
}

// runIngest runs "projektsok ingest --index idx corpus" and measures it.
func runIngest(ctx context.Context, bin, idx string, c corpusStats) (ingestResult, error) {
	res := ingestResult{Docs: c.Files, InputBytes: c.Bytes}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "ingest", "--index", idx, c.Dir)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Start()
	if err == nil {
		stop := make(chan struct{})
		sampled := make(chan memPeaks, 1)
		go func() { sampled <- sampleMem(cmd.Process.Pid, stop) }()
		err = cmd.Wait()
		close(stop)
		p := <-sampled
		res.PeakAnonMB, res.PeakFileMB = float64(p.anon)/1024, float64(p.file)/1024
		res.AtPeakAnonMB, res.AtPeakFileMB = float64(p.atPeak.Anon)/1024, float64(p.atPeak.File)/1024
	}
	res.Seconds = time.Since(start).Seconds()
	if err != nil {
		return res, fmt.Errorf("ingest: %v\nstdout: %s\nstderr: %s", err, tail(stdout.String(), 2000), tail(stderr.String(), 2000))
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.PeakRSSMB = float64(ru.Maxrss) / 1024 // KiB on Linux
	}
	res.CPUSeconds = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	res.DocsPerSec = float64(c.Files) / res.Seconds
	res.MBPerSec = float64(c.Bytes) / 1e6 / res.Seconds
	res.IndexBytes = diskUsage(idx)
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	res.Summary = lines[len(lines)-1]
	if res.Fates, err = parseFates(res.Summary); err != nil {
		return res, err
	}
	if res.Documents, err = countDocuments(idx); err != nil {
		return res, fmt.Errorf("count the ingested documents: %w", err)
	}
	return res, nil
}

// memPeaks are the largest resident sizes sampled from a process.
type memPeaks struct {
	anon, file int64     // KiB, each its own maximum
	atPeak     memStatus // at the largest RSS
}

// sampleMem reads pid's memory every 100 ms until stop is closed.
func sampleMem(pid int, stop <-chan struct{}) memPeaks {
	var p memPeaks
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		if m := readMemStatus(pid); m.RSS > 0 {
			p.anon, p.file = max(p.anon, m.Anon), max(p.file, m.File)
			if m.RSS > p.atPeak.RSS {
				p.atPeak = m
			}
		}
		select {
		case <-stop:
			return p
		case <-t.C:
		}
	}
}

// diskUsage is what du reports for a folder: allocated blocks, in bytes.
func diskUsage(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			n += st.Blocks * 512
		} else {
			n += fi.Size()
		}
		return nil
	})
	return n
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// fileExists reports whether p exists.
func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
