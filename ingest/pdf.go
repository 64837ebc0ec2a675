package ingest

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ErrBadPDF: the file is not a PDF this package can read (not a PDF,
// damaged beyond recovery, or encrypted).
var ErrBadPDF = errors.New("unreadable PDF")

// PDFToText, when set to the path or name of Poppler's pdftotext, makes
// Parse extract PDF text with it when it is installed; if it is missing or
// fails, the built-in pure-Go extractor is used. The default, empty, always
// uses the built-in extractor.
var PDFToText = ""

// Limits of the built-in extractor, so that hostile files stay cheap.
const (
	pdfMaxObjects     = 200000
	pdfMaxStreamBytes = 32 << 20           // per decoded stream
	pdfMaxTextBytes   = MaxIndexed + 1<<16 // extracted text in total
	pdfMaxPages       = 5000
)

// parsePDF extracts a PDF's text and parses it like a text file.
func parsePDF(data []byte) (Record, error) {
	text, err := pdfText(data)
	if err != nil {
		return Record{}, err
	}
	if strings.TrimSpace(text) == "" {
		return Record{}, fmt.Errorf("%w: no text layer — scanned? (the PDF holds only images; it needs OCR)", ErrNoText)
	}
	return parseText(text, plainText)
}

func pdfText(data []byte) (string, error) {
	if PDFToText != "" {
		if t, err := runPDFToText(PDFToText, data); err == nil && strings.TrimSpace(t) != "" {
			return t, nil
		}
	}
	return ExtractPDFText(data)
}

func runPDFToText(bin string, data []byte) (string, error) {
	path, err := exec.LookPath(bin)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(data)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return "", err
	}
	text, _ := decodeText(out.Bytes())
	return text, nil
}

// ExtractPDFText returns the text of a PDF, page by page, with line breaks
// where the text moves to a new line and blank lines at larger vertical
// gaps. It reads classic and compressed (object stream) files, Flate,
// ASCIIHex and ASCII85 streams, simple fonts with standard encodings and
// /Differences, and Type0 fonts through their ToUnicode maps. Errors wrap
// ErrBadPDF; a PDF without a text layer returns "" and no error.
func ExtractPDFText(data []byte) (text string, err error) {
	if !bytes.HasPrefix(bytes.TrimLeft(data[:min(len(data), 1024)], "\x00\t\r\n "), []byte("%PDF-")) {
		return "", fmt.Errorf("%w: no %%PDF header", ErrBadPDF)
	}
	p := &pdfFile{data: data, objs: map[int]pdfObj{}}
	if err := p.load(); err != nil {
		return "", err
	}
	pages := p.pages()
	if len(pages) == 0 {
		return "", fmt.Errorf("%w: no pages found", ErrBadPDF)
	}
	var all [][]*pdfRow
	var heights []float64
	size := 0
	for _, pg := range pages {
		glyphs := p.pageGlyphs(pg)
		all = append(all, rows(words(glyphs)))
		heights = append(heights, p.pageHeight(pg))
		for _, g := range glyphs {
			size += len(g.text)
		}
		if size > pdfMaxTextBytes {
			break
		}
	}
	all = dropFurniture(all, heights)
	lines := make([][]pdfLine, len(all))
	for i, rs := range all {
		lines[i] = layout(rs)
	}
	var out strings.Builder
	writeLines(lines, &out)
	return out.String(), nil
}

// pageGlyphs interprets a page's content streams.
func (p *pdfFile) pageGlyphs(page pdfDict) []pdfGlyph {
	var content []byte
	switch c := p.resolve(page["Contents"]).(type) {
	case pdfStream:
		content, _ = p.decode(c)
	case []any:
		for _, x := range c {
			if s, ok := p.resolve(x).(pdfStream); ok {
				if d, err := p.decode(s); err == nil {
					content = append(content, d...)
					content = append(content, '\n')
				}
			}
		}
	}
	if len(content) == 0 {
		return nil
	}
	gi := glyphInterp{p: p}
	gi.run(content, p.dict(p.inherited(page, "Resources")), identity, 0)
	return gi.glyphs
}

// pageHeight is the top of the page's media box (792, US Letter, when
// it has none).
func (p *pdfFile) pageHeight(page pdfDict) float64 {
	box := p.array(p.inherited(page, "MediaBox"))
	if len(box) == 4 {
		if h := p.number(box[3]); h > 0 {
			return h
		}
	}
	return 792
}

// ---- objects ----

type pdfName string

type pdfRef struct{ num, gen int }

type pdfDict map[string]any

type pdfStream struct {
	dict pdfDict
	raw  []byte
}

type pdfObj struct {
	v   any
	gen int
}

type pdfFile struct {
	data    []byte
	objs    map[int]pdfObj
	trailer pdfDict
}

var objHeaderRe = regexp.MustCompile(`(\d{1,10})\s+(\d{1,5})\s+obj\b`)

// load finds every "n g obj" in the file (ignoring the xref table, so
// damaged offsets do not matter), then unpacks object streams.
func (p *pdfFile) load() error {
	locs := objHeaderRe.FindAllSubmatchIndex(p.data, pdfMaxObjects)
	for _, loc := range locs {
		num, err := strconv.Atoi(string(p.data[loc[2]:loc[3]]))
		if err != nil {
			continue
		}
		lx := &pdfLexer{b: p.data, pos: loc[1]}
		v, ok := lx.object(0)
		if !ok {
			continue
		}
		if d, isDict := v.(pdfDict); isDict {
			if s, isStream := lx.stream(d, p); isStream {
				v = s
			}
		}
		gen, _ := strconv.Atoi(string(p.data[loc[4]:loc[5]]))
		p.objs[num] = pdfObj{v, gen} // later definitions (incremental updates) win
	}
	for _, m := range regexp.MustCompile(`trailer\s*<<`).FindAllIndex(p.data, 100) {
		lx := &pdfLexer{b: p.data, pos: m[1] - 2}
		if v, ok := lx.object(0); ok {
			if d, ok := v.(pdfDict); ok {
				if p.trailer == nil {
					p.trailer = pdfDict{}
				}
				for k, x := range d {
					p.trailer[k] = x
				}
			}
		}
	}
	// cross-reference streams carry the trailer of compressed files
	for _, o := range p.objs {
		s, ok := o.v.(pdfStream)
		if !ok || p.name(s.dict["Type"]) != "XRef" {
			continue
		}
		if p.trailer == nil {
			p.trailer = pdfDict{}
		}
		for _, k := range []string{"Root", "Encrypt", "ID"} {
			if v, ok := s.dict[k]; ok {
				p.trailer[k] = v
			}
		}
	}
	if p.trailer != nil && p.trailer["Encrypt"] != nil {
		if err := p.decryptAll(); err != nil {
			return err
		}
	}
	for _, o := range p.objs {
		if s, ok := o.v.(pdfStream); ok && p.name(s.dict["Type"]) == "ObjStm" {
			p.unpackObjStm(s)
		}
	}
	if len(p.objs) == 0 {
		return fmt.Errorf("%w: no objects found", ErrBadPDF)
	}
	return nil
}

// decryptAll decrypts every object read from the file (objects inside
// object streams are decrypted with their stream), or says why it
// cannot.
func (p *pdfFile) decryptAll() error {
	encNum := -1
	if r, ok := p.trailer["Encrypt"].(pdfRef); ok {
		encNum = r.num
	}
	enc := p.dict(p.trailer["Encrypt"])
	if enc == nil {
		return fmt.Errorf("%w: encryption dictionary missing", ErrBadPDF)
	}
	c, err := p.newCrypt(enc)
	if err != nil {
		return err
	}
	for num, o := range p.objs {
		if num == encNum {
			continue
		}
		p.objs[num] = pdfObj{c.decryptObject(o.v, num, o.gen, p, 0), o.gen}
	}
	return nil
}

func (p *pdfFile) unpackObjStm(s pdfStream) {
	data, err := p.decode(s)
	if err != nil {
		return
	}
	n, _ := p.resolve(s.dict["N"]).(int)
	first, _ := p.resolve(s.dict["First"]).(int)
	if n <= 0 || n > pdfMaxObjects || first <= 0 || first > len(data) {
		return
	}
	lx := &pdfLexer{b: data[:first]}
	type entry struct{ num, off int }
	var entries []entry
	for i := 0; i < n; i++ {
		a, ok1 := lx.object(0)
		b, ok2 := lx.object(0)
		an, _ := a.(int)
		bn, _ := b.(int)
		if !ok1 || !ok2 {
			break
		}
		entries = append(entries, entry{an, bn})
	}
	for _, e := range entries {
		if e.off < 0 || first+e.off >= len(data) {
			continue
		}
		if _, exists := p.objs[e.num]; exists {
			continue
		}
		olx := &pdfLexer{b: data, pos: first + e.off}
		if v, ok := olx.object(0); ok {
			p.objs[e.num] = pdfObj{v: v}
		}
	}
}

// resolve follows indirect references (a bounded number of hops).
func (p *pdfFile) resolve(v any) any {
	for i := 0; i < 32; i++ {
		r, ok := v.(pdfRef)
		if !ok {
			return v
		}
		o, ok := p.objs[r.num]
		if !ok {
			return nil
		}
		v = o.v
	}
	return nil
}

func (p *pdfFile) dict(v any) pdfDict {
	switch x := p.resolve(v).(type) {
	case pdfDict:
		return x
	case pdfStream:
		return x.dict
	}
	return nil
}

func (p *pdfFile) name(v any) string {
	n, _ := p.resolve(v).(pdfName)
	return string(n)
}

func (p *pdfFile) array(v any) []any {
	a, _ := p.resolve(v).([]any)
	return a
}

func (p *pdfFile) number(v any) float64 {
	switch x := p.resolve(v).(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

// pages returns the page dictionaries in page-tree order, falling back to
// every /Type /Page object when the tree is missing.
func (p *pdfFile) pages() []pdfDict {
	var out []pdfDict
	seen := map[any]bool{}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 64 || len(out) >= pdfMaxPages {
			return
		}
		if r, ok := v.(pdfRef); ok {
			if seen[r] {
				return
			}
			seen[r] = true
		}
		d := p.dict(v)
		if d == nil {
			return
		}
		switch p.name(d["Type"]) {
		case "Pages":
			for _, k := range p.array(d["Kids"]) {
				walk(k, depth+1)
			}
		case "Page":
			out = append(out, d)
		default:
			if _, ok := d["Kids"]; ok {
				for _, k := range p.array(d["Kids"]) {
					walk(k, depth+1)
				}
			} else if _, ok := d["Contents"]; ok {
				out = append(out, d)
			}
		}
	}
	if root := p.dict(p.trailer["Root"]); root != nil {
		walk(root["Pages"], 0)
	}
	if len(out) == 0 {
		nums := make([]int, 0, len(p.objs))
		for n := range p.objs {
			nums = append(nums, n)
		}
		sortInts(nums)
		for _, n := range nums {
			if d := p.dict(p.objs[n].v); d != nil && p.name(d["Type"]) == "Page" {
				out = append(out, d)
				if len(out) >= pdfMaxPages {
					break
				}
			}
		}
	}
	return out
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// inherited looks a page attribute up the /Parent chain.
func (p *pdfFile) inherited(page pdfDict, key string) any {
	d := page
	for i := 0; i < 32 && d != nil; i++ {
		if v, ok := d[key]; ok {
			return v
		}
		d = p.dict(d["Parent"])
	}
	return nil
}

// decode applies a stream's filters.
func (p *pdfFile) decode(s pdfStream) ([]byte, error) {
	data := s.raw
	var filters []string
	switch f := p.resolve(s.dict["Filter"]).(type) {
	case pdfName:
		filters = []string{string(f)}
	case []any:
		for _, x := range f {
			filters = append(filters, p.name(x))
		}
	}
	for _, f := range filters {
		switch f {
		case "FlateDecode", "Fl":
			out, err := inflate(data)
			if err != nil {
				return nil, err
			}
			data = out
		case "ASCIIHexDecode", "AHx":
			data = asciiHex(data)
		case "ASCII85Decode", "A85":
			data = ascii85(data)
		default:
			return nil, fmt.Errorf("unsupported filter %s", f)
		}
	}
	return data, nil
}

// inflate decompresses zlib data, keeping what was readable from a
// truncated or damaged stream.
func inflate(data []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, pdfMaxStreamBytes))
	if len(out) > 0 {
		return out, nil
	}
	return nil, err
}

func asciiHex(data []byte) []byte {
	var digits []byte
	for _, c := range data {
		if c == '>' {
			break
		}
		if isHex(c) {
			digits = append(digits, c)
		}
	}
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	out := make([]byte, len(digits)/2)
	_, _ = hex.Decode(out, digits)
	return out
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func ascii85(data []byte) []byte {
	var out []byte
	var group [5]byte
	n := 0
	for _, c := range data {
		if c == '~' {
			break
		}
		if c == 'z' && n == 0 {
			out = append(out, 0, 0, 0, 0)
			continue
		}
		if c < '!' || c > 'u' {
			continue
		}
		group[n] = c - '!'
		n++
		if n == 5 {
			v := uint32(0)
			for _, g := range group {
				v = v*85 + uint32(g)
			}
			out = append(out, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
			n = 0
		}
	}
	if n > 1 {
		for i := n; i < 5; i++ {
			group[i] = 84
		}
		v := uint32(0)
		for _, g := range group {
			v = v*85 + uint32(g)
		}
		b := []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
		out = append(out, b[:n-1]...)
	}
	return out
}

// ---- lexer ----

type pdfLexer struct {
	b   []byte
	pos int
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool {
	return strings.IndexByte("()<>[]{}/%", c) >= 0
}

func (l *pdfLexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if isPDFSpace(c) {
			l.pos++
			continue
		}
		if c == '%' {
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
			continue
		}
		return
	}
}

// keyword is a bare word (operator, true/false/null, R, obj, stream).
type keyword string

// token reads one token: number, name, string, keyword, or a delimiter
// ("[", "]", "<<", ">>").
func (l *pdfLexer) token() (any, bool) {
	l.skipSpace()
	if l.pos >= len(l.b) {
		return nil, false
	}
	c := l.b[l.pos]
	switch {
	case c == '/':
		l.pos++
		start := l.pos
		for l.pos < len(l.b) && !isPDFSpace(l.b[l.pos]) && !isPDFDelim(l.b[l.pos]) {
			l.pos++
		}
		return pdfName(unescapeName(l.b[start:l.pos])), true
	case c == '(':
		return l.literalString(), true
	case c == '<':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '<' {
			l.pos += 2
			return keyword("<<"), true
		}
		l.pos++
		start := l.pos
		for l.pos < len(l.b) && l.b[l.pos] != '>' {
			l.pos++
		}
		s := asciiHex(l.b[start:l.pos])
		l.pos++
		return s, true
	case c == '>':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '>' {
			l.pos += 2
			return keyword(">>"), true
		}
		l.pos++
		return keyword(">"), true
	case c == '[' || c == ']' || c == '{' || c == '}' || c == ')':
		l.pos++
		return keyword(string(c)), true
	}
	start := l.pos
	for l.pos < len(l.b) && !isPDFSpace(l.b[l.pos]) && !isPDFDelim(l.b[l.pos]) {
		l.pos++
	}
	w := string(l.b[start:l.pos])
	if w == "" {
		l.pos++
		return keyword(string(c)), true
	}
	if n, err := strconv.Atoi(w); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(w, 64); err == nil && (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
		return f, true
	}
	return keyword(w), true
}

func unescapeName(b []byte) string {
	if bytes.IndexByte(b, '#') < 0 {
		return string(b)
	}
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]) {
			v, _ := strconv.ParseUint(string(b[i+1:i+3]), 16, 8)
			out = append(out, byte(v))
			i += 2
			continue
		}
		out = append(out, b[i])
	}
	return string(out)
}

func (l *pdfLexer) literalString() []byte {
	l.pos++ // (
	depth := 1
	var out []byte
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out
			}
		case '\\':
			if l.pos >= len(l.b) {
				return out
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
			case '\n':
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					out = append(out, byte(v))
				} else {
					out = append(out, e)
				}
			}
			continue
		}
		out = append(out, c)
	}
	return out
}

// object reads one PDF object, resolving "n g R" into a pdfRef.
func (l *pdfLexer) object(depth int) (any, bool) {
	if depth > 64 {
		return nil, false
	}
	t, ok := l.token()
	if !ok {
		return nil, false
	}
	switch x := t.(type) {
	case keyword:
		switch x {
		case "<<":
			d := pdfDict{}
			for n := 0; n < 100000; n++ {
				save := l.pos
				k, ok := l.token()
				if !ok {
					return d, true
				}
				if k == keyword(">>") {
					return d, true
				}
				name, isName := k.(pdfName)
				if !isName {
					l.pos = save
					if _, ok := l.object(depth + 1); !ok {
						return d, true
					}
					continue
				}
				v, ok := l.object(depth + 1)
				if !ok {
					return d, true
				}
				if v == keyword(">>") {
					return d, true
				}
				d[string(name)] = v
			}
			return d, true
		case "[":
			var a []any
			for n := 0; n < 1000000; n++ {
				save := l.pos
				t, ok := l.token()
				if !ok || t == keyword("]") {
					return a, true
				}
				l.pos = save
				v, ok := l.object(depth + 1)
				if !ok {
					return a, true
				}
				a = append(a, v)
			}
			return a, true
		case "true":
			return true, true
		case "false":
			return false, true
		case "null":
			return nil, true
		}
		return x, true
	case int:
		// "n g R"?
		save := l.pos
		g, ok1 := l.token()
		r, ok2 := l.token()
		if gi, isInt := g.(int); ok1 && ok2 && isInt && r == keyword("R") {
			return pdfRef{x, gi}, true
		}
		l.pos = save
		return x, true
	}
	return t, true
}

// stream reads the stream data following a dictionary, if any.
func (l *pdfLexer) stream(d pdfDict, p *pdfFile) (pdfStream, bool) {
	save := l.pos
	t, ok := l.token()
	if !ok || t != keyword("stream") {
		l.pos = save
		return pdfStream{}, false
	}
	if l.pos < len(l.b) && l.b[l.pos] == '\r' {
		l.pos++
	}
	if l.pos < len(l.b) && l.b[l.pos] == '\n' {
		l.pos++
	}
	start := l.pos
	if n, ok := d["Length"].(int); ok && n >= 0 && start+n <= len(l.b) {
		rest := l.b[start+n:]
		trim := bytes.TrimLeft(rest, "\r\n \t")
		if bytes.HasPrefix(trim, []byte("endstream")) {
			l.pos = start + n
			return pdfStream{dict: d, raw: l.b[start : start+n]}, true
		}
	}
	end := bytes.Index(l.b[start:], []byte("endstream"))
	if end < 0 {
		end = len(l.b) - start
	}
	raw := bytes.TrimRight(l.b[start:start+end], "\r\n")
	l.pos = start + end
	return pdfStream{dict: d, raw: raw}, true
}
