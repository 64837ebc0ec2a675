// Command relevance measures how well Projektsök puts the document a person
// means first, with known-item queries made from documents of the
// regeringen corpus, and compares it with a plain bleve index of the same
// texts.
//
//	go run ./cmd/relevance [-corpus ../shared/corpus/regeringen.tar.gz] [-n 0]
//	                       [-sample 250] [-seeds 1,2] [-v]
//
// It reads the corpus (-n documents in path order, 0: all 44,397), parses
// every document with the real parser (ingest.Parse) and indexes it twice:
// into a Projektsök index (index.NewMemory, index.Put) searched through
// search.Engine.Search, the code path of /api/search; and into a plain
// bleve index (default mapping, the built-in "sv" analyzer, title and body)
// searched with a match query over its _all field, as a plain bleve user
// would. The whole corpus is indexed: a known item is only found among the
// distractors it has in real use.
//
// For each seed it draws -sample documents whose title has at least two
// words worth typing and whose body has a sentence of five or more, and
// makes up to four queries per document (see queries.go; the generator
// knows Swedish only from the corpus's word forms and a stop list, never
// from the analyzer under test):
//
//	title-exact    2–4 title words as written
//	title-folded   the same typed without å/ä/ö (documents whose title has them)
//	body-sentence  3–4 content words of one sentence of the body, in order
//	title-inflect  the title words with one in another inflection the corpus uses
//
// The document sought counts as found at rank r when it is the r-th hit or
// one of the r-th hit's versions (a near-duplicate group takes one place in
// the list, see search.Hit.Versions), or when the hit is an exact copy of it
// (same text, published twice). Per kind and overall: success@1,
// success@10, MRR@10 and the share of queries with no result at all.
//
// Each set's table is followed by its ceiling (ceiling.go): the
// success@10 that the query words as written allow, whatever the engine —
// the share of queries for which fewer than ten other near-duplicate
// groups hold the words at least as well as the document sought (in its
// title and body, in order, as close together), then per engine how many
// queries it does not find in the first ten and how many of those have ten
// or more such rival groups. A miss in the -v list says how many rival
// groups its query has.
//
// The first seed is the tuning set, the second the held-out set; the
// held-out set never shares a document with the tuning set. Targets
// (issue 16): overall success@1 ≥ 0.80, MRR@10 ≥ 0.85, success@10 ≥ 0.98,
// no zero results, title-exact no worse than plain bleve, held-out within
// 0.03 of tuning.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/blevesearch/bleve/v2"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/sv" // registers "sv"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"projektsok/index"
	"projektsok/ingest"
	"projektsok/search"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "relevance:", err)
		os.Exit(1)
	}
}

type options struct {
	corpus  string
	limit   int
	sample  int
	seeds   []uint64
	verbose bool
	plain   bool
	keep    string
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("relevance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.corpus, "corpus", "../shared/corpus/regeringen.tar.gz", "tar.gz of Markdown documents")
	fs.IntVar(&o.limit, "n", 0, "index at most this many documents, in path order (0: all)")
	fs.IntVar(&o.sample, "sample", 250, "documents drawn per seed")
	seeds := fs.String("seeds", "1,2", "tuning seed, held-out seed")
	fs.BoolVar(&o.verbose, "v", false, "list the queries whose document is not first")
	fs.BoolVar(&o.plain, "plain", true, "also measure a plain bleve index")
	fs.StringVar(&index.ScoringModel, "scoring", index.ScoringModel, "scoring model of the Projektsök index: tf-idf or bm25")
	fs.StringVar(&o.keep, "index", "", "keep the Projektsök index in this folder and reuse it on the next run\n(only while corpus, -n and mapping stay the same)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for _, s := range strings.Split(*seeds, ",") {
		n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return fmt.Errorf("-seeds: %q is not a number", s)
		}
		o.seeds = append(o.seeds, n)
	}
	if o.sample < 1 || len(o.seeds) == 0 {
		return fmt.Errorf("-sample and -seeds must be positive")
	}

	start := time.Now()
	docs, err := readCorpus(o.corpus, o.limit)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "read and parsed %d documents in %s\n", len(docs), time.Since(start).Round(time.Millisecond))

	g := newGenerator(docs)
	sets := make([][]knownItem, len(o.seeds))
	used := map[int]bool{}
	for i, seed := range o.seeds {
		items, picked := g.sample(seed, o.sample, used)
		for d := range picked {
			used[d] = true
		}
		sets[i] = items
	}

	t := time.Now()
	ceil := newCeiling(docs, sets, index.GroupKey)
	fmt.Fprintf(stderr, "ceiling tables: %s\n", time.Since(t).Round(time.Millisecond))

	ctx := context.Background()
	t = time.Now()
	eng, closeIdx, err := buildProjektsok(ctx, docs, o.keep)
	if err != nil {
		return err
	}
	defer closeIdx()
	fmt.Fprintf(stderr, "Projektsök index: %s\n", time.Since(t).Round(time.Millisecond))
	engines := []engine{{"Projektsök", eng.search}}
	if o.plain {
		t = time.Now()
		plain, err := buildPlain(docs)
		if err != nil {
			return err
		}
		defer plain.idx.Close()
		fmt.Fprintf(stderr, "plain bleve index: %s\n", time.Since(t).Round(time.Millisecond))
		engines = append(engines, engine{"plain bleve", plain.search})
	}

	byHash := map[string][]int{}
	idPos := map[string]int{}
	for i, d := range docs {
		byHash[d.Hash] = append(byHash[d.Hash], i)
		idPos[d.ID] = i
	}
	found := func(target int, ids []string) bool {
		for _, id := range ids {
			if j, ok := idPos[id]; ok && docs[j].Hash == docs[target].Hash {
				return true
			}
		}
		return false
	}

	fmt.Fprintf(stdout, "Known-item evaluation: %d documents indexed (%s), %d drawn per seed, Projektsök scoring %s\n\n", len(docs), o.corpus, o.sample, index.ScoringModel)
	var summary [][]string
	for si, seed := range o.seeds {
		label := "tuning"
		if si == 1 {
			label = "held-out"
		} else if si > 1 {
			label = fmt.Sprintf("set %d", si+1)
		}
		fmt.Fprintf(stdout, "== %s set (seed %d): %s\n", label, seed, describe(sets[si]))
		rivals := make([]int, len(sets[si]))
		for i, it := range sets[si] {
			rivals[i] = ceil.rivals(it)
		}
		var allMisses, bound []string
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "engine\tkind\tqueries\tsuccess@1\tsuccess@10\tMRR@10\tzero\tms/query\t")
		for _, e := range engines {
			per := map[string]*metrics{}
			all := &metrics{}
			var misses []string
			out, tied := 0, 0 // queries not in the first ten; of them with ten rival groups or more
			for qi, it := range sets[si] {
				t := time.Now()
				ranked, total, note, err := e.run(ctx, it.Query)
				if err != nil {
					return fmt.Errorf("%s: %q: %w", e.name, it.Query, err)
				}
				dur := time.Since(t)
				rank := 0
				for r, ids := range ranked {
					if r >= 10 {
						break
					}
					if found(it.Target, ids) {
						rank = r + 1
						break
					}
				}
				m := per[it.Kind]
				if m == nil {
					m = &metrics{}
					per[it.Kind] = m
				}
				m.add(rank, total == 0, dur)
				all.add(rank, total == 0, dur)
				if rank == 0 {
					out++
					if rivals[qi] >= 10 {
						tied++
					}
				}
				if o.verbose && rank != 1 && e.name == "Projektsök" {
					first := ""
					if len(ranked) > 0 && len(ranked[0]) > 0 {
						first = docs[idPos[ranked[0][0]]].Title
					}
					misses = append(misses, fmt.Sprintf("  %-13s rank %2d  %q → want %q, first %q (total %d%s; rivals %d)", it.Kind, rank, it.Query, docs[it.Target].Title, first, total, note, rivals[qi]))
				}
			}
			for _, k := range kinds {
				if m := per[k]; m != nil {
					fmt.Fprintf(tw, "%s\t%s\t%s\t\n", e.name, k, m.row())
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t\n", e.name, "all", all.row())
			summary = append(summary, []string{label, e.name, all.row()})
			allMisses = append(allMisses, misses...)
			bound = append(bound, fmt.Sprintf("  %s: %d queries not in the first ten, %d of them with ten or more rival groups", e.name, out, tied))
		}
		tw.Flush()
		fmt.Fprintf(stdout, "%s\n", ceilingLine(sets[si], rivals))
		for _, s := range bound {
			fmt.Fprintln(stdout, s)
		}
		for _, s := range allMisses {
			fmt.Fprintln(stdout, s)
		}
		fmt.Fprintln(stdout)
	}
	fmt.Fprintln(stdout, "== all kinds together")
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "set\tengine\tqueries\tsuccess@1\tsuccess@10\tMRR@10\tzero\tms/query\t")
	for _, s := range summary {
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", s[0], s[1], s[2])
	}
	tw.Flush()
	fmt.Fprintln(stdout, "targets: success@1 ≥ 0.80, MRR@10 ≥ 0.85, success@10 ≥ 0.98, zero 0; held-out within 0.03 of tuning")

	// Similar projects: documents of one series should list each other first.
	fmt.Fprintln(stdout, "\n== similar projects: documents of a series (same title but a date, number or prefix)")
	tw = tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "set\tdocuments\tP@1\tR@5\tms/request\t")
	usedS := map[int]bool{}
	for si, seed := range o.seeds {
		picked, series := seriesSample(docs, seed, o.sample/2, usedS)
		for _, i := range picked {
			usedS[i] = true
		}
		p1, r5, ms, err := similarQuality(ctx, eng, docs, picked, series)
		if err != nil {
			return err
		}
		label := "tuning"
		if si == 1 {
			label = "held-out"
		}
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.3f\t%.1f\t\n", label, len(picked), p1, r5, ms)
	}
	tw.Flush()
	fmt.Fprintf(stderr, "total %s (GOMAXPROCS %d)\n", time.Since(start).Round(time.Millisecond), runtime.GOMAXPROCS(0))
	return nil
}

// ceilingLine says, per kind and for all kinds, the highest success@10
// the words as written allow (ceiling.go): the share of queries with fewer
// than ten rival groups.
func ceilingLine(items []knownItem, rivals []int) string {
	n, ok := map[string]int{}, map[string]int{}
	for i, it := range items {
		for _, k := range []string{it.Kind, "all"} {
			n[k]++
			if rivals[i] < 10 {
				ok[k]++
			}
		}
	}
	parts := []string{}
	for _, k := range append(kinds[:len(kinds):len(kinds)], "all") {
		if n[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %.3f", k, float64(ok[k])/float64(n[k])))
		}
	}
	return fmt.Sprintf("  ceiling (success@10 the words as written allow: fewer than 10 rival groups; %d queries have 10 or more): %s",
		n["all"]-ok["all"], strings.Join(parts, ", "))
}

// describe counts a set's queries per kind and documents.
func describe(items []knownItem) string {
	n := map[string]int{}
	docs := map[int]bool{}
	for _, it := range items {
		n[it.Kind]++
		docs[it.Target] = true
	}
	var parts []string
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%s %d", k, n[k]))
	}
	return fmt.Sprintf("%d documents, %d queries (%s)", len(docs), len(items), strings.Join(parts, ", "))
}

// metrics accumulates one engine's results for a group of queries.
type metrics struct {
	n, at1, at10, zero int
	rr                 float64
	dur                time.Duration
}

func (m *metrics) add(rank int, zero bool, d time.Duration) {
	m.n++
	if rank == 1 {
		m.at1++
	}
	if rank >= 1 && rank <= 10 {
		m.at10++
		m.rr += 1 / float64(rank)
	}
	if zero {
		m.zero++
	}
	m.dur += d
}

func (m *metrics) row() string {
	f := func(x float64) string { return fmt.Sprintf("%.3f", x/float64(max(m.n, 1))) }
	return strings.Join([]string{
		strconv.Itoa(m.n), f(float64(m.at1)), f(float64(m.at10)), f(m.rr), f(float64(m.zero)),
		fmt.Sprintf("%.1f", float64(m.dur.Microseconds())/1000/float64(max(m.n, 1))),
	}, "\t")
}

// engine runs one query: per rank the ids it stands for (a hit and its
// versions), the total, and a note for the list of misses (how the
// search was relaxed).
type engine struct {
	name string
	run  func(ctx context.Context, q string) ([][]string, uint64, string, error)
}

type projektsok struct{ eng *search.Engine }

func buildProjektsok(ctx context.Context, docs []doc, keep string) (*projektsok, func(), error) {
	if keep != "" && index.Exists(keep) {
		idx, err := index.Open(keep)
		if err != nil {
			return nil, nil, err
		}
		// an index of another analysis would measure that analysis
		if built, current, err := idx.Analysis(); err != nil || !current {
			idx.Close()
			return nil, nil, fmt.Errorf("index %s was built by another Swedish analysis (%q, now %q; %v): remove it to build it again", keep, built, index.AnalysisID(), err)
		}
		return newProjektsok(idx), func() { idx.Close() }, nil
	}
	var (
		idx *index.Index
		err error
	)
	if keep != "" {
		idx, err = index.Create(keep)
	} else {
		idx, err = index.NewMemory()
	}
	if err != nil {
		return nil, nil, err
	}
	const batch = 1000
	recs := make([]ingest.Record, 0, batch)
	for i := range docs {
		recs = append(recs, docs[i].rec)
		if len(recs) == batch || i == len(docs)-1 {
			if _, err := idx.Put(ctx, recs); err != nil {
				idx.Close()
				return nil, nil, err
			}
			recs = recs[:0]
		}
	}
	return newProjektsok(idx), func() { idx.Close() }, nil
}

// newProjektsok is the engine as the server makes it, with a search
// deadline long enough for a machine busy with other work: a slow query is
// measured, not dropped.
func newProjektsok(idx *index.Index) *projektsok {
	eng := search.NewEngine(idx)
	eng.Timeout = time.Minute
	return &projektsok{eng}
}

func (p *projektsok) search(ctx context.Context, q string) ([][]string, uint64, string, error) {
	res, err := p.eng.Search(ctx, search.Request{Query: q, Size: 10, Sort: search.SortRelevance})
	if err != nil {
		return nil, 0, "", err
	}
	note := ""
	switch r := res.Relaxed; {
	case r == nil:
	case r.Query != "":
		note = fmt.Sprintf(", respelled %q", r.Query)
	default:
		note = fmt.Sprintf(", lacking %d", r.Lacking)
	}
	out := make([][]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = append(out[i], h.ID)
		for _, v := range h.Versions {
			out[i] = append(out[i], v.ID)
		}
	}
	return out, res.Total, note, nil
}

type plainIndex struct{ idx bleve.Index }

// buildPlain indexes title and body with bleve's default mapping and the
// "sv" analyzer (an in-memory scorch index).
func buildPlain(docs []doc) (*plainIndex, error) {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = "sv"
	// nothing is shown from it: no stored values or term vectors
	for _, f := range []string{"title", "body"} {
		fm := bleve.NewTextFieldMapping()
		fm.Store = false
		fm.IncludeTermVectors = false
		m.DefaultMapping.AddFieldMappingsAt(f, fm)
	}
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, err
	}
	b := idx.NewBatch()
	for i, d := range docs {
		if err := b.Index(d.ID, map[string]interface{}{"title": d.Title, "body": d.Body}); err != nil {
			return nil, err
		}
		if b.Size() == 1000 || i == len(docs)-1 {
			if err := idx.Batch(b); err != nil {
				return nil, err
			}
			b = idx.NewBatch()
		}
	}
	return &plainIndex{idx}, nil
}

func (p *plainIndex) search(ctx context.Context, q string) ([][]string, uint64, string, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewMatchQuery(q), 10, 0, false)
	res, err := p.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, "", err
	}
	out := make([][]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = []string{h.ID}
	}
	return out, res.Total, "", nil
}

// seriesSample draws n documents whose near-duplicate group (the same
// title but a date, a number or a prefix: index.GroupKey) has other
// members, none of exclude.
func seriesSample(docs []doc, seed uint64, n int, exclude map[int]bool) (picked []int, series map[string][]int) {
	series = map[string][]int{}
	for i, d := range docs {
		if k := index.GroupKey(d.Title); k != "" {
			series[k] = append(series[k], i)
		}
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x5e71e5))
	for _, i := range rng.Perm(len(docs)) {
		if len(picked) == n {
			break
		}
		if k := index.GroupKey(docs[i].Title); !exclude[i] && k != "" && len(series[k]) > 1 {
			picked = append(picked, i)
		}
	}
	return picked, series
}

// similarQuality measures the similar-projects list: for a document of a
// series, another document of the series should come first (P@1), and the
// series should fill the first five (R@5: the share of min(5, others) found
// there).
func similarQuality(ctx context.Context, p *projektsok, docs []doc, picked []int, series map[string][]int) (p1, r5 float64, ms float64, err error) {
	idPos := map[string]int{}
	for i, d := range docs {
		idPos[d.ID] = i
	}
	var dur time.Duration
	for _, i := range picked {
		key := index.GroupKey(docs[i].Title)
		t := time.Now()
		hits, err := p.eng.Similar(ctx, docs[i].ID, 5)
		if err != nil {
			return 0, 0, 0, err
		}
		dur += time.Since(t)
		found := 0
		for r, h := range hits {
			j, ok := idPos[h.ID]
			if ok && index.GroupKey(docs[j].Title) == key {
				found++
				if r == 0 {
					p1++
				}
			}
		}
		r5 += float64(found) / float64(min(5, len(series[key])-1))
	}
	n := float64(max(len(picked), 1))
	return p1 / n, r5 / n, float64(dur.Microseconds()) / 1000 / n, nil
}
