package ingest

import (
	"bytes"
	"math"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// pdfFont maps a font's character codes to text.
type pdfFont struct {
	twoByte bool           // Type0 font: codes are two bytes
	toUni   map[int]string // from the ToUnicode CMap
	enc     map[byte]rune  // simple font encoding (with /Differences)
}

func (f *pdfFont) decode(s []byte) string {
	var b strings.Builder
	if f == nil {
		f = &pdfFont{}
	}
	if f.twoByte {
		for i := 0; i+1 < len(s); i += 2 {
			code := int(s[i])<<8 | int(s[i+1])
			if u, ok := f.toUni[code]; ok {
				b.WriteString(u)
			}
		}
		return b.String()
	}
	for _, c := range s {
		if u, ok := f.toUni[int(c)]; ok {
			b.WriteString(u)
			continue
		}
		if r, ok := f.enc[c]; ok {
			b.WriteRune(r)
			continue
		}
		if c >= 0x80 && c <= 0x9f {
			if r := charmap.Windows1252.DecodeByte(c); r != utf8.RuneError {
				b.WriteRune(r)
			}
			continue
		}
		if c >= 0x20 && c != 0x7f && (c < 0x80 || c >= 0xa0) {
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}

// font builds the decoder of a font dictionary.
func (p *pdfFile) font(v any) *pdfFont {
	d := p.dict(v)
	f := &pdfFont{}
	if d == nil {
		return f
	}
	if p.name(d["Subtype"]) == "Type0" {
		f.twoByte = true
	}
	if s, ok := p.resolve(d["ToUnicode"]).(pdfStream); ok {
		if data, err := p.decode(s); err == nil {
			f.toUni = parseCMap(data)
		}
	}
	switch e := p.resolve(d["Encoding"]).(type) {
	case pdfName:
		f.enc = baseEncoding(string(e))
	case pdfDict:
		f.enc = baseEncoding(p.name(e["BaseEncoding"]))
		code := 0
		for _, x := range p.array(e["Differences"]) {
			switch y := p.resolve(x).(type) {
			case int:
				code = y
			case pdfName:
				if r, ok := glyphRune(string(y)); ok && code >= 0 && code < 256 {
					if f.enc == nil {
						f.enc = map[byte]rune{}
					}
					f.enc[byte(code)] = r
				}
				code++
			}
		}
	}
	return f
}

// baseEncoding returns the differences of a named encoding from
// Windows-1252 (which decode falls back to).
func baseEncoding(name string) map[byte]rune {
	if name != "MacRomanEncoding" {
		return nil
	}
	return map[byte]rune{
		0x80: 'Ä', 0x81: 'Å', 0x82: 'Ç', 0x83: 'É', 0x84: 'Ñ', 0x85: 'Ö', 0x86: 'Ü', 0x87: 'á',
		0x88: 'à', 0x89: 'â', 0x8a: 'ä', 0x8b: 'ã', 0x8c: 'å', 0x8d: 'ç', 0x8e: 'é', 0x8f: 'è',
		0x90: 'ê', 0x91: 'ë', 0x92: 'í', 0x93: 'ì', 0x94: 'î', 0x95: 'ï', 0x96: 'ñ', 0x97: 'ó',
		0x98: 'ò', 0x99: 'ô', 0x9a: 'ö', 0x9b: 'õ', 0x9c: 'ú', 0x9d: 'ù', 0x9e: 'û', 0x9f: 'ü',
		0xa5: '•', 0xd0: '–', 0xd1: '—', 0xd2: '“', 0xd3: '”', 0xd4: '‘', 0xd5: '’',
	}
}

// glyphNames covers the glyph names Swedish text needs beyond ASCII.
var glyphNames = map[string]rune{
	"aring": 'å', "Aring": 'Å', "adieresis": 'ä', "Adieresis": 'Ä', "odieresis": 'ö', "Odieresis": 'Ö',
	"eacute": 'é', "Eacute": 'É', "egrave": 'è', "udieresis": 'ü', "Udieresis": 'Ü', "oslash": 'ø',
	"Oslash": 'Ø', "ae": 'æ', "AE": 'Æ', "endash": '–', "emdash": '—', "quoteright": '’',
	"quoteleft": '‘', "quotedblleft": '“', "quotedblright": '”', "bullet": '•', "space": ' ',
	"hyphen": '-', "period": '.', "comma": ',', "colon": ':', "semicolon": ';', "parenleft": '(',
	"parenright": ')', "slash": '/', "percent": '%', "ampersand": '&', "at": '@', "section": '§',
	"quotesingle": '\'', "quotedbl": '"', "exclam": '!', "question": '?', "nbspace": ' ', "ellipsis": '…',
	"zero": '0', "one": '1', "two": '2', "three": '3', "four": '4', "five": '5', "six": '6',
	"seven": '7', "eight": '8', "nine": '9', "fi": 'ﬁ', "fl": 'ﬂ',
}

func glyphRune(name string) (rune, bool) {
	if r, ok := glyphNames[name]; ok {
		return r, true
	}
	if len(name) == 1 && name[0] < 0x80 {
		return rune(name[0]), true
	}
	if strings.HasPrefix(name, "uni") && len(name) == 7 {
		if u, ok := parseHexInt(name[3:]); ok {
			return rune(u), true
		}
	}
	return 0, false
}

func parseHexInt(s string) (int, bool) {
	if s == "" || len(s) > 8 {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var d int
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case c >= 'a' && c <= 'f':
			d = int(c-'a') + 10
		case c >= 'A' && c <= 'F':
			d = int(c-'A') + 10
		default:
			return 0, false
		}
		v = v*16 + d
	}
	return v, true
}

// parseCMap reads bfchar and bfrange entries of a ToUnicode CMap.
func parseCMap(data []byte) map[int]string {
	m := map[int]string{}
	lx := &pdfLexer{b: data}
	var stack []any
	for n := 0; n < 1<<20; n++ {
		t, ok := lx.object(0)
		if !ok {
			break
		}
		switch t {
		case keyword("endbfchar"):
			for i := 0; i+1 < len(stack); i += 2 {
				src, ok1 := stack[i].([]byte)
				dst, ok2 := stack[i+1].([]byte)
				if ok1 && ok2 {
					m[bytesInt(src)] = utf16BE(dst)
				}
			}
			stack = stack[:0]
		case keyword("endbfrange"):
			for i := 0; i+2 < len(stack); i += 3 {
				lo, ok1 := stack[i].([]byte)
				hi, ok2 := stack[i+1].([]byte)
				if !ok1 || !ok2 {
					continue
				}
				a, b := bytesInt(lo), bytesInt(hi)
				if b < a || b-a > 65535 {
					continue
				}
				switch dst := stack[i+2].(type) {
				case []byte:
					base := []rune(utf16BE(dst))
					if len(base) == 0 {
						continue
					}
					for c := a; c <= b; c++ {
						r := append([]rune(nil), base...)
						r[len(r)-1] += rune(c - a)
						m[c] = string(r)
					}
				case []any:
					for k, x := range dst {
						if s, ok := x.([]byte); ok && a+k <= b {
							m[a+k] = utf16BE(s)
						}
					}
				}
			}
			stack = stack[:0]
		case keyword("beginbfchar"), keyword("beginbfrange"):
			stack = stack[:0]
		default:
			if len(stack) < 1<<16 {
				stack = append(stack, t)
			}
		}
	}
	return m
}

func bytesInt(b []byte) int {
	v := 0
	for _, c := range b[:min(len(b), 4)] {
		v = v<<8 | int(c)
	}
	return v
}

func utf16BE(b []byte) string {
	if len(b)%2 == 1 {
		b = append(b, 0)
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	s := string(utf16.Decode(u))
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || r == 0 {
			return -1
		}
		return r
	}, s)
}

// ---- content streams ----

// pageText interprets a page's content streams and writes its text.
func (p *pdfFile) pageText(page pdfDict, out *strings.Builder) {
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
		return
	}
	fonts := map[string]*pdfFont{}
	fontDict := p.dict(p.dict(p.inherited(page, "Resources"))["Font"])
	getFont := func(name string) *pdfFont {
		if f, ok := fonts[name]; ok {
			return f
		}
		f := p.font(fontDict[name])
		fonts[name] = f
		return f
	}
	ti := textInterp{out: out}
	ti.run(content, getFont)
}

// textInterp follows the text state of a content stream.
type textInterp struct {
	out         *strings.Builder
	font        *pdfFont
	size        float64
	leading     float64
	x, y        float64 // start of the current line (text line matrix)
	scale       float64 // vertical scale of Tm
	lineHasText bool
	endsSpace   bool // the last character written is a space
}

func (t *textInterp) run(content []byte, getFont func(string) *pdfFont) {
	lx := &pdfLexer{b: content}
	var ops []any
	t.scale = 1
	for n := 0; n < 50_000_000 && t.out.Len() <= pdfMaxTextBytes; n++ {
		tok, ok := lx.object(0)
		if !ok {
			return
		}
		kw, isKw := tok.(keyword)
		if !isKw || kw == "[" || kw == "<<" {
			if len(ops) < 64 {
				ops = append(ops, tok)
			}
			continue
		}
		num := func(i int) float64 {
			if i < 0 || i >= len(ops) {
				return 0
			}
			switch v := ops[i].(type) {
			case int:
				return float64(v)
			case float64:
				return v
			}
			return 0
		}
		last := len(ops) - 1
		switch kw {
		case "BI":
			// inline image: skip to EI
			if i := bytes.Index(content[lx.pos:], []byte("EI")); i >= 0 {
				lx.pos += i + 2
			} else {
				return
			}
		case "BT":
			t.x, t.y, t.scale = 0, 0, 1
		case "Tf":
			if last >= 1 {
				if name, ok := ops[last-1].(pdfName); ok {
					t.font = getFont(string(name))
				}
				t.size = num(last)
			}
		case "TL":
			t.leading = num(last)
		case "Td":
			t.moveTo(t.x+num(last-1), t.y+num(last))
		case "TD":
			t.leading = -num(last)
			t.moveTo(t.x+num(last-1), t.y+num(last))
		case "Tm":
			if last >= 5 {
				t.scale = math.Abs(num(last - 2))
				if t.scale == 0 {
					t.scale = 1
				}
				t.moveTo(num(last-1), num(last))
			}
		case "T*":
			t.moveTo(t.x, t.y-t.leadingOrSize())
		case "Tj":
			if last >= 0 {
				t.show(ops[last])
			}
		case "'":
			t.moveTo(t.x, t.y-t.leadingOrSize())
			if last >= 0 {
				t.show(ops[last])
			}
		case "\"":
			t.moveTo(t.x, t.y-t.leadingOrSize())
			if last >= 0 {
				t.show(ops[last])
			}
		case "TJ":
			if last >= 0 {
				if arr, ok := ops[last].([]any); ok {
					for _, e := range arr {
						switch v := e.(type) {
						case []byte:
							t.show(v)
						case int:
							t.kern(float64(v))
						case float64:
							t.kern(v)
						}
					}
				}
			}
		}
		ops = ops[:0]
	}
}

func (t *textInterp) leadingOrSize() float64 {
	if t.leading != 0 {
		return t.leading
	}
	if t.size != 0 {
		return t.size * 1.2
	}
	return 12
}

// moveTo starts a new line when the vertical position changes: one line
// break for ordinary line spacing, a blank line for a larger gap.
func (t *textInterp) moveTo(x, y float64) {
	prevY := t.y
	t.x, t.y = x, y
	if !t.lineHasText || math.Abs(prevY-y)*t.scale < 0.5 {
		if t.lineHasText && x > 0 && !t.endsSpace {
			t.out.WriteByte(' ')
			t.endsSpace = true
		}
		return
	}
	lineH := t.size * t.scale * 1.2
	if lineH <= 0 {
		lineH = 12
	}
	gap := (prevY - y) * t.scale
	t.out.WriteByte('\n')
	if gap > lineH*1.6 || gap < 0 {
		t.out.WriteByte('\n')
	}
	t.lineHasText = false
	t.endsSpace = false
}

func (t *textInterp) show(v any) {
	s, ok := v.([]byte)
	if !ok {
		return
	}
	txt := t.font.decode(s)
	if txt == "" {
		return
	}
	t.out.WriteString(txt)
	t.lineHasText = true
	t.endsSpace = strings.HasSuffix(txt, " ")
}

// kern handles a TJ displacement: a large negative one is a word space.
func (t *textInterp) kern(v float64) {
	if v < -200 && t.lineHasText && !t.endsSpace {
		t.out.WriteByte(' ')
		t.endsSpace = true
	}
}
