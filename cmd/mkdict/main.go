// Command mkdict derives the Swedish word list index/data/sv_words.txt.gz
// from a corpus of Swedish Markdown documents in a .tar.gz (by default the
// public government documents ../shared/corpus/regeringen.tar.gz). The index
// package uses it to find the base form of inflected words and to split
// compounds.
//
// A word is kept when it occurs as a standalone token (a run of letters,
// lowercased, not directly followed by a hyphen) in at least -mindocs documents, has at least -minlen letters
// and is not a Swedish stop word; the domain words in
// index/data/extra_words.txt are added. Each line is the word, a tab and its
// document frequency. See index/data/README.md.
//
//	go run ./cmd/mkdict -corpus ../shared/corpus/regeringen.tar.gz -out index/data/sv_words.txt.gz
package main

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/sv"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "mkdict:", err)
		os.Exit(1)
	}
}

func run() error {
	corpus := flag.String("corpus", "../shared/corpus/regeringen.tar.gz", "tar.gz of Markdown documents")
	out := flag.String("out", "index/data/sv_words.txt.gz", "output: gzipped list of word<TAB>document frequency, one a line")
	extra := flag.String("extra", "index/data/extra_words.txt", "domain words to add though rare in the corpus")
	extraDF := flag.Int("extradf", 100, "document frequency given to the added domain words")
	minDocs := flag.Int("mindocs", 3, "minimum number of documents a word occurs in standalone")
	minLen := flag.Int("minlen", 2, "minimum length of a word in letters")
	flag.Parse()

	stop := analysis.NewTokenMap()
	if err := stop.LoadBytes(sv.SwedishStopWords); err != nil {
		return err
	}
	df, ndocs, err := docFreq(*corpus)
	if err != nil {
		return err
	}
	var words []string
	for w, n := range df {
		if n >= *minDocs && utf8.RuneCountInString(w) >= *minLen && !stop[w] {
			words = append(words, w)
		}
	}
	extraSet, err := readList(*extra)
	if err != nil {
		return err
	}
	for w := range extraSet {
		if df[w] < *extraDF {
			if df[w] < *minDocs {
				words = append(words, w)
			}
			df[w] = *extraDF
		}
	}
	sort.Strings(words)
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	for _, w := range words {
		fmt.Fprintf(bw, "%s\t%d\n", w, df[w])
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%d documents, %d distinct words, %d kept -> %s\n", ndocs, len(df), len(words), *out)
	return nil
}

// readList reads a word list: one word a line, '#' starts a comment.
func readList(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if w := strings.TrimSpace(strings.ToLower(line)); w != "" {
			set[w] = true
		}
	}
	return set, nil
}

// docFreq counts, for every lowercased run of letters, the documents it
// occurs in.
func docFreq(path string) (map[string]int, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, 0, err
	}
	tr := tar.NewReader(zr)
	df := map[string]int{}
	ndocs := 0
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, err
		}
		if h.Typeflag != tar.TypeReg || !strings.HasSuffix(h.Name, ".md") {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return nil, 0, err
		}
		ndocs++
		seen := map[string]bool{}
		for _, w := range standaloneWords(strings.ToLower(string(data))) {
			if !seen[w] {
				seen[w] = true
				df[w]++
			}
		}
	}
	return df, ndocs, nil
}

// standaloneWords returns the runs of letters in text, leaving out those
// directly followed by a hyphen: "skol- och förskola" and "utbild-\nning"
// hold "skol" and "utbild", which are not words.
func standaloneWords(text string) []string {
	var words []string
	start := -1
	for i, r := range text {
		if unicode.IsLetter(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if r != '-' && r != '\u2010' && r != '\u2011' && r != '\u00ad' {
				words = append(words, text[start:i])
			}
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, text[start:])
	}
	return words
}
