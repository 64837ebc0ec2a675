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
	"path/filepath"
	"time"

	"projektsok/index"
	"projektsok/ingest"
	"projektsok/search"
)

func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "[--index DIR] [--addr HOST:PORT]", stderr)
	indexDir := fs.String("index", defaultIndex(getenv), "index folder (env PROJEKTSOK_INDEX)")
	addr := fs.String("addr", defaultAddr(getenv), "listen address (env PROJEKTSOK_ADDR)")
	if help, err := parseFlags(fs, args); help || err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: serve: unexpected argument %q", errUsage, fs.Arg(0))
	}
	log := newLogger(stderr)

	// Listen first, so that a taken port fails before any work and tests
	// can ask for port 0.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	defer ln.Close()

	idx, err := openForServe(ctx, *indexDir, stdout, stderr)
	if err != nil {
		return err
	}
	defer idx.Close()

	srv := &http.Server{
		Handler:           search.NewServer(search.NewEngine(idx), log),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "projektsok: serving %s on http://%s/\n", *indexDir, ln.Addr())

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
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

// openForServe opens the index, or builds it from the bundled sample when
// there is none yet, so that a first run shows real results.
func openForServe(ctx context.Context, dir string, stdout, stderr io.Writer) (*index.Index, error) {
	if index.Exists(dir) {
		idx, err := index.Open(dir)
		if errors.Is(err, index.ErrLocked) {
			return nil, fmt.Errorf("index %s is in use by another projektsok process: %w", dir, err)
		}
		return idx, err
	}
	fmt.Fprintf(stdout, "projektsok: no index at %s; building it from the bundled sample\n", dir)
	recs, err := ingest.SampleFiles()
	if err != nil {
		return nil, fmt.Errorf("read bundled sample: %w", err)
	}
	// Build next to the final place and rename when complete, so that a
	// crash never leaves a half-built index where serve looks for one.
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("create index folder: %w", err)
	}
	tmp := dir + ".building"
	if err := os.RemoveAll(tmp); err != nil {
		return nil, fmt.Errorf("remove stale %s: %w", tmp, err)
	}
	idx, err := index.Create(tmp)
	if err != nil {
		return nil, err
	}
	res, err := idx.Put(ctx, recs)
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("index bundled sample: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return nil, fmt.Errorf("move sample index into place: %w", err)
	}
	fmt.Fprintf(stdout, "projektsok: indexed %d sample documents\n", res.Added)
	return index.Open(dir)
}

// newLogger logs JSON lines, or text when stderr is a terminal.
func newLogger(w io.Writer) *slog.Logger {
	if isTerminal(w) {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}
