package ingest

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// buildPDF writes a minimal PDF whose objects are given in order (object
// 1 must be the catalog). It has no valid xref table: the extractor does
// not need one.
func buildPDF(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	for i, o := range objs {
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	b.WriteString("trailer\n<< /Root 1 0 R >>\n%%EOF\n")
	return b.Bytes()
}

func flateStream(content string) string {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	_, _ = w.Write([]byte(content))
	_ = w.Close()
	return fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.String())
}

func TestPDFCopyMatchesText(t *testing.T) {
	txt, err := ParseFile("sample/003_4bbc70af2d9de5f2.txt")
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := ParseFile("testdata/003_4bbc70af2d9de5f2.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(normalized(txt), normalized(pdf)); diff != "" {
		t.Errorf("PDF copy differs from text page (-text +pdf):\n%s", diff)
	}
}

func TestExtractPDFText(t *testing.T) {
	tounicode := "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n" +
		"2 beginbfchar\n<0001> <00C5>\n<0002> <0072>\nendbfchar\n" +
		"1 beginbfrange\n<0003> <0004> <0065>\nendbfrange\nendcmap end end"
	tests := []struct {
		name string
		pdf  []byte
		want string
	}{
		{"winansi with TJ and lines", buildPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
			"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
			flateStream("BT /F1 10 Tf 12 TL 1 0 0 1 40 800 Tm (Sm\xe5land och \xf6arna) Tj T* [(Ume) -20 (\xe5) -300 (kommun)] TJ 0 -36 Td (Nytt stycke \\(1\\)) Tj ET"),
		), "Småland och öarna\nUmeå kommun\n\nNytt stycke (1)"},
		{"differences and hex strings", buildPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
			"<< /Type /Font /Subtype /Type1 /Encoding << /Differences [1 /odieresis /aring] >> >>",
			"<< /Length 30 >>\nstream\nBT /F1 10 Tf <48010102> Tj ET\nendstream",
		), "Hööå"},
		{"glyph names: ß, ligatures, composed accents", buildPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
			"<< /Type /Font /Subtype /Type1 /Encoding << /Differences [1 /germandbls /fi /aring /Odieresis /ff /eacute.sc] >> >>",
			"<< /Length 36 >>\nstream\nBT /F1 10 Tf <010203040506> Tj ET\nendstream",
		), "ßfiåÖffé"},
		{"type0 with tounicode", buildPDF(
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
			"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /ToUnicode 6 0 R >>",
			flateStream("BT /F1 10 Tf <0001000200030004> Tj ET"),
			flateStream(tounicode),
		), "Åref"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ExtractPDFText(tt.pdf)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPDFErrors(t *testing.T) {
	image := buildPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
		"<< /Length 33 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream",
		"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /Filter /DCTDecode /Length 4 >>\nstream\n\xff\xd8\xff\xd9\nendstream",
	)
	good, err := os.ReadFile("testdata/003_4bbc70af2d9de5f2.pdf")
	if err != nil {
		t.Fatal(err)
	}
	encrypted := append(bytes.Clone(good), []byte("\ntrailer\n<< /Encrypt << /Filter /Standard >> >>\n")...)
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"image only", image, ErrNoText},
		{"not a pdf", []byte("Hej, detta är ingen PDF."), ErrBadPDF},
		{"empty", nil, ErrBadPDF},
		{"header only", []byte("%PDF-1.7\n"), ErrBadPDF},
		{"truncated", good[:len(good)/3], nil},
		{"garbage body", append([]byte("%PDF-1.4\n1 0 obj << /Type /Page /Contents 2 0 R >> endobj 2 0 obj << /Length 99999 /Filter /FlateDecode >> stream\n"), bytes.Repeat([]byte{0x78, 0x9c, 0xff}, 50)...), ErrNoText},
		{"encryption dictionary without keys", encrypted, ErrBadPDF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.pdf", tt.data)
			if tt.want == nil {
				// A truncated file keeps what could be read; it must not panic
				// and any error must name the file.
				if err != nil && !strings.Contains(err.Error(), "x.pdf") {
					t.Errorf("error %q does not name the file", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), "x.pdf") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestPDFToTextFallback(t *testing.T) {
	old := PDFToText
	PDFToText = "no-such-pdftotext-binary"
	defer func() { PDFToText = old }()
	r, err := ParseFile("testdata/003_4bbc70af2d9de5f2.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if r.Owner != "Samordningsförbundet" {
		t.Errorf("owner %q", r.Owner)
	}
}

func TestASCIIFilters(t *testing.T) {
	if got := string(asciiHex([]byte("48 65 6c6C6f>"))); got != "Hello" {
		t.Errorf("asciiHex = %q", got)
	}
	if got := string(ascii85([]byte("87cURD]i,\"Ebo80~>"))); got != "Hello World!" {
		t.Errorf("ascii85 = %q", got)
	}
}
