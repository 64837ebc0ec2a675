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
}

// Stream parses files with the given number of workers and sends one
// Result per file, in no particular order; the channel closes when every
// file is done or ctx is cancelled.
func Stream(ctx context.Context, files []File, workers int) <-chan Result {
	if workers < 1 {
		workers = 1
	}
	out := make(chan Result, workers*4)
	paths := make(chan File)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range paths {
				rec, err := f.Parse()
				select {
				case out <- Result{File: f, Record: rec, Err: err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(out)
		defer wg.Wait()
		defer close(paths)
		for _, p := range files {
			select {
			case paths <- p:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
