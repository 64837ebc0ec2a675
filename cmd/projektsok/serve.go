package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"sync/atomic"
	"time"

	"projektsok/index"
	"projektsok/ingest"
	"projektsok/search"
	"projektsok/search/web"
)

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "[--index DIR] [--addr HOST:PORT]", stderr)
	indexDir := fs.String("index", defaultIndex(getenv), "index folder (env PROJEKTSOK_INDEX)")
	addr := fs.String("addr", defaultAddr(getenv), "listen address (env PROJEKTSOK_ADDR)")
	lim := limitFlags(fs)
	answerCache := answerCacheFlag(fs, getenv)
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to `file` (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "write an allocation profile to `file` when serve stops")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: serve: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if err := lim.check(); err != nil {
		return err
	}
	cacheBytes, err := answerCache()
	if err != nil {
		return err
	}
	log := newLogger(stderr)
	limitServeMemory(getenv)
	stopProfiles, err := startProfiles(*cpuProfile, *memProfile)
	if err != nil {
		return err
	}
	defer stopProfiles(log)

	// Listen first, so that a taken port fails before any work and tests
	// can ask for port 0.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	defer ln.Close()

	// Serve at once: until the index is open, /healthz says "starting" and
	// everything else (/readyz included) answers 503.
	var handler atomic.Pointer[http.Handler]
	handler.Store(ptr(startingHandler()))
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			(*handler.Load()).ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       lim.read,
		WriteTimeout:      lim.write,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	idx, err := openForServe(ctx, *indexDir, stdout, stderr)
	if err != nil {
		_ = srv.Close()
		return err
	}
	defer idx.Close()
	// Facet tables (index/facettable.go) are built on first use; build
	// them now, beside the first requests (150 ms at 444,000 documents).
	go func() {
		if err := idx.WarmFacets(); err != nil && !errors.Is(err, index.ErrClosed) {
			log.Warn("facet tables", "err", err)
		}
		if err := idx.WarmFolds(); err != nil && !errors.Is(err, index.ErrClosed) {
			log.Warn("fold tables", "err", err)
		}
	}()
	eng := search.NewEngine(idx)
	eng.Timeout = lim.search
	h := web.NewServer(eng, log, web.WithAdmin(adminConfig(ctx, getenv)), web.WithSourceURL(getenv("PROJEKTSOK_SOURCE_URL")),
		web.WithAnswerCache(cacheBytes))
	if testHook != nil {
		h = testHook(h)
	}
	handler.Store(&h)
	fmt.Fprintf(stdout, "projektsok: serving %s on http://%s/\n", *indexDir, ln.Addr())
	if adminConfig(ctx, getenv).Token != "" {
		fmt.Fprintln(stdout, "projektsok: admin API enabled (POST /api/admin/ingest, /api/admin/rebuild)")
	}

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Let in-flight requests finish, then close the index (once).
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(stdout, "projektsok: stopped")
	return nil
}

// serveMemoryLimit is serve's soft limit on the Go heap. Serving needs
// little heap (44 MB at 444,000 documents; the index is memory-mapped),
// but an admin rebuild analyses and builds segments in the server: without
// a limit the process grew to 976 MB on 44,397 documents, with it to
// 714 MB, the rebuild taking 50 s instead of 38.
const serveMemoryLimit = 512 << 20

// serveGCPercent is serve's GOGC: Go's default. A search allocates a few
// hundred KB and keeps none of it; a higher GOGC lets the heap grow to
// that many percent above the live heap between collections, which saves
// collector CPU but raises the peak. Measured on the 44,397-document
// index (cmd/bench -index, long tail and repeated workloads at c=1, 4, 16
// and the hostile mix, back to back, 2026-12-05, load average 6–14):
//
//	GOGC  CPU s / 1,000 long-tail requests (c=1, c=16)  peak RSS (VmHWM)
//	100   2.27–2.28, 2.26–2.29                          289–297 MB
//	150   2.19, 2.07                                    318 MB
//	200   2.15, 2.08                                    375 MB
//	400   2.07–2.28, 1.82–2.00                          443–445 MB
//
// and again after the window's sort and ids came from the facet tables
// (less CPU per request, 00:43–00:45, load 6–8):
//
//	70    1.84, 1.94                                    300 MB
//	100   1.78–1.94, 1.73–1.81                          315–321 MB
//
// Of the peak, about 190 MB is the memory-mapped index itself (RssFile:
// the 185 MB folder, all of it touched under the long tail) and 110–130
// MB the Go heap and runtime (RssAnon; 28 MB live when idle). 100 keeps
// the peak nearest issue 7's 300 MB for the least CPU: 70 reaches 300 MB
// for 5 % more CPU, 400 would save a tenth of the CPU for 130 MB more.
const serveGCPercent = 100

// limitServeMemory applies serveMemoryLimit and serveGCPercent unless
// GOMEMLIMIT or GOGC are set.
func limitServeMemory(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
}

// openForServe opens the index, or builds it from the bundled sample when
// there is none yet, so that a first run shows real results. Opening for
// writing also removes what an interrupted rebuild left behind.
func openForServe(ctx context.Context, dir string, stdout, stderr io.Writer) (*index.Index, error) {
	if index.Exists(dir) {
		idx, err := index.Open(dir)
		if errors.Is(err, index.ErrLocked) {
			return nil, fmt.Errorf("index %s is in use by another projektsok process: %w", dir, err)
		}
		if err != nil {
			return nil, err
		}
		if built, current, err := idx.Analysis(); err == nil && !current {
			fmt.Fprintf(stderr, "projektsok: warning: index %s was built by an earlier version's Swedish analysis (%q, this version %q): "+
				"searches may miss forms and new documents are refused until it is rebuilt (POST /api/admin/rebuild, or ingest into a new --index)\n",
				dir, built, index.AnalysisID())
		}
		return idx, nil
	}
	fmt.Fprintf(stdout, "projektsok: no index at %s; building it from the bundled sample\n", dir)
	recs, err := ingest.SampleFiles()
	if err != nil {
		return nil, fmt.Errorf("read bundled sample: %w", err)
	}
	// A complete generation becomes visible at once or not at all: a crash
	// never leaves a half-built index where serve looks for one.
	var added int
	idx, err := index.Build(ctx, dir, func(g *index.Index) error {
		res, err := g.Put(ctx, recs)
		added = res.Added
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("index bundled sample: %w", err)
	}
	fmt.Fprintf(stdout, "projektsok: indexed %d sample documents\n", added)
	return idx, nil
}

// newLogger logs JSON lines, or text when stderr is a terminal.
func newLogger(w io.Writer) *slog.Logger {
	if isTerminal(w) {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

// testHook, when set by a test, wraps the server's handler.
var testHook func(http.Handler) http.Handler

func ptr[T any](v T) *T { return &v }

// startingHandler answers while the index is being opened or built.
func startingHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Retry-After", "5")
		if r.URL.Path == "/healthz" {
			w.WriteHeader(http.StatusOK)
			fmt.Fprintln(w, `{"status":"starting"}`)
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, `{"error":"Tjänsten startar. Försök igen om en stund."}`)
	})
}

// startProfiles starts a CPU profile and returns what writes both
// profiles when serve stops.
func startProfiles(cpu, mem string) (func(*slog.Logger), error) {
	var cpuFile *os.File
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return nil, fmt.Errorf("cpu profile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("cpu profile %s: %w", cpu, err)
		}
		cpuFile = f
	}
	return func(log *slog.Logger) {
		if cpuFile != nil {
			pprof.StopCPUProfile()
			cpuFile.Close()
		}
		if mem == "" {
			return
		}
		f, err := os.Create(mem)
		if err != nil {
			log.Warn("allocation profile", "err", err)
			return
		}
		defer f.Close()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			log.Warn("allocation profile", "err", err)
		}
	}, nil
}
