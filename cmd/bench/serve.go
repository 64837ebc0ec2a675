package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"projektsok/search"
)

// queries is the fixed workload: Swedish words and phrases a planner or
// evaluator would type, most of them frequent in the corpus, a few typed
// without å/ä/ö, one prefix.
var queries = []string{
	"arbetsmarknad", "sysselsättning", "utbildning", "integration", "nyanlända",
	"validering", "jämställdhet", "funktionsnedsättning", "försörjningsstöd", `"lokal samverkan"`,
	"kommun", "projekt", "ungdomar", "arbetslöshet", "kompetensförsörjning",
	"socialfonden", `"europeiska socialfonden"`, "arbetsförmedlingen", "etablering", "matchning",
	"långtidsarbetslösa", "språkutbildning", "sfi", "vuxenutbildning", "yrkesutbildning",
	"unga vuxna", "kvinnor män", "diskriminering", "folkhälsa", "psykisk ohälsa",
	"digitalisering", "landsbygd", "företagande", "näringsliv", "arbetsmiljö",
	"äldreomsorg", "barnomsorg", "skola", "högskola", "forskning",
	"bostäder", "klimat", "kultur", "idrott", "brottslighet",
	"jamstalldhet", "arbetsloshet", "kompetens*",
}

// facetPreference is the order in which facets are taken for the
// workload's filters.
var facetPreference = []string{"municipality", "region", "owner", "doc_type", "county",
	"programme_area", "phase", "methods", "target_groups"}

// request is one workload request.
type request struct {
	Kind string // "alone", "1 filter", "2 filters"
	Path string
}

// server is a running "projektsok serve".
type server struct {
	cmd      *exec.Cmd
	base     string
	pid      int
	ReadyMS  float64
	exited   chan struct{}
	exitErr  error
	stderr   *os.File
	rssMaxMB atomic.Int64 // KiB, max sampled VmRSS
}

var servingRe = regexp.MustCompile(`serving .* on (http://[^/\s]+)/`)

// startServer starts serve on a free port and waits for its first answered
// search; ReadyMS is the time from process start to that answer. env is
// added to the bench's own environment (the admin API for -reingest-load).
func startServer(ctx context.Context, bin, idx, logPath string, env []string) (*server, error) {
	errf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", "--index", idx, "--addr", "127.0.0.1:0")
	cmd.Stderr = errf
	if len(env) > 0 {
		cmd.Env = append(os.Environ(), env...)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		errf.Close()
		return nil, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		errf.Close()
		return nil, err
	}
	s := &server{cmd: cmd, pid: cmd.Process.Pid, exited: make(chan struct{}), stderr: errf}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := servingRe.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
		io.Copy(io.Discard, out)
	}()
	go func() {
		s.exitErr = cmd.Wait()
		close(s.exited)
	}()
	timeout := time.After(2 * time.Minute)
	select {
	case s.base = <-addr:
	case <-s.exited:
		return nil, fmt.Errorf("serve exited before listening: %v (log %s)", s.exitErr, logPath)
	case <-timeout:
		s.stop()
		return nil, errors.New("serve printed no address within 2 minutes")
	case <-ctx.Done():
		s.stop()
		return nil, ctx.Err()
	}
	client := &http.Client{Timeout: 10 * time.Second}
	for {
		res, err := client.Get(s.base + "/api/search?q=arbete")
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				s.ReadyMS = float64(time.Since(start).Microseconds()) / 1000
				return s, nil
			}
		}
		select {
		case <-s.exited:
			return nil, fmt.Errorf("serve exited: %v (log %s)", s.exitErr, logPath)
		case <-timeout:
			s.stop()
			return nil, errors.New("serve answered no search within 2 minutes")
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// procStatus returns VmRSS and VmHWM of the server in KiB.
func (s *server) procStatus() (rss, hwm int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.pid))
	if err != nil {
		return 0, 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = n
		case "VmHWM:":
			hwm = n
		}
	}
	return rss, hwm
}

// sampleRSS records the largest VmRSS until stop is closed.
func (s *server) sampleRSS(stop <-chan struct{}) {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		if rss, _ := s.procStatus(); rss > s.rssMaxMB.Load() {
			s.rssMaxMB.Store(rss)
		}
		select {
		case <-stop:
			return
		case <-t.C:
		}
	}
}

// stop ends the server with SIGTERM (SIGKILL after 20 s).
func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
	}
	s.stderr.Close()
}

// searchResponse is the part of /api/search the workload reads.
type searchResponse struct {
	Total  int `json:"total"`
	Facets map[string][]struct {
		Value string `json:"value"`
		Count int    `json:"count"`
	} `json:"facets"`
}

// buildWorkload asks each query alone once and derives the filtered
// requests from its facets: the top value of the first facet (in
// facetPreference order) that has one, then also of the next such facet.
func buildWorkload(client *http.Client, base string) ([]request, error) {
	var out []request
	for _, q := range queries {
		alone := "/api/search?q=" + url.QueryEscape(q)
		var r searchResponse
		if err := getJSON(client, base+alone, &r); err != nil {
			return nil, fmt.Errorf("%s: %w", q, err)
		}
		out = append(out, request{"alone", alone})
		var picks [][2]string
		for _, f := range facetPreference {
			// the first value the API accepts back as a filter (a parser
			// may extract junk longer than search.MaxValueLen)
			for _, v := range r.Facets[f] {
				if v.Count > 0 && len(v.Value) <= search.MaxValueLen {
					picks = append(picks, [2]string{f, v.Value})
					break
				}
			}
			if len(picks) == 2 {
				break
			}
		}
		if len(picks) >= 1 {
			p1 := alone + "&" + picks[0][0] + "=" + url.QueryEscape(picks[0][1])
			out = append(out, request{"1 filter", p1})
			if len(picks) == 2 {
				out = append(out, request{"2 filters", p1 + "&" + picks[1][0] + "=" + url.QueryEscape(picks[1][1])})
			}
		}
	}
	return out, nil
}

func getJSON(client *http.Client, u string, v interface{}) error {
	res, err := client.Get(u)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 500))
		return fmt.Errorf("status %d: %s", res.StatusCode, b)
	}
	return json.NewDecoder(res.Body).Decode(v)
}

// levelResult is the load at one concurrency.
type levelResult struct {
	Concurrency int                `json:"concurrency"`
	Requests    int                `json:"requests"`
	Errors      int                `json:"errors"`
	Seconds     float64            `json:"seconds"`
	RPS         float64            `json:"requests_per_sec"`
	P50, P95    float64            `json:"-"`
	P99         float64            `json:"-"`
	Latency     latency            `json:"latency_ms"`
	ByKind      map[string]latency `json:"latency_ms_by_kind"`
	RSSMaxMB    float64            `json:"server_rss_max_mb"`
	FirstError  string             `json:"first_error,omitempty"`
}

type latency struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

func percentiles(d []float64) latency {
	if len(d) == 0 {
		return latency{}
	}
	sort.Float64s(d)
	at := func(p float64) float64 { // nearest rank
		i := int(p*float64(len(d))+0.999999) - 1
		return d[max(0, min(i, len(d)-1))]
	}
	return latency{N: len(d), P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: d[len(d)-1]}
}

// runLevel sends n requests (the workload in order, repeated) with conc
// workers, or keeps going until dur has passed when dur > 0.
func runLevel(ctx context.Context, s *server, client *http.Client, work []request, conc, n int, dur time.Duration) levelResult {
	res := levelResult{Concurrency: conc}
	s.rssMaxMB.Store(0)
	stopRSS := make(chan struct{})
	rssDone := make(chan struct{})
	go func() { s.sampleRSS(stopRSS); close(rssDone) }()

	var next atomic.Int64
	var mu sync.Mutex
	lat := map[string][]float64{}
	var all []float64
	var firstErr string
	errs := 0
	deadline := time.Now().Add(dur)
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if dur > 0 && time.Now().After(deadline) || dur <= 0 && i >= n {
					return
				}
				r := work[i%len(work)]
				t0 := time.Now()
				err := fetch(client, s.base+r.Path)
				ms := float64(time.Since(t0).Microseconds()) / 1000
				mu.Lock()
				if err != nil {
					errs++
					if firstErr == "" {
						firstErr = r.Path + ": " + err.Error()
					}
				} else {
					lat[r.Kind] = append(lat[r.Kind], ms)
					all = append(all, ms)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	res.Seconds = time.Since(start).Seconds()
	close(stopRSS)
	<-rssDone
	res.Requests = len(all) + errs
	res.Errors = errs
	res.FirstError = firstErr
	res.RPS = float64(len(all)) / res.Seconds
	res.Latency = percentiles(all)
	res.P50, res.P95, res.P99 = res.Latency.P50, res.Latency.P95, res.Latency.P99
	res.ByKind = map[string]latency{}
	for k, v := range lat {
		res.ByKind[k] = percentiles(v)
	}
	res.RSSMaxMB = float64(s.rssMaxMB.Load()) / 1024
	return res
}

// fetch GETs u and reads the whole body; anything but 200 is an error.
func fetch(client *http.Client, u string) error {
	res, err := client.Get(u)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", res.StatusCode)
	}
	return err
}

func newClient(conc int) *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        conc * 2,
			MaxIdleConnsPerHost: conc * 2,
			IdleConnTimeout:     30 * time.Second,
		},
	}
}
