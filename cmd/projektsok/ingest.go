package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"

	"projektsok/index"
	"projektsok/ingest"
)

func runIngest(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("ingest", "[--index DIR] PATH...", stderr)
	indexDir := fs.String("index", defaultIndex(getenv), "index folder (env PROJEKTSOK_INDEX)")
	paths, help, err := parseInterleaved(fs, args)
	if help || err != nil {
		return err
	}
	if len(paths) == 0 {
		fs.Usage()
		return fmt.Errorf("%w: ingest: no files or folders given", errUsage)
	}
	files, skipped, err := ingest.Files(paths)
	if err != nil {
		return err
	}
	idx, err := openOrCreate(*indexDir)
	if err != nil {
		return err
	}
	defer idx.Close()

	sum, err := ingestFiles(ctx, idx, files, stdout, stderr)
	sum.Skipped = skipped
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d indexed, %d updated, %d failed, %d skipped (unsupported) → %s\n",
		sum.Added, sum.Updated, sum.Failed, sum.Skipped, *indexDir)
	if sum.Failed > 0 {
		return exitCode(1)
	}
	return nil
}

// parseInterleaved parses flags that may stand before or after the
// positional arguments ("ingest docs/ --index x").
func parseInterleaved(fs *flag.FlagSet, args []string) (pos []string, help bool, err error) {
	for {
		if help, err := parseFlags(fs, args); help || err != nil {
			return nil, help, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, false, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// openOrCreate opens the index at dir, creating it when it does not exist.
func openOrCreate(dir string) (*index.Index, error) {
	if index.Exists(dir) {
		idx, err := index.Open(dir)
		if errors.Is(err, index.ErrLocked) {
			return nil, fmt.Errorf("index %s is in use by another projektsok process (serve or ingest); stop it or use another --index: %w", dir, err)
		}
		return idx, err
	}
	return index.Create(dir)
}

type ingestSummary struct {
	index.PutResult
	Failed, Skipped int
}

// ingestFiles parses files and indexes the records in batches. A file
// that fails is reported on stderr with its path and reason; the others
// are still indexed.
func ingestFiles(ctx context.Context, idx *index.Index, files []string, stdout, stderr io.Writer) (ingestSummary, error) {
	var sum ingestSummary
	prog := newProgress(stdout, len(files))
	defer prog.finish()

	recs := make(chan ingest.Record)
	loadErr := make(chan error, 1)
	go func() {
		res, err := idx.Load(ctx, recs, index.DefaultBatch, nil)
		sum.PutResult = res
		loadErr <- err
	}()
	results := ingest.Stream(ctx, files, runtime.GOMAXPROCS(0))
	var stopped error
	for r := range results {
		prog.add(1)
		if r.Err != nil {
			sum.Failed++
			prog.clear()
			fmt.Fprintf(stderr, "%s: %v\n", r.Path, r.Err)
			continue
		}
		if stopped != nil {
			continue
		}
		select {
		case recs <- r.Record:
		case err := <-loadErr:
			stopped = err
			loadErr <- err
		}
	}
	close(recs)
	if err := <-loadErr; err != nil {
		return sum, fmt.Errorf("write index: %w", err)
	}
	return sum, ctx.Err()
}
