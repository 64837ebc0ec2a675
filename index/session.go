package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"

	"projektsok/ingest"
)

// ErrOldIndex: the index was made by an earlier version — whose ids came
// from file names alone, or whose Swedish analysis made other terms; it
// can be searched, but not written with this version's ids or terms.
var ErrOldIndex = errors.New("index made by an earlier version; build a new one")

// Session is one ingest into an index: it decides every file's fate
// against what the index holds — a file is new, changed, unchanged (same
// bytes under the same source), or a duplicate (the same bytes as another
// document) — and keeps each document's sources right. Use it from one
// goroutine: Plan each file, write the records it asks for with Load, then
// Finish.
//
// The index keeps one document per distinct content: its id comes from
// its first source (ingest.ID), its other sources are listed in
// Record.Sources. Every source belongs to one document.
type Session struct {
	x        *Index
	start    map[string]string // source → hash when the session began (sources held once)
	byID     map[string]*entry
	byHash   map[string]string   // content hash → document id
	bySource map[string][]string // source → ids of the documents listing it
	seen     map[string]string   // sources met in this session → the file's path
	failed   map[string]bool     // sources whose files failed: their documents stay
	dirty    map[string]bool     // ids whose sources changed: Finish writes them
	moved    map[string]ingest.Record
	// reports' lineages (for a page's has_report when it is written)
	repNumber map[string]bool
	repTitle  map[string][]ingest.Lineage
}

// entry is what the session knows of one document.
type entry struct {
	hash    string
	sources []string
	lin     ingest.Lineage
	report  bool   // a final report
	has     bool   // has_report as stored
	file    string // format, encoding, characters and parser version (FieldFile)
}

// parserVersion is ingest.ParserVersion (a variable for tests).
var parserVersion = ingest.ParserVersion

// fileFacts is the stored FieldFile value of a record: its format,
// encoding, characters and the version of the parser that read it.
func fileFacts(r *ingest.Record) string {
	return fmt.Sprintf("%s\t%s\t%d\t%s", r.Format, r.Encoding, ingest.Chars(r), parserVersion)
}

// parsedBy is the parser version in a stored FieldFile value ("" when an
// earlier version stored none).
func parsedBy(file string) string {
	f := strings.Split(file, "\t")
	if len(f) < 4 {
		return ""
	}
	return f[3]
}

// describe fills an outcome's format, encoding and characters from a
// stored FieldFile value.
func describe(o *ingest.Outcome, file string) {
	f := strings.Split(file, "\t")
	if len(f) < 3 {
		return
	}
	o.Format, o.Encoding = f[0], f[1]
	o.Chars, _ = strconv.Atoi(f[2])
}

// entryOf describes a record about to be written.
func entryOf(r *ingest.Record) *entry {
	return &entry{hash: r.Hash, sources: slices.Clone(r.Sources), lin: ingest.LineageOf(r),
		report: r.DocType == ingest.TypeReport, has: r.HasReport || r.DocType == ingest.TypeReport,
		file: fileFacts(r)}
}

// lineageOf reads the stored project_key terms back.
func lineageOf(keys []string) ingest.Lineage {
	var l ingest.Lineage
	for _, k := range keys {
		if v, ok := strings.CutPrefix(k, "nr:"); ok {
			l.Number = v
		} else if v, ok := strings.CutPrefix(k, "to:"); ok {
			l.TitleOwner = v
		}
	}
	return l
}

// Begin starts an ingest session: it reads every document's hash and
// sources (the stored fields, not the records). An index made by an
// earlier version gives ErrOldIndex.
func (x *Index) Begin(ctx context.Context) (*Session, error) {
	if old, err := x.old(); err != nil || old {
		if err == nil {
			err = fmt.Errorf("%s: ids from file names: %w", x.Path(), ErrOldIndex)
		}
		return nil, err
	}
	if built, current, err := x.Analysis(); err != nil || !current {
		if err == nil {
			err = fmt.Errorf("%s: its Swedish analysis %q is not this version's %q: %w", x.Path(), built, AnalysisID(), ErrOldIndex)
		}
		return nil, err
	}
	s := &Session{
		x: x, start: map[string]string{}, byID: map[string]*entry{}, byHash: map[string]string{},
		bySource: map[string][]string{}, seen: map[string]string{}, failed: map[string]bool{}, dirty: map[string]bool{},
		moved: map[string]ingest.Record{}, repNumber: map[string]bool{}, repTitle: map[string][]ingest.Lineage{},
	}
	const page = 10000
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), page, 0, false)
		req.Fields = []string{FieldHash, FieldSources, FieldProject, FieldDocType, FieldHasReport, FieldFile}
		req.SortByCustom(bsearch.SortOrder{&bsearch.SortDocID{}})
		if after != nil {
			req.SearchAfter = after
		}
		res, err := x.b.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("read the index's sources: %w", err)
		}
		for _, h := range res.Hits {
			e := &entry{sources: storedStrings(h.Fields[FieldSources]), lin: lineageOf(storedStrings(h.Fields[FieldProject]))}
			if hs := storedStrings(h.Fields[FieldHash]); len(hs) > 0 {
				e.hash = hs[0]
			}
			e.report = slices.Contains(storedStrings(h.Fields[FieldDocType]), ingest.TypeReport)
			e.has = slices.Contains(storedStrings(h.Fields[FieldHasReport]), "true")
			if f := storedStrings(h.Fields[FieldFile]); len(f) > 0 {
				e.file = f[0]
			}
			s.byID[h.ID] = e
			s.noteReport(e)
			if e.hash != "" {
				s.byHash[e.hash] = h.ID
			}
			for _, src := range e.sources {
				s.bySource[src] = append(s.bySource[src], h.ID)
			}
		}
		if len(res.Hits) < page {
			break
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
	for src, ids := range s.bySource {
		// a document an earlier parser read is parsed again
		if e := s.byID[ids[0]]; len(ids) == 1 && parsedBy(e.file) == parserVersion {
			s.start[src] = e.hash
		}
	}
	return s, nil
}

// storedStrings reads a stored field: one value or several.
func storedStrings(v interface{}) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []interface{}:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// old reports whether the index's mapping predates hashes and sources.
func (x *Index) old() (bool, error) {
	m, ok := x.b.Mapping().(*mapping.IndexMappingImpl)
	if !ok {
		return false, ErrClosed
	}
	return m.FieldMappingForPath(FieldHash).Type == "", nil
}

// Known reports whether source is indexed with exactly this content (as
// the session began); safe for concurrent use (ingest.Stream's workers).
func (s *Session) Known(source, hash string) bool {
	h, ok := s.start[source]
	return ok && h != "" && h == hash
}

// Failed notes a file of this ingest that could not be read or parsed:
// what the index holds from it stays (--prune does not take it).
func (s *Session) Failed(source string) {
	s.failed[source] = true
}

// Plan decides the fate of one file whose record was parsed (or, when
// ingest.Stream found it Known, holds only Source and Hash). It sets
// rec.ID and rec.Sources; write reports whether rec must be written to the
// index (Load). path is the file as found, for the outcome.
func (s *Session) Plan(rec *ingest.Record, path string) (out ingest.Outcome, write bool, err error) {
	p, h := rec.Source, rec.Hash
	out = ingest.Outcome{Path: path, Source: p}
	out.Describe(rec)
	if prev, ok := s.seen[p]; ok {
		out.Fate = ingest.Failed
		out.Reason = fmt.Sprintf("same path relative to its ingest root as %s (%s): ingest their common folder instead", prev, p)
		return out, false, nil
	}
	s.seen[p] = path
	holders := s.bySource[p]
	if t, ok := s.byHash[h]; ok && h != "" {
		e := s.byID[t]
		out.ID = t
		if slices.Contains(e.sources, p) && rec.ID != "" && parsedBy(e.file) != parserVersion {
			// the same bytes, read by an earlier version of the parser:
			// the document is written again from this reading, under its id
			// and with its sources
			s.release(p, holders, t)
			rec.ID, rec.Source, rec.Sources = t, e.sources[0], slices.Clone(e.sources)
			rec.HasReport = rec.DocType == ingest.TypeProject && s.reported(ingest.LineageOf(rec))
			s.byID[t] = entryOf(rec)
			s.noteReport(s.byID[t])
			s.bySource[p] = []string{t}
			out.Fate = ingest.Updated
			out.Reason = "the same bytes, read again by a newer version of the parser"
			return out, true, nil
		}
		if slices.Contains(e.sources, p) {
			out.Fate = ingest.Unchanged
			out.Reason = "the same bytes as when last ingested"
			if rec.ID == "" { // not parsed: as it was
				describe(&out, e.file)
			}
		} else {
			out.Fate = ingest.Duplicate
			out.Reason = "the same bytes as " + e.sources[0]
			e.sources = append(e.sources, p)
			s.dirty[t] = true
		}
		s.release(p, holders, t)
		s.bySource[p] = []string{t}
		return out, false, nil
	}
	if rec.ID == "" {
		// Known when the session began, yet its content is no longer
		// indexed: cannot happen, since only this file could release it.
		out.Fate = ingest.Failed
		out.Reason = "changed while being ingested; run the ingest again"
		return out, false, nil
	}
	id := ingest.ID(p)
	if e, ok := s.byID[id]; ok {
		if err := s.moveAside(id, e, p); err != nil {
			return out, false, err
		}
	}
	s.release(p, holders, id)
	rec.ID, rec.Sources = id, []string{p}
	rec.HasReport = rec.DocType == ingest.TypeProject && s.reported(ingest.LineageOf(rec))
	s.byID[id] = entryOf(rec)
	s.noteReport(s.byID[id])
	if h != "" {
		s.byHash[h] = id
	}
	s.bySource[p] = []string{id}
	out.ID = id
	out.Fate = ingest.Indexed
	if len(holders) > 0 {
		out.Fate = ingest.Updated
	}
	return out, true, nil
}

// moveAside makes room at id, whose document is about to be replaced by
// p's new content: the other sources of its old content keep that content
// as a document of their own (re-keyed to its next source; Finish writes
// it).
func (s *Session) moveAside(id string, e *entry, p string) error {
	rest := slices.DeleteFunc(slices.Clone(e.sources), func(x string) bool { return x == p })
	if s.byHash[e.hash] == id {
		delete(s.byHash, e.hash)
	}
	if len(rest) == 0 {
		return nil
	}
	rec, ok := s.moved[id]
	if !ok {
		var err error
		if rec, err = s.x.Get(id); err != nil {
			return err
		}
	}
	delete(s.moved, id)
	nid := ingest.ID(rest[0])
	rec.ID, rec.Source, rec.Sources = nid, rest[0], rest
	s.moved[nid] = rec
	moved := *e
	moved.sources = rest
	s.byID[nid] = &moved
	s.byHash[e.hash] = nid
	for _, q := range rest {
		s.bySource[q] = replace(s.bySource[q], id, nid)
	}
	s.dirty[nid] = true
	return nil
}

func replace(ids []string, old, new string) []string {
	out := make([]string, 0, len(ids))
	for _, x := range ids {
		if x == old {
			x = new
		}
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// release removes source p from every document in holders except keep.
func (s *Session) release(p string, holders []string, keep string) {
	for _, id := range holders {
		if id == keep {
			continue
		}
		e := s.byID[id]
		if e == nil {
			continue
		}
		e.sources = slices.DeleteFunc(e.sources, func(x string) bool { return x == p })
		if len(e.sources) == 0 && s.byHash[e.hash] == id {
			delete(s.byHash, e.hash)
		}
		s.dirty[id] = true
	}
}

// Finish writes what Plan left for the end — duplicates' paths, sources
// released, documents re-keyed or emptied — after the records Plan asked
// for are written. With prune, every source not met in this session is
// removed from its document (a document left without sources is
// deleted), and told as a Pruned outcome; without, they are only counted
// (kept).
func (s *Session) Finish(ctx context.Context, prune bool) (pruned []ingest.Outcome, kept int, err error) {
	var gone []string
	for src := range s.bySource {
		if _, ok := s.seen[src]; !ok && !s.failed[src] {
			gone = append(gone, src)
		}
	}
	sort.Strings(gone)
	if !prune {
		kept = len(gone)
	} else {
		for _, src := range gone {
			ids := s.bySource[src]
			s.release(src, ids, "")
			delete(s.bySource, src)
			id := ""
			if len(ids) > 0 {
				id = ids[0]
			}
			pruned = append(pruned, ingest.Outcome{Path: src, Source: src, ID: id, Fate: ingest.Pruned,
				Reason: "not found in this ingest"})
		}
	}
	s.linkReports()
	ids := make([]string, 0, len(s.dirty))
	for id := range s.dirty {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	x := s.x
	x.gen.write.Lock()
	defer x.gen.write.Unlock()
	for len(ids) > 0 {
		if err := ctx.Err(); err != nil {
			return pruned, kept, err
		}
		n := min(len(ids), DefaultBatch)
		b := x.b.NewBatch()
		if b == nil {
			return pruned, kept, ErrClosed
		}
		for _, id := range ids[:n] {
			if err := s.fix(b, id); err != nil {
				return pruned, kept, err
			}
		}
		ids = ids[n:]
		err := x.b.Batch(b)
		x.changes.Add(1)
		if err != nil {
			return pruned, kept, fmt.Errorf("write batch: %w", err)
		}
	}
	s.dirty = map[string]bool{}
	return pruned, kept, nil
}

// fix adds to b the writes that bring document id in line with its entry.
func (s *Session) fix(b *bleve.Batch, id string) error {
	e := s.byID[id]
	if e == nil || len(e.sources) == 0 {
		b.Delete(id)
		delete(s.byID, id)
		return nil
	}
	rec, ok := s.moved[id]
	if ok {
		delete(s.moved, id)
	} else {
		var err error
		if rec, err = s.x.Get(id); err != nil {
			return err
		}
	}
	rec.Source, rec.Sources = e.sources[0], slices.Clone(e.sources)
	rec.HasReport = e.has && !e.report
	if nid := ingest.ID(rec.Source); nid != id {
		// The first source left: the document takes its next source's id.
		b.Delete(id)
		delete(s.byID, id)
		s.byID[nid] = e
		for _, q := range e.sources {
			s.bySource[q] = replace(s.bySource[q], id, nid)
		}
		if s.byHash[e.hash] == id {
			s.byHash[e.hash] = nid
		}
		id = nid
	}
	rec.ID = id
	doc, err := Document(&rec)
	if err != nil {
		return err
	}
	return b.Index(id, doc)
}

// reported reports whether a final report linked to l is known (as the
// session began, or written since). Finish corrects what changes later.
func (s *Session) reported(l ingest.Lineage) bool {
	if l.Number != "" && s.repNumber[l.Number] {
		return true
	}
	for _, r := range s.repTitle[l.TitleOwner] {
		if l.TitleOwner != "" && l.Linked(r) {
			return true
		}
	}
	return false
}

// noteReport remembers a report's lineage for reported.
func (s *Session) noteReport(e *entry) {
	if !e.report {
		return
	}
	if e.lin.Number != "" {
		s.repNumber[e.lin.Number] = true
	}
	if e.lin.TitleOwner != "" {
		s.repTitle[e.lin.TitleOwner] = append(s.repTitle[e.lin.TitleOwner], e.lin)
	}
}

// linkReports sets every page's has_report from the reports the index
// will hold, marking the pages whose value changes for rewriting: a report
// ingested after its page updates the page, a report removed clears it.
func (s *Session) linkReports() {
	byNumber := map[string]bool{}
	byTitle := map[string][]ingest.Lineage{}
	for _, e := range s.byID {
		if !e.report || len(e.sources) == 0 {
			continue
		}
		if e.lin.Number != "" {
			byNumber[e.lin.Number] = true
		}
		if e.lin.TitleOwner != "" {
			byTitle[e.lin.TitleOwner] = append(byTitle[e.lin.TitleOwner], e.lin)
		}
	}
	for id, e := range s.byID {
		if e.report || len(e.sources) == 0 {
			continue
		}
		want := e.lin.Number != "" && byNumber[e.lin.Number]
		for _, r := range byTitle[e.lin.TitleOwner] {
			want = want || (e.lin.TitleOwner != "" && e.lin.Linked(r))
		}
		if want != e.has {
			e.has = want
			s.dirty[id] = true
		}
	}
}
