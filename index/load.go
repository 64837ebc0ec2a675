package index

import (
	"context"

	"projektsok/ingest"
)

// DefaultBatch is how many records Load writes per batch: large enough
// for bleve's batch throughput, small enough that a crash loses little.
const DefaultBatch = 1000

// Load writes records from a channel in batches of batchSize until the
// channel closes, calling done (if not nil) after each persisted batch.
// Everything acknowledged through done is on disk.
func (x *Index) Load(ctx context.Context, recs <-chan ingest.Record, batchSize int, done func(PutResult)) (PutResult, error) {
	if batchSize < 1 {
		batchSize = DefaultBatch
	}
	var total PutResult
	batch := make([]ingest.Record, 0, batchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := x.Put(ctx, batch)
		if err != nil {
			return err
		}
		total.Added += res.Added
		total.Updated += res.Updated
		if done != nil {
			done(res)
		}
		batch = batch[:0]
		return nil
	}
	for {
		select {
		case <-ctx.Done():
			return total, ctx.Err()
		case r, ok := <-recs:
			if !ok {
				return total, flush()
			}
			batch = append(batch, r)
			if len(batch) == batchSize {
				if err := flush(); err != nil {
					return total, err
				}
			}
		}
	}
}
