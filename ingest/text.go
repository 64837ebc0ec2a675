package ingest

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxLineLen bounds the length of one line handed to the line-oriented
// heuristics; longer lines are cut at a space so that pathological input
// (megabytes without a newline) stays linear.
const maxLineLen = 64 << 10

// parseText reads a text or Markdown file: a project-bank page when it
// carries the page's labelled fields, else a final report.
// Text beyond MaxText goes to Record.Rest (up to MaxIndexed) and is noted.
func parseText(s string, syn markup) (Record, error) {
	if strings.TrimSpace(s) == "" {
		return Record{}, fmt.Errorf("%w: empty file", ErrNoText)
	}
	s, rest, all := capText(s)
	rec, err := parseLines(splitLines(s), syn)
	if err == nil && (rest != "" || !all) {
		rec.Rest = rest
		noteTruncated(&rec, all)
	}
	return rec, err
}

// markup says how a text handed to parseText is marked up.
type markup int

const (
	// plainText: .txt and PDF text, no markup (unless it looks like
	// Markdown, as text converted from PDF often does).
	plainText markup = iota
	// markdownText: a Markdown file; emphasis, links, inline HTML and
	// escapes are markup and removed.
	markdownText
	// structuredText: the text this package renders from HTML, .docx
	// and .odt: "#" headings and "•" bullets are markup, every other
	// character is the document's own text and kept as it is (a "*",
	// "\\", "<b>" or "&amp;" the author wrote).
	structuredText
)

// parseLines reads the lines of a page or report.
func parseLines(lines []string, syn markup) (Record, error) {
	if start, end, ok := findLabelBlock(lines); ok && !reportCover(lines, start, end) {
		return parseProjectLines(lines, start, end), nil
	}
	if syn == plainText && looksLikeMarkdown(lines) {
		syn = markdownText
	}
	return parseReport(lines, syn)
}

// reportCover reports whether labelled lines[start:end] are the cover
// of a final report rather than a project-bank page: a report may give
// "Projektnummer:" and "Projektperiod:" too, but it calls itself a report
// above them, and it lacks the labels only a page has (programme area,
// phase, ESF support, total budget).
func reportCover(lines []string, start, end int) bool {
	for _, l := range lines[start:end] {
		switch lab, _, _ := splitLabel(l); lab {
		case labelProgramme, labelPhase, labelSupport, labelBudget:
			return false
		}
	}
	for _, l := range lines[:start] {
		low := strings.ToLower(l)
		for _, w := range []string{"slutrapport", "slutredovisning", "final report", "projektrapport"} {
			if strings.Contains(low, w) {
				return true
			}
		}
	}
	return false
}

// looksLikeMarkdown reports whether text saved as .txt is Markdown (as
// converted from PDF): at least two ATX headings, or a heading and bold
// markers.
func looksLikeMarkdown(lines []string) bool {
	headings, bold := 0, false
	for _, l := range lines {
		if _, _, ok := mdHeading(l); ok {
			headings++
		}
		if strings.Contains(l, "**") {
			bold = true
		}
		if headings >= 2 || (headings >= 1 && bold) {
			return true
		}
	}
	return false
}

// splitLines splits text into lines with trailing white space removed,
// non-breaking and other unusual spaces turned into plain spaces, control
// characters dropped and very long lines wrapped.
func splitLines(s string) []string {
	raw := strings.Split(s, "\n")
	out := make([]string, 0, len(raw))
	for _, l := range raw {
		l = cleanSpaces(l)
		for len(l) > maxLineLen {
			cut := strings.LastIndexByte(l[:maxLineLen], ' ')
			if cut <= 0 {
				cut = maxLineLen
				for cut > 0 && !utf8.RuneStart(l[cut]) {
					cut--
				}
				if cut == 0 {
					cut = maxLineLen
				}
			}
			out = append(out, strings.TrimRight(l[:cut], " "))
			l = strings.TrimLeft(l[cut:], " ")
		}
		out = append(out, strings.TrimRight(l, " "))
	}
	return out
}

// cleanSpaces maps every Unicode space to ' ' and drops control and
// replacement characters, leaving tabs as spaces.
func cleanSpaces(l string) string {
	// Most lines need no change: check them a byte at a time (runes only
	// past ASCII) before mapping.
	clean := true
	for i := 0; i < len(l); {
		c := l[i]
		if c < utf8.RuneSelf {
			if c < ' ' || c == 0x7f {
				clean = false
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(l[i:])
		if unicode.IsSpace(r) || r == '\u200b' || r == utf8.RuneError || r == '\ufeff' || unicode.IsControl(r) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return l
	}
	return mapSpaces(l)
}

// mapSpaces is what cleanSpaces does to a line that needs it.
func mapSpaces(l string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || unicode.IsSpace(r) || r == '\u200b':
			return ' '
		case r == utf8.RuneError || r == '\ufeff' || unicode.IsControl(r):
			return -1
		}
		return r
	}, l)
}

// collapse trims s and collapses inner runs of white space.
func collapse(s string) string {
	// Most strings are already collapsed: no space at either end, no two
	// in a row, no other white space.
	clean := len(s) == 0 || s[0] != ' ' && s[len(s)-1] != ' '
	for i := 0; clean && i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' && s[i+1] == ' ': // s does not end in ' '
				clean = false
			case c != ' ' && asciiSpace[c]:
				clean = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		clean = !unicode.IsSpace(r)
		i += size
	}
	if clean {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// asciiSpace holds the ASCII bytes strings.Fields splits at.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// ---- page furniture ----

var furnitureLines = map[string]bool{
	"logotyp på utskrifter": true, "stäng": true, "in english": true, "skriv ut": true,
	"dela": true, "meny": true, "sök": true, "till toppen": true, "tillbaka": true,
	"mer information och anmälan.": true, "mer information och anmälan": true,
	"läs mer": true, "läs mer.": true, "logga in": true, "hoppa till innehållet": true,
	"gå till huvudinnehåll": true, "till startsidan": true, "startsida": true,
	"dela på facebook": true, "dela på linkedin": true, "dela på twitter": true,
	"skriv ut sidan": true, "print": true, "close": true, "på svenska": true,
}

var (
	monthNames = `januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december`
	// bannerRe matches dated site banners: "3 december - Webbinarium om …".
	bannerRe = regexp.MustCompile(`(?i)^\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+(?:` + monthNames + `)(?:\s+\d{4})?\s+[-–—:]\s+\S`)
)

// isFurniture reports whether a line is page furniture rather than content:
// print and navigation links, "In English", dated site banners and their
// call to action.
func isFurniture(line string) bool {
	l := strings.ToLower(collapse(line))
	if furnitureLines[l] {
		return true
	}
	if bannerRe.MatchString(l) {
		return true
	}
	if strings.HasPrefix(l, "mer information och anmälan") || strings.HasPrefix(l, "läs mer och anmäl") {
		return true
	}
	return false
}

// ---- labelled fields of project-bank pages ----

// Label names of project-bank pages, as written on the page.
const (
	labelProgramme = "Programområde"
	labelPhase     = "Projektfas"
	labelOwner     = "Projektägare"
	labelContact   = "Kontaktperson"
	labelEmail     = "E-post"
	labelPhone     = "Telefonnummer"
	labelSupport   = "Beviljat ESF-stöd"
	labelBudget    = "Total projektbudget"
	labelPeriod    = "Projektperiod"
	labelRegion    = "Region"
	labelNumber    = "Projektnummer"
	labelDiarie    = "Diarienummer"
	labelCase      = "Ärendenummer"
)

var pageLabels = []string{
	labelProgramme, labelPhase, labelOwner, labelContact, labelEmail, labelPhone,
	labelSupport, labelBudget, labelPeriod, labelRegion, labelNumber, labelDiarie, labelCase,
}

// splitLabel splits a labelled line ("ProjektägareSamordningsförbundet",
// "Projektägare: Samordningsförbundet") into label and value.
func splitLabel(line string) (label, value string, ok bool) {
	l := strings.TrimSpace(line)
	for _, lab := range pageLabels {
		if len(l) <= len(lab) || !strings.EqualFold(l[:len(lab)], lab) {
			continue
		}
		rest := l[len(lab):]
		if lab == labelRegion {
			// "Regionförbundet …" is not the label Region: the value must
			// start with a capital letter or a separator.
			r, _ := utf8.DecodeRuneInString(rest)
			if !unicode.IsUpper(r) && r != ':' && r != ' ' {
				continue
			}
		}
		rest = strings.TrimLeft(rest, ": ")
		if rest == "" {
			continue
		}
		return lab, collapse(rest), true
	}
	return "", "", false
}

// findLabelBlock finds the block of labelled fields: the first run of at
// least two distinct labelled lines (blank lines allowed between them).
// end is the index after the block's last labelled line.
func findLabelBlock(lines []string) (start, end int, ok bool) {
	for i := 0; i < len(lines); i++ {
		lab, _, isLab := splitLabel(lines[i])
		if !isLab {
			continue
		}
		seen := map[string]bool{lab: true}
		j, last := i+1, i
		for ; j < len(lines); j++ {
			if strings.TrimSpace(lines[j]) == "" {
				continue
			}
			l2, _, ok2 := splitLabel(lines[j])
			if !ok2 || seen[l2] {
				break
			}
			seen[l2] = true
			last = j
		}
		if len(seen) >= 2 {
			return i, last + 1, true
		}
	}
	return 0, 0, false
}

// parseAmount reads a sum of money as whole kronor: "1 292 580 kr",
// "450 000 SEK", "1.292.580 SEK", "1 292 580,50 kr", and sums written with
// a unit word, as reports often do: "ca 2 miljoner kronor", "2,5 mnkr",
// "1,2 MSEK", "450 tkr", "1,1 miljarder". The first number in s counts; a
// range ("2–3 miljoner") takes its lower end with the range's unit. It
// returns 0 when there is no number or the sum does not fit.
func parseAmount(s string) int64 {
	whole, frac, rest, ok := firstNumber(s)
	if !ok {
		return 0
	}
	rest = skipRangeEnd(rest)
	mult := amountUnit(rest)
	if len(whole) > 18 {
		return 0
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || n > math.MaxInt64/mult {
		return 0
	}
	n *= mult
	// The fraction counts only as far as the unit makes it whole kronor.
	scale := mult
	for i := 0; i < len(frac) && scale > 1; i++ {
		scale /= 10
		n += int64(frac[i]-'0') * scale
	}
	return n
}

// firstNumber finds the first number in s: digits in groups of three
// after a thousands separator (space, no-break space, narrow no-break
// space or '.'), then an optional decimal part after ','. It returns the
// integer digits, the decimal digits and the text after the number.
func firstNumber(s string) (whole, frac, rest string, ok bool) {
	start := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
	if start < 0 {
		return "", "", "", false
	}
	var b strings.Builder
	i := start
	for i < len(s) && isDigit(s[i]) {
		b.WriteByte(s[i])
		i++
	}
	for i < len(s) && isThousandsSep(s[i:]) {
		_, w := utf8.DecodeRuneInString(s[i:])
		j := i + w
		if j+3 > len(s) || !isDigit(s[j]) || !isDigit(s[j+1]) || !isDigit(s[j+2]) || (j+3 < len(s) && isDigit(s[j+3])) {
			break
		}
		b.WriteString(s[j : j+3])
		i = j + 3
	}
	whole = b.String()
	if i+1 < len(s) && s[i] == ',' && isDigit(s[i+1]) {
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		frac, i = s[i+1:j], j
	}
	return whole, frac, s[i:], true
}

// spaces are the blanks written between a number and its unit.
const spaces = " \u00a0\u202f"

// isThousandsSep reports whether s starts with a separator between groups
// of three digits.
func isThousandsSep(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == ' ' || r == '.' || r == '\u00a0' || r == '\u202f'
}

// skipRangeEnd skips the upper end of a range such as "–3" or " till 3,5"
// so that the unit after it is found.
func skipRangeEnd(s string) string {
	t := strings.TrimLeft(s, spaces)
	for _, dash := range []string{"–", "—", "-", "till "} {
		u, ok := strings.CutPrefix(t, dash)
		if !ok {
			continue
		}
		if u = strings.TrimLeft(u, spaces); u != "" && isDigit(u[0]) {
			_, _, rest, _ := firstNumber(u)
			return rest
		}
	}
	return s
}

// amountUnit reads the unit word that follows a number: thousands,
// millions or billions of kronor. Plain "kr", "kronor", "SEK" or anything
// else multiply by one.
func amountUnit(s string) int64 {
	word := strings.TrimLeft(s, spaces)
	end := strings.IndexFunc(word, func(r rune) bool { return !unicode.IsLetter(r) })
	if end >= 0 {
		word = word[:end]
	}
	switch strings.ToLower(word) {
	case "tkr", "tsek", "kkr", "tusen":
		return 1_000
	case "mkr", "mnkr", "msek", "miljon", "miljoner", "milj", "mn", "mio":
		return 1_000_000
	case "mdkr", "mdsek", "miljard", "miljarder", "mdr", "md":
		return 1_000_000_000
	}
	return 1
}

var (
	isoRangeRe = regexp.MustCompile(`(\d{4}-\d{2}-\d{2})\s*(?:till|–|—|-|t\.o\.m\.?)\s*(\d{4}-\d{2}-\d{2})`)
	// sweRangeRe: "15 augusti 2020 – 31 december 2022", "1 mars – 30 juni 2021".
	sweRangeRe = regexp.MustCompile(`(?i)(\d{1,2})\s+(` + monthNames + `)(?:\s+(\d{4}))?\s*(?:–|—|-|till|t\.o\.m\.?)\s*(\d{1,2})\s+(` + monthNames + `)\s+(\d{4})`)
)

var monthNumber = map[string]int{
	"januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6,
	"juli": 7, "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}

// validDate reports whether s is a real YYYY-MM-DD date.
func validDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func sweDate(day, month, year string) string {
	d, err1 := strconv.Atoi(day)
	y, err2 := strconv.Atoi(year)
	m := monthNumber[strings.ToLower(month)]
	if err1 != nil || err2 != nil || m == 0 {
		return ""
	}
	s := strconv.Itoa(y) + "-" + twoDigits(m) + "-" + twoDigits(d)
	if len(s) != 10 || !validDate(s) {
		return ""
	}
	return s
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// parsePeriod finds the first date range in s, written either
// "2014-01-02 till 2014-12-31" or in Swedish words ("15 augusti 2020 –
// 31 december 2022"), and returns it as YYYY-MM-DD dates.
func parsePeriod(s string) (start, end string, ok bool) {
	iso := firstISORange(s)
	swe := firstSweRange(s)
	if iso != nil && (swe == nil || iso[0] <= swe[0]) {
		a, b := s[iso[2]:iso[3]], s[iso[4]:iso[5]]
		if validDate(a) && validDate(b) && a <= b {
			return a, b, true
		}
	}
	if swe != nil {
		g := func(k int) string {
			if swe[2*k] < 0 {
				return ""
			}
			return s[swe[2*k]:swe[2*k+1]]
		}
		y1 := g(3)
		if y1 == "" {
			y1 = g(6)
		}
		a, b := sweDate(g(1), g(2), y1), sweDate(g(4), g(5), g(6))
		if a != "" && b != "" && a <= b {
			return a, b, true
		}
	}
	return "", "", false
}

// Running isoRangeRe and sweRangeRe over a whole report costs far more
// than the rest of parsing, as neither starts with a literal the regexp
// package could search for. firstISORange and firstSweRange return what
// FindStringSubmatchIndex would, but run the pattern anchored (isoRangeAt,
// sweRangeAt) only at the positions where a match can start, in order:
// neither pattern looks at the text before its match, so the first
// position where the anchored pattern matches is the leftmost match, and
// the anchored pattern picks the same alternatives there.
var (
	isoRangeAt = regexp.MustCompile(`^(?:` + isoRangeRe.String() + `)`)
	sweRangeAt = regexp.MustCompile(`^(?:` + sweRangeRe.String() + `)`)
)

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// firstISORange: a match starts with "dddd-dd-dd", found by its first '-'.
func firstISORange(s string) []int {
	for from := 0; ; {
		i := strings.IndexByte(s[from:], '-')
		if i < 0 {
			return nil
		}
		q := from + i
		from = q + 1
		p := q - 4
		if p < 0 || p+10 > len(s) || s[q+3] != '-' {
			continue
		}
		if !isDigit(s[p]) || !isDigit(s[p+1]) || !isDigit(s[p+2]) || !isDigit(s[p+3]) ||
			!isDigit(s[q+1]) || !isDigit(s[q+2]) || !isDigit(s[q+4]) || !isDigit(s[q+5]) {
			continue
		}
		if m := isoRangeAt.FindStringSubmatchIndex(s[p:]); m != nil {
			return offsetIndex(m, p)
		}
	}
}

// monthInitials are the fold keys of the first letters of the month names.
var monthInitials = map[rune]bool{}

func init() {
	for m := range monthNumber {
		r, _ := utf8.DecodeRuneInString(m)
		monthInitials[foldKey(r)] = true
	}
}

// isRESpace reports whether c is in the regexp class \s ([\t\n\f\r ]).
func isRESpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// firstSweRange: a match starts with one or two digits, white space and
// a letter that begins a month name (in any case).
func firstSweRange(s string) []int {
	for p := 0; p < len(s); p++ {
		if !isDigit(s[p]) {
			continue
		}
		q := p + 1
		if q < len(s) && isDigit(s[q]) {
			q++
		}
		if q >= len(s) || !isRESpace(s[q]) {
			continue
		}
		for q < len(s) && isRESpace(s[q]) {
			q++
		}
		r, _ := utf8.DecodeRuneInString(s[q:])
		if !monthInitials[foldKey(r)] {
			continue
		}
		if m := sweRangeAt.FindStringSubmatchIndex(s[p:]); m != nil {
			return offsetIndex(m, p)
		}
	}
	return nil
}

// offsetIndex shifts the match positions of m (as from
// FindStringSubmatchIndex on s[off:]) to positions in s.
func offsetIndex(m []int, off int) []int {
	for i, v := range m {
		if v >= 0 {
			m[i] = v + off
		}
	}
	return m
}

// ---- blocks and sections ----

// block is a paragraph: consecutive non-blank lines.
type block struct {
	lines   []string
	heading int // markdown heading level, 0 for text
}

func (b block) text() string { return strings.Join(b.lines, "\n") }

// toBlocks groups lines into paragraphs separated by blank lines.
func toBlocks(lines []string) []block {
	var out []block
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, block{lines: cur})
			cur = nil
		}
	}
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		cur = append(cur, strings.TrimSpace(l))
	}
	flush()
	return out
}

// knownHeadings are section headings of project-bank pages and final
// reports, lower case.
var knownHeadings = map[string]bool{
	"sammanfattning": true, "bakgrund": true, "målsättning": true, "syfte": true,
	"mål": true, "målgrupp": true, "målgrupper": true, "tillgänglighet för personer med funktionsnedsättning": true,
	"jämställdhetsintegrering": true, "jämställdhet": true, "transnationellt samarbete": true,
	"icke-diskriminering": true, "ickediskriminering": true, "likabehandling": true,
	"samarbetspartners": true, "deltagande aktörer": true, "kommun": true, "kommuner": true,
	"projektresultat": true, "resultat": true, "metod": true, "metoder": true,
	"aktiviteter": true, "genomförande": true, "förväntade resultat": true, "effekter": true,
	"lärdomar": true, "spridning": true, "implementering": true, "organisation": true,
	"projektorganisation": true, "utvärdering": true, "slutsatser": true, "bilagor": true,
	"project summary": true, "summary": true, "background": true, "objectives": true,
}

// listHeadings map a list section's heading to the record field it fills.
var listHeadings = map[string]string{
	"samarbetspartners": "partners", "samarbetspartner": "partners",
	"deltagande aktörer": "participants", "kommun": "municipalities", "kommuner": "municipalities",
}

func isBullet(l string) bool {
	for _, p := range []string{"• ", "· ", "- ", "* ", "– ", "▪ ", "○ "} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return l == "•" || l == "-"
}

func stripBullet(l string) string {
	for _, p := range []string{"• ", "· ", "- ", "* ", "– ", "▪ ", "○ "} {
		if s, ok := strings.CutPrefix(l, p); ok {
			return strings.TrimSpace(s)
		}
	}
	return strings.TrimSpace(l)
}

// headingLike reports whether a one-line paragraph looks like a heading:
// short, starting with a capital letter, without final punctuation and not
// a list item. next is the following paragraph (nil at the end); the
// heading must be followed by a paragraph of prose or a list.
func headingLike(b block, next *block) bool {
	if len(b.lines) != 1 || next == nil {
		return false
	}
	l := b.lines[0]
	if knownHeadings[strings.ToLower(strings.TrimSuffix(l, ":"))] {
		return true
	}
	if len(l) > 80 || len(strings.Fields(l)) > 10 || isBullet(l) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(l)
	if !unicode.IsUpper(r) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(l)
	if strings.ContainsRune(".:;,!?)”\"", last) || unicode.IsDigit(last) {
		return false
	}
	first := next.lines[0]
	if isBullet(first) || listLike(*next) {
		return true
	}
	lastNext, _ := utf8.DecodeLastRuneInString(next.lines[len(next.lines)-1])
	return len(first) >= 60 || strings.ContainsRune(".!?", lastNext)
}

// listLike reports whether a paragraph is a list without bullets (as a
// browser's PDF prints one, drawing the bullets): two or more short lines
// that start with a capital letter and do not end a sentence.
func listLike(b block) bool {
	if len(b.lines) < 2 {
		return false
	}
	for _, l := range b.lines {
		r, _ := utf8.DecodeRuneInString(l)
		last, _ := utf8.DecodeLastRuneInString(l)
		if len(l) > 40 || !unicode.IsUpper(r) || strings.ContainsRune(".:;,!?", last) {
			return false
		}
	}
	return true
}

// swedishLess orders strings the Swedish way: å, ä, ö after z.
func swedishLess(a, b string) bool {
	return swedishKey(a) < swedishKey(b)
}

func swedishKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch unicode.ToLower(r) {
		case 'å':
			return '{'
		case 'ä', 'æ':
			return '|'
		case 'ö', 'ø':
			return '}'
		case 'é', 'è':
			return 'e'
		case 'ü':
			return 'y'
		}
		return unicode.ToLower(r)
	}, s)
}

// appendUnique appends v to list unless it is empty or already present.
func appendUnique(list []string, v string) []string {
	if v == "" {
		return list
	}
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}
