package ingest

import (
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed data/lexicon.tsv
var lexiconTSV string

// Lexicon kinds.
const (
	KindMethod = "method" // a working method ("Sökandelots")
	KindTarget = "target" // a target group ("Nyanlända")
)

// lexEntry is one display name with the compiled pattern of all its forms.
type lexEntry struct {
	kind    string
	display string
	re      *regexp.Regexp
	// anchored: every alternative has a lexAnchor, so the pattern is only
	// run on windows around their occurrences; otherwise on the whole text.
	anchored bool
}

// lexAnchor is a literal that every match of one alternative of an entry
// contains, with how far such a match can reach around it.
type lexAnchor struct {
	entry int    // index into lexicon.entries
	lit   string // fold key form (foldString)
	// before is the most bytes from the start of the alternative's match
	// to the end of the literal, after the most bytes from the end of the
	// literal to the end of the match; -1 when unbounded.
	before, after int
	// oneLine: the alternative never matches a newline.
	oneLine bool
}

// lexicon is the parsed lexicon.tsv with the scanner for its anchors.
type lexicon struct {
	entries []lexEntry
	anchors []lexAnchor
	scanner *litScanner
}

var loadLexicon = sync.OnceValues(func() (*lexicon, error) {
	return parseLexicon(lexiconTSV)
})

// parseLexicon reads kind<TAB>display<TAB>pattern lines; lines with the
// same kind and display are alternatives. Every pattern is matched as
// whole words: it must not be preceded or followed by a letter or digit.
func parseLexicon(src string) (*lexicon, error) {
	type key struct{ kind, display string }
	var order []key
	alts := map[key][]string{}
	for n, line := range strings.Split(src, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[1] == "" || f[2] == "" {
			return nil, fmt.Errorf("lexicon.tsv line %d: want kind<TAB>display<TAB>pattern", n+1)
		}
		if f[0] != KindMethod && f[0] != KindTarget {
			return nil, fmt.Errorf("lexicon.tsv line %d: unknown kind %q", n+1, f[0])
		}
		pat := f[2]
		k := key{f[0], f[1]}
		if raw, sensitive := strings.CutPrefix(pat, "="); sensitive {
			pat = "(?-i:" + raw + ")"
		} else {
			pat = "(?:" + raw + ")"
		}
		if _, err := regexp.Compile("(?i)" + pat); err != nil {
			return nil, fmt.Errorf("lexicon.tsv line %d: %w", n+1, err)
		}
		if _, seen := alts[k]; !seen {
			order = append(order, k)
		}
		alts[k] = append(alts[k], pat)
	}
	lx := &lexicon{entries: make([]lexEntry, 0, len(order))}
	for _, k := range order {
		expr := `(?i)(?:^|[^\p{L}\p{N}])(?:` + strings.Join(alts[k], "|") + `)(?:[^\p{L}\p{N}]|$)`
		re, err := regexp.Compile(expr)
		if err != nil {
			return nil, fmt.Errorf("lexicon.tsv %s %q: %w", k.kind, k.display, err)
		}
		idx := len(lx.entries)
		var anchors []lexAnchor
		anchored := true
		for _, pat := range alts[k] {
			as, ok := alternativeAnchors("(?i)" + pat)
			if !ok {
				anchored = false
				break
			}
			for _, a := range as {
				a.entry = idx
				anchors = append(anchors, a)
			}
		}
		if anchored {
			lx.anchors = append(lx.anchors, anchors...)
		}
		lx.entries = append(lx.entries, lexEntry{kind: k.kind, display: k.display, re: re, anchored: anchored})
	}
	lits := make([]string, len(lx.anchors))
	for i, a := range lx.anchors {
		lits[i] = a.lit
	}
	lx.scanner = newLitScanner(lits)
	return lx, nil
}

// Recognize returns the sorted, unique display names of the working
// methods and target groups named in text.
func Recognize(text string) (methods, targets []string) {
	lx, err := loadLexicon()
	if err != nil {
		return nil, nil
	}
	for i, ok := range lx.match(text) {
		if !ok {
			continue
		}
		switch e := lx.entries[i]; e.kind {
		case KindMethod:
			methods = append(methods, e.display)
		case KindTarget:
			targets = append(targets, e.display)
		}
	}
	sort.Strings(methods)
	sort.Strings(targets)
	return methods, targets
}

// match reports for every entry whether its pattern matches text; the
// result is the same as entries[i].re.MatchString(text).
//
// Running some forty patterns over a long text dominated parsing, so an
// anchored entry's pattern is run only on a window around each occurrence
// of one of its anchors, found in a single pass by the scanner. A window
// covers everything a match through that occurrence can span, widened to
// whole words: the text just outside it is then the start or end of text
// or a rune that is neither letter nor digit, so the pattern's own
// boundaries (^ or [^\p{L}\p{N}], $ or [^\p{L}\p{N}]) match at the window's
// edges exactly when they match there in the full text.
func (lx *lexicon) match(text string) []bool {
	matched := make([]bool, len(lx.entries))
	left := 0
	for i, e := range lx.entries {
		if e.anchored {
			left++
		} else {
			matched[i] = e.re.MatchString(text)
		}
	}
	if left == 0 {
		return matched
	}
	// checked[i] is the last window the entry's pattern failed on; a
	// window inside it need not be tried again.
	checked := make([][2]int, len(lx.entries))
	for i := range checked {
		checked[i] = [2]int{1, 0}
	}
	lx.scanner.scan(text, func(id, end int) bool {
		a := &lx.anchors[id]
		if matched[a.entry] {
			return true
		}
		start, stop := a.window(text, end)
		if c := checked[a.entry]; start >= c[0] && stop <= c[1] {
			return true
		}
		if lx.entries[a.entry].re.MatchString(text[start:stop]) {
			matched[a.entry] = true
			left--
			return left > 0
		}
		checked[a.entry] = [2]int{start, stop}
		return true
	})
	return matched
}

// window returns the part of text a match of a's alternative can span
// when the literal's occurrence ends at end, widened to whole words.
func (a *lexAnchor) window(text string, end int) (start, stop int) {
	start, stop = 0, len(text)
	if a.before >= 0 {
		start = max(0, end-a.before)
	}
	if a.after >= 0 {
		stop = min(len(text), end+a.after)
	}
	if a.oneLine {
		if i := strings.LastIndexByte(text[start:end], '\n'); i >= 0 {
			start += i + 1
		}
		if i := strings.IndexByte(text[end:stop], '\n'); i >= 0 {
			stop = end + i
		}
	}
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:start])
		if !isWordRune(r) {
			break
		}
		start -= size
	}
	for stop < len(text) && !utf8.RuneStart(text[stop]) {
		stop++
	}
	for stop < len(text) {
		r, size := utf8.DecodeRuneInString(text[stop:])
		if !isWordRune(r) {
			break
		}
		stop += size
	}
	return start, stop
}

// horizontalHeading reports whether a section heading is one of the
// horizontal principles every application must address (accessibility,
// gender equality, non-discrimination). Their text describes obligations,
// not the project's target groups or methods, so the lexicon skips them.
func horizontalHeading(h string) bool {
	h = strings.ToLower(h)
	for _, p := range []string{"tillgänglighet", "jämställdhet", "diskriminering", "horisontella"} {
		if strings.Contains(h, p) {
			return true
		}
	}
	return false
}

// applyLexicon fills r.Methods and r.TargetGroups from the title and the
// sections' text (headings excluded, horizontal-principle sections skipped).
func applyLexicon(r *Record) {
	var b strings.Builder
	b.WriteString(r.Title)
	for _, s := range r.Sections {
		if horizontalHeading(s.Heading) {
			continue
		}
		b.WriteString("\n")
		b.WriteString(s.Text)
	}
	r.Methods, r.TargetGroups = Recognize(b.String())
}
