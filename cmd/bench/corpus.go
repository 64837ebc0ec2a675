package main

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// corpusStats describes a prepared corpus folder.
type corpusStats struct {
	Dir   string `json:"-"`
	Files int    `json:"files"`
	// Distinct counts the files whose bytes no earlier file has: the
	// documents the ingest must make (equal files are one document).
	Distinct int   `json:"distinct"`
	Bytes    int64 `json:"bytes"`
}

// municipality is one row of ingest/data/municipalities.csv.
type municipality struct {
	Name, County, Region string
}

// facetGen derives ESF-like metadata for a document deterministically from
// a hash of its path, so that every run (and the engine floor) sees the
// same owners, municipalities, periods and project numbers.
type facetGen struct {
	counties [][]municipality // municipalities grouped by county, in file order
	owners   []string
}

// meta is what facetGen derives for one document.
type meta struct {
	Owner          string
	Municipalities []string
	County, Region string
	Number         string
	Start, End     [3]int // day, month, year
}

var monthNames = []string{"januari", "februari", "mars", "april", "maj", "juni", "juli",
	"augusti", "september", "oktober", "november", "december"}

// newFacetGen reads the gazetteer the real parser uses.
func newFacetGen(root string) (*facetGen, error) {
	f, err := os.Open(filepath.Join(root, "ingest", "data", "municipalities.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("municipalities.csv: %w", err)
	}
	if len(rows) < 2 || len(rows[0]) < 5 {
		return nil, fmt.Errorf("municipalities.csv: unexpected shape")
	}
	g := &facetGen{}
	var all []municipality
	byCounty := map[string]int{}
	for _, r := range rows[1:] {
		m := municipality{Name: r[1], County: r[3], Region: r[4]}
		all = append(all, m)
		i, ok := byCounty[m.County]
		if !ok {
			i = len(g.counties)
			byCounty[m.County] = i
			g.counties = append(g.counties, nil)
		}
		g.counties[i] = append(g.counties[i], m)
	}
	// About 200 owners: organisation kinds × 40 places spread over the
	// country. The place follows a capitalised word, so the gazetteer
	// reads it as part of a proper name, not as a participating municipality.
	kinds := []string{"Samordningsförbundet %s", "Arbetsmarknadsenheten %s", "Coompanion %s",
		"Navigatorcentrum %s", "Studieförbundet Vuxenskolan %s"}
	for _, k := range kinds {
		for i := 0; i < 40; i++ {
			g.owners = append(g.owners, fmt.Sprintf(k, all[(i*7)%len(all)].Name))
		}
	}
	return g, nil
}

func hash64(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// derive returns the metadata a document gets from key (its content's
// hash and replica).
func (g *facetGen) derive(key string) meta {
	h := hash64(key)
	next := func(n int) int { // one splitmix64 step per draw
		h += 0x9e3779b97f4a7c15
		z := h
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		return int((z ^ z>>31) % uint64(n))
	}
	var m meta
	m.Owner = g.owners[next(len(g.owners))]
	county := g.counties[next(len(g.counties))]
	want := 2 + next(3)
	start := next(len(county))
	for i := 0; i < len(county) && len(m.Municipalities) < want; i++ {
		m.Municipalities = append(m.Municipalities, county[(start+i)%len(county)].Name)
	}
	sort.Strings(m.Municipalities)
	m.County, m.Region = county[0].County, county[0].Region
	year := 2015 + next(8)
	m.Number = fmt.Sprintf("%d/%05d", year, next(100000))
	m.Start = [3]int{1, 1 + next(12), year}
	m.End = [3]int{31, 12, year + 1 + next(2)}
	return m
}

// footer is the block appended to each Markdown document: prose the real
// final-report parser extracts owner, project number, period and
// participating municipalities from.
func (m meta) footer() string {
	list := m.Municipalities[0]
	if n := len(m.Municipalities); n > 1 {
		list = strings.Join(m.Municipalities[:n-1], ", ") + " och " + m.Municipalities[n-1]
	}
	date := func(d [3]int) string { return fmt.Sprintf("%d %s %d", d[0], monthNames[d[1]-1], d[2]) }
	return fmt.Sprintf("\n\n## Projektuppgifter (Slutrapport)\n\n"+
		"Projektägare har varit %s.\n"+
		"Projektnr: %s\n"+
		"Projektperiod: %s – %s\n"+
		"Deltagande kommuner: %s.\n",
		m.Owner, m.Number, date(m.Start), date(m.End), list)
}

// outName gives a document a unique file name (the document id comes from
// it, and slugs repeat across categories) while keeping its folder.
func outName(orig string, replica int) string {
	dir, base := path.Split(orig)
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	if len(stem) > 100 { // some slugs exceed the file system's name limit
		cut := 100
		for cut > 0 && !utf8.RuneStart(stem[cut]) {
			cut--
		}
		stem = stem[:cut]
	}
	return fmt.Sprintf("%sr%d-%08x-%s%s", dir, replica, uint32(hash64(orig)), stem, ext)
}

// writer writes prepared documents below dir.
type writer struct {
	dir    string
	gen    *facetGen
	footer bool
	stats  corpusStats
	made   map[string]bool
	seen   map[[sha256.Size]byte]bool // contents written
}

func (w *writer) add(orig string, data []byte, replica int) error {
	rel := outName(orig, replica)
	dst := filepath.Join(w.dir, filepath.FromSlash(rel))
	if d := filepath.Dir(dst); !w.made[d] {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		w.made[d] = true
	}
	f, err := os.Create(dst)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	bw.Write(data)
	n := int64(len(data))
	h := sha256.New()
	h.Write(data)
	if w.footer && strings.EqualFold(path.Ext(rel), ".md") {
		// The footer comes from the content (and the replica), not the
		// name: files with equal bytes stay equal, as in the corpus, and
		// replicas differ.
		sum := sha256.Sum256(data)
		ft := w.gen.derive(fmt.Sprintf("r%d:%x", replica, sum[:8])).footer()
		bw.WriteString(ft)
		h.Write([]byte(ft))
		n += int64(len(ft))
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	if w.seen == nil {
		w.seen = map[[sha256.Size]byte]bool{}
	}
	if !w.seen[sum] {
		w.seen[sum] = true
		w.stats.Distinct++
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	w.stats.Files++
	w.stats.Bytes += n
	return nil
}

// usable reports whether a corpus file is one the benchmark ingests.
func usable(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".txt":
		return true
	}
	return false
}

// prepareTar streams a .tar.gz corpus into dir: each Markdown or text file
// (up to limit, 0 = all) is written scale times under distinct names, with
// the derived footer appended.
func prepareTar(src, dir string, gen *facetGen, scale, limit int, footer bool) (corpusStats, error) {
	w := &writer{dir: dir, gen: gen, footer: footer, made: map[string]bool{}}
	w.stats.Dir = dir
	f, err := os.Open(src)
	if err != nil {
		return w.stats, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return w.stats, fmt.Errorf("%s: %w", src, err)
	}
	tr := tar.NewReader(zr)
	docs := 0
	for limit <= 0 || docs < limit {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return w.stats, fmt.Errorf("%s: %w", src, err)
		}
		if h.Typeflag != tar.TypeReg || !usable(h.Name) {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return w.stats, fmt.Errorf("%s: %s: %w", src, h.Name, err)
		}
		for r := 0; r < scale; r++ {
			if err := w.add(path.Clean(h.Name), data, r); err != nil {
				return w.stats, err
			}
		}
		docs++
	}
	return w.stats, nil
}

// prepareDir copies a folder's Markdown and text files the same way.
func prepareDir(src, dir string, gen *facetGen, scale, limit int, footer bool) (corpusStats, error) {
	w := &writer{dir: dir, gen: gen, footer: footer, made: map[string]bool{}}
	w.stats.Dir = dir
	var files []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && usable(p) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return w.stats, err
	}
	sort.Strings(files)
	if limit > 0 && len(files) > limit {
		files = files[:limit]
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			return w.stats, err
		}
		rel, _ := filepath.Rel(src, p)
		for r := 0; r < scale; r++ {
			if err := w.add(filepath.ToSlash(rel), data, r); err != nil {
				return w.stats, err
			}
		}
	}
	return w.stats, nil
}
