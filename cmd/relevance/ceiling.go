package main

// The ceiling
//
// Some known-item queries cannot put their document in the first ten
// whatever the engine does: ten or more other documents hold the query's
// words at least as well as the document sought. rivals counts them
// without the engine or its analyzer, from the words as written: another
// document (of another near-duplicate group, and not a copy) ties or beats
// the one sought when, in its title and in its body each, it holds every
// query word the sought document holds there, and, where the sought
// document holds them all in order within a span of n words, holds them
// all in order within n words too (so a body-sentence query's rivals hold
// its words in one stretch as short as the sentence's). A word counts as
// held when it is written the same way, ignoring case; for a query typed
// without å/ä/ö, ignoring those too; for a query with a word in another
// inflection, the title's own form of that word counts as well (the
// generator knows which it replaced). Length, date and every other signal
// are left out: a query with ten or more such rival groups is one no
// engine finds in the first ten without evidence the query does not give.

import (
	"strings"
)

// placeOf is what the ceiling reads of one document: its title's and
// body's words, lower-cased (folded too for queries without å/ä/ö).
type placeOf struct {
	title, body []string
}

// ceiling counts rivals for the queries of sets.
type ceiling struct {
	docs  []doc
	group []string // per document: its group key, or its hash when it has none
	// per needed word (lower-cased or folded): the documents holding it in
	// title and in body
	inTitle, inBody map[string][]int32
	words           []placeOf // lower-cased, by document
	folded          []placeOf // folded, by document
}

// formsOf returns, per query word, the forms that count as it (see the
// top of the file), lower-cased, and whether they are compared folded.
func formsOf(it knownItem) ([][]string, bool) {
	ws := strings.Fields(strings.ToLower(it.Query))
	out := make([][]string, len(ws))
	for i, w := range ws {
		out[i] = []string{w}
		if it.Kind == kindInflection && w == it.Swapped {
			out[i] = append(out[i], it.Original)
		}
	}
	return out, it.Kind == kindFolded
}

func newCeiling(docs []doc, sets [][]knownItem, groupKey func(string) string) *ceiling {
	c := &ceiling{docs: docs, group: make([]string, len(docs)), inTitle: map[string][]int32{}, inBody: map[string][]int32{},
		words: make([]placeOf, len(docs)), folded: make([]placeOf, len(docs))}
	need := map[string]bool{}
	for _, set := range sets {
		for _, it := range set {
			fs, _ := formsOf(it)
			for _, f := range fs {
				for _, w := range f {
					need[w] = true
				}
			}
		}
	}
	for i, d := range docs {
		if k := groupKey(d.Title); k != "" {
			c.group[i] = "k:" + k
		} else {
			c.group[i] = "h:" + d.Hash
		}
		c.words[i] = placeOf{lowerWords(d.Title), lowerWords(d.Body)}
		c.folded[i] = placeOf{foldAll(c.words[i].title), foldAll(c.words[i].body)}
		for _, p := range []struct {
			ws   []string
			post map[string][]int32
		}{{c.words[i].title, c.inTitle}, {c.folded[i].title, c.inTitle}, {c.words[i].body, c.inBody}, {c.folded[i].body, c.inBody}} {
			for _, w := range p.ws {
				if need[w] {
					if l := p.post[w]; len(l) == 0 || l[len(l)-1] != int32(i) {
						p.post[w] = append(l, int32(i))
					}
				}
			}
		}
	}
	return c
}

func lowerWords(s string) []string {
	ws := words(strings.ToLower(s))
	return ws
}

func foldAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = folder.Replace(w)
	}
	return out
}

// evidence is what one place of a document holds of a query: which words
// (a bit per query word) and, when it holds them all, the shortest span in
// which they stand in query order (-1: never in order).
type evidence struct {
	held uint64
	span int
}

func evidenceIn(ws []string, forms [][]string) evidence {
	pos := make([][]int, len(forms))
	var e evidence
	for i, w := range ws {
		for j, f := range forms {
			for _, x := range f {
				if w == x {
					pos[j] = append(pos[j], i)
					e.held |= 1 << j
					break
				}
			}
		}
	}
	e.span = -1
	if e.held != 1<<len(forms)-1 {
		return e
	}
	for _, start := range pos[0] {
		at, ok := start, true
		for _, p := range pos[1:] {
			k := 0
			for k < len(p) && p[k] <= at {
				k++
			}
			if k == len(p) {
				ok = false
				break
			}
			at = p[k]
		}
		if ok && (e.span < 0 || at-start < e.span) {
			e.span = at - start
		}
	}
	return e
}

// atLeast reports whether a rival's evidence in a place ties or beats the
// sought document's.
func (r evidence) atLeast(t evidence) bool {
	if r.held&t.held != t.held {
		return false
	}
	return t.span < 0 || r.span >= 0 && r.span <= t.span
}

// rivals counts the near-duplicate groups other than the sought
// document's whose documents tie or beat it (see the top of the file).
func (c *ceiling) rivals(it knownItem) int {
	forms, fold := formsOf(it)
	if len(forms) == 0 || len(forms) > 64 {
		return 0
	}
	place := func(i int) placeOf {
		if fold {
			return c.folded[i]
		}
		return c.words[i]
	}
	t := place(it.Target)
	tt, tb := evidenceIn(t.title, forms), evidenceIn(t.body, forms)
	// candidates: the documents holding the sought one's words where it does
	var cand []int32
	first := true
	narrow := func(post map[string][]int32, held uint64) {
		for j, f := range forms {
			if held&(1<<j) == 0 {
				continue
			}
			var union []int32
			seen := map[int32]bool{}
			for _, w := range f {
				for _, d := range post[w] {
					if !seen[d] {
						seen[d] = true
						union = append(union, d)
					}
				}
			}
			if first {
				cand, first = union, false
				continue
			}
			var keep []int32
			for _, d := range cand {
				if seen[d] {
					keep = append(keep, d)
				}
			}
			cand = keep
		}
	}
	narrow(c.inTitle, tt.held)
	narrow(c.inBody, tb.held)
	if first {
		return len(c.docs) // the document holds no query word: anything ties
	}
	groups := map[string]bool{}
	for _, d := range cand {
		i := int(d)
		if c.group[i] == c.group[it.Target] || c.docs[i].Hash == c.docs[it.Target].Hash {
			continue
		}
		p := place(i)
		if evidenceIn(p.title, forms).atLeast(tt) && evidenceIn(p.body, forms).atLeast(tb) {
			groups[c.group[i]] = true
		}
	}
	return len(groups)
}
