package ingest

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// pdfFont maps a font's character codes to text and advance widths.
type pdfFont struct {
	twoByte bool            // Type0 font: codes are two bytes
	toUni   map[int]string  // from the ToUnicode CMap
	enc     map[byte]string // simple font encoding (with /Differences)

	// Widths in thousandths of the font size: simple fonts from FirstChar
	// and Widths, Type0 fonts from the descendant's W and DW.
	firstChar int
	widths    []float64
	cidWidths map[int]float64
	dw        float64
	missing   float64
	hasWidths bool
}

// codes splits a string into character codes.
func (f *pdfFont) codes(s []byte) []int {
	if f.twoByte {
		out := make([]int, 0, len(s)/2)
		for i := 0; i+1 < len(s); i += 2 {
			out = append(out, int(s[i])<<8|int(s[i+1]))
		}
		return out
	}
	out := make([]int, len(s))
	for i, c := range s {
		out[i] = int(c)
	}
	return out
}

// text returns the text of one character code ("" when unknown).
func (f *pdfFont) text(code int) string {
	if u, ok := f.toUni[code]; ok {
		return expandLigatures(u)
	}
	if f.twoByte {
		return ""
	}
	c := byte(code)
	if t, ok := f.enc[c]; ok {
		return t
	}
	if c >= 0x80 && c <= 0x9f {
		if r := charmap.Windows1252.DecodeByte(c); r != utf8.RuneError && !unicode.IsControl(r) {
			return string(r)
		}
		return ""
	}
	if c >= 0x20 && c != 0x7f {
		return string(rune(c))
	}
	return ""
}

// width returns a code's advance in text space (font size 1) and whether
// the font gave it; a font without widths gets half an em.
func (f *pdfFont) width(code int) (float64, bool) {
	if f.twoByte {
		if w, ok := f.cidWidths[code]; ok {
			return w / 1000, true
		}
		if f.hasWidths {
			return f.dw / 1000, true
		}
		return 0.5, false
	}
	if i := code - f.firstChar; i >= 0 && i < len(f.widths) {
		return f.widths[i] / 1000, true
	}
	if f.hasWidths && f.missing > 0 {
		return f.missing / 1000, true
	}
	return 0.5, false
}

// decode returns the text of a string shown in the font.
func (f *pdfFont) decode(s []byte) string {
	if f == nil {
		f = &pdfFont{}
	}
	var b strings.Builder
	for _, c := range f.codes(s) {
		b.WriteString(f.text(c))
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
		f.dw = 1000
		if kids := p.array(d["DescendantFonts"]); len(kids) > 0 {
			if cid := p.dict(kids[0]); cid != nil {
				if v, ok := p.resolve(cid["DW"]).(int); ok {
					f.dw = float64(v)
				}
				f.cidWidths = p.cidWidths(cid["W"])
				f.hasWidths = true
			}
		}
	} else if ws := p.array(d["Widths"]); len(ws) > 0 && len(ws) <= 65536 {
		f.firstChar, _ = p.resolve(d["FirstChar"]).(int)
		f.widths = make([]float64, len(ws))
		for i, w := range ws {
			f.widths[i] = p.number(w)
		}
		f.hasWidths = true
		if fd := p.dict(d["FontDescriptor"]); fd != nil {
			f.missing = p.number(fd["MissingWidth"])
		}
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
				if t, ok := glyphText(string(y)); ok && code >= 0 && code < 256 {
					if f.enc == nil {
						f.enc = map[byte]string{}
					}
					f.enc[byte(code)] = t
				}
				code++
			}
		}
	}
	return f
}

// cidWidths reads a CIDFont's W array: "c [w1 w2 …]" gives widths from
// c on, "c1 c2 w" one width for a range.
func (p *pdfFile) cidWidths(v any) map[int]float64 {
	out := map[int]float64{}
	a := p.array(v)
	for i := 0; i < len(a); {
		c1, ok := p.resolve(a[i]).(int)
		if !ok || i+1 >= len(a) {
			break
		}
		if list, ok := p.resolve(a[i+1]).([]any); ok {
			for k, w := range list {
				if len(out) < 1<<17 {
					out[c1+k] = p.number(w)
				}
			}
			i += 2
			continue
		}
		if i+2 >= len(a) {
			break
		}
		c2, ok := p.resolve(a[i+1]).(int)
		if !ok || c2 < c1 || c2-c1 > 65535 {
			break
		}
		w := p.number(a[i+2])
		for c := c1; c <= c2 && len(out) < 1<<17; c++ {
			out[c] = w
		}
		i += 3
	}
	return out
}

// baseEncoding returns the differences of a named encoding from
// Windows-1252 (which decode falls back to).
func baseEncoding(name string) map[byte]string {
	if name != "MacRomanEncoding" {
		return nil
	}
	out := map[byte]string{}
	for c, r := range map[byte]rune{
		0x80: 'Ä', 0x81: 'Å', 0x82: 'Ç', 0x83: 'É', 0x84: 'Ñ', 0x85: 'Ö', 0x86: 'Ü', 0x87: 'á',
		0x88: 'à', 0x89: 'â', 0x8a: 'ä', 0x8b: 'ã', 0x8c: 'å', 0x8d: 'ç', 0x8e: 'é', 0x8f: 'è',
		0x90: 'ê', 0x91: 'ë', 0x92: 'í', 0x93: 'ì', 0x94: 'î', 0x95: 'ï', 0x96: 'ñ', 0x97: 'ó',
		0x98: 'ò', 0x99: 'ô', 0x9a: 'ö', 0x9b: 'õ', 0x9c: 'ú', 0x9d: 'ù', 0x9e: 'û', 0x9f: 'ü',
		0xa5: '•', 0xd0: '–', 0xd1: '—', 0xd2: '“', 0xd3: '”', 0xd4: '‘', 0xd5: '’',
	} {
		out[c] = string(r)
	}
	return out
}

// glyphNames are the glyph names (of the Adobe Glyph List) that
// /Differences of Swedish, German, English and mathematical text use,
// beyond single ASCII letters, "uniXXXX" and accented letters (which
// glyphText composes: "aring" is a with ring, "Odieresis" O with
// dieresis). Ligatures become their letters, so that words stay whole
// for search.
var glyphNames = map[string]string{
	"ae": "æ", "AE": "Æ", "oslash": "ø", "Oslash": "Ø", "germandbls": "ß", "oe": "œ", "OE": "Œ",
	"dotlessi": "ı", "eth": "ð", "thorn": "þ", "Eth": "Ð", "Thorn": "Þ",
	"ff": "ff", "fi": "fi", "fl": "fl", "ffi": "ffi", "ffl": "ffl",
	"endash": "–", "emdash": "—", "quoteright": "’", "quoteleft": "‘", "quotedblleft": "“",
	"quotedblright": "”", "quotesinglbase": "‚", "quotedblbase": "„", "guillemotleft": "«",
	"guillemotright": "»", "guilsinglleft": "‹", "guilsinglright": "›", "bullet": "•", "space": " ",
	"hyphen": "-", "minus": "−", "period": ".", "comma": ",", "colon": ":", "semicolon": ";",
	"parenleft": "(", "parenright": ")", "bracketleft": "[", "bracketright": "]", "braceleft": "{",
	"braceright": "}", "slash": "/", "backslash": "\\", "bar": "|", "percent": "%", "perthousand": "‰",
	"ampersand": "&", "at": "@", "section": "§", "paragraph": "¶", "numbersign": "#", "dollar": "$",
	"Euro": "€", "sterling": "£", "asterisk": "*", "plus": "+", "equal": "=", "less": "<", "greater": ">",
	"underscore": "_", "asciitilde": "~", "asciicircum": "^", "grave": "`", "quotesingle": "'",
	"quotedbl": "\"", "exclam": "!", "question": "?", "exclamdown": "¡", "questiondown": "¿",
	"nbspace": " ", "ellipsis": "…", "degree": "°", "plusminus": "±", "multiply": "×", "divide": "÷",
	"periodcentered": "·", "copyright": "©", "registered": "®", "trademark": "™", "dagger": "†",
	"daggerdbl": "‡", "mu": "µ", "onehalf": "½", "onequarter": "¼", "threequarters": "¾",
	"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
	"seven": "7", "eight": "8", "nine": "9",
	"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ", "eta": "η",
	"theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "nu": "ν", "xi": "ξ", "omicron": "ο",
	"pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "chi": "χ", "psi": "ψ",
	"omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
	"Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}

// accents are the glyph name suffixes of accented letters.
var accents = map[string]string{
	"acute": "\u0301", "grave": "\u0300", "circumflex": "\u0302", "tilde": "\u0303", "dieresis": "\u0308",
	"ring": "\u030a", "cedilla": "\u0327", "caron": "\u030c", "macron": "\u0304", "breve": "\u0306",
	"ogonek": "\u0328", "dotaccent": "\u0307", "hungarumlaut": "\u030b",
}

// glyphText returns the text of a glyph name.
func glyphText(name string) (string, bool) {
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i] // "a.sc", "one.oldstyle"
	}
	if t, ok := glyphNames[name]; ok {
		return t, true
	}
	if len(name) == 1 && name[0] < 0x80 {
		return name, true
	}
	if strings.HasPrefix(name, "uni") && len(name) == 7 {
		if u, ok := parseHexInt(name[3:]); ok {
			return expandLigatures(string(rune(u))), true
		}
	}
	if len(name) > 1 && name[0] < 0x80 && unicode.IsLetter(rune(name[0])) {
		if mark, ok := accents[name[1:]]; ok {
			return norm.NFC.String(name[:1] + mark), true
		}
	}
	return "", false
}

// expandLigatures writes ligature characters (ﬁ, ﬂ, ﬀ, ﬃ, ﬄ, ﬅ, ﬆ) as
// their letters.
func expandLigatures(s string) string {
	for _, r := range s {
		if r >= 0xfb00 && r <= 0xfb06 {
			return ligatures.Replace(s)
		}
	}
	return s
}

var ligatures = strings.NewReplacer("ﬀ", "ff", "ﬁ", "fi", "ﬂ", "fl", "ﬃ", "ffi", "ﬄ", "ffl", "ﬅ", "st", "ﬆ", "st")

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
