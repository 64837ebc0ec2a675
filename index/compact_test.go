package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// Compact leaves one segment holding every document, and searches find
// the same documents as before.
func TestCompact(t *testing.T) {
	ctx := context.Background()
	x, err := Build(ctx, filepath.Join(t.TempDir(), "idx"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	hits := func() uint64 {
		t.Helper()
		q := bleve.NewMatchQuery("arbete")
		q.SetField(FieldTitle)
		res, err := x.Bleve().Search(bleve.NewSearchRequest(q))
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	// A segment per batch; bleve's merger may fold them together in the
	// background, so add batches until several stand side by side.
	docs := 0
	for i := 0; i < 4 || segmentsOf(t, x) < 2; i++ {
		if i == 20 {
			t.Fatalf("%d segments after %d batches, want several", segmentsOf(t, x), i)
		}
		if _, err := x.Put(ctx, recs(string(rune('a'+i)), 20)); err != nil {
			t.Fatal(err)
		}
		docs += 20
	}
	before := hits()
	if err := x.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if n := segmentsOf(t, x); n != 1 {
		t.Errorf("%d segments after compacting, want 1", n)
	}
	if got, _ := x.Count(); got != uint64(docs) {
		t.Errorf("%d documents after compacting, want %d", got, docs)
	}
	if after := hits(); after != before || after != uint64(docs) {
		t.Errorf("search finds %d after compacting, %d before, want %d", after, before, docs)
	}
}

// Compact's plan merges any number of segments in one task (bleve's
// merger folds small segments in the background, so an index rarely
// holds more than ten long enough to test this through Compact), also
// when one is much larger than the rest (a compacted index and the
// batches written to it since).
func TestCompactPlanOneTask(t *testing.T) {
	for _, big := range []int64{0, 1000} {
		for _, n := range []int{2, 10, 11, 25, 300} {
			segs := make([]mergeplan.Segment, n)
			for i := range segs {
				segs[i] = fakeSegment{id: uint64(i + 1), size: int64(1000 + i*37)}
			}
			segs[0] = fakeSegment{id: 1, size: 1000 + big*int64(n)*1000}
			checkOneTask(t, segs)
		}
	}
}

func checkOneTask(t *testing.T, segs []mergeplan.Segment) {
	t.Helper()
	n := len(segs)
	{
		o := compactPlan()
		plan, err := mergeplan.Plan(segs, &o)
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Tasks) != 1 || len(plan.Tasks[0].Segments) != n {
			sizes := make([]int, len(plan.Tasks))
			for i, task := range plan.Tasks {
				sizes[i] = len(task.Segments)
			}
			t.Errorf("%d segments (largest %d): tasks of %v segments, want one of %d", n, segs[0].LiveSize(), sizes, n)
		}
	}
}

// fakeSegment is a segment as the merge planner sees it.
type fakeSegment struct {
	id   uint64
	size int64
}

func (s fakeSegment) Id() uint64          { return s.id }
func (s fakeSegment) FullSize() int64     { return s.size }
func (s fakeSegment) LiveSize() int64     { return s.size }
func (s fakeSegment) HasVector() bool     { return false }
func (s fakeSegment) FileSize() int64     { return s.size * 100 }
func (s fakeSegment) LiveFileSize() int64 { return s.size * 100 }

// segmentsOf counts the segments of x's current snapshot.
func segmentsOf(t *testing.T, x *Index) int {
	t.Helper()
	n, err := x.Segments()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// fourSegments builds an index on disk from four batches.
func fourSegments(t *testing.T) *Index {
	t.Helper()
	ctx := context.Background()
	x, err := Build(ctx, filepath.Join(t.TempDir(), "idx"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	for i := 0; i < 4; i++ {
		if _, err := x.Put(ctx, recs(string(rune('a'+i)), 20)); err != nil {
			t.Fatal(err)
		}
	}
	return x
}

// wantOneFile checks that x's folder holds one segment file.
func wantOneFile(t *testing.T, x *Index) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(x.Path(), "store", "*.zap"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 {
		t.Errorf("%d segment files after compacting, want 1: %v", len(files), files)
	}
}

// After compacting, the folder holds only the merged segment's file.
func TestCompactRemovesMergedFiles(t *testing.T) {
	x := fourSegments(t)
	if err := x.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	wantOneFile(t, x)
}

// A search that holds the old snapshot while Compact merges must not keep
// the replaced files: once it lets go they are deleted before Compact
// returns, although no write follows to wake bleve's persister.
func TestCompactRemovesFilesASearchHeld(t *testing.T) {
	x := fourSegments(t)
	held, err := readerOf(x.Bleve())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- x.Compact(context.Background()) }()
	// let go once the merge is in: the persister's own clean-up has then
	// found the files still held
	for segmentsOf(t, x) > 1 {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	_ = held.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	wantOneFile(t, x)
}

// A bulk load (OpenBulk) leaves one segment per batch for Compact to merge
// once, and only while it is open: the folder keeps no merge plan, so the
// index opened again merges as usual.
func TestOpenBulk(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Build(ctx, dir, fillWith(recs("a", 3)))
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	x, err = OpenBulk(dir)
	if err != nil {
		t.Fatal(err)
	}
	const batches = 25 // more than bleve's background merger lets stand
	for i := 0; i < batches; i++ {
		if _, err := x.Put(ctx, recs(fmt.Sprintf("b%02d", i), 5)); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := x.Segments(); n != batches+1 || err != nil {
		t.Errorf("%d segments (%v) after %d batches in a bulk load, want one per batch and the first", n, err, batches)
	}
	if err := x.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := x.Segments(); n != 1 {
		t.Errorf("%d segments after Compact, want 1", n)
	}
	if n, _ := x.Count(); n != 3+batches*5 {
		t.Errorf("%d documents, want %d", n, 3+batches*5)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	meta, err := os.ReadFile(filepath.Join(x.Path(), "index_meta.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(meta), mergePlanKey) {
		t.Errorf("the bulk load's merge plan was saved: %s", meta)
	}
	x, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for i := 0; i < batches; i++ {
		if _, err := x.Put(ctx, recs(fmt.Sprintf("c%02d", i), 5)); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for n, _ := x.Segments(); n > batches/2 && time.Now().Before(deadline); n, _ = x.Segments() {
		time.Sleep(20 * time.Millisecond)
	}
	if n, _ := x.Segments(); n > batches/2 {
		t.Errorf("%d segments after %d batches once opened again, want them merged", n, batches)
	}
}
