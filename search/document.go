package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"projektsok/index"
	"projektsok/ingest"
)

// MaxFormerMatches bounds the documents listed for an id that earlier
// versions gave several files.
const MaxFormerMatches = 50

// FormerID finds the documents that an id given out by an earlier version
// (ingest.LegacyID: the file name without extension) now names: none, one
// (the id moved), or several (the old id was shared by files that are now
// documents of their own). It is asked only after the id was not found as
// it is.
func (e *Engine) FormerID(ctx context.Context, id string) ([]Facts, error) {
	q := bleve.NewTermQuery(id)
	q.SetField(index.FieldLegacyID)
	req := bleve.NewSearchRequestOptions(q, MaxFormerMatches, 0, false)
	req.Fields = []string{index.FieldRaw}
	req.SortBy([]string{"_id"})
	res, err := e.idx.Bleve().SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("look up former id %q: %w", id, err)
	}
	out := make([]Facts, 0, len(res.Hits))
	for _, h := range res.Hits {
		rec, err := index.DecodeRaw(h.Fields[index.FieldRaw])
		if err != nil {
			return nil, err
		}
		out = append(out, FactsOf(&rec))
	}
	return out, nil
}

// MaxRelated bounds the documents looked at for one document's lineage.
const MaxRelated = 50

// Related are the other documents of a document's project: its page(s)
// and its final report(s), linked by project number or, when a number is
// missing, by title and owner (ingest.Lineage). They are looked up when
// asked, so a report ingested after its page is found at once.
type Related struct {
	Pages   []Link `json:"pages"`
	Reports []Link `json:"reports"`
}

// Link names a related document.
type Link struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Source string `json:"source"`
}

// Related finds the other documents of rec's project.
func (e *Engine) Related(ctx context.Context, rec *ingest.Record) (Related, error) {
	out := Related{Pages: []Link{}, Reports: []Link{}}
	lin := ingest.LineageOf(rec)
	keys := lin.Keys()
	if len(keys) == 0 {
		return out, nil
	}
	qs := make([]query.Query, 0, len(keys))
	for _, k := range keys {
		q := bleve.NewTermQuery(k)
		q.SetField(index.FieldProject)
		qs = append(qs, q)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(qs...), MaxRelated, 0, false)
	req.Fields = []string{index.FieldRaw}
	req.SortBy([]string{"_id"})
	res, err := e.idx.Bleve().SearchInContext(ctx, req)
	if err != nil {
		return out, fmt.Errorf("related documents of %s: %w", rec.ID, err)
	}
	for _, h := range res.Hits {
		if h.ID == rec.ID {
			continue
		}
		other, err := index.DecodeRaw(h.Fields[index.FieldRaw])
		if err != nil {
			return out, err
		}
		if !lin.Linked(ingest.LineageOf(&other)) {
			continue // the same title and owner, but two numbers
		}
		l := Link{ID: other.ID, Title: other.Title, Source: other.Source}
		if other.DocType == ingest.TypeReport {
			out.Reports = append(out.Reports, l)
		} else {
			out.Pages = append(out.Pages, l)
		}
	}
	return out, nil
}
