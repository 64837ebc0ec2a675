package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// parseProjectLines builds the record of a project-bank page. lines[start:end]
// is the block of labelled fields; the title is the last line of content
// before it, the sections follow it.
func parseProjectLines(lines []string, start, end int) Record {
	rec := Record{DocType: TypeProject}
	for i := start - 1; i >= 0; i-- {
		l := collapse(lines[i])
		if l == "" || isFurniture(l) {
			continue
		}
		if _, text, ok := mdHeading(l); ok {
			l = collapse(text)
		}
		rec.Title = l
		break
	}
	for _, l := range lines[start:end] {
		lab, val, ok := splitLabel(l)
		if !ok {
			continue
		}
		setLabel(&rec, lab, val)
	}
	body := make([]string, 0, len(lines)-end)
	for _, l := range lines[end:] {
		if isFurniture(l) {
			continue
		}
		body = append(body, l)
	}
	rec.Sections = projectSections(&rec, toBlocks(body))
	finishProject(&rec)
	return rec
}

// setLabel stores one labelled value in the record.
func setLabel(rec *Record, label, val string) {
	switch label {
	case labelProgramme:
		rec.ProgrammeArea = val
	case labelPhase:
		rec.Phase = val
	case labelOwner:
		if ownerName(val, rec.Title) {
			rec.Owner = val
		}
	case labelContact:
		rec.ContactPerson = val
	case labelEmail:
		rec.ContactEmail = val
	case labelPhone:
		rec.ContactPhone = val
	case labelSupport:
		rec.ESFSupportSEK = parseAmount(val)
	case labelBudget:
		rec.TotalBudgetSEK = parseAmount(val)
	case labelPeriod:
		if a, b, ok := parsePeriod(val); ok {
			rec.PeriodStart, rec.PeriodEnd = a, b
		}
	case labelRegion:
		rec.Region = val
	case labelNumber, labelDiarie, labelCase:
		if rec.ProjectNumber == "" {
			rec.ProjectNumber = val
		}
	}
}

// ownerName reports whether the value after an owner label can be an
// organisation's name. Pages that lay fields out in separate elements put
// the label on a line of its own, and the line that follows it is taken as
// its value (mergeLabelLines); where the owner is missing that is whatever
// comes next: a bullet of a list, another label, the page's own title, a
// sentence. None of those is an owner.
func ownerName(val, title string) bool {
	v := strings.TrimSpace(val)
	if v == "" || stripBullet(v) != v || strings.HasPrefix(v, "•") || strings.HasPrefix(v, "·") {
		return false // a list item
	}
	if title != "" && strings.EqualFold(collapse(v), collapse(title)) {
		return false
	}
	if isLabel(strings.TrimSuffix(v, ":")) {
		return false // the next field's label
	}
	for _, lab := range pageLabels {
		// "Kontaktperson: …" is the next field; "Region Kalmar län" a name
		if len(v) > len(lab) && strings.EqualFold(v[:len(lab)], lab) && strings.HasPrefix(strings.TrimLeft(v[len(lab):], " "), ":") {
			return false
		}
	}
	words := strings.Fields(v)
	if len(v) > 120 || len(words) > 12 {
		return false // a paragraph
	}
	// A sentence ends with a full stop after several words; "AB." or
	// "Kommunförbundet i Kalmar län." may end with one too.
	if strings.HasSuffix(v, ".") && len(words) > 6 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(v)
	return unicode.IsUpper(r) || unicode.IsDigit(r) // names start with a capital
}

// projectSections splits a page body into headed sections. The list
// sections (Samarbetspartners, Deltagande aktörer, Kommun) fill the record's
// lists instead of becoming sections.
func projectSections(rec *Record, blocks []block) []Section {
	var out []Section
	var cur *Section
	list := ""
	var paras []string
	flush := func() {
		if cur != nil && list == "" {
			cur.Text = strings.Join(paras, "\n\n")
			if cur.Text != "" || cur.Heading != "" {
				out = append(out, *cur)
			}
		}
		cur, paras, list = nil, nil, ""
	}
	for i, b := range blocks {
		var next *block
		if i+1 < len(blocks) {
			next = &blocks[i+1]
		}
		var md bool
		var mdText string
		if len(b.lines) == 1 {
			_, mdText, md = mdHeading(b.lines[0])
		}
		if md || headingLike(b, next) || (len(b.lines) == 1 && next != nil && listHeadings[strings.ToLower(b.lines[0])] != "") {
			flush()
			h := b.lines[0]
			if md {
				h = collapse(mdText)
			}
			h = strings.TrimSuffix(h, ":")
			cur = &Section{Heading: h}
			list = listHeadings[strings.ToLower(h)]
			continue
		}
		if cur == nil {
			cur = &Section{}
		}
		if list != "" {
			for _, l := range b.lines {
				item := collapse(stripBullet(l))
				switch list {
				case "partners":
					rec.Partners = appendUnique(rec.Partners, item)
				case "participants":
					rec.Participants = appendUnique(rec.Participants, item)
				case "municipalities":
					rec.Municipalities = appendUnique(rec.Municipalities, NormalizeMunicipality(item))
				}
			}
			continue
		}
		paras = append(paras, b.text())
	}
	flush()
	return out
}

// finishProject derives county and region from the municipalities (a
// stated Region wins; County is set only when all municipalities lie in one
// county) and recognises methods and target groups.
func finishProject(rec *Record) {
	county, region := sharedArea(rec.Municipalities)
	rec.County = county
	if rec.Region == "" {
		rec.Region = region
	}
	applyLexicon(rec)
}
