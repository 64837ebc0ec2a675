package index

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
)

func feed(recs []ingest.Record) <-chan ingest.Record {
	ch := make(chan ingest.Record, len(recs))
	for _, r := range recs {
		ch <- r
	}
	close(ch)
	return ch
}

// TestLoadCountsAndAcknowledges loads several batches (two in flight at
// once) into an index that already holds some of the ids, with an id
// repeated within a batch and across batches.
func TestLoadCountsAndAcknowledges(t *testing.T) {
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	ctx := context.Background()
	var existing []ingest.Record
	for i := 0; i < 50; i++ {
		existing = append(existing, rec(fmt.Sprintf("d%04d", i), "Gammal"))
	}
	if _, err := x.Put(ctx, existing); err != nil {
		t.Fatal(err)
	}
	var recs []ingest.Record
	for i := 0; i < 1130; i++ {
		recs = append(recs, rec(fmt.Sprintf("d%04d", i), "Ny"))
	}
	recs = append(recs, rec("d0007", "Igen"))    // again, in the last batch
	recs[101] = rec("d0100", "Samma batch igen") // twice in the second batch

	var acked []int
	res, err := x.Load(ctx, feed(recs), 100, func(n int) { acked = append(acked, n) })
	if err != nil {
		t.Fatal(err)
	}
	// 1131 records: d0000–d1129 less d0101 (overwritten), d0007 twice
	if diff := cmp.Diff(PutResult{Added: 1129 - 50, Updated: 50 + 1}, res); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	want := []int{100, 99, 100, 100, 100, 100, 100, 100, 100, 100, 100, 31}
	if diff := cmp.Diff(want, acked); diff != "" {
		t.Errorf("acknowledged batches, in order (-want +got):\n%s", diff)
	}
	if n, _ := x.Count(); n != 1129 {
		t.Errorf("count = %d, want 1129", n)
	}
	if r, err := x.Get("d0007"); err != nil || r.Title != "Igen" {
		t.Errorf("d0007 = %q, %v; want the last version", r.Title, err)
	}
}

// TestLoadStopsAtBadRecord: a record without an id fails the load; the
// batches before it are written and acknowledged, nothing after it.
func TestLoadStopsAtBadRecord(t *testing.T) {
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	var recs []ingest.Record
	for i := 0; i < 250; i++ {
		recs = append(recs, rec(fmt.Sprintf("d%04d", i), "Text"))
	}
	recs[230].ID = ""
	acked := 0
	_, err = x.Load(context.Background(), feed(recs), 100, func(n int) { acked += n })
	if err == nil {
		t.Fatal("no error for a record without id")
	}
	if n, _ := x.Count(); acked != 200 || n != 200 {
		t.Errorf("acknowledged %d, indexed %d; want the two whole batches before the bad record", acked, n)
	}
}

func TestLoadCancelled(t *testing.T) {
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	recs := make(chan ingest.Record) // never closed
	if _, err := x.Load(ctx, recs, 10, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestLoadBoundsBatchText: long documents close a batch before its record
// count is reached, so that what bleve holds analysed stays bounded by
// MaxBatchText rather than by the files' sizes; every record is still
// written and acknowledged once, and the long text stays searchable.
func TestLoadBoundsBatchText(t *testing.T) {
	x, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	long := strings.Repeat("arbetsmarknad ", MaxBatchText/14/3+1) // a third of the bound, and a bit
	var recs []ingest.Record
	for i := 0; i < 7; i++ {
		r := rec(fmt.Sprintf("lång%d", i), "Lång rapport")
		r.Rest = long
		recs = append(recs, r)
	}
	recs = append(recs, rec("kort", "Kort"))
	var acked []int
	res, err := x.Load(context.Background(), feed(recs), 1000, func(n int) { acked = append(acked, n) })
	if err != nil {
		t.Fatal(err)
	}
	// three long records reach the bound: 3, 3, then the last long one
	// and the short one when the channel closes
	if diff := cmp.Diff([]int{3, 3, 2}, acked); diff != "" {
		t.Errorf("acknowledged batches (-want +got):\n%s", diff)
	}
	if res.Added != len(recs) {
		t.Errorf("added %d, want %d", res.Added, len(recs))
	}
	q := bleve.NewTermQuery("arbetsmarknad")
	q.SetField(FieldBody)
	sr, err := x.Bleve().Search(bleve.NewSearchRequest(q))
	if err != nil {
		t.Fatal(err)
	}
	if sr.Total != 7 {
		t.Errorf("%d documents find the long text's word, want 7", sr.Total)
	}
}

// TestLoadPaces: with a pacer set, Load asks it after each written batch
// (so that a server can pause its writes while it answers searches), and a
// rebuild's new generation is loaded with the same pacer.
func TestLoadPaces(t *testing.T) {
	x, err := Build(context.Background(), filepath.Join(t.TempDir(), "idx"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	calls := 0
	x.SetPacer(func() float64 { calls++; return 0 })
	var recs []ingest.Record
	for i := 0; i < 35; i++ {
		recs = append(recs, rec(fmt.Sprintf("p%02d", i), "Takt"))
	}
	if _, err := x.Load(context.Background(), feed(recs), 10, nil); err != nil {
		t.Fatal(err)
	}
	if calls != 4 {
		t.Errorf("pacer asked %d times for 4 batches", calls)
	}
	calls = 0
	err = x.Rebuild(context.Background(), func(g *Index) error {
		_, err := g.Load(context.Background(), feed(recs[:20]), 10, nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 {
		t.Errorf("pacer asked %d times for the rebuild's 2 batches", calls)
	}
	x.SetPacer(nil)
	calls = 0
	if _, err := x.Load(context.Background(), feed(recs[:10]), 10, nil); err != nil {
		t.Fatal(err)
	}
	if calls != 0 {
		t.Errorf("pacer asked %d times after SetPacer(nil)", calls)
	}
}

// TestLoadPausesWithNothingInFlight: when the pacer asks for a pause,
// Load first waits for every batch it has in flight, so that none of the
// write's work runs during the pause.
func TestLoadPausesWithNothingInFlight(t *testing.T) {
	x, err := Build(context.Background(), filepath.Join(t.TempDir(), "idx"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	const size, n = 10, 80
	var acked, paused atomic.Int64
	x.SetPacer(func() float64 {
		paused.Store(1)
		return 1
	})
	recs := make(chan ingest.Record) // one at a time: a send returns when Load takes it
	loaded := make(chan error, 1)
	go func() {
		_, err := x.Load(context.Background(), recs, size, func(r int) { acked.Add(int64(r)) })
		loaded <- err
	}()
	checked := 0
	for i := 0; i < n; i++ {
		recs <- rec(fmt.Sprintf("q%02d", i), "Takt")
		if paused.Swap(0) == 1 {
			// Load paused before taking record i: of the batches
			// formed before it, only the last (sent on after the pause)
			// may still be in flight
			checked++
			if got, want := acked.Load(), int64((i/size-1)*size); got < want {
				t.Errorf("after a pause, taking record %d: %d records acknowledged, want at least %d", i, got, want)
			}
		}
	}
	close(recs)
	if err := <-loaded; err != nil {
		t.Fatal(err)
	}
	if checked < 2 {
		t.Errorf("%d pauses seen, want several", checked)
	}
	if acked.Load() != n {
		t.Errorf("%d records acknowledged, want %d", acked.Load(), n)
	}
}
