package index

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// analysisRevision names the Swedish analysis implemented in this
// package's code: raise it with every change to the code that turns text
// into terms (tokenizer, filters, stemming, compounds, folding). Changes
// to the embedded data (lexicon, word list, parts never split) change
// AnalysisID by themselves.
const analysisRevision = "2026-12-06.1"

// internalAnalysis is the key under which an index keeps the AnalysisID
// of the version that built it.
var internalAnalysis = []byte("projektsok.analysis")

// AnalysisID identifies the terms this version makes of a text: the code
// revision and a hash of the data the analysis embeds. Terms written by
// another analysis do not match this version's queries — forms are lost
// without a sign — so an index keeps the ID it was built with, and one
// built by another analysis serves but refuses new documents
// (ErrOldIndex) until it is rebuilt.
var AnalysisID = sync.OnceValue(func() string {
	h := sha256.New()
	h.Write([]byte(analysisRevision))
	for _, data := range [][]byte{lexiconBin, wordsGz, []byte(badPartsTxt)} {
		fmt.Fprintf(h, "\x00%d\x00", len(data))
		h.Write(data)
	}
	return analysisRevision + "+" + hex.EncodeToString(h.Sum(nil))[:12]
})

// stampAnalysis records this version's AnalysisID in a new index.
func stampAnalysis(b bleve.Index) error {
	if err := b.SetInternal(internalAnalysis, []byte(AnalysisID())); err != nil {
		return fmt.Errorf("record the analysis version: %w", err)
	}
	return nil
}

// Analysis returns the AnalysisID the index was built with ("" when an
// earlier version recorded none) and whether it is this version's.
func (x *Index) Analysis() (built string, current bool, err error) {
	v, err := x.b.GetInternal(internalAnalysis)
	if err != nil {
		return "", false, fmt.Errorf("read the analysis version: %w", err)
	}
	return string(v), string(v) == AnalysisID(), nil
}
