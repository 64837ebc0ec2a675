package main

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"crypto/sha1"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"projektsok/ingest"
)

// doc is one corpus document as both engines see it.
type doc struct {
	Path  string // inside the archive
	ID    string // the Projektsök id (ingest.Parse)
	Title string
	Body  string // every section's heading and text
	Date  string // YYYY-MM-01 from the path (category/year/month/slug.md), or ""
	Hash  string // of the normalised text: exact copies are the same document
	rec   ingest.Record
}

var pathDate = regexp.MustCompile(`/((?:19|20)\d\d)/(0[1-9]|1[0-2])/`)

// readCorpus reads the Markdown documents of a .tar.gz archive in archive
// order and parses each with the real parser. At most limit documents are
// kept (0: all): the first limit of them in path order, so that a
// smaller run is still a fixed corpus.
func readCorpus(src string, limit int) ([]doc, error) {
	f, err := os.Open(src)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	type file struct {
		name string
		data []byte
	}
	var files []file
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src, err)
		}
		if h.Typeflag != tar.TypeReg || !strings.EqualFold(path.Ext(h.Name), ".md") {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", src, h.Name, err)
		}
		files = append(files, file{path.Clean(h.Name), data})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].name < files[j].name })
	if limit > 0 && len(files) > limit {
		files = files[:limit]
	}
	docs := make([]doc, 0, len(files))
	seen := map[string]bool{}
	for i, fl := range files {
		// slugs repeat across categories: the number makes each name,
		// and so each id, unique
		name := fmt.Sprintf("r%05d-%s", i, path.Base(fl.name))
		rec, err := ingest.Parse(name, fl.data)
		if err != nil {
			continue // an unreadable document is no known item
		}
		if seen[rec.ID] {
			continue
		}
		seen[rec.ID] = true
		d := doc{Path: fl.name, ID: rec.ID, Title: rec.Title, Body: bodyOf(&rec)}
		if m := pathDate.FindStringSubmatch("/" + fl.name); m != nil {
			d.Date = m[1] + "-" + m[2] + "-01"
			// the publication month stands in for a project period: the
			// engine breaks ties and orders versions by it
			rec.PeriodStart, rec.PeriodEnd = d.Date, d.Date
		}
		d.Hash = textHash(d.Title + "\n" + d.Body)
		d.rec = rec
		docs = append(docs, d)
	}
	return docs, nil
}

func bodyOf(r *ingest.Record) string {
	var b strings.Builder
	for _, s := range r.Sections {
		if s.Heading != "" {
			b.WriteString(s.Heading)
			b.WriteString("\n")
		}
		b.WriteString(s.Text)
		b.WriteString("\n\n")
	}
	return b.String()
}

func textHash(s string) string {
	h := sha1.New()
	h.Write([]byte(strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")))
	return fmt.Sprintf("%x", h.Sum(nil))
}
