// Package index owns the bleve index of Projektsök: its mapping, the Swedish
// analysis and the index lifecycle (create, open, batch writes, close).
//
// # Mapping
//
// Every document is one ingest.Record, indexed as these fields:
//
//	field            analyzer            stored  positions  why
//	title            AnalyzerText        yes     yes        title words; boosted highest at query time; stored
//	                                                        for the versions of a group (see group)
//	summary          AnalyzerText        no      yes        the "Sammanfattning" section; boosted above body
//	body             AnalyzerText        no      yes        all other sections, partners, participants, and the
//	                                                        text of a long file past what raw holds (Record.Rest,
//	                                                        up to ingest.MaxIndexed): searchable, never shown
//	words            AnalyzerWords       no      no         the title and the summary's first MaxWordsBytes,
//	                                                        lower-cased and unstemmed, without stop words and
//	                                                        numbers: a bonus for the very form a user typed
//	                                                        (the body and the rest of the summary are left
//	                                                        out: on a corpus without headings the summary is
//	                                                        all the text, and the field cost a fifth of the
//	                                                        ingest time)
//	whole            AnalyzerTextQuery   no      no         the same text as words, reduced to base forms but
//	                                                        without compound parts: a bonus for the word itself
//	                                                        (in any inflection) over a longer compound that
//	                                                        holds it, which title and body cannot tell apart
//	region, county, owner, programme_area, municipality, phase, doc_type,
//	methods, target_groups, years
//	                 keyword             no      no         facets and filters: exact values. No doc values:
//	                                                        facets are counted from the facet tables
//	                                                        (facettable.go), built from these fields' postings;
//	                                                        field:value queries find the values by scanning
//	                                                        the field's dictionary (search package), so no
//	                                                        lower-cased twin fields are needed
//	period_start, period_end
//	                 keyword             yes/no  no         YYYY-MM-DD: period-overlap ranges (lexical order is
//	                                                        date order) and, with doc values, sorting; the start
//	                                                        is stored: it orders the versions of a group
//	total_budget_sek numeric             no      no         budget filters, range facet (facet tables) and
//	                                                        sort (doc values)
//	ingested         keyword             no      no         RFC 3339 UTC time the content was indexed (Put sets
//	                                                        it): sorting newest first (doc values), the feed
//	esf_support_sek  numeric             no      no         the overview's ESF sums, read into the facet
//	                                                        tables; no doc values: nothing sorts by it
//	group            keyword             yes     no         GroupKey(title): near-duplicate titles share it; the
//	                                                        search shows one hit per key (indexed: the facet tables
//	                                                        read each document's key from its postings, so a result
//	                                                        window is grouped without loading stored fields
//	                                                        (window.go), and the other versions of a page's groups
//	                                                        are looked up by it; stored: for inspection only)
//	raw              none (not indexed)  yes     no         the whole Record as JSON: one stored field to
//	                                                        load for hits and documents
//	rest             none (not indexed)  yes     no         Record.Rest (not in raw, so hits stay cheap to
//	                                                        load): read back by Get, so re-indexing a stored
//	                                                        record keeps its long text searchable
//	hash             keyword             yes     no         SHA-256 of the file's bytes: an unchanged file
//	                                                        is skipped, equal bytes under two paths are one
//	                                                        document (read back by Manifest)
//	file             none (not indexed)  yes     no         format, encoding and characters of text, for the
//	                                                        report of an unchanged file (read back by Session)
//	sources          keyword             yes     no         every path (relative to its ingest root) holding
//	                                                        those bytes (read back by Manifest)
//	legacy_id        keyword             no      no         the ids earlier versions gave the sources (base
//	                                                        name without extension): old links redirect
//	project_key      keyword             yes     no         the project's lineage keys (ingest.Lineage:
//	                                                        "nr:" number, "to:" title|owner): a page and its
//	                                                        final reports find each other
//	has_report       keyword             yes     no         facet and filter: "true" when the project has a
//	                                                        final report in the index (kept by Session)
//
// There is no folded copy of the text: a word typed without å/ä/ö finds
// the spellings with them through the text fields' dictionaries at query
// time (foldpattern.go).
//
// Text fields other than the title store no values: snippets are built from the raw Record by
// the search package with Analyze, which avoids bleve's highlighter (it needs
// stored term vectors and inherits the compound filter's offset bug).
//
// # Lifecycle
//
// An index folder holds complete generations and a CURRENT pointer; one
// process writes it (DIR/LOCK), any number may read it. Build makes the
// first generation, Rebuild swaps in a new one under live searches, and a
// crash never exposes a half-built generation: see generation.go.
package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"projektsok/ingest"
)

// ScoringModel is the scoring model new indexes are made with (the
// mapping's; an index keeps the model it was made with): bleve's
// "tf-idf" or "bm25". cmd/relevance compares the two.
var ScoringModel = "tf-idf"

// Field names of the mapping, for the search package.
const (
	FieldTitle   = "title"
	FieldSummary = "summary"
	FieldBody    = "body"
	FieldWords   = "words"
	FieldWhole   = "whole"
	FieldGroup   = "group"
	FieldRaw     = "raw"
	FieldRest    = "rest"

	FieldHash      = "hash"
	FieldFile      = "file"
	FieldSources   = "sources"
	FieldLegacyID  = "legacy_id"
	FieldProject   = "project_key"
	FieldDocType   = "doc_type"
	FieldHasReport = "has_report"

	FieldPeriodStart = "period_start"
	FieldPeriodEnd   = "period_end"
	FieldTotalBudget = "total_budget_sek"
	FieldESFSupport  = "esf_support_sek"
	FieldIngested    = "ingested"
)

// FacetFields are the keyword fields that can be faceted and filtered on,
// in display order.
var FacetFields = []string{
	"region", "county", "owner", "programme_area", "municipality",
	"phase", "doc_type", "methods", "target_groups", "years", "has_report",
}

// Errors.
var (
	ErrNotFound = errors.New("document not found")
	ErrNotExist = errors.New("index does not exist")
	ErrLocked   = errors.New("index is locked by another process")
	ErrClosed   = errors.New("index is closed")
)

// Index is an open Projektsök index. It is safe for concurrent use.
//
// Readers and writers go through b, an alias over the current bleve index,
// so that Rebuild can swap in a new generation under live traffic (see
// generation.go).
type Index struct {
	b         bleve.IndexAlias
	path      string
	closeOnce sync.Once
	closeErr  error
	gen       generationState
	changes   atomic.Uint64 // see Version
	// prev is the live index while this one is built by its Rebuild: a
	// document with the same id and bytes keeps its ingest time.
	prev *Index
	// pacer, when set, is called by Load after every batch (see Pacer).
	pacer atomic.Pointer[Pacer]
}

// Version changes whenever the documents may have changed (a write or a
// rebuild), so results computed at one version can be cached under it.
func (x *Index) Version() uint64 { return x.changes.Load() }

// Mapping returns the bleve index mapping described in the package doc.
func Mapping() (*mapping.IndexMappingImpl, error) {
	if registerErr != nil {
		return nil, registerErr
	}
	if err := DictionaryError(); err != nil {
		return nil, fmt.Errorf("swedish word list: %w", err)
	}
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = AnalyzerText
	m.ScoringModel = ScoringModel
	doc := bleve.NewDocumentStaticMapping()

	text := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	title := text(AnalyzerText)
	title.Store = true // read for the versions of a near-duplicate group
	doc.AddFieldMappingsAt(FieldTitle, title)
	doc.AddFieldMappingsAt(FieldSummary, text(AnalyzerText))
	doc.AddFieldMappingsAt(FieldBody, text(AnalyzerText))
	words := text(AnalyzerWords)
	words.IncludeTermVectors = false
	doc.AddFieldMappingsAt(FieldWords, words)
	whole := text(AnalyzerTextQuery)
	whole.IncludeTermVectors = false
	doc.AddFieldMappingsAt(FieldWhole, whole)

	kw := func(analyzer string, docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = docValues
		return f
	}
	for _, name := range FacetFields {
		f := kw(keyword.Name, false)
		// read back by Session to keep has_report right
		f.Store = name == FieldDocType || name == FieldHasReport
		doc.AddFieldMappingsAt(name, f)
	}
	stored := func() *mapping.FieldMapping {
		f := kw(keyword.Name, false)
		f.Store = true
		return f
	}
	doc.AddFieldMappingsAt(FieldHash, stored())
	doc.AddFieldMappingsAt(FieldSources, stored())
	doc.AddFieldMappingsAt(FieldLegacyID, kw(keyword.Name, false))
	doc.AddFieldMappingsAt(FieldProject, stored())
	start := kw(keyword.Name, true)
	start.Store = true
	doc.AddFieldMappingsAt(FieldPeriodStart, start)
	group := kw(keyword.Name, false)
	group.Store = true
	doc.AddFieldMappingsAt(FieldGroup, group)
	doc.AddFieldMappingsAt(FieldPeriodEnd, kw(keyword.Name, true))
	doc.AddFieldMappingsAt(FieldIngested, kw(keyword.Name, true))

	budget := bleve.NewNumericFieldMapping()
	budget.Store = false
	budget.IncludeInAll = false
	doc.AddFieldMappingsAt(FieldTotalBudget, budget)
	esf := bleve.NewNumericFieldMapping()
	esf.Store = false
	esf.IncludeInAll = false
	esf.DocValues = false
	doc.AddFieldMappingsAt(FieldESFSupport, esf)

	// stored only: kept whole, never searched
	storedOnly := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index, f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = false, true, false, false, false
		return f
	}
	doc.AddFieldMappingsAt(FieldRaw, storedOnly())
	doc.AddFieldMappingsAt(FieldFile, storedOnly())
	// The text of a long file past what raw holds: read back by Get only
	// (hits never load it), so that re-indexing a stored record keeps it.
	doc.AddFieldMappingsAt(FieldRest, storedOnly())

	// No "_all" field: every query names its fields.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	m.DefaultMapping = doc
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m, nil
}

// Exists reports whether an index has been created at path.
func Exists(path string) bool {
	_, err := os.Stat(filepath.Join(path, "index_meta.json"))
	return err == nil || hasCurrent(path)
}

// Create makes a new, empty index at path; it fails if one exists.
func Create(path string) (*Index, error) {
	m, err := Mapping()
	if err != nil {
		return nil, err
	}
	if Exists(path) {
		return nil, fmt.Errorf("create index %s: %w", path, os.ErrExist)
	}
	b, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, map[string]interface{}{
		"bolt_timeout": "1s",
	})
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	if err := stampAnalysis(b); err != nil {
		_ = b.Close()
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	return newIndex(b, path), nil
}

// Open opens an existing index for reading and writing. It fails fast with
// ErrLocked when another process holds the index.
func Open(path string) (*Index, error) {
	return open(path, modeWrite)
}

// OpenBulk opens an existing index for a bulk load: like Open, except
// that bleve merges no segments in the background while it is open, so
// each batch leaves one segment, and the load ends with Compact, which
// merges them all once. Merging along the way did most of that work
// several times over: see noMerges. A load that ends without Compact
// leaves its segments to the merges of the next Open.
func OpenBulk(path string) (*Index, error) {
	return open(path, modeBulk)
}

// OpenReadOnly opens an existing index for reading only; several processes
// may do so at once.
func OpenReadOnly(path string) (*Index, error) {
	return open(path, modeRead)
}

// openMode is how open and openBleve open an index.
type openMode int

const (
	modeWrite openMode = iota // read and write, bleve's merges as usual
	modeRead                  // read only
	modeBulk                  // read and write, no background merges
)

func open(path string, mode openMode) (*Index, error) {
	if _, err := Mapping(); err != nil {
		return nil, err
	}
	if hasCurrent(path) {
		return openFolder(path, mode)
	}
	if !Exists(path) {
		return nil, fmt.Errorf("open index %s: %w", path, ErrNotExist)
	}
	b, err := openBleve(path, mode)
	if err != nil {
		return nil, err
	}
	return newIndex(b, path), nil
}

// openBleve opens one bleve index, failing fast with ErrLocked.
func openBleve(path string, mode openMode) (bleve.Index, error) {
	cfg := map[string]interface{}{"bolt_timeout": "1s"}
	switch mode {
	case modeRead:
		cfg["read_only"] = true
	case modeBulk:
		cfg[mergePlanKey] = noMerges // not saved: index_meta.json keeps the creation's config
	}
	b, err := bleve.OpenUsing(path, cfg)
	if err != nil {
		if isLockTimeout(err) {
			return nil, fmt.Errorf("open index %s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	return b, nil
}

// NewMemory returns an empty in-memory index (scorch, nothing on disk),
// for tests and for serving the embedded sample without writing files.
func NewMemory() (*Index, error) {
	m, err := Mapping()
	if err != nil {
		return nil, err
	}
	b, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create memory index: %w", err)
	}
	if err := stampAnalysis(b); err != nil {
		_ = b.Close()
		return nil, fmt.Errorf("create memory index: %w", err)
	}
	return newIndex(b, ""), nil
}

// Path is where the index lives on disk ("" for a memory index): for an
// index folder with generations, the current generation's folder.
func (x *Index) Path() string {
	x.gen.mu.Lock()
	defer x.gen.mu.Unlock()
	return x.path
}

// Close closes the index after the searches in flight. It is safe to call
// more than once.
func (x *Index) Close() error {
	x.closeOnce.Do(func() { x.closeErr = x.close() })
	return x.closeErr
}

// Bleve exposes the index to the search package: an alias that always
// points at the current generation. Close a FieldDict before searching
// again (it holds the alias's read lock).
func (x *Index) Bleve() bleve.Index { return x.b }

// Count returns the number of documents.
func (x *Index) Count() (uint64, error) {
	n, err := x.b.DocCount()
	if err != nil {
		return 0, fmt.Errorf("count documents: %w", err)
	}
	return n, nil
}

// PutResult says what a Put did.
type PutResult struct {
	Added, Updated int
}

// Put indexes records in one batch: a record whose id exists replaces it.
// When Put returns without error the batch is persisted.
func (x *Index) Put(ctx context.Context, recs []ingest.Record) (PutResult, error) {
	var res PutResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	x.gen.write.Lock()
	defer x.gen.write.Unlock()
	batch, unique, err := x.batchOf(recs)
	if err != nil {
		return res, err
	}
	before, err := x.b.DocCount()
	if err != nil {
		return res, fmt.Errorf("count documents: %w", err)
	}
	err = x.b.Batch(batch)
	x.changes.Add(1) // even a failed batch may have changed something
	if err != nil {
		return PutResult{}, fmt.Errorf("write batch: %w", err)
	}
	// Writes are serialised, so the growth of the count is what was new;
	// the rest replaced documents with the same id.
	after, err := x.b.DocCount()
	if err != nil {
		return res, fmt.Errorf("count documents: %w", err)
	}
	res.Added = int(after - before)
	res.Updated = unique - res.Added
	return res, nil
}

// Delete removes documents by id; unknown ids are ignored.
func (x *Index) Delete(ids ...string) error {
	x.gen.write.Lock()
	defer x.gen.write.Unlock()
	batch := x.b.NewBatch()
	if batch == nil {
		return ErrClosed
	}
	for _, id := range ids {
		batch.Delete(id)
	}
	defer x.changes.Add(1)
	if err := x.b.Batch(batch); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	return nil
}

// Get returns the stored record with the given id, or ErrNotFound.
func (x *Index) Get(id string) (ingest.Record, error) {
	var rec ingest.Record
	d, err := x.b.Document(id)
	if err != nil {
		return rec, fmt.Errorf("load %s: %w", id, err)
	}
	if d == nil {
		return rec, fmt.Errorf("%q: %w", id, ErrNotFound)
	}
	var raw, rest []byte
	d.VisitFields(func(f indexField) {
		switch f.Name() {
		case FieldRaw:
			raw = f.Value()
		case FieldRest:
			rest = f.Value()
		}
	})
	if raw == nil {
		return rec, fmt.Errorf("%s has no stored record", id)
	}
	if rec, err = decodeRecord(raw); err != nil {
		return rec, fmt.Errorf("decode %s: %w", id, err)
	}
	rec.Rest = string(rest)
	return rec, nil
}

// DecodeRaw decodes the stored raw field of a search hit.
func DecodeRaw(v interface{}) (ingest.Record, error) {
	var rec ingest.Record
	s, ok := v.(string)
	if !ok {
		return rec, errors.New("hit has no stored record")
	}
	rec, err := decodeRecord([]byte(s))
	if err != nil {
		return rec, fmt.Errorf("decode stored record: %w", err)
	}
	return rec, nil
}

// Document builds the bleve document for a record (see the package doc).
func Document(r *ingest.Record) (map[string]interface{}, error) {
	raw, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", r.ID, err)
	}
	summary := r.Summary()
	body := bodyText(r, summary)
	if r.Rest != "" {
		body += "\n\n" + r.Rest // the long text past what raw holds
	}
	lead := r.Title + "\n" + cutAtWord(summary, MaxWordsBytes)
	doc := map[string]interface{}{
		FieldTitle:   r.Title,
		FieldSummary: summary,
		FieldBody:    body,
		FieldWords:   lead,
		FieldWhole:   lead,
		FieldRaw:     string(raw),
	}
	if r.Rest != "" {
		doc[FieldRest] = r.Rest
	}
	if r.Hash != "" {
		doc[FieldHash] = r.Hash
		doc[FieldFile] = fileFacts(r)
	}
	if sources := sourcesOf(r); len(sources) > 0 {
		doc[FieldSources] = sources
		legacy := make([]string, 0, len(sources))
		for _, s := range sources {
			legacy = append(legacy, ingest.LegacyID(s))
		}
		doc[FieldLegacyID] = legacy
	}
	if keys := ingest.LineageOf(r).Keys(); len(keys) > 0 {
		doc[FieldProject] = keys
	}
	facets := FacetValues(r)
	for name, vals := range facets {
		if len(vals) == 0 {
			continue
		}
		doc[name] = vals
	}
	if r.PeriodStart != "" {
		doc[FieldPeriodStart] = r.PeriodStart
	}
	if k := GroupKey(r.Title); k != "" {
		doc[FieldGroup] = k
	}
	if r.PeriodEnd != "" {
		doc[FieldPeriodEnd] = r.PeriodEnd
	}
	if r.TotalBudgetSEK > 0 {
		doc[FieldTotalBudget] = float64(r.TotalBudgetSEK)
	}
	if r.ESFSupportSEK > 0 {
		doc[FieldESFSupport] = float64(r.ESFSupportSEK)
	}
	if r.Ingested != "" {
		doc[FieldIngested] = r.Ingested
	}
	return doc, nil
}

// sourcesOf lists a record's sources: Sources, or Source alone.
func sourcesOf(r *ingest.Record) []string {
	if len(r.Sources) > 0 {
		return r.Sources
	}
	if r.Source != "" {
		return []string{r.Source}
	}
	return nil
}

// FacetValues returns a record's value(s) for every facet field.
func FacetValues(r *ingest.Record) map[string][]string {
	one := func(s string) []string {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	return map[string][]string{
		"region":         one(r.Region),
		"county":         one(r.County),
		"owner":          one(r.Owner),
		"programme_area": one(r.ProgrammeArea),
		"municipality":   r.Municipalities,
		"phase":          one(r.Phase),
		"doc_type":       one(r.DocType),
		"methods":        r.Methods,
		"target_groups":  r.TargetGroups,
		"years":          Years(r.PeriodStart, r.PeriodEnd),
		"has_report":     one(hasReport(r)),
	}
}

// hasReport is a record's has_report value: "true" for a final report
// and a page linked to one, "false" for other pages.
func hasReport(r *ingest.Record) string {
	switch {
	case r.DocType == ingest.TypeReport || r.HasReport:
		return "true"
	case r.DocType == ingest.TypeProject:
		return "false"
	}
	return ""
}

// Years lists the calendar years a period covers ("2020".."2022"); a period
// with only one end known covers that year. Absurd spans are cut at 50
// years.
func Years(start, end string) []string {
	y := func(s string) int {
		if len(s) < 4 {
			return 0
		}
		n, err := strconv.Atoi(s[:4])
		if err != nil {
			return 0
		}
		return n
	}
	a, b := y(start), y(end)
	switch {
	case a == 0 && b == 0:
		return nil
	case a == 0:
		a = b
	case b == 0 || b < a:
		b = a
	}
	if b-a > 50 {
		b = a + 50
	}
	out := make([]string, 0, b-a+1)
	for i := a; i <= b; i++ {
		out = append(out, strconv.Itoa(i))
	}
	return out
}

// bodyText is everything searchable except the title and summary.
// cutAtWord returns s, or its first n bytes or fewer, cut before a word.
func cutAtWord(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && s[i] != ' ' && s[i] != '\n' {
		i--
	}
	return s[:i]
}

func bodyText(r *ingest.Record, summary string) string {
	var b []byte
	add := func(s string) {
		if s == "" {
			return
		}
		if len(b) > 0 {
			b = append(b, "\n\n"...)
		}
		b = append(b, s...)
	}
	skipped := false
	for _, s := range r.Sections {
		if !skipped && s.Text == summary {
			skipped = true
			add(s.Heading)
			continue
		}
		add(s.Heading)
		add(s.Text)
	}
	for _, list := range [][]string{r.Partners, r.Participants} {
		for _, p := range list {
			add(p)
		}
	}
	if r.Owner != "" {
		add(r.Owner)
	}
	return string(b)
}
