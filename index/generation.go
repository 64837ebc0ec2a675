package index

// # Index folders and generations
//
// The folder a user names with --index holds complete index generations
// and a pointer to the live one:
//
//	DIR/LOCK                    flock held by the one process that writes DIR
//	DIR/CURRENT                 one line: the live generation, e.g. "gen-000003"
//	DIR/gen-000003/             a complete bleve index
//	DIR/gen-000004.building/    a generation being built (never opened by readers)
//
// CURRENT is replaced by write-temp, fsync, rename, fsync(DIR), so it always
// names a generation that was complete and closed when it was written. A
// crash while building leaves a *.building folder (or a finished generation
// that CURRENT does not name); the next writer to open DIR removes it, and
// readers never look at it. Rebuild swaps a new generation in under live
// traffic through the bleve IndexAlias every reader goes through: the
// alias's write lock waits for the operations in flight on the old
// generation, which is then closed and removed.
//
// An older index that is one plain bleve folder (index_meta.json in DIR)
// still opens, but cannot be rebuilt in place.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// ErrNoGenerations means the index is not a folder with generations (a
// memory index, or a plain bleve folder made by an older version), so it
// cannot be rebuilt in place.
var ErrNoGenerations = errors.New("index has no generations (memory or single-folder index)")

const (
	currentFile = "CURRENT"
	lockFile    = "LOCK"
	genPrefix   = "gen-"
	building    = ".building"
)

var genRe = regexp.MustCompile(`^gen-(\d{6,})(\.building)?$`)

// generationState is the part of an Index that swapping needs.
type generationState struct {
	mu     sync.Mutex  // guards cur, Index.path, closed
	cur    bleve.Index // the current generation, behind Index.b
	tables *tableCache // facet tables of cur's segments
	closed bool
	// readers is held (read) by open FacetSnapshots, which read cur
	// directly rather than through the alias; closing a generation takes
	// it (write) first. Order: readers before mu.
	readers sync.RWMutex
	write   sync.Mutex // one writer at a time: Put, Delete, Rebuild
	dir     string     // the index folder; "" without generations
	lock    *os.File   // DIR/LOCK, held while open for writing
	swaps   atomic.Uint64
}

func newIndex(b bleve.Index, path string) *Index {
	x := &Index{b: bleve.NewIndexAlias(b), path: path}
	x.gen.cur = b
	x.gen.tables = newTableCache()
	return x
}

// close waits for a write in progress (a rebuild stops early when its
// context is cancelled) and for the searches in flight, then closes the
// current generation and releases the folder lock.
func (x *Index) close() error {
	x.gen.write.Lock()
	defer x.gen.write.Unlock()
	x.gen.readers.Lock()
	defer x.gen.readers.Unlock()
	x.gen.mu.Lock()
	defer x.gen.mu.Unlock()
	x.gen.closed = true
	_ = x.b.Close() // only marks the alias closed, after its readers are done
	err := x.gen.cur.Close()
	if x.gen.lock != nil {
		if uerr := unlockFile(x.gen.lock); err == nil {
			err = uerr
		}
	}
	if err != nil {
		return fmt.Errorf("close index %s: %w", x.path, err)
	}
	return nil
}

// Folder is the index folder with generations ("" when there is none).
func (x *Index) Folder() string { return x.gen.dir }

// Generation is the number of the current generation (0 without
// generations).
func (x *Index) Generation() int {
	n, _ := genNumber(filepath.Base(x.Path()))
	return n
}

// Swaps counts the generations swapped in since the index was opened.
func (x *Index) Swaps() uint64 { return x.gen.swaps.Load() }

func hasCurrent(dir string) bool {
	name, err := readCurrent(dir)
	if err != nil {
		return false
	}
	_, err = os.Stat(filepath.Join(dir, name, "index_meta.json"))
	return err == nil
}

func readCurrent(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil {
		return "", err
	}
	name := strings.TrimSpace(string(b))
	if m := genRe.FindStringSubmatch(name); m == nil || m[2] != "" {
		return "", fmt.Errorf("%s: bad generation name %q", filepath.Join(dir, currentFile), name)
	}
	return name, nil
}

func genNumber(name string) (int, bool) {
	m := genRe.FindStringSubmatch(name)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// openFolder opens the current generation of an index folder. A writer
// takes the folder lock first and then removes what interrupted builds
// left behind.
func openFolder(dir string, mode openMode) (*Index, error) {
	readOnly := mode == modeRead
	var lock *os.File
	if !readOnly {
		var err error
		if lock, err = lockFolder(dir); err != nil {
			return nil, err
		}
	}
	fail := func(err error) (*Index, error) {
		if lock != nil {
			_ = unlockFile(lock)
		}
		return nil, err
	}
	name, err := readCurrent(dir)
	if err != nil {
		return fail(fmt.Errorf("open index %s: %w", dir, err))
	}
	b, err := openBleve(filepath.Join(dir, name), mode)
	if err != nil {
		return fail(err)
	}
	x := newIndex(b, filepath.Join(dir, name))
	x.gen.dir, x.gen.lock = dir, lock
	if !readOnly {
		if err := removeStale(dir, name); err != nil {
			_ = x.Close()
			return nil, err
		}
	}
	return x, nil
}

// removeStale deletes every generation folder but keep, and a CURRENT.tmp
// left by a crash. Only the holder of the folder lock may call it.
func removeStale(dir, keep string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("read index folder %s: %w", dir, err)
	}
	for _, e := range entries {
		name := e.Name()
		if name == keep || !(genRe.MatchString(name) || name == currentFile+".tmp") {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("remove stale %s: %w", filepath.Join(dir, name), err)
		}
	}
	return nil
}

// Build creates the index folder dir with a first generation filled by fill
// (nil: empty) and returns it open for writing. Nothing is visible at dir
// until the generation is complete: a crash during fill leaves no index.
func Build(ctx context.Context, dir string, fill func(*Index) error) (*Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create index folder: %w", err)
	}
	lock, err := lockFolder(dir)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*Index, error) {
		_ = unlockFile(lock)
		return nil, err
	}
	if Exists(dir) {
		return fail(fmt.Errorf("create index %s: %w", dir, os.ErrExist))
	}
	if err := removeStale(dir, ""); err != nil {
		return fail(err)
	}
	path, err := buildGeneration(ctx, dir, fill)
	if err != nil {
		return fail(err)
	}
	b, err := openBleve(path, modeWrite)
	if err != nil {
		return fail(err)
	}
	x := newIndex(b, path)
	x.gen.dir, x.gen.lock = dir, lock
	return x, nil
}

// Rebuild builds a complete new generation with fill, makes it current on
// disk, and swaps it in: searches keep using the old generation until the
// swap and are never refused; the old generation is closed after the
// operations in flight on it and removed. If fill or anything before the
// swap fails, the building folder is removed and the index is unchanged.
// Put and Delete wait while a rebuild runs.
func (x *Index) Rebuild(ctx context.Context, fill func(*Index) error) error {
	if x.gen.dir == "" {
		return fmt.Errorf("rebuild %s: %w", x.Path(), ErrNoGenerations)
	}
	x.gen.write.Lock()
	defer x.gen.write.Unlock()
	path, err := buildGeneration(ctx, x.gen.dir, func(g *Index) error {
		g.prev = x
		g.pacer.Store(x.pacer.Load()) // a rebuild is paced like any write
		return fill(g)
	})
	if err != nil {
		return err
	}
	b, err := openBleve(path, modeWrite)
	if err != nil {
		// CURRENT already names the new generation: the next start uses it.
		return fmt.Errorf("rebuild: open new generation: %w", err)
	}

	// Build the new generation's facet tables before it takes traffic.
	tables := newTableCache()
	if s, err := snapshotOf(x, b, tables); err == nil {
		_ = s.reader.Close()
	}
	_ = warmFolds(b, tables) // and its fold tables (foldtable.go)

	x.gen.mu.Lock()
	if x.gen.closed {
		x.gen.mu.Unlock()
		_ = b.Close()
		return ErrClosed
	}
	old, oldPath := x.gen.cur, x.path
	// Swap takes the alias's write lock: it returns once the searches in
	// flight on the old generation are done, and new ones wait only for
	// that moment.
	x.b.Swap([]bleve.Index{b}, []bleve.Index{old})
	x.gen.cur, x.path, x.gen.tables = b, path, tables
	x.gen.swaps.Add(1)
	x.changes.Add(1)
	x.gen.mu.Unlock()
	// facet snapshots opened before the swap may still read old
	x.gen.readers.Lock()
	x.gen.readers.Unlock() //nolint:staticcheck // an empty critical section: a barrier

	err = old.Close()
	if rerr := os.RemoveAll(oldPath); err == nil {
		err = rerr
	}
	if err != nil {
		return fmt.Errorf("rebuild: retire old generation %s: %w", oldPath, err)
	}
	return nil
}

// buildGeneration fills DIR/gen-N.building, closes it, renames it to
// DIR/gen-N and makes it current. The caller holds the folder lock.
func buildGeneration(ctx context.Context, dir string, fill func(*Index) error) (string, error) {
	next, err := nextGeneration(dir)
	if err != nil {
		return "", err
	}
	name := fmt.Sprintf("%s%06d", genPrefix, next)
	tmp := filepath.Join(dir, name+building)
	m, err := Mapping()
	if err != nil {
		return "", err
	}
	b, err := bleve.NewUsing(tmp, m, scorch.Name, scorch.Name, map[string]interface{}{"bolt_timeout": "1s",
		mergePlanKey: noMerges})
	if err == nil {
		if err = stampAnalysis(b); err != nil {
			_ = b.Close()
		}
	}
	if err != nil {
		_ = os.RemoveAll(tmp)
		return "", fmt.Errorf("create index generation %s: %w", tmp, err)
	}
	g := newIndex(b, tmp)
	if fill != nil {
		if err = fill(g); err == nil {
			err = g.Compact(ctx) // searches on one segment are cheaper (compact.go)
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	if cerr := g.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = dropBuildConfig(tmp)
	}
	if err != nil {
		_ = os.RemoveAll(tmp)
		return "", err
	}
	final := filepath.Join(dir, name)
	if err := os.Rename(tmp, final); err != nil {
		_ = os.RemoveAll(tmp)
		return "", fmt.Errorf("finish index generation: %w", err)
	}
	if err := writeCurrent(dir, name); err != nil {
		_ = os.RemoveAll(final)
		return "", err
	}
	return final, nil
}

func nextGeneration(dir string) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("read index folder %s: %w", dir, err)
	}
	max := 0
	for _, e := range entries {
		if n, ok := genNumber(e.Name()); ok && n > max {
			max = n
		}
	}
	return max + 1, nil
}

// writeCurrent points CURRENT at name, atomically and durably.
func writeCurrent(dir, name string) error {
	tmp := filepath.Join(dir, currentFile+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	_, err = f.WriteString(name + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, currentFile))
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("write %s: %w", filepath.Join(dir, currentFile), err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// A generation being built merges nothing until Compact: its segments
// (one per batch, a few hundred for the benchmark corpus) are merged into
// one when it is complete, so bleve's background merges along the way
// only did that work more than once. Measured on a rebuild of 44,397
// documents (server CPU, side by side): 73 CPU s with background merges
// (19 s of them merging), 60 without (10 s of them Compact's merge).
// The setting is dropped from the finished generation's index_meta.json,
// where bleve keeps the configuration it was created with, so that the
// served generation merges as usual.
const mergePlanKey = "scorchMergePlanOptions"

// noMerges is the merge plan of a generation being built: no segment is
// small enough to take part (bleve's planner merges segments with fewer
// live documents than half of MaxSegmentSize).
var noMerges = map[string]interface{}{"MaxSegmentSize": 1}

// dropBuildConfig removes noMerges from the configuration bleve saved in
// the folder of a closed generation.
func dropBuildConfig(path string) error {
	file := filepath.Join(path, "index_meta.json")
	b, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("finish index generation: %w", err)
	}
	var meta map[string]json.RawMessage
	if err := json.Unmarshal(b, &meta); err != nil {
		return fmt.Errorf("finish index generation: %s: %w", file, err)
	}
	var cfg map[string]json.RawMessage
	if raw, ok := meta["config"]; ok {
		if err := json.Unmarshal(raw, &cfg); err != nil {
			return fmt.Errorf("finish index generation: %s: %w", file, err)
		}
	}
	if _, ok := cfg[mergePlanKey]; !ok {
		return nil
	}
	delete(cfg, mergePlanKey)
	if meta["config"], err = json.Marshal(cfg); err != nil {
		return err
	}
	if b, err = json.Marshal(meta); err != nil {
		return err
	}
	// durable before the generation is renamed and made current
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_TRUNC, 0o644)
	if err == nil {
		_, err = f.Write(b)
		if serr := f.Sync(); err == nil {
			err = serr
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("finish index generation: %w", err)
	}
	return nil
}
