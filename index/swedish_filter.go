package index

import (
	"bytes"
	"strings"
	"sync"

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
}

// surfaceInfo is everything the analyzers need to know about one surface form.
// Its byte slices are shared between tokens and must never be modified.
type surfaceInfo struct {
	stop   bool
	term   []byte // stemSwedish(lowercase(surface))
	folded []byte // stemSwedish(foldSwedish(lowercase(surface)))
	parts  []compoundPart
}

// compoundPart is one dictionary word found inside a compound.
type compoundPart struct {
	term, folded []byte
	start, end   int // byte offsets relative to the surface's start
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
		if f.fold {
			tok.Term = info.folded
			keep = !f.changedOnly || !bytes.Equal(info.folded, info.term)
		} else {
			tok.Term = info.term
		}
		if !f.decompound || len(info.parts) == 0 {
			if keep {
				out = append(out, tok)
			}
			continue
		}
		if inPlace {
			// From here on the stream grows: leave the input slice.
			grown := make(analysis.TokenStream, len(out), len(input)+len(input)/2+len(info.parts))
			copy(grown, out)
			out = grown
			inPlace = false
		}
		if keep {
			out = append(out, tok)
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
	if sh.m == nil || len(sh.m) >= cacheShardMax {
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
	d, err := loadDict()
	if err != nil {
		// Without the word list: lowercase only (DictionaryError reports it).
		return &surfaceInfo{term: []byte(lower), folded: []byte(foldSwedish(lower))}
	}
	term := lemma(lower, d.words)
	info := &surfaceInfo{term: []byte(term), folded: []byte(lemma(foldSwedish(lower), d.folded))}
	if len(lower) == len(surface) {
		// Offsets of parts are found in lower; they are valid in the
		// surface only when lowercasing kept every byte length.
		info.parts = splitCompound(d, lower, term)
	}
	return info
}
