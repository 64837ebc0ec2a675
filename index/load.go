package index

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"

	"projektsok/ingest"
)

// DefaultBatch is how many records Load writes per batch: large enough
// for bleve's batch throughput, small enough that a crash loses little.
const DefaultBatch = 1000

// MaxBatchText bounds the text of one batch (bytes of title, sections,
// partners, participants and Rest), whatever its number of records: bleve
// keeps every field of a batch analysed — tokens, term frequencies and
// term vectors, about sixty times the text — until the batch's segment is
// persisted, so a batch of a thousand long reports (Rest holds up to
// ingest.MaxIndexed each) would hold gigabytes. With at most inFlight
// batches in the index and one being formed, an ingest's memory is
// bounded by this, not by the corpus. 256 KiB is about 200 documents of
// the 44,397-document benchmark corpus, a quarter of the 1 MiB bound
// before: under the ingest's soft memory limit (cmd/projektsok tuneGC)
// larger batches cost more collection than their fewer merges save —
// measured side by side at 400 MiB, 256 KiB 81.6 CPU s and peak RSS
// 556 MB, 512 KiB 83.0 s and 546 MB, 1 MiB 100.1 s and 556 MB.
const MaxBatchText = 256 << 10

// inFlight is how many batches Load has in the index at once. bleve
// analyses a batch on all cores but builds its segment on one and then
// waits for it to be persisted; with a second batch in flight, the next
// segment is built meanwhile (measured on 44,397 documents, 2 cores:
// CPU use 157 % → see the README's benchmark table).
const inFlight = 2

// Pacer is asked, after each batch Load has written, how long the load
// should pause, as a multiple of the time it has worked since its last
// pause (0: not at all). A server pauses its writes this way while it answers
// searches: on two cores a rebuild that takes both halves the searches'
// throughput. Before a pause Load waits for the batches it still has in
// flight, so that none of its work runs during the pause: with a batch
// left analysing and building its segment meanwhile (and bleve merging,
// see noMerges), a pause of twice the time worked left the searches of
// the long tail 0.65–0.71 of their throughput, not two thirds or more.
type Pacer func() (pauseFactor float64)

// SetPacer makes every later Load of x, and of the generations its
// Rebuild builds, call p after each batch (nil: none).
func (x *Index) SetPacer(p Pacer) {
	if p == nil {
		x.pacer.Store(nil)
		return
	}
	x.pacer.Store(&p)
}

// Load writes records from a channel in batches of batchSize until the
// channel closes, calling done (if not nil) with the number of records of
// each persisted batch, in the order the batches were formed: everything
// acknowledged through done is on disk. Other writes wait until Load
// returns.
func (x *Index) Load(ctx context.Context, recs <-chan ingest.Record, batchSize int, done func(records int)) (PutResult, error) {
	if batchSize < 1 {
		batchSize = DefaultBatch
	}
	x.gen.write.Lock()
	defer x.gen.write.Unlock()
	if x.b.NewBatch() == nil {
		return PutResult{}, ErrClosed
	}
	before, err := x.b.DocCount()
	if err != nil {
		return PutResult{}, fmt.Errorf("count documents: %w", err)
	}

	type flight struct {
		records int
		err     chan error
	}
	var (
		queue   []*flight // oldest first
		records int       // acknowledged, counting each id once per batch
		failed  error     // stops forming batches
		broken  bool      // a batch failed: none after it is acknowledged
	)
	working := time.Now() // since the last pause, or the pacer last said none
	// ack acknowledges the oldest batch in flight.
	ack := func() {
		f := queue[0]
		queue = queue[1:]
		err := <-f.err
		x.changes.Add(1) // even a failed batch may have changed something
		if err != nil {
			broken = true
			if failed == nil {
				failed = fmt.Errorf("write batch: %w", err)
			}
			return
		}
		if !broken {
			records += f.records
			if done != nil {
				done(f.records)
			}
		}
	}
	// wait acknowledges the oldest batch in flight and asks the pacer
	// whether to pause.
	wait := func() {
		ack()
		p := x.pacer.Load()
		if p == nil {
			return
		}
		if f := (*p)(); f > 0 {
			for len(queue) > 0 {
				ack()
			}
			sleepCtx(ctx, time.Duration(f*float64(time.Since(working))))
		}
		working = time.Now()
	}
	batch := make([]ingest.Record, 0, batchSize)
	text := 0 // TextBytes of batch
	submit := func() {
		if len(batch) == 0 || failed != nil {
			return
		}
		b, unique, err := x.batchOf(batch)
		clear(batch) // the records' text is in b now; let it go with b
		batch, text = batch[:0], 0
		if err != nil {
			failed = err
			return
		}
		if len(queue) == inFlight {
			wait()
		}
		f := &flight{records: unique, err: make(chan error, 1)}
		queue = append(queue, f)
		go func() { f.err <- x.b.Batch(b) }()
	}
	finish := func() (PutResult, error) {
		for len(queue) > 0 {
			wait()
		}
		// Load is the only writer: the growth of the count is what was
		// new; the rest replaced documents with the same id.
		after, err := x.b.DocCount()
		if err != nil && failed == nil {
			failed = fmt.Errorf("count documents: %w", err)
		}
		res := PutResult{Added: int(after) - int(before)}
		res.Updated = max(records-res.Added, 0)
		return res, failed
	}
	for failed == nil {
		select {
		case <-ctx.Done():
			failed = ctx.Err()
		case r, ok := <-recs:
			if !ok {
				submit()
				return finish()
			}
			batch = append(batch, r)
			if text += TextBytes(&r); len(batch) == batchSize || text >= MaxBatchText {
				submit()
			}
		}
	}
	return finish()
}

// sleepCtx waits for d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// batchOf makes a bleve batch of records; unique is how many distinct
// ids it holds.
func (x *Index) batchOf(recs []ingest.Record) (b *bleve.Batch, unique int, err error) {
	b = x.b.NewBatch()
	if b == nil {
		return nil, 0, ErrClosed
	}
	ids := make(map[string]bool, len(recs))
	now := time.Now().UTC().Format(time.RFC3339)
	for i := range recs {
		r := &recs[i]
		if r.Ingested == "" {
			stamped := *r // the caller's records stay as they were
			stamped.Ingested = now
			if x.prev != nil && r.Hash != "" {
				// a rebuild: unchanged documents keep the time they came
				if old, err := x.prev.Get(r.ID); err == nil && old.Hash == r.Hash && old.Ingested != "" {
					stamped.Ingested = old.Ingested
				}
			}
			r = &stamped
		}
		if r.ID == "" {
			return nil, 0, fmt.Errorf("record from %q has no id", r.Source)
		}
		ids[r.ID] = true
		doc, err := Document(r)
		if err != nil {
			return nil, 0, err
		}
		if err := b.Index(r.ID, doc); err != nil {
			return nil, 0, fmt.Errorf("index %s: %w", r.ID, err)
		}
	}
	return b, len(ids), nil
}

// TextBytes is the size of the text a record gives the analysed fields.
func TextBytes(r *ingest.Record) int {
	n := len(r.Title) + len(r.Rest)
	for _, s := range r.Sections {
		n += len(s.Heading) + len(s.Text)
	}
	for _, list := range [][]string{r.Partners, r.Participants} {
		for _, p := range list {
			n += len(p)
		}
	}
	return n
}
