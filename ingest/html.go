package ingest

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxHTMLDepth bounds how deep the renderer descends into nested elements;
// content below it is ignored (browsers stop at a few hundred too).
const maxHTMLDepth = 256

// parseHTML reads a saved web page: a project-bank page when its visible
// text carries the labelled fields, else a report. Only visible content is
// read: script, style, template, navigation, header, footer, cookie and
// consent banners, dialogs, hidden and aria-hidden elements are skipped.
// When the page has a <main> (or role="main") element, only it is read.
func parseHTML(page string) (Record, error) {
	lines, err := renderHTML(page)
	if err != nil {
		return Record{}, err
	}
	text := strings.Join(lines, "\n")
	if strings.TrimSpace(text) == "" {
		return Record{}, fmt.Errorf("%w: the page shows no text", ErrNoText)
	}
	text, rest, all := capText(text)
	rec, err := parseLines(splitLines(text), structuredText)
	if err == nil && (rest != "" || !all) {
		rec.Rest = rest
		noteTruncated(&rec, all)
	}
	return rec, err
}

// renderHTML turns a page's main content (<main> when there is one) into
// the lines of structured text that parseLines reads.
func renderHTML(page string) ([]string, error) {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return nil, err
	}
	root := findMain(doc, 0)
	if root == nil {
		root = doc
	}
	var r htmlRenderer
	r.walk(root, 0)
	r.endBlock()
	return mergeLabelLines(r.lines), nil
}

// findMain returns the first visible <main> or role="main" element.
func findMain(n *html.Node, depth int) *html.Node {
	if depth > maxHTMLDepth || (n.Type == html.ElementNode && skipElement(n)) {
		return nil
	}
	if n.Type == html.ElementNode && (n.DataAtom == atom.Main || attr(n, "role") == "main") {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if m := findMain(c, depth+1); m != nil {
			return m
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// furnitureWords in an element's id or class mark it as page furniture.
var furnitureWords = []string{"cookie", "consent", "gdpr", "skip-link", "skiplink", "breadcrumb", "share", "social", "print-logo", "sr-only", "visually-hidden"}

// skipElement reports whether an element and everything in it is not
// indexed content.
func skipElement(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Nav, atom.Header, atom.Footer,
		atom.Head, atom.Iframe, atom.Svg, atom.Canvas, atom.Button, atom.Select, atom.Textarea,
		atom.Input, atom.Form, atom.Dialog, atom.Object, atom.Embed, atom.Audio, atom.Video, atom.Img:
		return true
	}
	if n.Data == "svg" || n.Data == "math" {
		return true
	}
	if attr(n, "aria-hidden") == "true" || hasAttr(n, "hidden") {
		return true
	}
	switch attr(n, "role") {
	case "navigation", "banner", "contentinfo", "dialog", "alertdialog", "search":
		return true
	}
	style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	if strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") {
		return true
	}
	idc := strings.ToLower(attr(n, "id") + " " + attr(n, "class"))
	for _, w := range furnitureWords {
		if strings.Contains(idc, w) {
			return true
		}
	}
	return false
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// htmlRenderer turns the visible element tree into text lines: block
// elements start new lines, paragraphs and headings are separated by blank
// lines, headings are written as Markdown ("## Bakgrund"), list items as
// "• item", and definition-list terms are joined to their descriptions
// ("Projektägare: X").
type htmlRenderer struct {
	lines []string
	cur   strings.Builder
	inPre int
}

func (r *htmlRenderer) endLine() {
	l := r.cur.String()
	r.cur.Reset()
	if r.inPre == 0 {
		l = collapse(l)
	}
	if strings.TrimSpace(l) != "" {
		r.lines = append(r.lines, l)
	}
}

// endBlock ends the current line and leaves one blank line.
func (r *htmlRenderer) endBlock() {
	r.endLine()
	if n := len(r.lines); n > 0 && r.lines[n-1] != "" {
		r.lines = append(r.lines, "")
	}
}

func (r *htmlRenderer) text(s string) {
	if r.cur.Len() > maxLineLen {
		return
	}
	if r.inPre > 0 {
		parts := strings.Split(s, "\n")
		for i, p := range parts {
			if i > 0 {
				r.endLine()
			}
			r.cur.WriteString(p)
		}
		return
	}
	r.cur.WriteString(s)
}

func (r *htmlRenderer) walk(n *html.Node, depth int) {
	if depth > maxHTMLDepth {
		return
	}
	switch n.Type {
	case html.TextNode:
		r.text(n.Data)
		return
	case html.ElementNode:
		if skipElement(n) {
			return
		}
	case html.DocumentNode:
	default:
		return
	}
	children := func() {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			r.walk(c, depth+1)
		}
	}
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		r.endBlock()
		level := int(n.Data[1] - '0')
		r.cur.WriteString(strings.Repeat("#", level) + " ")
		children()
		if strings.TrimSpace(strings.TrimLeft(r.cur.String(), "# ")) == "" {
			r.cur.Reset()
		}
		r.endBlock()
	case atom.Li:
		r.endLine()
		r.cur.WriteString("• ")
		children()
		if strings.TrimSpace(r.cur.String()) == "•" {
			r.cur.Reset()
		}
		r.endLine()
	case atom.Dt:
		r.endLine()
		children()
		r.cur.WriteString(": ")
	case atom.Dd:
		children()
		r.endLine()
	case atom.Br:
		r.endLine()
	case atom.Pre:
		r.endBlock()
		r.inPre++
		children()
		r.endLine() // the last line of the block keeps its spaces too
		r.inPre--
		r.endBlock()
	case atom.P, atom.Blockquote, atom.Figure, atom.Table, atom.Ul, atom.Ol, atom.Dl, atom.Section, atom.Article, atom.Aside, atom.Main, atom.Hr:
		r.endBlock()
		children()
		r.endBlock()
	case atom.Tr:
		r.endLine()
		children()
		r.endLine()
	case atom.Td, atom.Th:
		if r.cur.Len() > 0 {
			r.cur.WriteString(": ")
		}
		children()
	case atom.Div, atom.Address, atom.Figcaption, atom.Caption, atom.Summary, atom.Details, atom.Body, atom.Html:
		r.endLine()
		children()
		r.endLine()
	default:
		if n.Type == html.ElementNode && !inlineAtoms[n.DataAtom] {
			r.endLine()
			children()
			r.endLine()
			return
		}
		children()
	}
}

var inlineAtoms = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true, atom.Cite: true,
	atom.Code: true, atom.Data: true, atom.Dfn: true, atom.Em: true, atom.I: true, atom.Kbd: true,
	atom.Mark: true, atom.Q: true, atom.S: true, atom.Samp: true, atom.Small: true, atom.Span: true,
	atom.Strong: true, atom.Sub: true, atom.Sup: true, atom.Time: true, atom.U: true, atom.Var: true,
	atom.Wbr: true, atom.Label: true, atom.Font: true, atom.Del: true, atom.Ins: true,
}

// mergeLabelLines joins a line that is only a field label ("Projektägare"
// or "Projektägare:") with the following value line, as pages that lay out
// fields in separate elements produce.
func mergeLabelLines(lines []string) []string {
	out := make([]string, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSuffix(strings.TrimSpace(lines[i]), ":")
		if isLabel(l) && i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
			out = append(out, l+": "+strings.TrimSpace(lines[i+1]))
			i++
			continue
		}
		out = append(out, lines[i])
	}
	return out
}

func isLabel(s string) bool {
	for _, lab := range pageLabels {
		if strings.EqualFold(s, lab) {
			return true
		}
	}
	return false
}
