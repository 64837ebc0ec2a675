package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The re-ingest load test of issue 8 ("Prove it"): the query workload at
// concurrency 16 for a fixed duration while the server re-ingests the same
// corpus through its admin API.
//
// The server is started with PROJEKTSOK_ADMIN_TOKEN (a random token made for
// the run) and PROJEKTSOK_INGEST_ROOTS (the unpacked corpus folder) — see
// adminEnv. When the load starts, one writer goroutine sends
//
//	POST /api/admin/rebuild {"paths": [corpus]}   a complete new generation, swapped in
//
// and, if that finishes while the load still runs,
//
//	POST /api/admin/ingest {"paths": [corpus]}    updates of every document in the live index
//
// again and again until the duration ends. The load stops at the duration;
// an admin write still running then is waited for (it is not counted in the
// load) so the server is quiet afterwards and every write's status is known.

// adminWrite is one admin request of the re-ingest.
type adminWrite struct {
	Route      string  `json:"route"`
	StartS     float64 `json:"start_s"` // seconds after the load started
	Seconds    float64 `json:"seconds"`
	Status     int     `json:"status"` // 0: transport error
	Error      string  `json:"error,omitempty"`
	Indexed    int     `json:"indexed"`
	Updated    int     `json:"updated"`
	Failed     int     `json:"failed"`
	Documents  uint64  `json:"documents"`
	Generation int     `json:"generation"`
}

// reingestResult is the optional load test of issue 8.
type reingestResult struct {
	Skipped   string       `json:"skipped,omitempty"`
	Seconds   float64      `json:"load_seconds"`
	Load      *levelResult `json:"load,omitempty"`
	Rebuild   *adminWrite  `json:"rebuild,omitempty"`
	Ingests   []adminWrite `json:"ingests,omitempty"`
	WriteSecs float64      `json:"writes_in_load_seconds"` // time an admin write was running during the load
	// RebuildRPS is the load's requests answered 200 per second while the
	// rebuild ran (up to the end of the load); BaseRPS the long tail's at
	// concurrency 16 without it, in the same run (0: not measured).
	RebuildRPS  float64 `json:"req_per_sec_during_rebuild"`
	BaseRPS     float64 `json:"req_per_sec_without"`
	GenBefore   int     `json:"generation_before"`
	GenAfter    int     `json:"generation_after"`
	DocsAfter   uint64  `json:"documents_after"`
	SwapsBefore float64 `json:"swaps_before"`
	SwapsAfter  float64 `json:"swaps_after"`
	RSSMaxMB    float64 `json:"server_rss_max_mb"` // sampled VmRSS, load and trailing write
	HWMMB       float64 `json:"server_rss_peak_mb"`
	LoadAvg     string  `json:"loadavg_at_end"`
	AfterError  string  `json:"after_error,omitempty"`
}

// adminWritesOK reports whether every admin write answered 200.
func (r *reingestResult) adminWritesOK() bool {
	if r.Rebuild == nil || r.Rebuild.Status != http.StatusOK {
		return false
	}
	for _, w := range r.Ingests {
		if w.Status != http.StatusOK {
			return false
		}
	}
	return true
}

// adminEnv returns the environment serve needs for the admin API: a fresh
// random token and corpusDir as the only ingest root.
func adminEnv(corpusDir string) (token string, env []string, err error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	token = hex.EncodeToString(b)
	root, err := absReal(corpusDir)
	if err != nil {
		return "", nil, err
	}
	return token, []string{"PROJEKTSOK_ADMIN_TOKEN=" + token, "PROJEKTSOK_INGEST_ROOTS=" + root}, nil
}

// absReal is p absolute with symlinks resolved, as the server sees it.
func absReal(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// postAdmin sends one admin write for corpusDir and waits for its answer.
func postAdmin(ctx context.Context, client *http.Client, base, token, route, corpusDir string, t0 time.Time) (w adminWrite) {
	w = adminWrite{Route: route, StartS: time.Since(t0).Seconds()}
	start := time.Now()
	defer func() { w.Seconds = time.Since(start).Seconds() }()
	dir, err := absReal(corpusDir)
	if err != nil {
		w.Error = err.Error()
		return w
	}
	body, _ := json.Marshal(map[string][]string{"paths": {dir}})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+route, bytes.NewReader(body))
	if err != nil {
		w.Error = err.Error()
		return w
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		w.Error = err.Error()
		return w
	}
	defer res.Body.Close()
	w.Status = res.StatusCode
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
		w.Error = strings.TrimSpace(tail(string(b), 300))
		return w
	}
	var ans struct {
		Indexed    int    `json:"indexed"`
		Updated    int    `json:"updated"`
		Failed     int    `json:"failed"` // a count; "failed_files" lists them
		Documents  uint64 `json:"documents"`
		Generation int    `json:"generation"`
	}
	// decoded as it arrives: the answer lists every file's outcome
	// ("files", several MB for the benchmark corpus)
	if err := json.NewDecoder(res.Body).Decode(&ans); err != nil {
		w.Error = "answer: " + err.Error()
		return w
	}
	w.Indexed, w.Updated, w.Failed = ans.Indexed, ans.Updated, ans.Failed
	w.Documents, w.Generation = ans.Documents, ans.Generation
	return w
}

// readiness returns documents and generation from /readyz.
func readiness(client *http.Client, base string) (docs uint64, gen int, err error) {
	var r struct {
		Documents  uint64 `json:"documents"`
		Generation int    `json:"generation"`
	}
	err = getJSON(client, base+"/readyz", &r)
	return r.Documents, r.Generation, err
}

// metricValue reads one unlabelled sample from /metrics.
func metricValue(client *http.Client, base, name string) (float64, error) {
	res, err := client.Get(base + "/metrics")
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("/metrics: status %d", res.StatusCode)
	}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			return strconv.ParseFloat(strings.TrimSpace(v), 64)
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("/metrics has no %s", name)
}

// runReingestLoad runs the workload at concurrency 16 for dur while the
// corpus is rebuilt and then re-ingested through the admin API (see the
// comment at the top of this file).
func runReingestLoad(ctx context.Context, s *server, work []request, token, corpusDir string, dur time.Duration) reingestResult {
	var res reingestResult
	probe := newClient(1)
	defer probe.CloseIdleConnections()
	var err error
	if _, res.GenBefore, err = readiness(probe, s.base); err != nil {
		res.Skipped = "/readyz: " + err.Error()
		return res
	}
	if res.SwapsBefore, err = metricValue(probe, s.base, "projektsok_index_swaps_total"); err != nil {
		res.Skipped = err.Error()
		return res
	}

	// RSS over the whole test, the trailing write included.
	var rssMax int64
	stopRSS, rssDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(rssDone)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			if rss, _ := s.procStatus(); rss > rssMax {
				rssMax = rss
			}
			select {
			case <-stopRSS:
				return
			case <-t.C:
			}
		}
	}()

	admin := &http.Client{Timeout: time.Hour} // a rebuild blocks until done
	defer admin.CloseIdleConnections()
	t0 := time.Now()
	end := t0.Add(dur)
	writes := make(chan struct{})
	answered0 := s.answered.Load()
	var rebuildDone time.Time
	var answeredRebuild int64
	go func() {
		defer close(writes)
		rb := postAdmin(ctx, admin, s.base, token, "/api/admin/rebuild", corpusDir, t0)
		// read only after writes is closed
		res.Rebuild, rebuildDone, answeredRebuild = &rb, time.Now(), s.answered.Load()
		for rb.Status == http.StatusOK && ctx.Err() == nil && time.Now().Before(end) {
			w := postAdmin(ctx, admin, s.base, token, "/api/admin/ingest", corpusDir, t0)
			res.Ingests = append(res.Ingests, w)
			if w.Status != http.StatusOK {
				return
			}
		}
	}()

	client := newClient(16)
	lr := runLevel(ctx, s, client, work, 16, 0, dur)
	client.CloseIdleConnections()
	res.Load = &lr
	res.Seconds = lr.Seconds
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		res.LoadAvg = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	loadEnd, answeredEnd := time.Now(), s.answered.Load()
	<-writes
	if rebuildDone.After(loadEnd) {
		rebuildDone, answeredRebuild = loadEnd, answeredEnd
	}
	if secs := rebuildDone.Sub(t0).Seconds(); secs > 0 {
		res.RebuildRPS = float64(answeredRebuild-answered0) / secs
	}
	close(stopRSS)
	<-rssDone

	// time within the load window during which a write was running
	for _, w := range append([]adminWrite{*res.Rebuild}, res.Ingests...) {
		from, to := w.StartS, min(w.StartS+w.Seconds, lr.Seconds)
		if to > from {
			res.WriteSecs += to - from
		}
	}
	res.DocsAfter, res.GenAfter, err = readiness(probe, s.base)
	if err != nil {
		res.AfterError = "/readyz after the test: " + err.Error()
	}
	res.SwapsAfter, _ = metricValue(probe, s.base, "projektsok_index_swaps_total")
	res.RSSMaxMB = float64(rssMax) / 1024
	_, hwm := s.procStatus()
	res.HWMMB = float64(hwm) / 1024
	return res
}
