package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/sv" // registers the "sv" analyzer
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// floorResult is step 2: the same texts in a plain bleve index.
type floorResult struct {
	Docs       int     `json:"docs"`
	Seconds    float64 `json:"seconds"`
	DocsPerSec float64 `json:"docs_per_sec"`
	IndexBytes int64   `json:"index_bytes"`
}

// floorFacets are the keyword facet fields of the plain index.
var floorFacets = []string{"region", "owner", "municipality", "doc_type"}

// runFloor indexes the prepared corpus into a plain bleve index at dir:
// default mapping with the built-in "sv" analyzer, the four keyword facet
// fields filled with the derived values, batches of 1000, in this process.
func runFloor(c corpusStats, gen *facetGen, dir string) (floorResult, error) {
	var res floorResult
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = "sv"
	for _, f := range floorFacets {
		fm := bleve.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
		m.DefaultMapping.AddFieldMappingsAt(f, fm)
	}
	start := time.Now()
	idx, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, map[string]interface{}{"bolt_timeout": "1s"})
	if err != nil {
		return res, fmt.Errorf("floor index: %w", err)
	}

	type doc struct {
		id string
		v  map[string]interface{}
	}
	docs := make(chan doc, 256)
	walkErr := make(chan error, 1)
	go func() {
		defer close(docs)
		walkErr <- filepath.WalkDir(c.Dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !usable(p) {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(c.Dir, p)
			rel = filepath.ToSlash(rel)
			md := gen.derive(rel)
			title, body := splitTitle(data)
			docs <- doc{id: rel, v: map[string]interface{}{
				"title":        title,
				"body":         body,
				"region":       md.Region,
				"owner":        md.Owner,
				"municipality": md.Municipalities,
				"doc_type":     "slutrapport",
			}}
			return nil
		})
	}()
	batch := idx.NewBatch()
	for d := range docs {
		if err := batch.Index(d.id, d.v); err != nil {
			idx.Close()
			return res, err
		}
		res.Docs++
		if batch.Size() >= 1000 {
			if err := idx.Batch(batch); err != nil {
				idx.Close()
				return res, err
			}
			batch.Reset()
		}
	}
	if err := <-walkErr; err != nil {
		idx.Close()
		return res, err
	}
	if batch.Size() > 0 {
		if err := idx.Batch(batch); err != nil {
			idx.Close()
			return res, err
		}
	}
	if err := idx.Close(); err != nil {
		return res, err
	}
	res.Seconds = time.Since(start).Seconds()
	res.DocsPerSec = float64(res.Docs) / res.Seconds
	res.IndexBytes = diskUsage(dir)
	runtime.GC()
	return res, nil
}

// splitTitle takes "# Title" off the first line.
func splitTitle(data []byte) (string, string) {
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	return strings.TrimSpace(strings.TrimLeft(string(first), "# ")), string(rest)
}
