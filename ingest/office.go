package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Errors of the word-processor formats.
var (
	// ErrEncrypted: the file is protected by a password it would take to
	// read it (restrictions on printing or copying alone are not this).
	ErrEncrypted = errors.New("password-protected")
	// ErrBadDocument: a .docx or .odt that is damaged or not what its
	// name says.
	ErrBadDocument = errors.New("unreadable document")
)

// officeMaxPart bounds the decompressed size of one part of a .docx or
// .odt read (a "zip bomb" stops there).
const officeMaxPart = 64 << 20

// parseDOCX reads a Word (.docx, Office Open XML) document: its body in
// reading order, headings as headings, list items as bullet lines, table
// rows as lines. Running headers, footers, comments, deleted text of
// tracked changes and field codes are left out.
func parseDOCX(data []byte) (Record, error) {
	zr, err := openZip(data, "Word")
	if err != nil {
		return Record{}, err
	}
	doc := zipPart(zr, "word/document.xml")
	if doc == nil {
		return Record{}, fmt.Errorf("%w: no word/document.xml — not a Word document", ErrBadDocument)
	}
	styles := docxStyles{}
	if s := zipPart(zr, "word/styles.xml"); s != nil {
		if b, err := readPart(s); err == nil {
			styles = readDocxStyles(b)
		}
	}
	body, err := readPart(doc)
	if err != nil {
		return Record{}, err
	}
	text, err := docxText(body, styles)
	if err != nil {
		return Record{}, fmt.Errorf("%w: word/document.xml: %v", ErrBadDocument, err)
	}
	return parseOfficeText(text)
}

// parseODT reads an OpenDocument text (.odt): like parseDOCX, from
// content.xml.
func parseODT(data []byte) (Record, error) {
	zr, err := openZip(data, "OpenDocument")
	if err != nil {
		return Record{}, err
	}
	if m := zipPart(zr, "META-INF/manifest.xml"); m != nil {
		if b, err := readPart(m); err == nil && bytes.Contains(b, []byte("encryption-data")) {
			return Record{}, fmt.Errorf("%w OpenDocument file: cannot read it without the password (save a copy without one)", ErrEncrypted)
		}
	}
	content := zipPart(zr, "content.xml")
	if content == nil {
		return Record{}, fmt.Errorf("%w: no content.xml — not an OpenDocument file", ErrBadDocument)
	}
	body, err := readPart(content)
	if err != nil {
		return Record{}, err
	}
	text, err := odtText(body)
	if err != nil {
		return Record{}, fmt.Errorf("%w: content.xml: %v", ErrBadDocument, err)
	}
	return parseOfficeText(text)
}

// parseOfficeText parses the text a word-processor document was turned
// into (Markdown headings, bullet lines) like a Markdown file.
func parseOfficeText(text string) (Record, error) {
	if strings.TrimSpace(text) == "" {
		return Record{}, fmt.Errorf("%w: the document has no text (only images or empty?)", ErrNoText)
	}
	return parseText(text, structuredText)
}

// oleMagic starts the compound files of Word 97–2003 and of password-
// protected Office 2007+ documents.
var oleMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

func openZip(data []byte, kind string) (*zip.Reader, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("%w: empty file", ErrNoText)
	}
	if bytes.HasPrefix(data, oleMagic) {
		if bytes.Contains(data, utf16LE("EncryptedPackage")) {
			return nil, fmt.Errorf("%w %s document: cannot read it without the password (save a copy without one)", ErrEncrypted, kind)
		}
		return nil, fmt.Errorf("%w: an old binary (Word 97–2003) file with a new name: open it and save it as .docx or .odt", ErrBadDocument)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: not a %s file (%v)", ErrBadDocument, kind, err)
	}
	return zr, nil
}

func utf16LE(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func zipPart(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

func readPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrBadDocument, f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, officeMaxPart+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrBadDocument, f.Name, err)
	}
	if len(b) > officeMaxPart {
		return nil, fmt.Errorf("%w: %s unpacks to more than %d MiB", ErrTooLarge, f.Name, officeMaxPart>>20)
	}
	return b, nil
}

// ---- text layout shared by both formats ----

// docWriter collects a document's paragraphs as text lines: a heading as
// "## Heading" between blank lines, a list item as "• item", a table row
// as one line of its cells (" | " between them; a two-cell row whose
// first cell is a field label as "Label: value"), other paragraphs
// between blank lines.
type docWriter struct {
	out      strings.Builder
	para     strings.Builder
	open     bool // a paragraph is open
	level    int  // heading level of the open paragraph
	list     bool // the open paragraph is a list item
	lastList bool // the last paragraph written was a list item or row
	tables   []*docTable
	// outer holds the paragraphs a paragraph opened inside of (a text box
	// or frame anchored in a paragraph): the inner one is written first.
	outer []docWriterPara
}

type docWriterPara struct {
	text  string
	level int
	list  bool
}

type docTable struct {
	row  []string
	cell strings.Builder
}

func (w *docWriter) startPara(level int, list bool) {
	if w.open && len(w.outer) < 64 {
		w.outer = append(w.outer, docWriterPara{w.para.String(), w.level, w.list})
	}
	w.para.Reset()
	w.open = true
	w.level, w.list = level, list
}

// text adds character data; white space in it is a space.
func (w *docWriter) text(s string) {
	if !w.open || w.para.Len() >= maxLineLen || w.out.Len() > MaxIndexed {
		return
	}
	if strings.ContainsAny(s, "\n\r\t") {
		s = strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == '\t' {
				return ' '
			}
			return r
		}, s)
	}
	w.para.WriteString(s)
}

// lineBreak is a line break inside a paragraph.
func (w *docWriter) lineBreak() {
	if w.open {
		w.para.WriteByte('\n')
	}
}

func (w *docWriter) endPara() {
	raw := w.para.String()
	w.para.Reset()
	w.open = false
	if n := len(w.outer); n > 0 {
		p := w.outer[n-1]
		w.outer = w.outer[:n-1]
		defer func() {
			w.open, w.level, w.list = true, p.level, p.list
			w.para.WriteString(p.text)
		}()
	}
	var lines []string
	for _, l := range strings.Split(raw, "\n") {
		if l = collapse(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return
	}
	t := strings.Join(lines, " ")
	if n := len(w.tables); n > 0 {
		c := &w.tables[n-1].cell
		if c.Len() > 0 {
			c.WriteByte(' ')
		}
		c.WriteString(t)
		return
	}
	switch {
	case w.level > 0:
		w.block(strings.Repeat("#", min(w.level, 6)) + " " + t)
	case w.list:
		if !w.lastList {
			w.out.WriteString("\n")
		}
		w.out.WriteString("• " + t + "\n")
		w.lastList = true
	default:
		w.block(strings.Join(lines, "\n"))
	}
}

func (w *docWriter) block(t string) {
	w.out.WriteString("\n" + t + "\n")
	w.lastList = false
}

func (w *docWriter) startTable() { w.tables = append(w.tables, &docTable{}) }

func (w *docWriter) endCell() {
	if n := len(w.tables); n > 0 {
		t := w.tables[n-1]
		t.row = append(t.row, t.cell.String())
		t.cell.Reset()
	}
}

func (w *docWriter) endRow() {
	n := len(w.tables)
	if n == 0 {
		return
	}
	t := w.tables[n-1]
	var cells []string
	for _, c := range t.row {
		if c = collapse(c); c != "" {
			cells = append(cells, c)
		}
	}
	t.row = t.row[:0]
	if len(cells) == 0 {
		return
	}
	line := strings.Join(cells, " | ")
	if len(cells) == 2 && isLabel(strings.TrimSuffix(cells[0], ":")) {
		line = strings.TrimSuffix(cells[0], ":") + ": " + cells[1]
	}
	if n > 1 {
		// A table inside a cell: its rows go into the outer cell.
		c := &w.tables[n-2].cell
		if c.Len() > 0 {
			c.WriteByte(' ')
		}
		c.WriteString(line)
		return
	}
	if !w.lastList {
		w.out.WriteString("\n")
	}
	w.out.WriteString(line + "\n")
	w.lastList = true
}

func (w *docWriter) endTable() {
	if n := len(w.tables); n > 0 {
		w.tables = w.tables[:n-1]
		if n == 1 {
			w.out.WriteString("\n")
			w.lastList = false
		}
	}
}

// ---- Word ----

// docxStyle is what a paragraph style says about structure.
type docxStyle struct {
	level   int // heading level by the style's name, 0 for none
	outline int // heading level by outline level (inherited), 0 for none
	list    bool
	basedOn string
}

type docxStyles map[string]docxStyle

// readDocxStyles reads word/styles.xml: a paragraph style is a heading
// when its name is "heading N" or "Title" (Word localises the id, e.g.
// "Rubrik1", but not the name) or it has an outline level; a list when it
// carries numbering.
func readDocxStyles(b []byte) docxStyles {
	out := docxStyles{}
	d := xml.NewDecoder(bytes.NewReader(b))
	var id string
	var cur docxStyle
	in := false
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "style":
				in = xmlAttr(t, "type") == "paragraph"
				id, cur = xmlAttr(t, "styleId"), docxStyle{}
			case "name":
				if in {
					cur.level = headingLevelOfName(xmlAttr(t, "val"))
				}
			case "basedOn":
				cur.basedOn = xmlAttr(t, "val")
			case "outlineLvl":
				if n, err := strconv.Atoi(xmlAttr(t, "val")); err == nil && n < 9 {
					cur.outline = n + 1
				}
			case "numPr":
				cur.list = true
			}
		case xml.EndElement:
			if t.Name.Local == "style" && in && id != "" {
				out[id] = cur
				in = false
			}
		}
	}
}

// headingLevelOfName: "heading 2" → 2, "Title" → 1.
func headingLevelOfName(name string) int {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "title" {
		return 1
	}
	if s, ok := strings.CutPrefix(n, "heading "); ok {
		if v, err := strconv.Atoi(s); err == nil && v >= 1 && v <= 9 {
			return v
		}
	}
	return 0
}

// resolve gives a paragraph style's heading level — by its own name, else
// by an outline level it sets or inherits (a Subtitle based on Title is no
// heading) — and whether it or a style it is based on numbers its
// paragraphs.
func (s docxStyles) resolve(id string) (level int, list bool) {
	st, ok := s[id]
	if !ok {
		return headingLevelOfName(id), false // an id without styles.xml
	}
	level = st.level
	for i := 0; i < 16; i++ {
		if level == 0 {
			level = st.outline
		}
		list = list || st.list
		if st, ok = s[st.basedOn]; !ok {
			break
		}
	}
	return level, list
}

func xmlAttr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// xmlHandler receives the elements and text of a part, in order.
type xmlHandler struct {
	start func(xml.StartElement)
	end   func(xml.EndElement)
	text  func(string)
}

// walkXML streams a part's XML to h, leaving out the elements named in
// skip and everything inside them.
func walkXML(b []byte, skip map[string]bool, h xmlHandler) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	depth := 0 // inside a skipped element
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth > 0 || skip[t.Name.Local] {
				depth++
				continue
			}
			h.start(t)
		case xml.EndElement:
			if depth > 0 {
				depth--
				continue
			}
			h.end(t)
		case xml.CharData:
			if depth == 0 {
				h.text(string(t))
			}
		}
	}
}

// docxSkip: deleted text, field codes, the second copy of a text box.
var docxSkip = map[string]bool{"delText": true, "instrText": true, "Fallback": true}

// docxText renders word/document.xml.
func docxText(b []byte, styles docxStyles) (string, error) {
	var w docWriter
	inText := false
	var pStyle string
	var numbered, outline bool
	outlineLvl := 0
	toc := func() bool { return strings.HasPrefix(strings.ToLower(pStyle), "toc") }
	err := walkXML(b, docxSkip, xmlHandler{
		start: func(t xml.StartElement) {
			switch t.Name.Local {
			case "p":
				pStyle, numbered, outline = "", false, false
				w.startPara(0, false)
			case "pStyle":
				pStyle = xmlAttr(t, "val")
			case "numPr":
				numbered = true
			case "outlineLvl":
				if n, err := strconv.Atoi(xmlAttr(t, "val")); err == nil && n < 9 {
					outline, outlineLvl = true, n+1
				}
			case "t":
				inText = true
			case "tab", "ptab":
				w.text(" ")
			case "br", "cr":
				if xmlAttr(t, "type") != "page" && xmlAttr(t, "type") != "column" {
					w.lineBreak()
				}
			case "noBreakHyphen":
				w.text("-")
			case "tbl":
				w.startTable()
			}
		},
		end: func(t xml.EndElement) {
			switch t.Name.Local {
			case "t":
				inText = false
			case "pPr":
				level, list := styles.resolve(pStyle)
				if outline && level == 0 {
					level = outlineLvl
				}
				if toc() {
					level = 0
				}
				w.level, w.list = level, list || numbered
			case "p":
				if toc() {
					w.startPara(0, false) // a table of contents line
				}
				w.endPara()
			case "tc":
				w.endCell()
			case "tr":
				w.endRow()
			case "tbl":
				w.endTable()
			}
		},
		text: func(s string) {
			if inText {
				w.text(s)
			}
		},
	})
	return w.out.String(), err
}

// ---- OpenDocument ----

// odtSkip: notes, comments, generated indexes, tracked changes.
var odtSkip = map[string]bool{
	"note": true, "annotation": true, "table-of-content": true, "alphabetical-index": true,
	"illustration-index": true, "tracked-changes": true, "sequence-decls": true, "bibliography": true,
}

// odtText renders content.xml.
func odtText(b []byte) (string, error) {
	var w docWriter
	parents := map[string]string{} // automatic style → its parent style
	listDepth := 0
	err := walkXML(b, odtSkip, xmlHandler{
		start: func(t xml.StartElement) {
			switch t.Name.Local {
			case "style":
				if name, p := xmlAttr(t, "name"), xmlAttr(t, "parent-style-name"); name != "" && p != "" {
					parents[name] = p
				}
			case "h", "p":
				level := 0
				if t.Name.Local == "h" {
					level = 1
					if n, err := strconv.Atoi(xmlAttr(t, "outline-level")); err == nil && n >= 1 {
						level = n
					}
				} else if odtStyleIsTitle(xmlAttr(t, "style-name"), parents) {
					level = 1
				}
				w.startPara(level, listDepth > 0 && level == 0)
			case "s":
				n, err := strconv.Atoi(xmlAttr(t, "c"))
				if err != nil || n < 1 {
					n = 1
				}
				w.text(strings.Repeat(" ", min(n, 100)))
			case "tab":
				w.text(" ")
			case "line-break":
				w.lineBreak()
			case "list":
				listDepth++
			case "table":
				w.startTable()
			}
		},
		end: func(t xml.EndElement) {
			switch t.Name.Local {
			case "h", "p":
				w.endPara()
			case "list":
				listDepth--
			case "table-cell":
				w.endCell()
			case "table-row":
				w.endRow()
			case "table":
				w.endTable()
			}
		},
		text: w.text,
	})
	return w.out.String(), err
}

// odtStyleIsTitle reports whether a paragraph style is, or derives from,
// the Title style.
func odtStyleIsTitle(name string, parents map[string]string) bool {
	for i := 0; i < 16 && name != ""; i++ {
		if name == "Title" {
			return true
		}
		name = parents[name]
	}
	return false
}
