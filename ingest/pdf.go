package ingest

func parsePDF(data []byte) (Record, error) { return Record{}, ErrNoText }
