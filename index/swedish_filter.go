package index

import (
	"bytes"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/analysis"
)

// swedishFilter is the single token filter of the projektsok analyzers. For
// each token from the word tokenizer it lowercases, drops Swedish stop
// words, stems to a consistent normal form (stemSwedish), optionally adds the
// stems of compound parts as extra tokens at the same position, and optionally
// folds diacritics. All of that depends only on the token's surface, so it is
// computed once per distinct surface and kept in a bounded cache shared by all
// analyzers.
type swedishFilter struct {
	fold        bool // emit folded terms
	decompound  bool // emit compound parts
	changedOnly bool // with fold: emit only terms that folding changed
	typed       bool // a query word: a noun's entry as typed means that noun (surfaceInfo.nounEntry)
}

// surfaceInfo is everything the analyzers need to know about one surface form.
// Its byte slices are shared between tokens and must never be modified.
type surfaceInfo struct {
	stop  bool
	lower string
	term  []byte   // the base form of lowercase(surface)
	alts  [][]byte // the bases of its other readings (hemliga: hemlig)
	parts []compoundPart
	// nounEntry: the word is a noun's dictionary entry as written, with a
	// paradigm of its own (stod, vilt, svenska, tunga; not the listings
	// hemliga/A, nationella, nor the forms leder, samlade): typed as a
	// query it means that noun, not the words it is also a form of
	nounEntry bool

	foldOnce   sync.Once
	folded     []byte   // the folded term (foldedTerm), made when first needed
	foldedAlts [][]byte // the folded alts, made with folded
}

// foldedTerm returns the term of the surface in the folded analyzers, and
// the terms of its other readings.
func (info *surfaceInfo) foldedTerm() ([]byte, [][]byte) {
	info.foldOnce.Do(func() {
		for _, a := range info.alts {
			info.foldedAlts = append(info.foldedAlts, []byte(foldSwedish(string(a))))
		}
		l, d, err := loadSwedish()
		if err != nil {
			info.folded = []byte(foldSwedish(info.lower))
			return
		}
		info.folded = []byte(foldedTerm(l, d, info.lower, string(info.term)))
	})
	return info.folded, info.foldedAlts
}

func (f *swedishFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	inPlace := true
	var slab []analysis.Token
	for _, tok := range input {
		info := lookupSurface(tok.Term)
		if info.stop {
			continue
		}
		keep := true
		alts := info.alts
		if f.typed && info.nounEntry {
			alts = nil
		}
		if f.fold {
			var falts [][]byte
			tok.Term, falts = info.foldedTerm()
			if alts != nil {
				alts = falts
			}
			keep = !f.changedOnly || !bytes.Equal(tok.Term, info.term)
		} else {
			tok.Term = info.term
		}
		if len(alts) == 0 && (!f.decompound || len(info.parts) == 0) {
			if keep {
				out = append(out, tok)
			}
			continue
		}
		if inPlace {
			// From here on the stream grows: leave the input slice.
			grown := make(analysis.TokenStream, len(out), len(input)+len(input)/2+len(alts)+len(info.parts))
			copy(grown, out)
			out = grown
			inPlace = false
		}
		if keep {
			out = append(out, tok)
		}
		// the other readings of the word, at its position and letters
		for i, a := range alts {
			if f.changedOnly && bytes.Equal(a, info.alts[i]) {
				continue
			}
			slab = append(slab, analysis.Token{Start: tok.Start, End: tok.End, Term: a, Position: tok.Position, Type: tok.Type})
			out = append(out, &slab[len(slab)-1])
		}
		if !f.decompound {
			continue
		}
		for i := range info.parts {
			p := &info.parts[i]
			term := p.term
			if f.fold {
				term = p.folded
				if f.changedOnly && bytes.Equal(p.folded, p.term) {
					continue
				}
			}
			slab = append(slab, analysis.Token{
				Start:    tok.Start + p.start,
				End:      tok.Start + p.end,
				Term:     term,
				Position: tok.Position,
				Type:     tok.Type,
			})
			out = append(out, &slab[len(slab)-1])
		}
	}
	return out
}

// The surface cache: sharded maps, each cleared when it reaches its bound, so
// memory stays bounded while the frequent words (Zipf) stay cached.
const (
	cacheShards   = 32
	cacheShardMax = 8192 // entries per shard; 262,144 in all
)

type cacheShard struct {
	mu sync.RWMutex
	m  map[string]*surfaceInfo
}

var surfaceCache [cacheShards]cacheShard

// surfaceShardMax is the bound of each shard of the surface cache:
// cacheShardMax unless SetSurfaceCache changed it.
var surfaceShardMax atomic.Int64

func init() { surfaceShardMax.Store(cacheShardMax) }

// SurfaceCache is the bound, in distinct words, of the cache of every
// word's analysis (262,144 unless SetSurfaceCache changed it).
func SurfaceCache() int { return int(surfaceShardMax.Load()) * cacheShards }

// SetSurfaceCache bounds the cache of every word's analysis to about
// entries distinct words (an entry takes about 320 bytes). A search
// service keeps the default, which holds most words of its snippets; a
// bulk load needs less: see cmd/projektsok's ingestSurfaceCache.
func SetSurfaceCache(entries int) {
	surfaceShardMax.Store(int64(max(1, entries/cacheShards)))
}

func lookupSurface(surface []byte) *surfaceInfo {
	var h uint32 = 2166136261
	for _, c := range surface {
		h = (h ^ uint32(c)) * 16777619
	}
	sh := &surfaceCache[h%cacheShards]
	sh.mu.RLock()
	info, ok := sh.m[string(surface)]
	sh.mu.RUnlock()
	if ok {
		return info
	}
	key := string(surface)
	info = analyzeSurface(key)
	sh.mu.Lock()
	if sh.m == nil || int64(len(sh.m)) >= surfaceShardMax.Load() {
		sh.m = make(map[string]*surfaceInfo, 1024)
	}
	sh.m[key] = info
	sh.mu.Unlock()
	return info
}

// analyzeSurface computes the surfaceInfo of one token surface.
func analyzeSurface(surface string) *surfaceInfo {
	lower := strings.ToLower(surface)
	if isStopWord(lower) {
		return &surfaceInfo{stop: true}
	}
	l, d, err := loadSwedish()
	if err != nil {
		// Without the lexicon: lowercase only (DictionaryError reports it).
		return &surfaceInfo{lower: lower, term: []byte(lower)}
	}
	term, alts, parts := analyzeWord(l, d, lower)
	info := &surfaceInfo{lower: lower, term: []byte(term), nounEntry: nounEntry(l, lower)}
	for _, a := range alts {
		if a != term {
			info.alts = append(info.alts, []byte(a))
		}
	}
	if len(lower) == len(surface) {
		// Offsets of parts are found in lower; they are valid in the
		// surface only when lowercasing kept every byte length.
		info.parts = parts
	}
	return info
}

// nounEntry reports whether w is a noun's dictionary entry as written,
// with a paradigm of its own: a base form whose class has a noun's
// definite or plural forms and is no verb's (surfaceInfo.nounEntry).
func nounEntry(l *lexicon, w string) bool {
	v, ok := l.get(w)
	if !ok || !v.is(LexWord) || !v.is(LexStem) || l.wordBase(w, v, false) != w {
		return false
	}
	c := l.classes[v.class()]
	return nounCore(c) != "" && !isVerbClass(c)
}

// foldedTerm is the term of lower in the folded analyzers: the folded term
// of the word as written, or, for a word written without å/ä/ö, the folded
// base of the lexicon form it stands for (sokandelotsen: sökandelots,
// bockerna: böckerna, bok), else of the corpus's folded word list.
func foldedTerm(l *lexicon, d *swedishDict, lower, term string) string {
	f := foldSwedish(lower)
	if f != lower {
		return foldSwedish(term)
	}
	if _, ok := l.get(lower); ok || term != corpusLemma(lower, d.words) {
		return foldSwedish(term)
	}
	best := ""
	l.foldedForms(lower, 8, func(form string, v lexValue) {
		if !v.is(LexWord) {
			return
		}
		b := foldSwedish(l.wordBase(form, v, false))
		if best == "" || len(b) < len(best) || len(b) == len(best) && b < best {
			best = b
		}
	})
	if best != "" {
		return best
	}
	return corpusLemma(lower, d.folded)
}

// loadSwedish loads the lexicon and the corpus word list.
func loadSwedish() (*lexicon, *swedishDict, error) {
	l, err := loadLexicon()
	if err != nil {
		return nil, nil, err
	}
	d, err := loadDict()
	return l, d, err
}
