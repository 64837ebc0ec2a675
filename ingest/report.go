package ingest

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

const numberPattern = `(?i)(?:projekt\s?nr|projektnummer|diarienummer|ärendenummer|dnr)\.?\s*:?\s*([0-9][0-9A-Za-z/.\-]{2,30}[0-9])`

var (
	mdImageRe = regexp.MustCompile(`!\[[^\]\n]{0,500}\]\([^)\n]{0,1000}\)`)
	mdLinkRe  = regexp.MustCompile(`\[([^\]\n]{0,500})\]\([^)\n]{0,1000}\)`)
	htmlTagRe = regexp.MustCompile(`</?[A-Za-z][^<>\n]{0,500}>`)
	// tocLineRe: a table-of-contents line with dot leaders and a page number.
	tocLineRe = regexp.MustCompile(`(?:\.{4,}|…{2,}|\. \. \.)\s*\d+\s*$`)
	// ownerRe: "Kommunförbundet Kalmar län har varit projektägare".
	ownerBeforeRe = regexp.MustCompile(`([A-ZÅÄÖ][^.!?\n]{2,80}?)\s+(?:har varit|är|var|har varit ansvarig)\s+projektägare`)
	// ownerAfterRe: "Projektägare har varit Kommunförbundet Kalmar län."
	ownerAfterRe = regexp.MustCompile(`(?i)projektägare\s+(?:har varit|är|var)\s+([A-ZÅÄÖ][^.!?\n;,]{2,80})`)
	ownerLabelRe = regexp.MustCompile(`(?im)^\s*projektägare\s*:\s*(\S[^\n]{1,100})$`)
	// numberAt finds the first project or file number, trying numberPattern
	// only where one of its words starts.
	numberAt    = newPrefixedRegexp(numberPattern, "projekt", "diarienummer", "ärendenummer", "dnr")
	nameLabelRe = regexp.MustCompile(`(?im)^\s*(?:projektnamn|projektamn|projektets namn)\s*:\s*(\S[^\n]{1,200})$`)
)

// mdHeading parses an ATX Markdown heading: one to six '#', white space,
// the text, and optionally closing '#'s ("## Resultat ##" is level 2,
// "Resultat").
func mdHeading(l string) (level int, text string, ok bool) {
	for level < len(l) && l[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || level == len(l) || !isSpaceByte(l[level]) {
		return 0, "", false
	}
	text = strings.TrimLeft(l[level:], " \t\n\f\r")
	text = strings.TrimRight(text, " \t\n\f\r")
	text = strings.TrimRight(text, "#")
	text = strings.TrimRight(text, " \t\n\f\r")
	return level, text, true
}

// isSpaceByte is the white space of regular expressions' \s.
func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// cleanMarkdown turns one Markdown line into plain text: HTML tags,
// images and emphasis markers go, links keep their text, entities are
// decoded. The heading level is returned separately (0 for none).
func cleanMarkdown(l string) (string, int) {
	// Each pattern is only run when the line holds the characters every
	// match of it starts with or contains.
	level := 0
	escaped := strings.Contains(l, "\\")
	if escaped {
		l = hideEscapes(strings.TrimRight(l, " "))
	}
	if strings.HasPrefix(l, "#") {
		if n, text, ok := mdHeading(l); ok {
			level, l = n, text
		}
	}
	if strings.Contains(l, "<") {
		l = htmlTagRe.ReplaceAllString(l, "")
	}
	if strings.Contains(l, "](") {
		l = mdImageRe.ReplaceAllString(l, "")
		l = mdLinkRe.ReplaceAllString(l, "$1")
	}
	trim := strings.TrimLeft(l, " ")
	bullet := ""
	if strings.HasPrefix(trim, "* ") || strings.HasPrefix(trim, "+ ") {
		bullet, trim = "- ", trim[2:]
	} else if strings.HasPrefix(trim, "- ") {
		bullet, trim = "- ", trim[2:]
	}
	trim = strings.ReplaceAll(trim, "***", "")
	trim = strings.ReplaceAll(trim, "**", "")
	trim = stripSingleStars(trim)
	trim = html.UnescapeString(trim)
	if escaped {
		trim = showEscapes(strings.TrimSuffix(trim, "\\")) // a trailing backslash is a line break
	}
	return collapse(bullet + trim), level
}

// escapeBase is where hideEscapes puts escaped characters: the private
// use plane 15, which no cleaning step and no real text uses.
const escapeBase = 0xF0000

// hideEscapes turns Markdown's backslash escapes ("\\*", "\\\\", "\\<") into
// private-use runes, so that the cleaning steps leave the characters
// alone; showEscapes turns them back. A backslash before anything but
// ASCII punctuation is a backslash (as in "C:\\Projekt").
func hideEscapes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
			b.WriteRune(escapeBase + rune(s[i+1]))
			i++
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func showEscapes(s string) string {
	return strings.Map(func(r rune) rune {
		if r > escapeBase && r < escapeBase+0x80 {
			return r - escapeBase
		}
		return r
	}, s)
}

func isASCIIPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')
}

// structuredLine reads a line of the structured text rendered from HTML,
// .docx or .odt: its heading level, and its text exactly as written.
func structuredLine(l string) (string, int) {
	if strings.HasPrefix(l, "#") {
		if n, text, ok := mdHeading(l); ok {
			return collapse(text), n
		}
	}
	return collapse(l), 0
}

// stripSingleStars removes *emphasis* markers: a star next to a letter.
func stripSingleStars(s string) string {
	if !strings.Contains(s, "*") {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if r == '*' {
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			if unicode.IsLetter(prev) || unicode.IsLetter(next) || unicode.IsPunct(prev) || unicode.IsPunct(next) || i == 0 || i == len(s)-1 {
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isTOCLine reports whether tocLineRe matches l; the pattern is only run
// on lines with dot leaders.
func isTOCLine(l string) bool {
	if !strings.Contains(l, "....") && !strings.Contains(l, "……") && !strings.Contains(l, ". . .") {
		return false
	}
	return tocLineRe.MatchString(l)
}

// genericTitles are headings and lines that are not a report's name.
var genericTitles = map[string]bool{
	"slutrapport": true, "innehåll": true, "innehållsförteckning": true, "projektrapport": true,
	"sammanfattning": true, "final report": true, "rapport": true, "slutredovisning": true,
}

// sectionNames are common section headings of a report: never its title.
var sectionNames = map[string]bool{
	"bakgrund": true, "inledning": true, "syfte": true, "mål": true, "målsättning": true,
	"genomförande": true, "resultat": true, "metod": true, "aktiviteter": true, "utvärdering": true,
	"lärdomar": true, "slutsatser": true, "om projektet": true, "projektets syfte": true,
	"förord": true, "background": true, "summary": true, "results": true,
}

// reportSuffixes end a heading that names the report: "Samverkan Syd –
// slutrapport" is the report of Samverkan Syd.
var reportSuffixes = []string{" – slutrapport", " - slutrapport", ": slutrapport", " – final report", " - final report", ": final report"}

// trimReportSuffix removes a reportSuffixes ending (any case).
func trimReportSuffix(t string) string {
	for _, suf := range reportSuffixes {
		if len(t) > len(suf) && strings.EqualFold(t[len(t)-len(suf):], suf) {
			return strings.TrimSpace(t[:len(t)-len(suf)])
		}
	}
	return t
}

func isTOCHeading(h string) bool {
	h = strings.ToLower(h)
	return h == "innehåll" || h == "innehållsförteckning" || h == "table of contents"
}

// mdLine is a cleaned line of a report with its Markdown heading level.
type mdLine struct {
	text  string
	level int
}

// parseReport reads a final report (Markdown or plain text).
func parseReport(lines []string, syn markup) (Record, error) {
	// headings are marked in Markdown and in the structured text
	markdown := syn != plainText
	rec := Record{DocType: TypeReport}
	// Clean lines; mark headings; drop the table of contents.
	var ls []mdLine
	inTOC, tocSeen := false, false
	for _, raw := range lines {
		t, lvl := raw, 0
		switch syn {
		case markdownText:
			t, lvl = cleanMarkdown(raw)
		case structuredText:
			t, lvl = structuredLine(raw)
		default:
			t = collapse(t)
		}
		if lvl > 0 {
			inTOC = isTOCHeading(t)
			if inTOC {
				continue
			}
		} else if !markdown && isTOCHeading(t) {
			inTOC, tocSeen = true, false
			continue
		}
		toc := isTOCLine(t)
		if toc {
			tocSeen = true
			continue
		}
		// in plain text the contents end at a long line, or at the blank
		// line after its entries
		if inTOC && !markdown && ((t != "" && len(t) > 80) || (t == "" && tocSeen)) {
			inTOC = false
		}
		if inTOC && lvl == 0 {
			continue
		}
		if lvl > 0 && t == "" {
			continue
		}
		ls = append(ls, mdLine{t, lvl})
	}
	var full strings.Builder
	for _, l := range ls {
		full.WriteString(l.text)
		full.WriteByte('\n')
	}
	text := full.String()
	if strings.TrimSpace(text) == "" {
		return Record{}, ErrNoText
	}

	// Title: the first level-1 heading that is not generic, else a
	// "Projektnamn:" line, else the first heading that is neither generic
	// nor a common section name, else the first substantive line; without
	// "Slutrapport för projektet" and the like around it.
	titleAt := -1
	heading := func(ok func(mdLine) bool) {
		for i, l := range ls {
			low := strings.ToLower(l.text)
			if l.level > 0 && !genericTitles[low] && ok(l) {
				rec.Title, titleAt = trimReportSuffix(l.text), i
				return
			}
		}
	}
	heading(func(l mdLine) bool { return l.level == 1 })
	if rec.Title == "" {
		if m := nameLabelRe.FindStringSubmatch(text); m != nil {
			rec.Title = collapse(m[1])
		}
	}
	if rec.Title == "" {
		heading(func(l mdLine) bool { return !sectionNames[strings.ToLower(l.text)] })
	}
	if rec.Title == "" {
		for i, l := range ls {
			t := l.text
			if t == "" || genericTitles[strings.ToLower(t)] || isFurniture(t) || !hasLetters(t, 3) {
				continue
			}
			if s, ok := cutPrefixFold(t, "Slutrapport för projektet "); ok {
				t = s
			} else if s, ok := cutPrefixFold(t, "Slutrapport: "); ok {
				t = s
			} else if s, ok := cutPrefixFold(t, "Slutrapport "); ok && len(s) > 3 {
				t = s
			}
			rec.Title, titleAt = strings.Trim(t, " \"”“"), i
			break
		}
	}

	// Sections.
	var blocks []block
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			blocks = append(blocks, block{lines: cur})
			cur = nil
		}
	}
	for i, l := range ls {
		if i == titleAt || (i < titleAt && genericTitles[strings.ToLower(l.text)]) {
			flush()
			continue
		}
		if l.level > 0 {
			flush()
			blocks = append(blocks, block{lines: []string{l.text}, heading: l.level})
			continue
		}
		if l.text == "" {
			flush()
			continue
		}
		cur = append(cur, l.text)
	}
	flush()
	rec.Sections = reportSections(blocks, markdown)

	// Owner.
	rec.Owner = findOwner(text, ls[max(titleAt, 0):])
	if m := numberAt.FindStringSubmatch(text); m != nil {
		rec.ProjectNumber = m[1]
	}
	if a, b, ok := parsePeriod(text); ok {
		rec.PeriodStart, rec.PeriodEnd = a, b
	}
	ownerCounty := countyInText(rec.Owner)
	rec.Municipalities = ParticipatingMunicipalities(text, ownerCounty)
	sortSwedish(rec.Municipalities)
	county, region := sharedArea(rec.Municipalities)
	if county == "" && len(rec.Municipalities) == 0 {
		county = ownerCounty
	}
	rec.County = county
	rec.Region = region
	if rec.Region == "" && county != "" {
		rec.Region, _ = RegionOfCounty(county)
	}
	applyLexicon(&rec)
	return rec, nil
}

// reportSections groups blocks into sections: Markdown headings, or in
// plain text paragraphs that look like headings. Blocks before the first
// heading form a section with an empty heading; sections without text are
// dropped.
func reportSections(blocks []block, markdown bool) []Section {
	var out []Section
	cur := Section{}
	var paras []string
	flush := func() {
		cur.Text = strings.Join(paras, "\n\n")
		if cur.Text != "" {
			out = append(out, cur)
		}
		paras = nil
	}
	for i, b := range blocks {
		var next *block
		if i+1 < len(blocks) {
			next = &blocks[i+1]
		}
		if b.heading > 0 || (!markdown && headingLike(b, next)) {
			flush()
			cur = Section{Heading: b.lines[0]}
			continue
		}
		paras = append(paras, b.text())
	}
	flush()
	return out
}

// findOwner finds the project owner of a report: "X har varit
// projektägare", "Projektägare har varit X", "Projektägare: X", else the
// cover: the first line after the title that names an organisation, joined
// with the next line when the name continues there ("Kommunförbundet" /
// "Kalmar län").
func findOwner(text string, cover []mdLine) string {
	// Only lines that mention the owner role are searched (every pattern
	// below needs the word); the cheap case-sensitive test skips most.
	var about strings.Builder
	for _, l := range strings.Split(text, "\n") {
		if !strings.Contains(l, "rojekt") && !strings.Contains(l, "ROJEKT") {
			continue
		}
		if strings.Contains(strings.ToLower(l), "projektägare") {
			about.WriteString(l)
			about.WriteByte('\n')
		}
	}
	owned := about.String()
	if m := ownerLabelRe.FindStringSubmatch(owned); m != nil {
		return collapse(m[1])
	}
	for _, m := range ownerBeforeRe.FindAllStringSubmatch(owned, -1) {
		o := ownerCandidate(m[1])
		if o != "" {
			return o
		}
	}
	if m := ownerAfterRe.FindStringSubmatch(owned); m != nil {
		o := m[1]
		for _, stop := range []string{" och ", " som ", " med ", " genom ", " i samverkan"} {
			if i := strings.Index(o, stop); i > 0 {
				o = o[:i]
			}
		}
		if o = ownerCandidate(o); o != "" {
			return o
		}
	}
	for i, l := range cover {
		if i > 40 {
			break
		}
		if l.level > 0 && i > 0 {
			break
		}
		if orgWord(l.text) {
			o := l.text
			if i+1 < len(cover) && cover[i+1].text != "" && cover[i+1].level == 0 && len(strings.Fields(o)) <= 2 {
				if _, ok := LookupCounty(cover[i+1].text); ok {
					o += " " + cover[i+1].text
				}
			}
			return collapse(o)
		}
	}
	return ""
}

// ownerCandidate accepts a short proper name as an owner.
func ownerCandidate(s string) string {
	s = collapse(s)
	w := strings.Fields(s)
	if len(w) == 0 || len(w) > 8 {
		return ""
	}
	switch strings.ToLower(w[0]) {
	case "projektet", "vi", "det", "man", "den", "som", "där", "här", "detta", "också", "även":
		return ""
	}
	return s
}

var orgWords = []string{"förbund", "kommun", "region", "stiftelse", "förening", "universitet", "högskola", "myndighet", "förvaltning", "arbetsförmedlingen", "länsstyrelse", " ab", "landsting"}

func orgWord(s string) bool {
	l := strings.ToLower(s)
	if len(l) > 100 || strings.ContainsAny(l, ":.") {
		return false
	}
	for _, w := range orgWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

func hasLetters(s string, n int) bool {
	c := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			c++
			if c >= n {
				return true
			}
		}
	}
	return false
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

func sortSwedish(list []string) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && swedishLess(list[j], list[j-1]); j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}
