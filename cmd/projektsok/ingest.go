package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"time"

	"projektsok/index"
	"projektsok/ingest"
)

func runIngest(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("ingest", "[--index DIR | --server URL] [--batch N] [--report FILE] [--prune] PATH...", stderr)
	indexDir := fs.String("index", defaultIndex(getenv), "index folder (env PROJEKTSOK_INDEX)")
	server := fs.String("server", "", "send the files to a running serve at this URL (token from env PROJEKTSOK_ADMIN_TOKEN) instead of writing the index")
	batch := fs.Int("batch", index.DefaultBatch, "documents per persisted batch (files per upload with --server)")
	reportFile := fs.String("report", "", "write one JSON line per file (path, source, id, fate, reason, format, encoding, chars) to `file`")
	prune := fs.Bool("prune", false, "remove from the index the files it holds that this ingest did not find (give the same folders as before)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the ingest to `file` (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "write an allocation profile of the ingest to `file` when it ends (for go tool pprof)")
	paths, help, err := parseInterleaved(fs, args)
	if help || err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("cpu profile %s: %w", *cpuProfile, err)
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		defer writeAllocs(*memProfile, stderr)
	}
	if len(paths) == 0 {
		fs.Usage()
		return fmt.Errorf("%w: ingest: no files or folders given", errUsage)
	}
	if *batch < 1 || *batch > 100000 {
		return fmt.Errorf("%w: ingest: --batch must be 1–100000", errUsage)
	}
	files, skipped, err := ingest.Files(paths)
	if err != nil {
		return err
	}
	rep, err := newReporter(*reportFile, stderr)
	if err != nil {
		return err
	}
	defer rep.close()
	for _, p := range skipped {
		rep.add(ingest.FailedOutcome(p, "", fmt.Errorf("%s: %w %q", p, ingest.ErrUnsupported, filepath.Ext(p))))
	}
	if *server != "" {
		if err := ingestRemote(ctx, *server, getenv("PROJEKTSOK_ADMIN_TOKEN"), files, *batch, *prune, rep, stdout); err != nil {
			return err
		}
		return rep.finish(stdout, *server)
	}
	// Enough files for a Compact at the end: bleve need not merge
	// along the way (index.OpenBulk), up to bulkMaxFiles.
	bulk := len(files) >= compactAfter && len(files) <= bulkMaxFiles
	idx, err := openOrCreate(ctx, *indexDir, bulk)
	if err != nil {
		return err
	}
	defer idx.Close()
	defer tuneGC(getenv)()
	index.SetSurfaceCache(ingestSurfaceCache)

	if err := ingestFiles(ctx, idx, files, *batch, *prune, rep, stdout); err != nil {
		return err
	}
	// A bulk load leaves one segment per batch; searches on one are
	// cheaper (index/compact.go). A few files more are not worth a pass,
	// unless an interrupted bulk load left its segments unmerged.
	segs, err := idx.Segments()
	if err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	if rep.tally.Indexed+rep.tally.Updated >= compactAfter || segs > compactSegments {
		releaseHeap(getenv)
		if err := idx.Compact(ctx); err != nil {
			return fmt.Errorf("write index: %w", err)
		}
	}
	return rep.finish(stdout, *indexDir)
}

// recordBuffer is how many parsed records may wait for Load.
const recordBuffer = 64

// compactAfter is how many documents an ingest must write to end with a
// compaction.
const compactAfter = 1000

// bulkMaxFiles is the most files of an ingest without bleve's background
// merges (index.OpenBulk). Without them a batch leaves one segment (about
// 200 documents), and each batch costs bleve a look-up of its ids in
// every segment before it. On 44,397 documents (220 segments) the
// ingest took 59–62 CPU s instead of 71–75. On ten times as many (2,200
// segments) it took 1,113 CPU s and peak RSS 2,686 MB against 1,000 s and
// 1,982 MB with the merges: the merges there keep the mapped segment
// files and the per-segment look-ups small, so such an ingest merges as
// before.
const bulkMaxFiles = 100_000

// compactSegments is how many segments an ingest may leave without a
// compaction (bleve's merges keep about ten per size tier).
const compactSegments = 10

// reporter tells every file's fate: failures and skipped files on stderr
// as they happen, every file in the --report file, counts in the summary.
type reporter struct {
	tally  ingest.Tally
	stderr io.Writer
	file   *os.File
	w      *bufio.Writer
	enc    *json.Encoder
	err    error
}

func newReporter(name string, stderr io.Writer) (*reporter, error) {
	r := &reporter{stderr: stderr}
	if name == "" {
		return r, nil
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	r.file, r.w = f, bufio.NewWriter(f)
	r.enc = json.NewEncoder(r.w)
	r.enc.SetEscapeHTML(false)
	return r, nil
}

func (r *reporter) add(o ingest.Outcome) {
	r.tally.Add(o.Fate)
	if o.Fate == ingest.Failed || o.Fate == ingest.Skipped {
		fmt.Fprintf(r.stderr, "%s: %s: %s\n", o.Path, o.Fate, o.Reason)
	}
	if r.enc != nil && r.err == nil {
		r.err = r.enc.Encode(o)
	}
}

// finish prints the summary line and ends with exit status 1 if a file
// failed (or the report could not be written).
func (r *reporter) finish(stdout io.Writer, dest string) error {
	fmt.Fprintf(stdout, "%s → %s\n", r.tally, dest)
	if err := r.close(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if r.tally.Failed > 0 {
		return exitCode(1)
	}
	return nil
}

func (r *reporter) close() error {
	if r.file == nil {
		return r.err
	}
	if err := r.w.Flush(); err != nil && r.err == nil {
		r.err = err
	}
	if err := r.file.Close(); err != nil && r.err == nil {
		r.err = err
	}
	r.file = nil
	return r.err
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

// openOrCreate opens the index at dir, creating it (an empty first
// generation) when it does not exist; for a bulk load without bleve's
// background merges (index.OpenBulk) when bulk is set.
func openOrCreate(ctx context.Context, dir string, bulk bool) (*index.Index, error) {
	var idx *index.Index
	var err error
	if !index.Exists(dir) {
		idx, err = index.Build(ctx, dir, nil)
		if err == nil && bulk {
			err = idx.Close()
		}
	}
	if err == nil && (idx == nil || bulk) {
		if bulk {
			idx, err = index.OpenBulk(dir)
		} else {
			idx, err = index.Open(dir)
		}
	}
	if errors.Is(err, index.ErrLocked) {
		return nil, fmt.Errorf("index %s is in use by another projektsok process; "+
			"if serve holds it, send the files through it with --server http://HOST:PORT "+
			"(and PROJEKTSOK_ADMIN_TOKEN), or stop it or use another --index: %w", dir, err)
	}
	return idx, err
}

// ingestFiles parses files and indexes the records in batches, telling
// every file's fate to rep. Unchanged files are hashed, not parsed; files
// with the same bytes become one document. A file that fails is reported
// with its path and reason; the others are still indexed. After each
// persisted batch a line "ingest: N documents acknowledged" (not on a
// terminal) says how many are safely on disk: a crash after it loses none
// of them, and the same ingest run again completes the job.
func ingestFiles(ctx context.Context, idx *index.Index, files []ingest.File, batch int, prune bool, rep *reporter, stdout io.Writer) error {
	sess, err := idx.Begin(ctx)
	if errors.Is(err, index.ErrOldIndex) {
		return fmt.Errorf("%w: ingest into a new --index folder, or rebuild through a running serve (POST /api/admin/rebuild)", err)
	}
	if err != nil {
		return err
	}
	prog := newProgress(stdout, len(files))
	defer prog.finish()

	// Load forms the next batch while the index writes the last ones; the
	// buffer only absorbs the parsers' jitter. It is bounded in records,
	// not a batch's worth: parsed records hold their whole text (up to
	// ingest.MaxIndexed each), and a thousand long reports waiting here
	// would make the memory grow with the files, not the batch.
	recs := make(chan ingest.Record, min(batch, recordBuffer))
	loadErr := make(chan error, 1)
	go func() {
		_, err := idx.Load(ctx, recs, batch, prog.acknowledged)
		loadErr <- err
	}()
	results := ingest.Stream(ctx, files, runtime.GOMAXPROCS(0), sess.Known)
	var stopped error
	for r := range results {
		prog.add(1)
		if stopped != nil {
			continue
		}
		if r.Err != nil {
			prog.clear()
			sess.Failed(r.Rel)
			rep.add(ingest.FailedOutcome(r.Path, r.Rel, r.Err))
			continue
		}
		out, write, err := sess.Plan(&r.Record, r.Path)
		if err != nil {
			stopped = err
			continue
		}
		if out.Fate == ingest.Failed {
			prog.clear()
		}
		rep.add(out)
		if !write {
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
		return fmt.Errorf("write index: %w", err)
	}
	if stopped != nil {
		return fmt.Errorf("write index: %w", stopped)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	pruned, kept, err := sess.Finish(ctx, prune)
	for _, o := range pruned {
		rep.add(o)
	}
	rep.tally.Kept = kept
	if err != nil {
		return fmt.Errorf("write index: %w", err)
	}
	return nil
}

// tuneGC bounds a local ingest's memory: the collector at Go's default
// 100 % within a soft limit (ingestLimit) that follows the live heap. The
// live heap is the batches in bleve (index.MaxBatchText), the parse queue,
// the analysis cache and the session's per-file tables; the last grow
// with the corpus (about 720 bytes a file, 320 MB at 444,000 files). A
// fixed limit of 400 MiB under a live heap that large made the collector
// run without pause: the ×10 ingest took 947 s and 1,813 CPU s against
// 356 s before. Measured on 44,397 documents, two runs side by side at
// load 12–19: 63.7 CPU s and peak RSS 1,154 MB with GOGC 200 and a 1 GiB
// limit; with 256 KiB batches and a limit of 320 MiB 100.2 s and 512 MB,
// 400 MiB 79.2 s and 587 MB, 480 MiB 75.1 s and 640 MB. The least limit
// is now 300 MiB: with a smaller analysis cache (ingestSurfaceCache) the
// live heap stays well below it. GOGC or GOMEMLIMIT in the environment
// take precedence. The returned stop ends the limit's updates.
func tuneGC(getenv func(string) string) (stop func()) {
	if getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	debug.SetMemoryLimit(ingestLimit(0))
	done := make(chan struct{})
	go func() {
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				metrics.Read(sample)
				if sample[0].Value.Kind() == metrics.KindUint64 {
					debug.SetMemoryLimit(ingestLimit(sample[0].Value.Uint64()))
				}
			}
		}
	}()
	return func() { close(done) }
}

// ingestMemLimit is the least soft heap limit of a local ingest.
const ingestMemLimit = 300 << 20

// ingestSurfaceCache is the bound of the analysis cache of a local ingest
// (index.SetSurfaceCache), a quarter of a server's: the words that recur
// stay cached, and the rare ones, which a bulk load meets once, no longer
// fill 60 MB of the live heap. Measured on 44,397 documents without
// background merges (index.OpenBulk) at load 4–9, CPU s and peak RSS:
// 262,144 words with a limit of 400 MiB 66.7 s, 618 MB; 65,536 words
// 59.4 s, 616 MB; 16,384 words 62.5 s, 619 MB; with a limit of 300 MiB
// 65,536 words 60.2 s, 525 MB and 262,144 words 78.6 s, 533 MB (its live
// heap then sits at the limit); 65,536 words within 250 MiB 66.1 s, 478 MB.
const ingestSurfaceCache = 1 << 16

// ingestLimit is the soft heap limit for a live heap of live bytes: at
// least ingestMemLimit, and half as much again as the live heap, so that
// the limit bounds the garbage, not what the ingest must hold.
func ingestLimit(live uint64) int64 {
	return max(ingestMemLimit, int64(live+live/2))
}

// releaseHeap returns the garbage the load left to the operating system
// and collects at 50 % during Compact, whose merge maps every segment
// file (about the index's size, 190 MB at 44,397 documents): the heap and
// the mapped files would otherwise add up to the ingest's peak.
func releaseHeap(getenv func(string) string) {
	debug.FreeOSMemory()
	if getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
}

// writeAllocs writes the allocation profile (every allocation since the
// start, and what is still in use) to name; a failure is only reported.
func writeAllocs(name string, stderr io.Writer) {
	f, err := os.Create(name)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "allocation profile %s: %v\n", name, err)
	}
}
