package index

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// The corpus word list: lowercased words that occur standalone in public
// Swedish government documents, with the number of documents they occur in.
// Derived by cmd/mkdict; see data/README.md. It is not the word list of the
// analyzers (that is the lexicon, lexicon.go): its counts are the evidence
// that chooses between segmentations of a compound, and it lemmatises
// words the lexicon does not know (names, foreign words).
//
//go:embed data/sv_words.txt.gz
var wordsGz []byte

// Parts that must never be split off a compound (see data/bad_parts.txt).
//
//go:embed data/bad_parts.txt
var badPartsTxt string

// swedishDict is the decoded word list.
type swedishDict struct {
	words  map[string]uint32 // word -> document frequency
	folded map[string]uint32 // foldSwedish(word) -> highest frequency
	bad    map[string]bool   // parts never split off
}

var dict struct {
	once sync.Once
	d    *swedishDict
	err  error
}

// loadDict decodes the embedded word list once. It takes about 30 ms.
func loadDict() (*swedishDict, error) {
	dict.once.Do(func() {
		dict.d, dict.err = decodeDict(wordsGz, badPartsTxt)
	})
	return dict.d, dict.err
}

func decodeDict(gz []byte, bad string) (*swedishDict, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("swedish word list: %w", err)
	}
	d := &swedishDict{
		words:  make(map[string]uint32, 50000),
		folded: make(map[string]uint32, 50000),
		bad:    readWordSet(bad),
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		w, n, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			return nil, fmt.Errorf("swedish word list: bad line %q", sc.Text())
		}
		df, err := strconv.ParseUint(n, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("swedish word list: %q: %w", sc.Text(), err)
		}
		d.words[w] = uint32(df)
		f := foldSwedish(w)
		if uint32(df) > d.folded[f] {
			d.folded[f] = uint32(df)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("swedish word list: %w", err)
	}
	return d, nil
}

// readWordSet reads a word list: one word a line, '#' starts a comment.
func readWordSet(text string) map[string]bool {
	set := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if w := strings.TrimSpace(line); w != "" {
			set[w] = true
		}
	}
	return set
}

// DictionaryError reports whether the embedded Swedish word list failed to
// load (it cannot, short of a corrupt build). The analyzers then fall back
// to lowercasing without stemming or compound splitting.
func DictionaryError() error {
	_, err := loadDict()
	return err
}
