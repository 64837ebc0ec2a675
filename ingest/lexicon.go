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
	// anchors are literal prefixes of the alternatives (lower case, or as
	// written for case-sensitive ones); when every alternative has one and
	// none occurs in the text, the regexp is not run.
	anchors []anchor
}

type anchor struct {
	lit       string
	sensitive bool
}

var loadLexicon = sync.OnceValues(func() ([]lexEntry, error) {
	return parseLexicon(lexiconTSV)
})

// parseLexicon reads kind<TAB>display<TAB>pattern lines; lines with the
// same kind and display are alternatives. Every pattern is matched as
// whole words: it must not be preceded or followed by a letter or digit.
func parseLexicon(src string) ([]lexEntry, error) {
	type key struct{ kind, display string }
	var order []key
	alts := map[key][]string{}
	anchors := map[key][]anchor{}
	noAnchor := map[key]bool{}
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
		raw, sensitive := strings.CutPrefix(pat, "=")
		if sensitive {
			pat = "(?-i:" + raw + ")"
		} else {
			pat = "(?:" + raw + ")"
		}
		if re, err := regexp.Compile(raw); err == nil {
			if lit, _ := re.LiteralPrefix(); len(lit) >= 2 {
				if !sensitive {
					lit = strings.ToLower(lit)
				}
				anchors[k] = append(anchors[k], anchor{lit, sensitive})
			} else {
				noAnchor[k] = true
			}
		}
		if _, err := regexp.Compile("(?i)" + pat); err != nil {
			return nil, fmt.Errorf("lexicon.tsv line %d: %w", n+1, err)
		}
		if _, seen := alts[k]; !seen {
			order = append(order, k)
		}
		alts[k] = append(alts[k], pat)
	}
	out := make([]lexEntry, 0, len(order))
	for _, k := range order {
		expr := `(?i)(?:^|[^\p{L}\p{N}])(?:` + strings.Join(alts[k], "|") + `)(?:[^\p{L}\p{N}]|$)`
		re, err := regexp.Compile(expr)
		if err != nil {
			return nil, fmt.Errorf("lexicon.tsv %s %q: %w", k.kind, k.display, err)
		}
		e := lexEntry{kind: k.kind, display: k.display, re: re}
		if !noAnchor[k] {
			e.anchors = anchors[k]
		}
		out = append(out, e)
	}
	return out, nil
}

// Recognize returns the sorted, unique display names of the working
// methods and target groups named in text.
func Recognize(text string) (methods, targets []string) {
	entries, err := loadLexicon()
	if err != nil {
		return nil, nil
	}
	lower := strings.ToLower(text)
	for _, e := range entries {
		if len(e.anchors) > 0 {
			if !e.matchNearAnchors(text, lower) {
				continue
			}
		} else if !e.re.MatchString(text) {
			continue
		}
		switch e.kind {
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

// matchNearAnchors runs the entry's pattern only on short windows around
// the occurrences of its anchors: the word before (for the boundary) and
// what a match can span after. Case-sensitive anchors are looked up in
// text, the others in its lower-cased copy (the pattern is
// case-insensitive except for its case-sensitive alternatives).
func (e lexEntry) matchNearAnchors(text, lower string) bool {
	for _, a := range e.anchors {
		src := lower
		if a.sensitive {
			src = text
		}
		for from, n := 0, 0; from < len(src) && n < 1000; n++ {
			i := strings.Index(src[from:], a.lit)
			if i < 0 {
				break
			}
			i += from
			start := i
			for k := 0; k < 2 && start > 0; k++ { // back one whole rune
				start--
				for start > 0 && !utf8.RuneStart(src[start]) {
					start--
				}
			}
			end := min(len(src), i+lexWindow)
			for end < len(src) && !utf8.RuneStart(src[end]) {
				end++
			}
			if e.re.MatchString(src[start:end]) {
				return true
			}
			from = i + len(a.lit)
		}
	}
	return false
}

// lexWindow is the longest text a lexicon match may span from its anchor.
const lexWindow = 200

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
