package ingest

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// Names of the encodings text is read in, as reported for each file.
const (
	EncUTF8    = "utf-8"
	EncUTF8BOM = "utf-8 (BOM)"
	EncUTF16LE = "utf-16le"
	EncUTF16BE = "utf-16be"
	EncCP1252  = "windows-1252"
	EncLatin1  = "iso-8859-1"
)

var (
	bomUTF8    = []byte{0xef, 0xbb, 0xbf}
	bomUTF16LE = []byte{0xff, 0xfe}
	bomUTF16BE = []byte{0xfe, 0xff}
)

// decodeText returns data as UTF-8 text with line ends made "\n", and the
// name of the encoding it was read in:
//
//   - a byte order mark decides: UTF-8, UTF-16 LE or BE (what Notepad
//     saves as "Unicode" and "Unicode big endian");
//   - UTF-16 without a mark is recognised by its zero bytes (Swedish text
//     is mostly Latin letters, so every other byte is 0);
//   - valid UTF-8 is UTF-8 (plain ASCII included);
//   - anything else is a single-byte Windows encoding: Windows-1252 when it
//     uses the bytes 0x80–0x9F (where 1252 has •, –, “ ” and ISO-8859-1 only
//     control characters), ISO-8859-1 otherwise (the two agree on every
//     other byte).
func decodeText(data []byte) (string, string) {
	s, name := decodeBytes(data)
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return s, name
}

func decodeBytes(data []byte) (string, string) {
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		return toValidUTF8(data[3:]), EncUTF8BOM
	case bytes.HasPrefix(data, bomUTF16LE):
		return decodeUTF16(data[2:], false), EncUTF16LE
	case bytes.HasPrefix(data, bomUTF16BE):
		return decodeUTF16(data[2:], true), EncUTF16BE
	}
	if be, ok := looksUTF16(data); ok {
		if be {
			return decodeUTF16(data, true), EncUTF16BE
		}
		return decodeUTF16(data, false), EncUTF16LE
	}
	if utf8.Valid(data) {
		return string(data), EncUTF8
	}
	if usesC1(data) {
		return decodeWith(charmap.Windows1252, data), EncCP1252
	}
	return decodeWith(charmap.ISO8859_1, data), EncLatin1
}

// toValidUTF8 returns data as a string, with invalid sequences replaced
// by U+FFFD (which the line cleaner drops).
func toValidUTF8(data []byte) string {
	if utf8.Valid(data) {
		return string(data)
	}
	return strings.ToValidUTF8(string(data), "\ufffd")
}

// looksUTF16 reports whether data without a byte order mark is UTF-16:
// at least 16 bytes, and in the first 4 KiB most code units have a zero
// high byte while almost no low byte is zero. be tells the byte order.
func looksUTF16(data []byte) (be, ok bool) {
	n := min(len(data), 4096) &^ 1
	if n < 16 {
		return false, false
	}
	zeroEven, zeroOdd := 0, 0
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			zeroEven++
		}
		if data[i+1] == 0 {
			zeroOdd++
		}
	}
	units := n / 2
	switch {
	case zeroEven*10 >= units*7 && zeroOdd*20 <= units:
		return true, true
	case zeroOdd*10 >= units*7 && zeroEven*20 <= units:
		return false, true
	}
	return false, false
}

// decodeUTF16 decodes UTF-16 code units (an odd last byte is dropped,
// unpaired surrogates become U+FFFD).
func decodeUTF16(data []byte, bigEndian bool) string {
	units := make([]uint16, len(data)/2)
	for i := range units {
		a, b := uint16(data[2*i]), uint16(data[2*i+1])
		if bigEndian {
			units[i] = a<<8 | b
		} else {
			units[i] = b<<8 | a
		}
	}
	var sb strings.Builder
	sb.Grow(len(units))
	for i := 0; i < len(units); i++ {
		u := units[i]
		switch {
		case utf16.IsSurrogate(rune(u)) && i+1 < len(units):
			r := utf16.DecodeRune(rune(u), rune(units[i+1]))
			if r != utf8.RuneError {
				i++
			}
			sb.WriteRune(r)
		default:
			sb.WriteRune(rune(u))
		}
	}
	return sb.String()
}

// usesC1 reports whether data has a byte in 0x80–0x9F.
func usesC1(data []byte) bool {
	for _, c := range data {
		if c >= 0x80 && c <= 0x9f {
			return true
		}
	}
	return false
}

// decodeWith decodes data with a single-byte encoding (which never fails).
func decodeWith(enc encoding.Encoding, data []byte) string {
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return toValidUTF8(data)
	}
	return string(out)
}

// decodeHTML returns a saved web page as UTF-8 and the name of the
// encoding it was read in. A byte order mark wins; then the charset the
// page declares (<meta charset> or <meta http-equiv="Content-Type">, in
// its head); then the bytes themselves, as for text (decodeText). A page
// that declares a single-byte charset but is valid UTF-8 with non-ASCII
// letters is read as UTF-8: the declaration was left over from an older
// version of the page, and reading it as declared would garble every
// å/ä/ö.
func decodeHTML(data []byte) (string, string) {
	if bytes.HasPrefix(data, bomUTF8) || bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE) {
		return decodeBytes(data)
	}
	label := declaredCharset(data)
	if label == "" {
		return decodeBytes(data)
	}
	enc, name := charset.Lookup(label)
	if enc == nil {
		return decodeBytes(data)
	}
	switch name {
	case "utf-8":
		return toValidUTF8(data), EncUTF8
	case "utf-16le", "utf-16be":
		// A page without a byte order mark cannot be UTF-16 as far as
		// browsers go (its meta could not have been read); decide by the
		// bytes.
		return decodeBytes(data)
	}
	if utf8.Valid(data) && hasNonASCII(data) {
		return string(data), EncUTF8
	}
	if name == EncCP1252 && !usesC1(data) && strings.Contains(strings.ToLower(label), "8859-1") {
		// ISO-8859-1 as declared; browsers read it as Windows-1252, which
		// agrees on every byte the page uses.
		return decodeWith(enc, data), EncLatin1
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return decodeBytes(data)
	}
	return string(out), name
}

func hasNonASCII(data []byte) bool {
	for _, c := range data {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// declaredCharset returns the charset label a page declares in a <meta>
// element before its body, looked for in the first 8 KiB: the HTML
// standard looks at 1 KiB, but saved pages often carry comments and
// scripts first.
func declaredCharset(data []byte) string {
	head := data[:min(len(data), 8<<10)]
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Body {
				return ""
			}
			if a != atom.Meta || !hasAttr {
				continue
			}
			var cs, httpEquiv, content string
			for {
				k, v, more := z.TagAttr()
				switch strings.ToLower(string(k)) {
				case "charset":
					cs = strings.TrimSpace(string(v))
				case "http-equiv":
					httpEquiv = strings.ToLower(strings.TrimSpace(string(v)))
				case "content":
					content = string(v)
				}
				if !more {
					break
				}
			}
			if cs != "" {
				return cs
			}
			if httpEquiv == "content-type" && content != "" {
				if _, params, err := mime.ParseMediaType(content); err == nil && params["charset"] != "" {
					return params["charset"]
				}
				if i := strings.Index(strings.ToLower(content), "charset="); i >= 0 {
					return strings.Trim(content[i+len("charset="):], `"' ;`)
				}
			}
		}
	}
}
