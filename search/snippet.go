package search

import (
	"bytes"
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
	snippetPlain  = 220 // fragment length when nothing is highlighted
	// snippetFirst is how much of a document is scanned for matches when
	// that finds enough fragments; otherwise up to snippetScan is.
	snippetFirst = 16_000
	snippetScan  = 128_000
)

type span struct{ start, end int }

// window is one candidate fragment: its extent, its marks and its score
// (distinct terms first, then marks).
type window struct {
	span
	marks    []span
	distinct int
	score    int
}

// Snippets returns up to max HTML fragments of a document's summary and
// body in which every word the query matched (in any inflection, as a
// compound part, or without diacritics) is wrapped in <mark>. Fragments
// are cut at word boundaries and all other text is escaped. With no
// matches (or an empty query) it returns the start of the summary.
//
// Only as much text is read as the fragments need: the first
// snippetFirst bytes when they hold max fragments, and no further than a
// point where max fragments each hold every term the query seeks (no
// later fragment can rank above them); at most snippetScan bytes.
func Snippets(r *ingest.Record, m *Matcher, max int) []string {
	if m == nil || m.Empty() {
		return plainSnippet(snippetText(r, snippetPlain+1))
	}
	// one document at a time per matcher: its words and keys are shared
	m.mu.Lock()
	defer m.mu.Unlock()
	var (
		text    string
		windows []window
		sc      = newMatchScanner(m)
	)
	for _, limit := range []int{snippetFirst, snippetScan} {
		text = snippetText(r, limit)
		windows = sc.windows(text, max)
		if len(windows) >= max || len(text) < limit {
			break
		}
	}
	if len(windows) == 0 {
		return plainSnippet(text)
	}
	more := textLen(r, r.Summary()) > len(text) // is there text after the scanned part?
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
		b.Grow(w.end - w.start + 64)
		pos := w.start
		for _, mk := range w.marks {
			cleanTo(&b, text[pos:mk.start])
			b.WriteString("<mark>")
			cleanTo(&b, text[mk.start:mk.end])
			b.WriteString("</mark>")
			pos = mk.end
		}
		cleanTo(&b, text[pos:w.end])
		if w.end < len(text) || more {
			b.WriteString(" …")
		}
		out = append(out, b.String())
	}
	return out
}

// snippetText is the summary followed by the other sections' text, cut
// before a word at about limit bytes.
func snippetText(r *ingest.Record, limit int) string {
	summary := r.Summary()
	if len(summary) >= limit || textLen(r, summary) == len(summary) {
		// the summary alone: no copy (on a corpus without headings it is
		// all the text)
		text := summary[:min(len(summary), limit)]
		if len(text) >= limit {
			text = text[:wordStart(text, limit)]
		}
		return text
	}
	var b strings.Builder
	b.Grow(min(textLen(r, summary), limit))
	put := func(s string) bool {
		b.WriteString(s[:min(len(s), limit-b.Len())])
		return b.Len() < limit
	}
	put(summary)
	for _, s := range r.Sections {
		if s.Text == summary {
			continue
		}
		if b.Len() > 0 && !put("\n\n") || !put(s.Text) {
			break
		}
	}
	text := b.String()
	if len(text) >= limit {
		text = text[:wordStart(text, limit)]
	}
	return text
}

// textLen is the length of a record's whole snippet text (snippetText
// without a limit), without building it.
func textLen(r *ingest.Record, summary string) int {
	n := len(summary)
	for _, s := range r.Sections {
		if s.Text == summary {
			continue
		}
		if n > 0 {
			n += 2
		}
		n += len(s.Text)
	}
	return n
}

// matchScanner finds the words of a text that match a query.
type matchScanner struct {
	m    *Matcher
	keys [][]byte
	want int // the most distinct terms a window can hold
	buf  []byte
	pos  int // where the scan stopped
	cur  *window
	seen map[string]bool
	done bool // enough windows: no need to read on
	// closed windows, and how many of them hold every term
	closed []window
	full   int
}

func newMatchScanner(m *Matcher) *matchScanner {
	if m.keyBytes == nil {
		for _, k := range m.keys() {
			m.keyBytes = append(m.keyBytes, []byte(k))
		}
	}
	return &matchScanner{m: m, keys: m.keyBytes, want: len(m.Exact) + len(m.Prefixes), seen: map[string]bool{}}
}

// windows continues the scan over text (which extends the text of the
// previous call) and returns the windows found so far. It stops early
// once max windows hold every term.
func (sc *matchScanner) windows(text string, max int) []window {
	closeCur := func() {
		if sc.cur == nil {
			return
		}
		w := *sc.cur
		w.distinct = len(sc.seen)
		w.score = w.distinct*10 + len(w.marks)
		sc.closed = append(sc.closed, w)
		if w.distinct >= sc.want {
			sc.full++
		}
		sc.cur = nil
		clear(sc.seen)
	}
	if sc.cur != nil {
		// the open window was cut where the text ended: reopen it
		sc.cur.end = wordEnd(text, sc.cur.marks[0].end+snippetAfter)
	}
	i := sc.pos
	for i < len(text) && !sc.done {
		if c := text[i]; c < utf8.RuneSelf {
			if !asciiWord[c] {
				i++
				continue
			}
		} else if r, w := utf8.DecodeRuneInString(text[i:]); !isWordRune(r) {
			i += w
			continue
		}
		// the word, folded as it is read (index.AppendFold, rune by rune)
		start := i
		sc.buf = sc.buf[:0]
		for i < len(text) {
			if c := text[i]; c < utf8.RuneSelf {
				if !asciiWord[c] {
					break
				}
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				sc.buf = append(sc.buf, c)
				i++
				continue
			}
			r, w := utf8.DecodeRuneInString(text[i:])
			if !isWordRune(r) {
				break
			}
			sc.buf = index.AppendFold(sc.buf, text[i:i+w])
			i += w
		}
		word := text[start:i]
		if !containsAnyBytes(sc.buf, sc.keys) {
			continue
		}
		term, ok := sc.match(word)
		if !ok {
			continue
		}
		sp := span{start, i}
		if sc.cur != nil && sp.end > sc.cur.end {
			closeCur()
			if sc.full >= max {
				sc.done = true
				break
			}
		}
		if sc.cur == nil {
			sc.cur = &window{span: span{
				start: wordStart(text, sp.start-snippetBefore),
				end:   wordEnd(text, sp.end+snippetAfter),
			}}
		}
		sc.cur.marks = append(sc.cur.marks, sp)
		sc.seen[term] = true
	}
	sc.pos = i
	out := sc.closed
	if sc.cur != nil {
		// report the open window without closing it: a longer text may
		// add marks to it
		w := *sc.cur
		w.marks = append([]span(nil), w.marks...)
		w.distinct = len(sc.seen)
		w.score = w.distinct*10 + len(w.marks)
		out = append(out[:len(out):len(out)], w)
	}
	return out
}

// match returns the first of a word's terms (its own, or a compound
// part's; index.TextTerms) that the query seeks, remembered per word in
// the matcher: a document repeats its words, and the hits of one search
// share many.
// The caller holds sc.m.mu.
func (sc *matchScanner) match(word string) (string, bool) {
	m := sc.m
	if w, ok := m.words[word]; ok {
		return w.term, w.ok
	}
	term, found := "", false
	for _, t := range index.TextTerms(word) {
		if m.matchExact(t) {
			term, found = t, true
			break
		}
	}
	if m.words == nil {
		m.words = map[string]wordMatch{}
	}
	m.words[word] = wordMatch{term, found}
	return term, found
}

type wordMatch struct {
	term string
	ok   bool
}

func containsAnyBytes(s []byte, keys [][]byte) bool {
	for _, k := range keys {
		if bytes.Contains(s, k) {
			return true
		}
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// asciiWord is isWordRune for the bytes below utf8.RuneSelf.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

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

// clean escapes text for HTML (as html.EscapeString) and folds each run of
// white space to one space, in one pass.
func clean(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	cleanTo(&b, s)
	return b.String()
}

func cleanTo(b *strings.Builder, s string) {
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isSpace(c) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		switch c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\'':
			b.WriteString("&#39;")
		case '"':
			b.WriteString("&#34;")
		default:
			b.WriteByte(c)
		}
	}
	if space {
		b.WriteByte(' ')
	}
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
