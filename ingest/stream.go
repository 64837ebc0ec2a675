package ingest

import (
	"context"
	"sync"
)

// Result is the outcome of parsing one file.
type Result struct {
	File
	Record Record
	Err    error
	// Unchanged: known said the file's bytes are already indexed under
	// its source, so it was not parsed; Record holds only Source and Hash.
	Unchanged bool
}

// Known reports whether a file with this source and content hash is
// already indexed as it is. It is called from several goroutines.
type Known func(source, hash string) bool

// Stream parses files with the given number of workers and sends one
// Result per file, in the order of files (so that which of two equal files
// comes first does not depend on timing); the channel closes when every
// file is done or ctx is cancelled. A file that known (if not nil) reports
// as already indexed is read and hashed but not parsed.
func Stream(ctx context.Context, files []File, workers int, known Known) <-chan Result {
	if workers < 1 {
		workers = 1
	}
	type job struct {
		f   File
		res chan Result
	}
	out := make(chan Result, workers*4)
	jobs := make(chan job)
	// order holds the jobs handed out, oldest first: it bounds how far
	// the workers run ahead of the slowest file.
	order := make(chan job, workers*4)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				j.res <- parseKnown(j.f, known)
			}
		}()
	}
	go func() {
		defer close(order)
		defer close(jobs)
		for _, f := range files {
			j := job{f: f, res: make(chan Result, 1)}
			select {
			case order <- j:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		defer close(out)
		defer wg.Wait()
		for j := range order {
			var r Result
			select {
			case r = <-j.res:
			case <-ctx.Done():
				for range order {
				}
				return
			}
			select {
			case out <- r:
			case <-ctx.Done():
				for range order {
				}
				return
			}
		}
	}()
	return out
}

// parseKnown reads f and parses it unless known reports it unchanged.
func parseKnown(f File, known Known) Result {
	if known == nil {
		rec, err := f.Parse()
		return Result{File: f, Record: rec, Err: err}
	}
	data, err := f.Read()
	if err != nil {
		return Result{File: f, Err: err}
	}
	rel := cleanRel(f.Rel)
	if h := Hash(data); known(rel, h) {
		return Result{File: f, Record: Record{Source: rel, Hash: h}, Unchanged: true}
	}
	rec, err := Parse(f.Rel, data)
	return Result{File: f, Record: rec, Err: err}
}
