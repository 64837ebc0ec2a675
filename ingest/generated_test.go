package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The fixtures under testdata/generated were made from src/projekt.md and
// src/slutrapport.md (and the same report written in LibreOffice,
// src/slutrapport.fodt) by pandoc, LibreOffice, Chromium and LaTeX; see
// testdata/README and make-fixtures.sh. Whatever made a file, it must give
// the facts of its source and every line of its text.

// fixtureFacts are the fields a fixture must yield.
type fixtureFacts struct {
	DocType, Title, Owner, ProjectNumber, PeriodStart, PeriodEnd string
	Municipalities, Partners                                     []string
}

var (
	projektFacts = fixtureFacts{
		DocType: TypeProject, Title: "Landsbygdslyftet", Owner: "Borgholms kommun", ProjectNumber: "2019/00412",
		PeriodStart: "2019-09-01", PeriodEnd: "2022-08-31",
		Municipalities: []string{"Borgholm", "Mörbylånga", "Vimmerby", "Övertorneå"},
		Partners:       []string{"Arbetsförmedlingen", "Hushållningssällskapet Kalmar", "Vimmerby folkhögskola"},
	}
	rapportFacts = fixtureFacts{
		DocType: TypeReport, Title: "Landsbygdslyftet", Owner: "Borgholms kommun", ProjectNumber: "2019/00412",
		PeriodStart: "2019-09-01", PeriodEnd: "2022-08-31",
		Municipalities: []string{"Borgholm", "Mörbylånga", "Vimmerby", "Övertorneå"},
	}
)

func facts(r Record) fixtureFacts {
	return fixtureFacts{r.DocType, r.Title, r.Owner, r.ProjectNumber, r.PeriodStart, r.PeriodEnd, r.Municipalities, r.Partners}
}

// srcDoc is a Markdown source split into what the extracted text must keep.
type srcDoc struct {
	headings   []string
	paragraphs []string
	items      []string   // list items
	rows       [][]string // table rows, header included
}

var (
	fieldLineRe = regexp.MustCompile(`^[A-ZÅÄÖ][\pL -]+: \S`)
	numberedRe  = regexp.MustCompile(`^\d+\. `)
)

// readSrc reads a fixture source (pandoc Markdown with a YAML header).
func readSrc(t *testing.T, path string) srcDoc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.SplitN(string(b), "---\n", 3)
	var d srcDoc
	for _, p := range strings.Split(strings.TrimSpace(parts[2]), "\n\n") {
		p = strings.TrimSpace(p)
		lines := strings.Split(p, "\n")
		switch {
		case strings.HasPrefix(p, "# "):
			d.headings = append(d.headings, p[2:])
		case strings.HasPrefix(p, "- ") || numberedRe.MatchString(p):
			for _, l := range lines {
				d.items = append(d.items, strings.TrimSpace(numberedRe.ReplaceAllString(strings.TrimPrefix(l, "- "), "")))
			}
		case strings.HasPrefix(p, "|"):
			for _, l := range lines {
				if strings.HasPrefix(l, "|:") || strings.HasPrefix(l, "|-") {
					continue
				}
				var cells []string
				for _, c := range strings.Split(strings.Trim(l, "|"), "|") {
					cells = append(cells, strings.TrimSpace(c))
				}
				d.rows = append(d.rows, cells)
			}
		case fieldLineRe.MatchString(p) && len(p) < 80:
			// a labelled field: checked through the record's fields
		default:
			d.paragraphs = append(d.paragraphs, collapse(p))
		}
	}
	return d
}

// checkText wants every heading of src as a section heading (list headings
// of project pages fill fields instead), every paragraph word for word in
// the text (so no word split or lost, no line dropped, no header or page
// number inside it), every list item and table row on a line of its own.
func checkText(t *testing.T, r Record, src srcDoc) {
	t.Helper()
	heads := map[string]bool{}
	for _, s := range r.Sections {
		heads[s.Heading] = true
	}
	known := map[string]bool{"": true}
	for _, h := range src.headings {
		known[h] = true
		if r.DocType == TypeProject && listHeadings[strings.ToLower(h)] != "" {
			continue
		}
		if !heads[h] {
			t.Errorf("no section headed %q", h)
		}
	}
	// A line of text taken for a heading (a wrapped line of a PDF) would
	// head a section of its own.
	for _, s := range r.Sections {
		if !known[s.Heading] {
			t.Errorf("section headed %q, which is no heading of the source", s.Heading)
		}
	}
	body := r.Body()
	flat := collapse(strings.ReplaceAll(body, "\n", " "))
	for _, p := range src.paragraphs {
		if !strings.Contains(flat, p) {
			t.Errorf("paragraph not found whole:\n%s\n--- text:\n%s", p, body)
		}
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(body, "\n") {
		l = strings.TrimSpace(l)
		l = numberedRe.ReplaceAllString(stripBullet(l), "")
		lines[collapse(strings.ReplaceAll(l, "|", " "))] = true
	}
	if r.DocType == TypeReport {
		for _, it := range src.items {
			if !lines[it] {
				t.Errorf("list item %q not on a line of its own", it)
			}
		}
	}
	for _, row := range src.rows {
		if want := strings.Join(row, " "); !lines[want] {
			t.Errorf("table row %q not on a line of its own", want)
		}
	}
}

// checkFixture parses a generated fixture and checks its facts and its
// text against the source it was made from.
func checkFixture(t *testing.T, file, src string, want fixtureFacts) Record {
	t.Helper()
	r, err := ParseFile(filepath.Join("testdata", "generated", file))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, facts(r)); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
	checkText(t, r, readSrc(t, filepath.Join("testdata", "generated", "src", src)))
	return r
}

func TestOfficeFixtures(t *testing.T) {
	tests := []struct {
		file, src string
		want      fixtureFacts
	}{
		{"projekt.pandoc.docx", "projekt.md", projektFacts},
		{"projekt.pandoc.odt", "projekt.md", projektFacts},
		{"slutrapport.pandoc.docx", "slutrapport.md", rapportFacts},
		{"slutrapport.pandoc.odt", "slutrapport.md", rapportFacts},
		{"slutrapport.libreoffice.docx", "slutrapport.md", rapportFacts},
		{"slutrapport.libreoffice.odt", "slutrapport.md", rapportFacts},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			checkFixture(t, tt.file, tt.src, tt.want)
		})
	}
}

// zipOf builds a zip archive of the given parts (name, content, ...).
func zipOf(t *testing.T, parts ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(parts[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestOfficeErrors(t *testing.T) {
	const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	ole := append(bytes.Clone(oleMagic), make([]byte, 504)...)
	encrypted := append(bytes.Clone(ole), utf16LE("EncryptedPackage")...)
	tests := []struct {
		name, file string
		data       []byte
		want       error
		reason     string
	}{
		{"empty docx", "a.docx", nil, ErrNoText, "empty file"},
		{"password-protected docx", "a.docx", encrypted, ErrEncrypted, "password"},
		{"old .doc renamed", "a.docx", ole, ErrBadDocument, "save it as .docx"},
		{"not a zip", "a.docx", []byte("Projektägare: Borgholms kommun"), ErrBadDocument, "not a Word file"},
		{"zip without document", "a.docx", zipOf(t, "x.txt", "hej"), ErrBadDocument, "not a Word document"},
		{"broken xml", "a.docx", zipOf(t, "word/document.xml", "<w:document "+wordNS+"><w:body><w:p><w:r><w:t>Hej"), ErrBadDocument, "word/document.xml"},
		{"only an image", "a.docx", zipOf(t, "word/document.xml", "<w:document "+wordNS+"><w:body><w:p><w:r><w:drawing/></w:r></w:p></w:body></w:document>"), ErrNoText, "no text"},
		{"password-protected odt", "a.odt", zipOf(t, "META-INF/manifest.xml", `<manifest:manifest><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>`, "content.xml", "\x8f\x12"), ErrEncrypted, "password"},
		{"odt without content", "a.odt", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text"), ErrBadDocument, "not an OpenDocument file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.file, tt.data)
			wantFate(t, err, tt.want, tt.file, tt.reason)
		})
	}
}

// TestDOCXStructure: a Word document as Word itself writes one — Swedish
// style ids ("Rubrik1") named "heading 1", list paragraphs by numbering, a
// label table, a text box (whose VML copy must not double it), tracked
// deletions and field codes.
func TestDOCXStructure(t *testing.T) {
	const ns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`
	styles := `<w:styles ` + ns + `><w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Liststycke"><w:name w:val="List Paragraph"/></w:style></w:styles>`
	p := func(style, text string) string {
		s := "<w:p><w:pPr>"
		if style != "" {
			s += `<w:pStyle w:val="` + style + `"/>`
		}
		if style == "Liststycke" {
			s += `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>`
		}
		return s + "</w:pPr><w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r></w:p>"
	}
	cell := func(text string) string { return "<w:tc>" + p("", text) + "</w:tc>" }
	doc := `<w:document ` + ns + `><w:body>` +
		p("Rubrik1", "Fjällvägen") +
		`<w:tbl><w:tr>` + cell("Projektägare") + cell("Region Jämtland Härjedalen") + `</w:tr>` +
		`<w:tr>` + cell("Projektperiod") + cell("2018-01-01 till 2020-12-31") + `</w:tr></w:tbl>` +
		p("Rubrik1", "Bakgrund") +
		`<w:p><w:r><w:t>Deltagarna kom från Berg och Härjedalen</w:t></w:r><w:r><w:delText> och Krokom</w:delText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>.</w:t></w:r>` +
		`<w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent>` + p("", "Faktaruta om fjällen.") + `</w:txbxContent></w:drawing></mc:Choice>` +
		`<mc:Fallback><w:pict><w:txbxContent>` + p("", "Faktaruta om fjällen.") + `</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
		p("Rubrik1", "Kommuner") +
		p("Liststycke", "Berg") + p("Liststycke", "Härjedalen") +
		`</w:body></w:document>`
	r, err := Parse("fjall.docx", zipOf(t, "word/document.xml", doc, "word/styles.xml", styles))
	if err != nil {
		t.Fatal(err)
	}
	body := r.Body()
	if r.DocType != TypeProject || r.Title != "Fjällvägen" || r.Owner != "Region Jämtland Härjedalen" || r.PeriodStart != "2018-01-01" {
		t.Errorf("title %q owner %q period %q", r.Title, r.Owner, r.PeriodStart)
	}
	if diff := cmp.Diff([]string{"Berg", "Härjedalen"}, r.Municipalities); diff != "" {
		t.Errorf("municipalities (-want +got):\n%s\n%s", diff, body)
	}
	for _, want := range []string{"Deltagarna kom från Berg och Härjedalen.", "Faktaruta om fjällen."} {
		if !strings.Contains(body, want) {
			t.Errorf("text lacks %q:\n%s", want, body)
		}
	}
	if strings.Count(body, "Faktaruta") != 1 || strings.Contains(body, "Krokom") || strings.Contains(body, "PAGE") {
		t.Errorf("text box twice, deleted text or field code kept:\n%s", body)
	}
}

// furnitureRe matches what running headers and footers of the fixtures
// print: LibreOffice's and LaTeX's "Sida n (av m)" and running head,
// Chromium's date, file URL and "n/m".
var furnitureRe = regexp.MustCompile(`Sida \d|Landsbygdslyftet – slutrapport|file://|\d{1,2}/\d{1,2}/\d{2}|\b\d/\d\b`)

func TestPDFFixtures(t *testing.T) {
	tests := []struct {
		file, src string
		want      fixtureFacts
	}{
		{"projekt.libreoffice.pdf", "projekt.md", projektFacts},
		{"projekt.chromium.pdf", "projekt.md", projektFacts},
		{"slutrapport.libreoffice.pdf", "slutrapport.md", rapportFacts},
		{"slutrapport.chromium.pdf", "slutrapport.md", rapportFacts},
		{"slutrapport.latex.pdf", "slutrapport.md", rapportFacts},
		// Restrictions only (empty user password), each security handler.
		{"slutrapport.rc4-40.pdf", "slutrapport.md", rapportFacts},
		{"slutrapport.rc4-128.pdf", "slutrapport.md", rapportFacts},
		{"slutrapport.aes-128.pdf", "slutrapport.md", rapportFacts},
		{"slutrapport.aes-256.pdf", "slutrapport.md", rapportFacts},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := checkFixture(t, tt.file, tt.src, tt.want)
			if m := furnitureRe.FindString(r.Body()); m != "" {
				t.Errorf("running header or footer %q in the text:\n%s", m, r.Body())
			}
		})
	}
}

func TestPDFFixtureFates(t *testing.T) {
	tests := []struct {
		file   string
		want   error
		reason string
	}{
		{"slutrapport.password.pdf", ErrEncrypted, "cannot read it without the password"},
		{"slutrapport.scanned.pdf", ErrNoText, "no text layer — scanned?"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := ParseFile(filepath.Join("testdata", "generated", tt.file))
			wantFate(t, err, tt.want, tt.file, tt.reason)
		})
	}
}

// wantFate wants err to wrap want, name the file and give the reason.
func wantFate(t *testing.T, err, want error, file, reason string) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("err = %v, want %v", err, want)
	}
	if !strings.Contains(err.Error(), file) || !strings.Contains(err.Error(), reason) {
		t.Errorf("error %q should name the file and say %q", err, reason)
	}
}
