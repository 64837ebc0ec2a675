package ingest

import (
	"strings"
	"unicode"
)

// Lineage is what ties the documents of one project together — its page
// and its final report(s): the project number, normalised, and as a
// fallback the title and project owner, normalised.
type Lineage struct {
	// Number is the project number with its spellings made one:
	// "2016/00123", "2016-00123", "Dnr 2016/00123" and "2016/123" are all
	// "2016-123".
	Number string
	// TitleOwner is the title (without a leading "Slutrapport") and the
	// owner, lower-cased and folded, when both are known.
	TitleOwner string
}

// LineageOf returns r's lineage.
func LineageOf(r *Record) Lineage {
	l := Lineage{Number: NormalizeNumber(r.ProjectNumber)}
	if t, o := normTitle(r.Title), normWords(r.Owner); t != "" && o != "" {
		l.TitleOwner = t + "|" + o
	}
	return l
}

// Keys are the index terms of a lineage: "nr:" + Number, "to:" +
// TitleOwner.
func (l Lineage) Keys() []string {
	var keys []string
	if l.Number != "" {
		keys = append(keys, "nr:"+l.Number)
	}
	if l.TitleOwner != "" {
		keys = append(keys, "to:"+l.TitleOwner)
	}
	return keys
}

// Linked reports whether two documents belong to one project: the same
// project number; or, when either lacks a number, the same title and
// owner. Two different numbers never link.
func (l Lineage) Linked(o Lineage) bool {
	if l.Number != "" && o.Number != "" {
		return l.Number == o.Number
	}
	return l.TitleOwner != "" && l.TitleOwner == o.TitleOwner
}

// numberLabels are words written before a project number.
var numberLabels = map[string]bool{
	"DNR": true, "NR": true, "PROJEKTNUMMER": true, "PROJEKTNR": true, "PROJEKT": true,
	"ÄRENDENUMMER": true, "ÄRENDENR": true, "DIARIENUMMER": true, "DIARIENR": true, "ÄRENDE": true,
}

// NormalizeNumber makes the spellings of one project number one: upper
// case, label words ("Dnr", "Projektnummer") dropped, parts split at any
// punctuation or space and joined by '-', leading zeros of numeric parts
// dropped. A value without a digit is no number ("").
func NormalizeNumber(s string) string {
	parts := strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	var out []string
	digits := false
	for _, p := range parts {
		if len(out) == 0 && numberLabels[p] {
			continue
		}
		if strings.IndexFunc(p, func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
			digits = true
			if t := strings.TrimLeft(p, "0"); t != "" {
				p = t
			} else {
				p = "0"
			}
		}
		out = append(out, p)
	}
	if !digits {
		return ""
	}
	return strings.Join(out, "-")
}

// reportPrefixes are words that open a report's title but not its page's.
var reportPrefixes = []string{"slutrapport", "slutredovisning", "final report", "projektrapport", "rapport"}

// normTitle is a title for linking: folded words, without a leading
// "Slutrapport" (and "för", "projektet", ":" after it).
func normTitle(t string) string {
	t = normWords(t)
	for _, p := range reportPrefixes {
		if rest, ok := strings.CutPrefix(t, p+" "); ok {
			t = rest
			for _, w := range []string{"for ", "fran ", "projektet ", "projekt "} {
				t = strings.TrimPrefix(t, w)
			}
			break
		}
	}
	return t
}

// normWords lower-cases s, folds å/ä/ö and accents, and keeps letters and
// digits as words separated by one space.
func normWords(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'å', 'ä', 'á', 'à':
			r = 'a'
		case 'ö', 'ø', 'ó':
			r = 'o'
		case 'é', 'è', 'ë':
			r = 'e'
		case 'ü':
			r = 'u'
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
			continue
		}
		space = true
	}
	return b.String()
}
