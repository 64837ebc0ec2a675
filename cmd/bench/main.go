// Command bench measures Projektsök end to end the way a user feels it
// (issue 7): ingest through the real command, the plain-bleve engine floor,
// start-up time, and an HTTP query workload at several concurrencies.
//
// # Running it
//
// From the repository root, with nothing but Go installed:
//
//	go run ./cmd/bench                        # 44,397 documents: about 5–10 minutes on 2 cores
//	go run ./cmd/bench -limit 2000 -queries-per-level 150   # a quick look (< 1 minute)
//	go run ./cmd/bench -scale 10              # also 10× (~444k documents): a long run
//	go run ./cmd/bench -reingest-load 60s     # then 60 s at concurrency 16 during a rebuild + re-ingest
//
// It prints one table and writes the same numbers as JSON (-out, default
// bench-out/bench.json). Steps, per scale:
//
//  1. Corpus: streams -corpus (default ../shared/corpus/regeringen.tar.gz,
//     relative to the repository root; or -dir FOLDER) into a work folder.
//     Each Markdown file gets a unique name (r<replica>-<hash>-<slug>.md) and
//     a footer derived from a hash of its content and replica (so equal
//     files stay equal, as in the corpus) — "Projektägare har varit …",
//     "Projektnr: …", "Projektperiod: 1 mars 2019 – 31 december 2021",
//     "Deltagande kommuner: A, B och C." — so the real final-report parser
//     extracts owners, numbers, periods and municipalities (from
//     ingest/data/municipalities.csv) and every run sees the same values.
//  2. Ingest: builds ./cmd/projektsok and runs "projektsok ingest --index
//     IDX CORPUS" as a child: wall time, documents/s, MB/s of input, index
//     size on disk, the child's peak RSS (getrusage, which counts the
//     mapped pages of the index's segment files too) with its anonymous
//     and file-backed parts sampled from /proc, CPU time, the fates of its
//     summary line (which must add up to the files) and the documents the
//     index holds (which must equal the files with distinct bytes).
//  3. Floor: the same texts in a plain bleve index in this process
//     (built-in "sv" analyzer, keyword fields region, owner, municipality
//     and doc_type with the derived values, batches of 1000), twice: with
//     bleve's default mapping (dynamic, stored, _all) and with a "lean" one
//     (title and body with term vectors and stored, no _all) — see
//     floorMapping. Ratios ours/floor (wall time, CPU time, size) use the
//     lean floor, the stronger one. -floor picks, -skip-floor skips.
//  4. Serve: starts "projektsok serve --index IDX --addr 127.0.0.1:0" and
//     times process start → first answered /api/search?q=arbete. Then 48
//     Swedish queries, each alone, with one and with two facet filters (the
//     top values of the first facets of the query's own answer), all facets
//     and snippets on, at concurrency 1, 4 and 16 (-levels): p50/p95/p99,
//     requests/s, errors, and the server's RSS (VmRSS sampled every 100 ms,
//     VmHWM at the end). -queries-per-level sets the requests per level.
//     The load client reuses connections and asks for gzip as a browser
//     does, but reads the compressed answers without inflating or
//     decoding them (it checks only the status): it shares the machine's
//     cores with the server, so its own CPU seconds per 1,000 requests
//     are reported beside the server's.
//
// serve runs with its cache of whole answers (search/web/answers.go) at
// -answer-cache-mb MiB (default the server's own default; 0 turns it off):
// with it on, the repeated workload after its first round is answered
// from the cache, the long tail never is. The table's first lines say
// whether it was on, and every level counts its answers by the server's
// X-Answer-Cache header (hit/shared/miss). Run with -answer-cache-mb 0 to
// measure the searches themselves.
//
// -scale N repeats every step on the corpus replicated N times (distinct
// file names, so distinct ids) after the 1× run; -skip-scale turns it off.
//
// # Load during a re-ingest (issue 8)
//
// -reingest-load D adds a last step to every scale, after the concurrency
// levels, on the same server: serve is then started with
// PROJEKTSOK_ADMIN_TOKEN (a random token for the run) and
// PROJEKTSOK_INGEST_ROOTS (the unpacked corpus folder). The workload runs
// at concurrency 16 for D (looping over the fixed workload, stopping at D)
// while, in parallel, one writer sends POST /api/admin/rebuild with
// {"paths": [corpus]} as the load starts — a complete new generation of the
// same corpus, swapped in — and then, as long as the load runs, POST
// /api/admin/ingest of the same corpus again and again (updates by id into
// the live index). A write still running at D is waited for but the load
// is not extended. Rows "re-ingest: …": load seconds, requests, req/s,
// p50/p95/p99, errors (any non-200 or transport error; target 0), the
// rebuild's status and wall time, the ingest passes after it, how much of
// the load had a write running, generation before → after (/readyz; a
// rebuild adds 1), projektsok_index_swaps_total before → after (/metrics),
// documents after, the server's RSS (max sampled over the test, and VmHWM
// after it) and the load average when the load ended. With the long tail
// on (-long-tail), the load is the long tail, and the row "req/s while the
// rebuild ran / long tail c=16 without" compares the requests answered
// per second from the start of the load to the rebuild's answer (or the
// end of the load) with the long tail's c=16 level of the same run
// (issue 19: at least 0.70). The row "server RSS
// peak (VmHWM)" is read before this step. If the rebuild outlasts D, the
// swap happens after the load: pick D above the rebuild time (the table
// shows both) to have searches running across the swap.
//
// Everything happens in a temporary folder under -work (default the system
// temp dir), removed at the end unless -keep; only 127.0.0.1 is contacted.
// The machine is shared and has 2 cores: run one benchmark at a time and
// compare numbers from the same run (ours/floor) rather than across runs.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"projektsok/search/web"
)

type options struct {
	corpus, dir, out, work string
	limit, perLevel, scale int
	levels                 []int
	skipFloor, skipScale   bool
	floors                 []string
	keep, noFooter         bool
	longTailSeed           int64
	reingest               time.Duration
	index                  string // serve this existing index: no corpus, ingest or floor
	longTail               int    // requests per long-tail level (0: none)
	skipHostile            bool
	profile                string // folder for the server's CPU and allocation profiles
	dump                   string // file for the long tail's answers (rankings)
	answerCacheMB          int    // serve --answer-cache-mb
}

// report is the JSON written to -out.
type report struct {
	Machine machine   `json:"machine"`
	Started time.Time `json:"started"`
	Options string    `json:"options"`
	// AnswerCacheMB is the size of the server's cache of whole answers
	// (0: off): with it on, the repeated workload is answered from it.
	AnswerCacheMB int           `json:"answer_cache_mb"`
	Runs          []scaleResult `json:"runs"`
}

type machine struct {
	CPU       string  `json:"cpu"`
	Cores     int     `json:"cores"`
	MemGB     float64 `json:"mem_gb"`
	GoVersion string  `json:"go"`
	Commit    string  `json:"commit"`
	LoadAvg   string  `json:"loadavg_at_start"`
}

type scaleResult struct {
	Scale          int             `json:"scale"`
	Corpus         corpusStats     `json:"corpus"`
	PrepareSeconds float64         `json:"prepare_seconds"`
	Ingest         ingestResult    `json:"ingest"`
	Floors         []floorResult   `json:"floors,omitempty"`
	Floor          *floorResult    `json:"-"` // the one the ratios use: the last of -floor
	TimeRatio      float64         `json:"time_ratio_ours_floor,omitempty"`
	CPURatio       float64         `json:"cpu_ratio_ours_floor,omitempty"`
	SizeRatio      float64         `json:"size_ratio_ours_floor,omitempty"`
	ReadyMS        float64         `json:"ready_ms"`
	IdleRSSMB      float64         `json:"server_rss_idle_mb"`
	HWMMB          float64         `json:"server_rss_peak_mb"`
	WorkloadSize   int             `json:"workload_requests"`
	Levels         []levelResult   `json:"levels"`
	LongTail       []levelResult   `json:"long_tail_levels,omitempty"`
	Mix            *mixResult      `json:"hostile_mix,omitempty"`
	LoadAvg        string          `json:"loadavg_after_levels"`
	Reingest       *reingestResult `json:"reingest,omitempty"`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.corpus, "corpus", "../shared/corpus/regeringen.tar.gz", "corpus `tar.gz` (relative paths are from the repository root)")
	fs.StringVar(&o.dir, "dir", "", "take .md/.txt files from this `folder` instead of -corpus")
	fs.StringVar(&o.out, "out", "bench-out/bench.json", "write the results as JSON to this `file` (relative to the repository root)")
	fs.StringVar(&o.work, "work", "", "parent `folder` of the temporary work folder (default: system temp)")
	fs.IntVar(&o.limit, "limit", 0, "use only the first `N` documents (0 = all)")
	fs.IntVar(&o.perLevel, "queries-per-level", 3000, "requests per concurrency level of the repeated workload")
	fs.IntVar(&o.longTail, "long-tail", 3000, "distinct requests per concurrency level of the long-tail workload and for the hostile mix (0 = skip both)")
	fs.Int64Var(&o.longTailSeed, "long-tail-seed", defaultLongTailSeed, "`seed` of the long tail's and the hostile mix's draw (the default is the one the work on issue 19 was tuned with; another draws a held-out long tail)")
	fs.BoolVar(&o.skipHostile, "skip-hostile", false, "skip the hostile mix")
	fs.StringVar(&o.index, "index", "", "serve this existing index `folder` (made by projektsok ingest): skip corpus, ingest and floor (the vocabulary still comes from -corpus or -dir)")
	fs.StringVar(&o.profile, "profile", "", "write the server's CPU profile (cpu.prof) and allocation profile (allocs.prof) of the whole serve step to this `folder`")
	fs.StringVar(&o.dump, "dump", "", "after the long-tail levels, ask their requests again one at a time and write each one's total, hits (ids and scores, with their versions) and facets to this `file`, one line per request: two runs' files differ only where the answers do")
	fs.IntVar(&o.answerCacheMB, "answer-cache-mb", web.DefaultAnswerCache>>20, "`MiB` of the server's cache of whole answers (serve --answer-cache-mb); 0 turns it off, to measure the searches themselves")
	fs.IntVar(&o.scale, "scale", 1, "also run on the corpus replicated `N` times (1 = no)")
	levels := fs.String("levels", "1,4,16", "concurrency `levels`, comma-separated")
	fs.BoolVar(&o.skipFloor, "skip-floor", false, "skip the plain-bleve engine floor")
	floors := fs.String("floor", "default,lean", "floor `mappings` to build, comma-separated (default, lean); ratios use the last")
	fs.BoolVar(&o.skipScale, "skip-scale", false, "skip the -scale run")
	fs.BoolVar(&o.keep, "keep", false, "keep the work folder (corpus, indexes, server log)")
	fs.BoolVar(&o.noFooter, "no-footer", false, "do not append the derived ESF footer to Markdown files")
	fs.DurationVar(&o.reingest, "reingest-load", 0, "after the levels, load at concurrency 16 for this `duration` during an admin-API rebuild and re-ingest of the corpus (0 = no)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	for _, s := range strings.Split(*levels, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 256 {
			return o, fmt.Errorf("bad -levels %q", *levels)
		}
		o.levels = append(o.levels, n)
	}
	for _, s := range strings.Split(*floors, ",") {
		if s = strings.TrimSpace(s); s != "default" && s != "lean" {
			return o, fmt.Errorf("bad -floor %q: use default and/or lean", *floors)
		}
		o.floors = append(o.floors, s)
	}
	if o.index != "" && o.reingest > 0 && o.dir == "" {
		return o, errors.New("-index with -reingest-load needs -dir (the corpus folder to re-ingest)")
	}
	if o.answerCacheMB < 0 {
		return o, errors.New("-answer-cache-mb must be 0 (off) or more")
	}
	if o.scale < 1 || o.scale > 100 {
		return o, errors.New("-scale must be between 1 and 100")
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	logf := func(format string, a ...interface{}) {
		fmt.Fprintf(stderr, "%s  "+format+"\n", append([]interface{}{time.Now().Format("15:04:05")}, a...)...)
	}
	rep := report{Started: time.Now(), Options: strings.Join(args, " "), Machine: describeMachine(root), AnswerCacheMB: o.answerCacheMB}

	parent := o.work
	if parent != "" && !filepath.IsAbs(parent) {
		parent = filepath.Join(root, parent)
	}
	if parent != "" {
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return err
		}
	}
	work, err := os.MkdirTemp(parent, "projektsok-bench-")
	if err != nil {
		return err
	}
	if o.keep {
		logf("work folder %s (kept)", work)
	} else {
		defer os.RemoveAll(work)
	}
	logf("building ./cmd/projektsok")
	bin, err := buildBinary(ctx, root, work)
	if err != nil {
		return err
	}
	gen, err := newFacetGen(root)
	if err != nil {
		return err
	}
	scales := []int{1}
	if o.index != "" {
		r, err := serveOnly(ctx, o, root, work, bin, logf)
		if err != nil {
			return err
		}
		rep.Runs = append(rep.Runs, r)
		scales = nil
	}
	if o.scale > 1 && !o.skipScale && o.index == "" {
		scales = append(scales, o.scale)
	}
	for _, sc := range scales {
		r, err := runScale(ctx, o, root, work, bin, gen, sc, logf)
		if err != nil {
			return fmt.Errorf("scale %d: %w", sc, err)
		}
		rep.Runs = append(rep.Runs, r)
	}
	printTable(stdout, rep)
	out := o.out
	if !filepath.IsAbs(out) {
		out = filepath.Join(root, out)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(rep, "", "  ")
	if err := os.WriteFile(out, append(b, '\n'), 0o644); err != nil {
		return err
	}
	logf("wrote %s", out)
	return nil
}

func runScale(ctx context.Context, o options, root, work, bin string, gen *facetGen, scale int, logf func(string, ...interface{})) (scaleResult, error) {
	res := scaleResult{Scale: scale}
	dir := filepath.Join(work, fmt.Sprintf("x%d", scale))
	corpusDir := filepath.Join(dir, "corpus")
	if !o.keep {
		defer os.RemoveAll(dir)
	}
	t0 := time.Now()
	var err error
	if o.dir != "" {
		logf("×%d: copying %s", scale, o.dir)
		res.Corpus, err = prepareDir(o.dir, corpusDir, gen, scale, o.limit, !o.noFooter)
	} else {
		src := o.corpus
		if !filepath.IsAbs(src) {
			src = filepath.Join(root, src)
		}
		logf("×%d: unpacking %s", scale, src)
		res.Corpus, err = prepareTar(src, corpusDir, gen, scale, o.limit, !o.noFooter)
	}
	if err != nil {
		return res, err
	}
	res.PrepareSeconds = time.Since(t0).Seconds()
	logf("×%d: %d documents, %.1f MB in %.1f s", scale, res.Corpus.Files, float64(res.Corpus.Bytes)/1e6, res.PrepareSeconds)
	if res.Corpus.Files == 0 {
		return res, errors.New("no documents")
	}

	idx := filepath.Join(dir, "idx")
	logf("×%d: projektsok ingest", scale)
	res.Ingest, err = runIngest(ctx, bin, idx, res.Corpus)
	if err != nil {
		return res, err
	}
	logf("×%d: ingest %.1f s, CPU %.1f s, %.0f docs/s, index %.0f MB, peak RSS %.0f MB (at the sampled peak anon %.0f + file %.0f) — %s",
		scale, res.Ingest.Seconds, res.Ingest.CPUSeconds, res.Ingest.DocsPerSec, mb(res.Ingest.IndexBytes), res.Ingest.PeakRSSMB,
		res.Ingest.AtPeakAnonMB, res.Ingest.AtPeakFileMB, res.Ingest.Summary)

	for _, kind := range o.floors {
		if o.skipFloor {
			break
		}
		logf("×%d: plain bleve floor (%s mapping)", scale, kind)
		fr, err := runFloor(res.Corpus, gen, filepath.Join(dir, "floor-"+kind), kind)
		if err != nil {
			return res, err
		}
		os.RemoveAll(filepath.Join(dir, "floor-"+kind))
		res.Floors = append(res.Floors, fr)
		res.Floor = &res.Floors[len(res.Floors)-1]
		res.TimeRatio = res.Ingest.Seconds / fr.Seconds
		res.CPURatio = res.Ingest.CPUSeconds / fr.CPUSeconds
		res.SizeRatio = float64(res.Ingest.IndexBytes) / float64(fr.IndexBytes)
		logf("×%d: floor (%s) %.1f s (CPU %.1f s), %.0f MB (ours/floor: time %.2f, CPU %.2f, size %.2f)", scale, kind,
			fr.Seconds, fr.CPUSeconds, mb(fr.IndexBytes), res.TimeRatio, res.CPURatio, res.SizeRatio)
	}

	return res, runServe(ctx, o, root, bin, idx, corpusDir, dir, &res, logf)
}

// serveOnly runs the serve step against an existing index (-index).
func serveOnly(ctx context.Context, o options, root, work, bin string, logf func(string, ...interface{})) (scaleResult, error) {
	res := scaleResult{Scale: 1}
	idx := o.index
	if !filepath.IsAbs(idx) {
		idx = filepath.Join(root, idx)
	}
	if !fileExists(idx) {
		return res, fmt.Errorf("-index %s: no such folder", idx)
	}
	logf("serving the existing index %s", idx)
	return res, runServe(ctx, o, root, bin, idx, o.dir, work, &res, logf)
}

// runServe starts the server on idx and runs the workloads: long tail,
// repeated, hostile mix, and the optional re-ingest load.
func runServe(ctx context.Context, o options, root, bin, idx, corpusDir, dir string, res *scaleResult, logf func(string, ...interface{})) error {
	scale := res.Scale
	logf("×%d: projektsok serve", scale)
	var token string
	var env []string
	var err error
	if o.reingest > 0 {
		if token, env, err = adminEnv(corpusDir); err != nil {
			return err
		}
	}
	args := []string{"--answer-cache-mb", strconv.Itoa(o.answerCacheMB)}
	if o.profile != "" {
		prof := o.profile
		if !filepath.IsAbs(prof) {
			prof = filepath.Join(root, prof)
		}
		if err := os.MkdirAll(prof, 0o755); err != nil {
			return err
		}
		args = append(args, "--cpuprofile", filepath.Join(prof, "cpu.prof"), "--memprofile", filepath.Join(prof, "allocs.prof"))
	}
	s, err := startServer(ctx, bin, idx, filepath.Join(dir, "serve.log"), env, args...)
	if err != nil {
		return err
	}
	defer s.stop()
	res.ReadyMS = s.ReadyMS
	rss, _ := s.procStatus()
	res.IdleRSSMB = float64(rss) / 1024
	logf("×%d: first answer %.0f ms after start, RSS %.0f MB", scale, res.ReadyMS, res.IdleRSSMB)
	if res.Corpus.Files == 0 { // -index: the count comes from the server
		if docs, _, err := readiness(newClient(1), s.base); err == nil {
			res.Corpus.Files = int(docs)
		}
	}

	var tail, reingestTail []request
	if o.longTail > 0 {
		src := o.corpus
		if !filepath.IsAbs(src) {
			src = filepath.Join(root, src)
		}
		words, err := vocabulary(src, o.dir)
		if err != nil {
			return fmt.Errorf("vocabulary: %w", err)
		}
		munis, err := topValues(newClient(1), s.base, "municipality", 30)
		if err != nil {
			return fmt.Errorf("municipalities: %w", err)
		}
		extra := 0
		if o.reingest > 0 {
			extra = int(o.reingest.Seconds()) * 2000 // more than the load can send
		}
		tail = longTail(words, munis, o.longTail*(len(o.levels)+1)+extra, o.longTailSeed)
		logf("×%d: long tail: %d distinct requests from %d words and %d municipalities (seed %d)", scale, len(tail), len(words), len(munis), o.longTailSeed)
		for li, c := range o.levels {
			part := tail[min(li*o.longTail, len(tail)):min((li+1)*o.longTail, len(tail))]
			logf("×%d: long tail, %d requests at concurrency %d", scale, len(part), c)
			lr := runLevel(ctx, s, newClient(c), part, c, len(part), 0)
			logLevel(logf, scale, "long tail", lr)
			res.LongTail = append(res.LongTail, lr)
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
		if o.dump != "" && scale == 1 {
			asked := tail[:min(len(o.levels)*o.longTail, len(tail))]
			if err := dumpAnswers(newClient(1), s.base, asked, o.dump); err != nil {
				return fmt.Errorf("dump: %w", err)
			}
			logf("×%d: wrote the answers of %d long-tail requests to %s", scale, len(asked), o.dump)
		}
		tail = tail[min(len(o.levels)*o.longTail, len(tail)):]
		reingestTail = tail[min(o.longTail, len(tail)):]
		tail = tail[:min(o.longTail, len(tail))]
	}

	work1 := newClient(1)
	wl, err := buildWorkload(work1, s.base)
	if err != nil {
		return fmt.Errorf("workload: %w", err)
	}
	res.WorkloadSize = len(wl)
	n := o.perLevel
	if n <= 0 {
		n = 2 * len(wl)
	}
	for _, c := range o.levels {
		logf("×%d: %d requests at concurrency %d", scale, n, c)
		lr := runLevel(ctx, s, newClient(c), wl, c, n, 0)
		logLevel(logf, scale, "repeated", lr)
		res.Levels = append(res.Levels, lr)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	// the peak of the levels, before the re-ingest raises it
	_, hwm := s.procStatus()
	res.HWMMB = float64(hwm) / 1024
	res.LoadAvg = loadAvg()

	if len(tail) > 0 && !o.skipHostile {
		src := o.corpus
		if !filepath.IsAbs(src) {
			src = filepath.Join(root, src)
		}
		words, _ := vocabulary(src, o.dir)
		hostile := hostileRequests(words, 600, o.longTailSeed)
		logf("×%d: hostile mix: 16 clients send %d long-tail requests while 16 send costly ones", scale, len(tail))
		m := runMix(ctx, s, tail, hostile, 16)
		res.Mix = &m
		logLevel(logf, scale, "mix, ordinary", m.Ordinary)
		logf("   mix: server CPU %.2f s per 1,000 ordinary requests (the long tail alone at c=16 above)", m.CPUPer1000)
		logLevel(logf, scale, "mix, hostile", m.Hostile)
		for k, l := range m.Hostile.ByKind {
			logf("   hostile %s: n %d, p50 %.1f ms, p99 %.1f, max %.1f", k, l.N, l.P50, l.P99, l.Max)
		}
		for k, st := range m.Hostile.StatusesByKind {
			logf("   hostile %s: statuses %v", k, st)
		}

		logf("   hostile, any status: p50 %.1f ms, p99 %.1f, max %.1f; load avg %s", m.Hostile.Answered.P50,
			m.Hostile.Answered.P99, m.Hostile.Answered.Max, m.LoadAvg)
	}
	if o.reingest > 0 {
		logf("×%d: %s at concurrency 16 during a rebuild and re-ingest through the admin API", scale, o.reingest)
		load := wl
		if len(reingestTail) > 0 {
			load = reingestTail // the long tail, as issue 19 compares it
		}
		rr := runReingestLoad(ctx, s, load, token, corpusDir, o.reingest)
		for _, l := range res.LongTail {
			if l.Concurrency == 16 && len(reingestTail) > 0 {
				rr.BaseRPS = l.RPS
			}
		}
		res.Reingest = &rr
		switch {
		case rr.Skipped != "":
			logf("×%d: re-ingest load skipped: %s", scale, rr.Skipped)
		default:
			lr := rr.Load
			logf("×%d: re-ingest load %.0f s: p50 %.1f ms, p95 %.1f, p99 %.1f, %.0f req/s, %d/%d errors", scale,
				lr.Seconds, lr.P50, lr.P95, lr.P99, lr.RPS, lr.Errors, lr.Requests)
			if lr.FirstError != "" {
				logf("   first error: %s", lr.FirstError)
			}
			for _, w := range append([]adminWrite{*rr.Rebuild}, rr.Ingests...) {
				logf("×%d: %s at %.1f s: %d in %.1f s, indexed %d, updated %d, failed %d, generation %d %s", scale,
					w.Route, w.StartS, w.Status, w.Seconds, w.Indexed, w.Updated, w.Failed, w.Generation, w.Error)
			}
			logf("×%d: while the rebuild ran: %.0f req/s; the long tail at c=16 without it: %.0f req/s", scale, rr.RebuildRPS, rr.BaseRPS)
			logf("×%d: generation %d → %d, swaps %.0f → %.0f, server RSS max %.0f MB, VmHWM %.0f MB, load avg %s", scale,
				rr.GenBefore, rr.GenAfter, rr.SwapsBefore, rr.SwapsAfter, rr.RSSMaxMB, rr.HWMMB, rr.LoadAvg)
		}
	}
	return nil
}

func logLevel(logf func(string, ...interface{}), scale int, what string, lr levelResult) {
	logf("×%d: %s c=%d: p50 %.1f ms, p95 %.1f, p99 %.1f, %.0f req/s, %d/%d errors, CPU %.2f s/1000 (client %.2f), RSS max %.0f MB, statuses %v, answer cache %v",
		scale, what, lr.Concurrency, lr.P50, lr.P95, lr.P99, lr.RPS, lr.Errors, lr.Requests, lr.CPUPer1000, lr.ClientCPUPer1000, lr.RSSMaxMB, lr.Statuses, lr.AnswerCache)
	if lr.FirstError != "" {
		logf("   first error: %s", lr.FirstError)
	}
	for _, e := range lr.ServerErrors {
		logf("   %s", e)
	}
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

// repoRoot finds the module root (the folder with go.mod) from the
// working directory upwards.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if fileExists(filepath.Join(d, "go.mod")) && fileExists(filepath.Join(d, "cmd", "projektsok")) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("run bench inside the projektsok repository")
		}
	}
}

func describeMachine(root string) machine {
	m := machine{Cores: runtime.NumCPU(), GoVersion: runtime.Version()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		f := strings.Fields(string(b))
		if len(f) > 1 {
			kb, _ := strconv.ParseFloat(f[1], 64)
			m.MemGB = kb / (1 << 20)
		}
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		m.LoadAvg = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	cmd := exec.Command("git", "describe", "--always", "--dirty")
	cmd.Dir = root
	if b, err := cmd.Output(); err == nil {
		m.Commit = strings.TrimSpace(string(b))
	}
	return m
}
