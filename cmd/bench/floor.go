package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/sv" // registers the "sv" analyzer
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
)

// floorResult is step 2: the same texts in a plain bleve index.
type floorResult struct {
	Mapping    string  `json:"mapping"` // "default" or "lean"
	Docs       int     `json:"docs"`
	Seconds    float64 `json:"seconds"`
	CPUSeconds float64 `json:"cpu_seconds"` // of this process while indexing
	DocsPerSec float64 `json:"docs_per_sec"`
	IndexBytes int64   `json:"index_bytes"`
}

// floorFacets are the keyword facet fields of the plain index.
var floorFacets = []string{"region", "owner", "municipality", "doc_type"}

// floorMapping returns the plain index's mapping. "default" is bleve's
// default mapping with DefaultAnalyzer "sv": dynamic text fields stored,
// with term vectors and doc values, and everything again in the _all field.
// "lean" is the least a search page with phrases, facets and snippets needs
// from plain bleve: title and body indexed with "sv" and term vectors and
// stored (to show hits), no _all field, no doc values on text. Both have
// the keyword facet fields with doc values.
func floorMapping(kind string) *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = "sv"
	for _, f := range floorFacets {
		fm := bleve.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
		if kind == "lean" {
			fm.IncludeInAll = false
			fm.Store = false
		}
		m.DefaultMapping.AddFieldMappingsAt(f, fm)
	}
	if kind == "lean" {
		for _, f := range []string{"title", "body"} {
			tm := bleve.NewTextFieldMapping()
			tm.Analyzer = "sv"
			tm.IncludeInAll = false
			tm.DocValues = false
			m.DefaultMapping.AddFieldMappingsAt(f, tm)
		}
		all := bleve.NewDocumentDisabledMapping()
		m.DefaultMapping.AddSubDocumentMapping("_all", all)
		m.DefaultMapping.Dynamic = false
	}
	return m
}

// runFloor indexes the prepared corpus into a plain bleve index at dir
// with floorMapping(kind): the built-in "sv" analyzer, the four keyword
// facet fields filled with the derived values, batches of 1000, in this
// process.
func runFloor(c corpusStats, gen *facetGen, dir, kind string) (floorResult, error) {
	res := floorResult{Mapping: kind}
	m := floorMapping(kind)
	cpu0 := processCPU()
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
	res.CPUSeconds = processCPU() - cpu0
	res.DocsPerSec = float64(res.Docs) / res.Seconds
	res.IndexBytes = diskUsage(dir)
	runtime.GC()
	return res, nil
}

// processCPU is this process's user+system CPU time in seconds.
func processCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

// splitTitle takes "# Title" off the first line.
func splitTitle(data []byte) (string, string) {
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	return strings.TrimSpace(strings.TrimLeft(string(first), "# ")), string(rest)
}
