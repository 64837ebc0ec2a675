package index

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
)

// ingestAll runs one session over files (source → text), in order, and
// returns their fates.
func ingestAll(t *testing.T, x *Index, prune bool, files ...[2]string) []ingest.Fate {
	t.Helper()
	ctx := context.Background()
	s, err := x.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var fates []ingest.Fate
	var write []ingest.Record
	for _, f := range files {
		rec, err := ingest.Parse(f[0], []byte(f[1]))
		if err != nil {
			t.Fatal(err)
		}
		out, w, err := s.Plan(&rec, f[0])
		if err != nil {
			t.Fatal(err)
		}
		fates = append(fates, out.Fate)
		if w {
			write = append(write, rec)
		}
	}
	if len(write) > 0 {
		if _, err := x.Put(ctx, write); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := s.Finish(ctx, prune); err != nil {
		t.Fatal(err)
	}
	return fates
}

// A file whose bytes another path shares changes: the other path keeps the
// old content as a document of its own, and every fate is told.
func TestSessionChangedOriginal(t *testing.T) {
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	old := "# Gammal rapport\n\nText om validering.\n"
	got := ingestAll(t, x, false, [2]string{"a.md", old}, [2]string{"b.md", old})
	if diff := cmp.Diff([]ingest.Fate{ingest.Indexed, ingest.Duplicate}, got); diff != "" {
		t.Errorf("first ingest (-want +got):\n%s", diff)
	}
	got = ingestAll(t, x, false, [2]string{"a.md", "# Ny rapport\n\nText om matchning.\n"}, [2]string{"b.md", old})
	if diff := cmp.Diff([]ingest.Fate{ingest.Updated, ingest.Unchanged}, got); diff != "" {
		t.Errorf("second ingest (-want +got):\n%s", diff)
	}
	a, err := x.Get(ingest.ID("a.md"))
	if err != nil || a.Title != "Ny rapport" || !cmp.Equal(a.Sources, []string{"a.md"}) {
		t.Errorf("a.md: %q %v %v", a.Title, a.Sources, err)
	}
	b, err := x.Get(ingest.ID("b.md"))
	if err != nil || b.Title != "Gammal rapport" || !cmp.Equal(b.Sources, []string{"b.md"}) || b.ID != "b.md" {
		t.Errorf("b.md: %q %v %v", b.Title, b.Sources, err)
	}
	if n, _ := x.Count(); n != 2 {
		t.Errorf("%d documents, want 2", n)
	}
	// Both changed to the same new bytes: one document again.
	same := "# Samma\n\nText.\n"
	got = ingestAll(t, x, true, [2]string{"a.md", same}, [2]string{"b.md", same})
	if diff := cmp.Diff([]ingest.Fate{ingest.Updated, ingest.Duplicate}, got); diff != "" {
		t.Errorf("third ingest (-want +got):\n%s", diff)
	}
	if n, _ := x.Count(); n != 1 {
		t.Errorf("%d documents, want 1", n)
	}
	// The same source twice in one ingest (two roots): the second fails.
	got = ingestAll(t, x, false, [2]string{"a.md", same}, [2]string{"a.md", "# Annan\n\nText.\n"})
	if diff := cmp.Diff([]ingest.Fate{ingest.Unchanged, ingest.Failed}, got); diff != "" {
		t.Errorf("same source twice (-want +got):\n%s", diff)
	}
}

// An index made before hashes and sources opens and searches, but is not
// written with the new ids.
func TestSessionOldIndex(t *testing.T) {
	m := bleve.NewIndexMapping()
	dir := filepath.Join(t.TempDir(), "old")
	b, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Index("rapport", map[string]interface{}{"title": "x"}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if _, err := x.Begin(context.Background()); !errors.Is(err, ErrOldIndex) {
		t.Errorf("Begin on an old index: %v, want ErrOldIndex", err)
	}
}

// A file that fails in a later ingest keeps its document, even with prune.
func TestSessionFailedFileKept(t *testing.T) {
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	ingestAll(t, x, false, [2]string{"a.md", "# Rapport\n\nText.\n"}, [2]string{"b.md", "# Annan\n\nText.\n"})
	ctx := context.Background()
	s, err := x.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Failed("a.md")
	pruned, _, err := s.Finish(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(pruned) != 1 || pruned[0].Source != "b.md" {
		t.Errorf("pruned %+v, want b.md only", pruned)
	}
	if _, err := x.Get(ingest.ID("a.md")); err != nil {
		t.Errorf("the failed file's document: %v", err)
	}
}

// After an upgrade that reads files differently, the next ingest parses
// every file an earlier parser read again (updated, same id and sources);
// the one after it finds them unchanged and parses nothing.
func TestSessionNewParserVersion(t *testing.T) {
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	report := "# Rapport om validering\n\nText om validering.\n"
	files := [][2]string{{"a.md", report}, {"b.md", report}, {"c.md", "# Matchning\n\nText om matchning.\n"}}
	got := ingestAll(t, x, false, files...)
	if diff := cmp.Diff([]ingest.Fate{ingest.Indexed, ingest.Duplicate, ingest.Indexed}, got); diff != "" {
		t.Fatalf("first ingest (-want +got):\n%s", diff)
	}
	known := func() []bool {
		s, err := x.Begin(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var out []bool
		for _, f := range files {
			out = append(out, s.Known(f[0], ingest.Hash([]byte(f[1]))))
		}
		return out
	}
	if diff := cmp.Diff([]bool{true, true, true}, known()); diff != "" {
		t.Errorf("same parser: known (-want +got):\n%s", diff)
	}

	old := parserVersion
	parserVersion = old + "-next"
	t.Cleanup(func() { parserVersion = old })
	if diff := cmp.Diff([]bool{false, false, false}, known()); diff != "" {
		t.Errorf("newer parser: known (-want +got):\n%s", diff)
	}
	got = ingestAll(t, x, false, files...)
	if diff := cmp.Diff([]ingest.Fate{ingest.Updated, ingest.Unchanged, ingest.Updated}, got); diff != "" {
		t.Errorf("ingest by a newer parser (-want +got):\n%s", diff)
	}
	a, err := x.Get(ingest.ID("a.md"))
	if err != nil || !cmp.Equal(a.Sources, []string{"a.md", "b.md"}) || a.Source != "a.md" {
		t.Errorf("a.md read again: sources %v, source %q, %v; want both paths kept", a.Sources, a.Source, err)
	}
	if n, _ := x.Count(); n != 2 {
		t.Errorf("%d documents, want 2", n)
	}
	if diff := cmp.Diff([]bool{true, true, true}, known()); diff != "" {
		t.Errorf("after the new parser's ingest: known (-want +got):\n%s", diff)
	}
	got = ingestAll(t, x, false, files...)
	if diff := cmp.Diff([]ingest.Fate{ingest.Unchanged, ingest.Unchanged, ingest.Unchanged}, got); diff != "" {
		t.Errorf("third ingest (-want +got):\n%s", diff)
	}
}

// An index keeps the analysis it was built with, across closing and
// opening and in every rebuilt generation; one built by another analysis
// (or by a version that recorded none) serves but takes no documents.
func TestSessionOtherAnalysis(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if built, current, err := x.Analysis(); err != nil || !current || built != AnalysisID() {
		t.Errorf("new index: analysis %q, current %v, %v; want %q", built, current, err, AnalysisID())
	}
	x.Close()
	if x, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	defer func() { x.Close() }()
	if _, current, _ := x.Analysis(); !current {
		t.Error("reopened index: analysis not current")
	}
	for _, other := range []string{"2020-01-01+000000000000", ""} {
		if err := x.Bleve().SetInternal(internalAnalysis, []byte(other)); err != nil {
			t.Fatal(err)
		}
		if _, current, _ := x.Analysis(); current {
			t.Errorf("analysis %q taken for the current one", other)
		}
		if _, err := x.Begin(ctx); !errors.Is(err, ErrOldIndex) {
			t.Errorf("Begin on an index of analysis %q: %v, want ErrOldIndex", other, err)
		}
	}
	mem, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if _, current, _ := mem.Analysis(); !current {
		t.Error("memory index: analysis not current")
	}
	// an index folder: its first generation and a rebuilt one
	folder, err := Build(ctx, filepath.Join(t.TempDir(), "folder"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer folder.Close()
	if _, current, _ := folder.Analysis(); !current {
		t.Error("first generation: analysis not current")
	}
	if err := folder.Bleve().SetInternal(internalAnalysis, []byte("old")); err != nil {
		t.Fatal(err)
	}
	if err := folder.Rebuild(ctx, func(*Index) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, current, _ := folder.Analysis(); !current {
		t.Error("rebuilt generation: analysis not current")
	}
}
