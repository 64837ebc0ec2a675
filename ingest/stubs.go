package ingest

func parseHTML(data []byte) (Record, error) { return parseText(decodeText(data), false) }
func parsePDF(data []byte) (Record, error)  { return Record{}, ErrNoText }
