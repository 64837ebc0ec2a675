package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"projektsok/ingest"
)

func recs(prefix string, n int) []ingest.Record {
	out := make([]ingest.Record, n)
	for i := range out {
		out[i] = rec(fmt.Sprintf("%s-%04d", prefix, i), "Projekt om arbete "+prefix)
	}
	return out
}

func fillWith(rs []ingest.Record) func(*Index) error {
	return func(g *Index) error {
		_, err := g.Put(context.Background(), rs)
		return err
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

func TestBuildOpenAndLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Build(context.Background(), dir, fillWith(recs("a", 3)))
	if err != nil {
		t.Fatal(err)
	}
	if !Exists(dir) {
		t.Fatal("Exists = false after Build")
	}
	if got := x.Generation(); got != 1 {
		t.Errorf("generation = %d, want 1", got)
	}
	// A second writer fails fast, through the folder lock.
	start := time.Now()
	if _, err := Open(dir); !errors.Is(err, ErrLocked) {
		t.Errorf("second Open: %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("second Open took %v", d)
	}
	if _, err := Build(context.Background(), dir, nil); !errors.Is(err, ErrLocked) {
		t.Errorf("Build over a locked folder: %v, want ErrLocked", err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), dir, nil); !errors.Is(err, os.ErrExist) {
		t.Errorf("Build over an existing index: %v, want ErrExist", err)
	}
	y, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer y.Close()
	if n, _ := y.Count(); n != 3 {
		t.Errorf("count after reopen = %d, want 3", n)
	}
}

// TestOpenIgnoresInterruptedBuild: what a crash during a build leaves is
// never opened and is removed by the next writer.
func TestOpenIgnoresInterruptedBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Build(context.Background(), dir, fillWith(recs("a", 2)))
	if err != nil {
		t.Fatal(err)
	}
	x.Close()
	// A half-built generation, a finished one CURRENT never named, and a
	// half-written CURRENT.tmp.
	half, err := Create(filepath.Join(dir, "gen-000002.building"))
	if err != nil {
		t.Fatal(err)
	}
	half.Put(context.Background(), recs("half", 5))
	half.Close()
	if err := os.MkdirAll(filepath.Join(dir, "gen-000003"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "CURRENT.tmp"), []byte("gen-0000"), 0o644)

	ro, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := ro.Count(); n != 2 {
		t.Errorf("read-only count = %d, want 2 (the complete generation)", n)
	}
	ro.Close()

	w, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if n, _ := w.Count(); n != 2 {
		t.Errorf("count = %d, want 2", n)
	}
	want := []string{"CURRENT", "LOCK", "gen-000001"}
	if got := listDir(t, dir); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("folder after open = %v, want %v", got, want)
	}
}

// TestRebuildSwapUnderLoad swaps generations while searches run: none may
// fail, each sees one complete generation, and old generations leave the
// disk. Run with -race.
func TestRebuildSwapUnderLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Build(context.Background(), dir, fillWith(recs("g1", 50)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()

	var stop atomic.Bool
	var searches, failures atomic.Int64
	var wg sync.WaitGroup
	errc := make(chan error, 3)
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 0, 0, false)
				res, err := x.Bleve().SearchInContext(context.Background(), req)
				searches.Add(1)
				if err != nil {
					failures.Add(1)
					select {
					case errc <- err:
					default:
					}
					continue
				}
				if res.Total != 50 && res.Total != 80 && res.Total != 20 {
					failures.Add(1)
					select {
					case errc <- fmt.Errorf("saw %d documents: a partial generation", res.Total):
					default:
					}
				}
				if _, err := x.Get("g1-0001"); err != nil && !errors.Is(err, ErrNotFound) {
					failures.Add(1)
				}
			}
		}()
	}
	for i, n := range []int{80, 20, 50} {
		if err := x.Rebuild(context.Background(), fillWith(recs(fmt.Sprintf("g%d", i+2), n))); err != nil {
			t.Fatalf("rebuild %d: %v", i, err)
		}
		if got, _ := x.Count(); got != uint64(n) {
			t.Errorf("after rebuild %d: count %d, want %d", i, got, n)
		}
	}
	stop.Store(true)
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Errorf("search during rebuild: %v", err)
	}
	if failures.Load() > 0 || searches.Load() == 0 {
		t.Errorf("%d of %d searches failed", failures.Load(), searches.Load())
	}
	if x.Swaps() != 3 || x.Generation() != 4 {
		t.Errorf("swaps = %d, generation = %d; want 3 and 4", x.Swaps(), x.Generation())
	}
	if got, want := listDir(t, dir), []string{"CURRENT", "LOCK", "gen-000004"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("folder after rebuilds = %v, want %v", got, want)
	}
	// Writes after a swap land in the new generation and survive a reopen.
	if _, err := x.Put(context.Background(), recs("late", 1)); err != nil {
		t.Fatal(err)
	}
	x.Close()
	y, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer y.Close()
	if n, _ := y.Count(); n != 51 {
		t.Errorf("after reopen: %d documents, want 51", n)
	}
}

func TestRebuildFailureLeavesIndexAlone(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Build(context.Background(), dir, fillWith(recs("a", 4)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	boom := errors.New("parser exploded")
	err = x.Rebuild(context.Background(), func(g *Index) error {
		g.Put(context.Background(), recs("b", 2))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("rebuild err = %v, want %v", err, boom)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := x.Rebuild(ctx, fillWith(recs("c", 1))); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled rebuild: %v", err)
	}
	if n, _ := x.Count(); n != 4 {
		t.Errorf("count = %d, want the old 4", n)
	}
	if got, want := listDir(t, dir), []string{"CURRENT", "LOCK", "gen-000001"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("folder = %v, want %v", got, want)
	}
	mem, _ := NewMemory()
	defer mem.Close()
	if err := mem.Rebuild(context.Background(), nil); !errors.Is(err, ErrNoGenerations) {
		t.Errorf("memory rebuild: %v, want ErrNoGenerations", err)
	}
}

// TestUnwritableFolder: an index folder that cannot be created gives an
// error naming the path, and leaves nothing behind.
func TestUnwritableFolder(t *testing.T) {
	file := filepath.Join(t.TempDir(), "plain-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(file, "idx") // ENOTDIR, even for root
	_, err := Build(context.Background(), dir, nil)
	if err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("err = %v, want one naming %s", err, file)
	}
	if Exists(dir) {
		t.Error("an index exists after a failed build")
	}
}

func TestClosedIndexErrors(t *testing.T) {
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	x.Close()
	if _, err := x.Put(context.Background(), recs("a", 1)); !errors.Is(err, ErrClosed) {
		t.Errorf("Put after Close: %v, want ErrClosed", err)
	}
	if err := x.Delete("a"); !errors.Is(err, ErrClosed) {
		t.Errorf("Delete after Close: %v, want ErrClosed", err)
	}
}

// TestRebuildKeepsIngestTimes: a rebuild from the same files keeps each
// unchanged document's ingest time (the feed would otherwise call every
// document new); a changed or new one gets the rebuild's time.
func TestRebuildKeepsIngestTimes(t *testing.T) {
	x, err := Build(context.Background(), t.TempDir(), fillWith(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	mk := func(id, hash string) ingest.Record {
		r := rec(id, "Projekt "+id)
		r.Hash = hash
		return r
	}
	if _, err := x.Put(context.Background(), []ingest.Record{mk("same", "h1"), mk("changed", "h2")}); err != nil {
		t.Fatal(err)
	}
	before := map[string]string{}
	for _, id := range []string{"same", "changed"} {
		r, err := x.Get(id)
		if err != nil || r.Ingested == "" {
			t.Fatalf("%s: %v %q", id, err, r.Ingested)
		}
		before[id] = r.Ingested
	}
	time.Sleep(1100 * time.Millisecond) // times are whole seconds
	if err := x.Rebuild(context.Background(), fillWith([]ingest.Record{mk("same", "h1"), mk("changed", "h3"), mk("new", "h4")})); err != nil {
		t.Fatal(err)
	}
	for id, keep := range map[string]bool{"same": true, "changed": false, "new": false} {
		r, err := x.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		if (r.Ingested == before["same"] && id == "same") != keep || !keep && r.Ingested <= before["same"] {
			t.Errorf("%s: ingested %q, before the rebuild %q (keep %v)", id, r.Ingested, before[id], keep)
		}
	}
}

// A rebuild's generation merges nothing while it is filled (one segment
// per batch) and is compacted to one segment at the end; the generation
// served afterwards is configured to merge as usual.
func TestRebuildMergesOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	x, err := Build(ctx, dir, fillWith(recs("a", 3)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	const batches = 25 // more than bleve's background merger lets stand
	err = x.Rebuild(ctx, func(g *Index) error {
		for i := 0; i < batches; i++ {
			if _, err := g.Put(ctx, recs(fmt.Sprintf("b%02d", i), 5)); err != nil {
				return err
			}
		}
		if n := segmentsOf(t, g); n != batches {
			t.Errorf("%d segments after %d batches while building, want one per batch", n, batches)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := segmentsOf(t, x); n != 1 {
		t.Errorf("%d segments after the rebuild, want 1", n)
	}
	if n, _ := x.Count(); n != batches*5 {
		t.Errorf("%d documents after the rebuild, want %d", n, batches*5)
	}
	meta, err := os.ReadFile(filepath.Join(x.Path(), "index_meta.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(meta), mergePlanKey) {
		t.Errorf("the served generation keeps the building's merge plan: %s", meta)
	}
	// and it still merges: batches added to it do not stand side by side
	for i := 0; i < batches; i++ {
		if _, err := x.Put(ctx, recs(fmt.Sprintf("c%02d", i), 5)); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for segmentsOf(t, x) > batches/2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := segmentsOf(t, x); n > batches/2 {
		t.Errorf("%d segments after %d more batches in the served generation, want them merged", n, batches)
	}
}
