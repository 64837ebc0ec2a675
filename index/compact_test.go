package index

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
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
	segments := func() int {
		t.Helper()
		x.gen.readers.RLock()
		defer x.gen.readers.RUnlock()
		cur, _, err := x.current()
		if err != nil {
			t.Fatal(err)
		}
		snap, err := readerOf(cur)
		if err != nil {
			t.Fatal(err)
		}
		defer snap.Close()
		return len(snap.Segments())
	}
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
	for i := 0; i < 4 || segments() < 2; i++ {
		if i == 20 {
			t.Fatalf("%d segments after %d batches, want several", segments(), i)
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
	if n := segments(); n != 1 {
		t.Errorf("%d segments after compacting, want 1", n)
	}
	if got, _ := x.Count(); got != uint64(docs) {
		t.Errorf("%d documents after compacting, want %d", got, docs)
	}
	if after := hits(); after != before || after != uint64(docs) {
		t.Errorf("search finds %d after compacting, %d before, want %d", after, before, docs)
	}
}

// After compacting, the folder holds only the merged segment's file.
func TestCompactRemovesMergedFiles(t *testing.T) {
	ctx := context.Background()
	x, err := Build(ctx, filepath.Join(t.TempDir(), "idx"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for i := 0; i < 4; i++ {
		if _, err := x.Put(ctx, recs(string(rune('a'+i)), 20)); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(x.Path(), "store", "*.zap"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 {
		t.Errorf("%d segment files after compacting, want 1: %v", len(files), files)
	}
}
