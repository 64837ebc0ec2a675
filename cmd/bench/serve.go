package main

import (
	"bufio"
	"cmp"
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
	"slices"
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
	answered atomic.Int64 // requests answered 200 so far, by every group
}

var servingRe = regexp.MustCompile(`serving .* on (http://[^/\s]+)/`)

// startServer starts serve on a free port and waits for its first answered
// search; ReadyMS is the time from process start to that answer. env is
// added to the bench's own environment (the admin API for -reingest-load).
func startServer(ctx context.Context, bin, idx, logPath string, env []string, args ...string) (*server, error) {
	errf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, append([]string{"serve", "--index", idx, "--addr", "127.0.0.1:0"}, args...)...)
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
	m := readMemStatus(s.pid)
	return m.RSS, m.HWM
}

// memStatus is a process's memory from /proc/PID/status, in KiB: the
// resident set (RSS = Anon + File + shared memory), its high-water mark,
// and its anonymous part (heap, stacks) and file-backed part (the binary
// and mapped files, such as an index's segment files).
type memStatus struct {
	RSS, HWM, Anon, File int64
}

// readMemStatus reads pid's memStatus (zero when the process is gone).
func readMemStatus(pid int) memStatus {
	var m memStatus
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return m
	}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			m.RSS = n
		case "VmHWM:":
			m.HWM = n
		case "RssAnon:":
			m.Anon = n
		case "RssFile:":
			m.File = n
		}
	}
	return m
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

// getJSON GETs u and decodes its JSON answer. It is for preparing a
// workload, not for measuring: an answer the server gave up on (503, its
// deadline passed on a loaded machine, as "kommun" at ×10 did) is asked
// again up to three times before the run stops.
func getJSON(client *http.Client, u string, v interface{}) error {
	for try := 1; ; try++ {
		err := getJSONOnce(client, u, v)
		if !errors.Is(err, errUnavailable) || try == 4 {
			return err
		}
		time.Sleep(time.Duration(try) * time.Second)
	}
}

var errUnavailable = errors.New("server gave up")

func getJSONOnce(client *http.Client, u string, v interface{}) error {
	res, err := client.Get(u)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 500))
		if res.StatusCode == http.StatusServiceUnavailable {
			return fmt.Errorf("%w: status %d: %s", errUnavailable, res.StatusCode, b)
		}
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
	Statuses    map[string]int     `json:"statuses"`              // "200", "429", … "transport" for no answer
	Answered    latency            `json:"latency_ms_any_status"` // every request the server answered, errors included
	CPUPer1000  float64            `json:"server_cpu_s_per_1000"`
	// ClientCPUPer1000 is the load client's (this process's) CPU time
	// per 1,000 requests: on 2 cores it competes with the server.
	ClientCPUPer1000 float64 `json:"client_cpu_s_per_1000"`
	RSSMaxMB         float64 `json:"server_rss_max_mb"`
	FirstError       string  `json:"first_error,omitempty"`
	// Slowest are the level's slowest 1 % of answered requests (at least
	// one), slowest first: what the p99 is made of.
	Slowest []timed `json:"slowest,omitempty"`
	// StatusesByKind counts the statuses of each kind of request, and
	// ServerErrors lists the first maxServerErrors answers with a 5xx
	// (which request, after how long), so that a 503 can be traced.
	StatusesByKind map[string]map[string]int `json:"statuses_by_kind"`
	ServerErrors   []string                  `json:"server_errors,omitempty"`
	// LateRefusals counts 400 and 429 answers that came after
	// lateRefusal: a request turned away only after it ran, not early.
	LateRefusals int `json:"late_refusals"`
	// AnswerCache counts the answers by the server's X-Answer-Cache
	// header: hit, shared, miss ("none" when the cache is off or the
	// answer was an error).
	AnswerCache map[string]int `json:"answer_cache"`
}

// lateRefusal: a refusal after this long is not an early one (half the
// server's default deadline).
const lateRefusal = 1000.0 // ms

// timed is one request's path and time to answer.
type timed struct {
	Path string  `json:"path"`
	MS   float64 `json:"ms"`
}

// slowest returns the slowest 1 % of ts (at least one), slowest first.
func slowest(ts []timed) []timed {
	slices.SortFunc(ts, func(a, b timed) int { return cmp.Compare(b.MS, a.MS) })
	return slices.Clone(ts[:min(len(ts), max(1, len(ts)/100))])
}

// maxServerErrors is how many 5xx answers a level lists.
const maxServerErrors = 20

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

// cpuSeconds is the server's user+system CPU time so far.
func (s *server) cpuSeconds() float64 { return procCPU(strconv.Itoa(s.pid)) }

// procCPU is a process's user+system CPU time so far, from
// /proc/PID/stat (clock ticks of 1/100 s on Linux); pid "self" is this
// process, the load client.
func procCPU(pid string) float64 {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0
	}
	// the command name may hold spaces: fields count from the last ')'
	str := string(b)
	f := strings.Fields(str[strings.LastIndexByte(str, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseFloat(f[11], 64) // field 14 of the whole line
	st, _ := strconv.ParseFloat(f[12], 64) // field 15
	return (ut + st) / 100
}

// runLevel sends n requests (the workload in order, repeated) with conc
// workers, or keeps going until dur has passed when dur > 0, and measures
// the server's RSS and CPU time meanwhile.
func runLevel(ctx context.Context, s *server, client *http.Client, work []request, conc, n int, dur time.Duration) levelResult {
	s.rssMaxMB.Store(0)
	stopRSS := make(chan struct{})
	rssDone := make(chan struct{})
	go func() { s.sampleRSS(stopRSS); close(rssDone) }()
	cpu0, client0 := s.cpuSeconds(), procCPU("self")
	res := runGroup(ctx, s, client, work, conc, n, dur, nil)
	cpu, clientCPU := s.cpuSeconds()-cpu0, procCPU("self")-client0
	close(stopRSS)
	<-rssDone
	if res.Requests > 0 {
		res.CPUPer1000 = cpu / float64(res.Requests) * 1000
		res.ClientCPUPer1000 = clientCPU / float64(res.Requests) * 1000
	}
	res.RSSMaxMB = float64(s.rssMaxMB.Load()) / 1024
	return res
}

// runGroup is one group of conc clients sending the workload in order:
// n requests, or for dur when dur > 0, or (n = 0, dur = 0) until stop is
// closed, looping over the workload.
func runGroup(ctx context.Context, s *server, client *http.Client, work []request, conc, n int, dur time.Duration, stop <-chan struct{}) levelResult {
	res := levelResult{Concurrency: conc, Statuses: map[string]int{}, StatusesByKind: map[string]map[string]int{}, AnswerCache: map[string]int{}}
	var next atomic.Int64
	var mu sync.Mutex
	lat := map[string][]float64{}
	var all, answered []float64
	var times []timed
	var firstErr string
	errs := 0
	deadline := time.Now().Add(dur)
	start := time.Now()
	stopped := func() bool {
		if stop == nil {
			return false
		}
		select {
		case <-stop:
			return true
		default:
			return false
		}
	}
	var wg sync.WaitGroup
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && !stopped() {
				i := int(next.Add(1) - 1)
				if dur > 0 && time.Now().After(deadline) || dur <= 0 && n > 0 && i >= n {
					return
				}
				r := work[i%len(work)]
				t0 := time.Now()
				status, cached, err := fetch(client, s.base+r.Path)
				ms := float64(time.Since(t0).Microseconds()) / 1000
				code := "transport"
				if status != 0 {
					code = strconv.Itoa(status)
				}
				if cached == "" {
					cached = "none"
				}
				mu.Lock()
				res.AnswerCache[cached]++
				res.Statuses[code]++
				if res.StatusesByKind[r.Kind] == nil {
					res.StatusesByKind[r.Kind] = map[string]int{}
				}
				res.StatusesByKind[r.Kind][code]++
				if (status == http.StatusBadRequest || status == http.StatusTooManyRequests) && ms >= lateRefusal {
					res.LateRefusals++
				}
				if status >= 500 && len(res.ServerErrors) < maxServerErrors {
					res.ServerErrors = append(res.ServerErrors, fmt.Sprintf("%d after %.0f ms: %s", status, ms, r.Path))
				}
				if status != 0 {
					answered = append(answered, ms)
				}
				if err != nil {
					errs++
					if firstErr == "" {
						firstErr = r.Path + ": " + err.Error()
					}
				} else {
					lat[r.Kind] = append(lat[r.Kind], ms)
					all = append(all, ms)
					times = append(times, timed{r.Path, ms})
					s.answered.Add(1)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	res.Seconds = time.Since(start).Seconds()
	res.Requests = len(all) + errs
	res.Errors = errs
	res.FirstError = firstErr
	res.RPS = float64(len(all)) / res.Seconds
	res.Latency = percentiles(all)
	res.P50, res.P95, res.P99 = res.Latency.P50, res.Latency.P95, res.Latency.P99
	res.Answered = percentiles(answered)
	res.Slowest = slowest(times)
	res.ByKind = map[string]latency{}
	for k, v := range lat {
		res.ByKind[k] = percentiles(v)
	}
	return res
}

// fetch GETs u and reads the whole body; anything but 200 is an error
// (status 0: no answer). cached is the answer's X-Answer-Cache header. It asks for gzip as a browser does, so the server
// compresses as it would for one, but reads the compressed bytes without
// inflating them (Go's transport inflates only when it added the header
// itself): the client is not what is measured, and on 2 cores its CPU
// time is taken from the server's.
func fetch(client *http.Client, u string) (status int, cached string, err error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	cached = res.Header.Get("X-Answer-Cache")
	if res.StatusCode != http.StatusOK {
		return res.StatusCode, cached, fmt.Errorf("status %d", res.StatusCode)
	}
	return res.StatusCode, cached, err
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
