package search

import (
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"projektsok/index"
	"projektsok/ingest"
)

// Snippet sizes in bytes of source text.
const (
	snippetBefore = 90
	snippetAfter  = 150
	snippetPlain  = 220     // fragment length when nothing is highlighted
	snippetScan   = 128_000 // how much of a document is scanned for matches
)

type span struct{ start, end int }

// Snippets returns up to max HTML fragments of a document's summary and
// body in which every word the query matched (in any inflection, as a
// compound part, or without diacritics) is wrapped in <mark>. Fragments
// are cut at word boundaries and all other text is escaped. With no
// matches (or an empty query) it returns the start of the summary.
func Snippets(r *ingest.Record, m *Matcher, max int) []string {
	text := snippetText(r)
	if m == nil || m.Empty() {
		return plainSnippet(text)
	}
	matches, terms := findMatches(text, m)
	if len(matches) == 0 {
		return plainSnippet(text)
	}
	type window struct {
		span
		marks []span
		score int
	}
	var windows []window
	for i := 0; i < len(matches); {
		w := window{span: span{
			start: wordStart(text, matches[i].start-snippetBefore),
			end:   wordEnd(text, matches[i].end+snippetAfter),
		}}
		distinct := map[string]bool{}
		for i < len(matches) && matches[i].end <= w.end {
			w.marks = append(w.marks, matches[i])
			distinct[terms[i]] = true
			i++
		}
		w.score = len(distinct)*10 + len(w.marks)
		windows = append(windows, w)
	}
	sort.SliceStable(windows, func(i, j int) bool { return windows[i].score > windows[j].score })
	if len(windows) > max {
		windows = windows[:max]
	}
	sort.Slice(windows, func(i, j int) bool { return windows[i].start < windows[j].start })
	out := make([]string, 0, len(windows))
	for _, w := range windows {
		var b strings.Builder
		if w.start > 0 {
			b.WriteString("… ")
		}
		pos := w.start
		for _, mk := range w.marks {
			b.WriteString(clean(text[pos:mk.start]))
			b.WriteString("<mark>")
			b.WriteString(clean(text[mk.start:mk.end]))
			b.WriteString("</mark>")
			pos = mk.end
		}
		b.WriteString(clean(text[pos:w.end]))
		if w.end < len(text) {
			b.WriteString(" …")
		}
		out = append(out, b.String())
	}
	return out
}

// snippetText is the summary followed by the other sections' text.
func snippetText(r *ingest.Record) string {
	summary := r.Summary()
	parts := []string{summary}
	for _, s := range r.Sections {
		if s.Text != summary {
			parts = append(parts, s.Text)
		}
	}
	text := strings.Join(parts, "\n\n")
	if len(text) > snippetScan {
		text = text[:wordStart(text, snippetScan)]
	}
	return text
}

// findMatches returns the spans of whole words containing a matching term
// (a compound part marks its whole word), in text order, and for each the
// term that matched. Words are matched as indexed, by AnalyzerText (the
// spellings with å/ä/ö that a word typed without them found are among the
// query's terms).
//
// Only candidate words are analyzed: a word can yield a term only if it
// contains the term's first letters (inflection changes endings, and a
// compound contains its parts), so words without any query term's first
// four letters are skipped; that makes snippets cheap on long reports.
func findMatches(text string, m *Matcher) ([]span, []string) {
	keys := m.keys()
	var spans []span
	var terms []string
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += w
			continue
		}
		start := i
		for i < len(text) {
			r, w := utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				break
			}
			i += w
		}
		word := text[start:i]
		if !containsAny(index.Fold(word), keys) {
			continue
		}
		if term, ok := matchWord(word, index.AnalyzerText, m.matchExact); ok {
			spans = append(spans, span{start, i})
			terms = append(terms, term)
		}
	}
	return spans, terms
}

// matchWord analyzes one word and returns the first of its terms (the
// word's own, or a compound part's) that the query seeks.
func matchWord(word, analyzer string, match func(string) bool) (string, bool) {
	toks, err := index.Analyze(analyzer, word)
	if err != nil {
		return "", false
	}
	for _, t := range toks {
		if match(t.Term) {
			return t.Term, true
		}
	}
	return "", false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func containsAny(s string, keys []string) bool {
	for _, k := range keys {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

func plainSnippet(text string) []string {
	text = strings.TrimSpace(text)
	if text == "" {
		return []string{}
	}
	if len(text) <= snippetPlain {
		return []string{clean(text)}
	}
	end := wordEnd(text, snippetPlain)
	return []string{clean(text[:end]) + " …"}
}

// clean escapes text for HTML and folds each run of white space to one
// space.
func clean(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); i++ {
		if isSpace(s[i]) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteByte(s[i])
	}
	if space {
		b.WriteByte(' ')
	}
	return html.EscapeString(b.String())
}

func isSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

// wordStart moves i back to the start of the word it is in (0 at least).
func wordStart(text string, i int) int {
	if i <= 0 {
		return 0
	}
	if i >= len(text) {
		return len(text)
	}
	for i > 0 && !isSpace(text[i-1]) {
		i--
	}
	return i
}

// wordEnd moves i forward to the end of the word it is in.
func wordEnd(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	if i < 0 {
		return 0
	}
	for i < len(text) && !isSpace(text[i]) {
		i++
	}
	return i
}
