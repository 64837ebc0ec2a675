package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
)

// TestEncodingFixtures parses the seed page and its saved HTML as made by
// iconv in other encodings (testdata/make-fixtures.sh) and wants the same
// record as from the UTF-8 original: title, owner, period, every
// municipality of the bullet list and every section, letter for letter.
func TestEncodingFixtures(t *testing.T) {
	// The ISO-8859-1 copies have '-' for the • and – Latin-1 lacks.
	latin1 := strings.NewReplacer("•", "-", "–", "-").Replace
	same := func(s string) string { return s }
	tests := []struct {
		file, from string
		enc        string
		edit       func(string) string
	}{
		{"seed001-utf16le-bom.txt", "sample/001_bb93deab17c6a93d.txt", EncUTF16LE, same},
		{"seed001-utf16be-bom.txt", "sample/001_bb93deab17c6a93d.txt", EncUTF16BE, same},
		{"seed001-utf8-bom.txt", "sample/001_bb93deab17c6a93d.txt", EncUTF8BOM, same},
		{"seed001-cp1252.txt", "sample/001_bb93deab17c6a93d.txt", EncCP1252, same},
		{"seed001-latin1.txt", "sample/001_bb93deab17c6a93d.txt", EncLatin1, latin1},
		{"page001-http-equiv-cp1252.html", "testdata/001_bb93deab17c6a93d.html", EncCP1252, same},
		{"page001-meta-latin1.html", "testdata/001_bb93deab17c6a93d.html", EncLatin1, strings.NewReplacer("–", "-").Replace},
		{"page001-utf16le-bom.html", "testdata/001_bb93deab17c6a93d.html", EncUTF16LE, same},
		{"page001-utf8-declared-latin1.html", "testdata/001_bb93deab17c6a93d.html", EncUTF8, same},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "encodings", tt.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var enc string
			if strings.HasSuffix(tt.file, ".html") {
				_, enc = decodeHTML(data)
			} else {
				_, enc = decodeText(data)
			}
			if enc != tt.enc {
				t.Errorf("encoding %q, want %q", enc, tt.enc)
			}
			got, err := Parse(path, data)
			if err != nil {
				t.Fatal(err)
			}
			orig, err := os.ReadFile(tt.from)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Parse(tt.from, []byte(tt.edit(string(orig))))
			if err != nil {
				t.Fatal(err)
			}
			if got.Encoding != tt.enc {
				t.Errorf("record's encoding %q, want %q", got.Encoding, tt.enc)
			}

			if diff := cmp.Diff(normalized(want), normalized(got)); diff != "" {
				t.Errorf("record differs from the UTF-8 original's (-want +got):\n%s", diff)
			}
			if len(got.Municipalities) != 29 || got.Municipalities[0] != "Arjeplog" {
				t.Errorf("municipalities %q, want the 29 of the list from Arjeplog", got.Municipalities)
			}
			for _, m := range got.Municipalities {
				if r := []rune(m)[0]; !unicode.IsUpper(r) {
					t.Errorf("municipality %q does not start with a letter", m)
				}
			}
		})
	}
}

func TestDecodeText(t *testing.T) {
	utf16le := func(s string, bom bool) []byte {
		var b []byte
		if bom {
			b = append(b, 0xff, 0xfe)
		}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	utf16be := func(s string) []byte {
		var b []byte
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return b
	}
	tests := []struct {
		name string
		in   []byte
		want string
		enc  string
	}{
		{"ascii", []byte("Kommun\r\n • Umea\r\n"), "Kommun\n • Umea\n", EncUTF8},
		{"utf-8", []byte("Övertorneå • Åre"), "Övertorneå • Åre", EncUTF8},
		{"utf-8 bom", []byte("\ufeffhej"), "hej", EncUTF8BOM},
		{"utf-16le bom", utf16le("• Arjeplog\r\n• Åre", true), "• Arjeplog\n• Åre", EncUTF16LE},
		{"utf-16le no bom", utf16le("Kommun\r\n• Arjeplog\r\n• Övertorneå", false), "Kommun\n• Arjeplog\n• Övertorneå", EncUTF16LE},
		{"utf-16be no bom", utf16be("Kommun\n• Arjeplog\n• Övertorneå"), "Kommun\n• Arjeplog\n• Övertorneå", EncUTF16BE},
		{"utf-16 surrogate pair", utf16le("a😀b", true), "a😀b", EncUTF16LE},
		{"windows-1252", []byte{0x95, ' ', 'M', 0xe5, 'l', 0x96, 'x', '\r', '\n'}, "• Mål–x\n", EncCP1252},
		{"iso-8859-1", []byte{'G', 0xe4, 'v', 'l', 'e', ' ', 0xd6, 'r', 'e', 'b', 'r', 'o'}, "Gävle Örebro", EncLatin1},
		{"empty", nil, "", EncUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, enc := decodeText(tt.in)
			if got != tt.want || enc != tt.enc {
				t.Errorf("decodeText = %q, %q; want %q, %q", got, enc, tt.want, tt.enc)
			}
		})
	}
}

func TestDecodeHTML(t *testing.T) {
	page := func(head, body string) string {
		return "<!DOCTYPE html><html><head>" + head + "<title>t</title></head><body><p>" + body + "</p></body></html>"
	}
	tests := []struct {
		name string
		in   []byte
		want string // in the decoded page
		enc  string
	}{
		{"meta charset windows-1252", []byte(page(`<meta charset="windows-1252">`, "\x95 V\xe4xj\xf6")), "• Växjö", EncCP1252},
		{"http-equiv iso-8859-1", []byte(page(`<meta http-equiv="content-type" content="text/html;charset=iso-8859-1">`, "\xd6ster\xe5ker")), "Österåker", EncLatin1},
		{"http-equiv without quotes", []byte(page(`<META HTTP-EQUIV=Content-Type CONTENT="text/html; charset=ISO-8859-15">`, "\xc5re")), "Åre", "iso-8859-15"},
		{"declared utf-8", []byte(page(`<meta charset="utf-8">`, "Umeå")), "Umeå", EncUTF8},
		{"declared latin-1 but utf-8", []byte(page(`<meta charset="iso-8859-1">`, "Umeå")), "Umeå", EncUTF8},
		{"bom wins over meta", append([]byte{0xef, 0xbb, 0xbf}, page(`<meta charset="windows-1252">`, "Umeå")...), "Umeå", EncUTF8BOM},
		{"no declaration, latin-1 bytes", []byte(page("", "Lule\xe5")), "Luleå", EncLatin1},
		{"meta in body ignored", []byte("<html><body><meta charset=\"koi8-r\"><p>Lule\xe5</p></body></html>"), "Luleå", EncLatin1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, enc := decodeHTML(tt.in)
			if !strings.Contains(got, tt.want) || enc != tt.enc {
				t.Errorf("decodeHTML = %q, %q; want it to contain %q, encoding %q", got, enc, tt.want, tt.enc)
			}
		})
	}
}
