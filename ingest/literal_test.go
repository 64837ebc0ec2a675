package ingest

import (
	"html"
	"strings"
	"testing"
)

// literalLines are sentences whose characters are Markdown markup when a
// Markdown file holds them, but an author's own text in a Word, OpenDocument
// or HTML document.
var literalLines = []string{
	"Budgeten räknades som 3 * 4 moduler per kommun.",
	`Filerna låg under C:\Projekt\Rapporter på servern.`,
	"Mallen skrev <b>fetstil</b> med taggar.",
	"Samarbetet med Företag &amp; Partner AB fortsatte.",
	"Se [bilaga 2](bilagor) för detaljer.",
	"Ordet **viktigt** stod med stjärnor i mallen.",
}

// A document saved by a word processor or a browser keeps every character
// its author wrote: nothing of it is taken for Markdown and dropped.
func TestStructuredTextKeptLiterally(t *testing.T) {
	const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	const odfNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"`
	var docx, odt, page strings.Builder
	docx.WriteString(`<w:document ` + wordNS + `><w:body>`)
	odt.WriteString(`<office:document-content ` + odfNS + `><office:body><office:text>`)
	page.WriteString(`<!DOCTYPE html><html><head><title>Slutrapport</title></head><body><main>`)
	para := func(text string) {
		docx.WriteString(`<w:p><w:r><w:t xml:space="preserve">` + html.EscapeString(text) + `</w:t></w:r></w:p>`)
		odt.WriteString(`<text:p>` + html.EscapeString(text) + `</text:p>`)
		page.WriteString(`<p>` + html.EscapeString(text) + `</p>`)
	}
	para("Slutrapport Verktygslådan")
	for _, l := range literalLines {
		para(l)
	}
	docx.WriteString(`</w:body></w:document>`)
	odt.WriteString(`</office:text></office:body></office:document-content>`)
	page.WriteString(`</main></body></html>`)

	files := []struct {
		name string
		data []byte
	}{
		{"rapport.docx", zipOf(t, "word/document.xml", docx.String())},
		{"rapport.odt", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", odt.String())},
		{"rapport.html", []byte(page.String())},
	}
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			rec, err := Parse(f.name, f.data)
			if err != nil {
				t.Fatal(err)
			}
			text := sectionText(rec)
			for _, l := range literalLines {
				if !strings.Contains(text, l) {
					t.Errorf("%q lost or changed; text:\n%s", l, text)
				}
			}
		})
	}
}

// In a Markdown file the same characters are markup and go; an escaped
// character stays.
func TestMarkdownMarkupRemoved(t *testing.T) {
	md := "# Slutrapport Verktygslådan\n\nOrdet **viktigt** och *betonat* i [bilaga 2](bilagor.md).\n\n" +
		`Räknat som 3 \* 4 moduler.` + "\n"
	rec, err := Parse("rapport.md", []byte(md))
	if err != nil {
		t.Fatal(err)
	}
	text := sectionText(rec)
	for _, want := range []string{"Ordet viktigt och betonat i bilaga 2.", "Räknat som 3 * 4 moduler."} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q in the text:\n%s", want, text)
		}
	}
}

func sectionText(rec Record) string {
	var b strings.Builder
	for _, s := range rec.Sections {
		b.WriteString(s.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestCleanMarkdownEscapes(t *testing.T) {
	tests := []struct {
		in, want string
		level    int
	}{
		{`3 \* 4 moduler`, "3 * 4 moduler", 0},
		{`C:\Projekt\Rapporter`, `C:\Projekt\Rapporter`, 0},
		{`ett \\ två`, `ett \ två`, 0},
		{`\<b> är en tagg`, "<b> är en tagg", 0},
		{`\[bilaga](x) står kvar`, "[bilaga](x) står kvar", 0},
		{`\# inte en rubrik`, "# inte en rubrik", 0},
		{`\* inte en punkt`, "* inte en punkt", 0},
		{`# Rubrik med \*`, "Rubrik med *", 1},
		{`rad som bryts\`, "rad som bryts", 0},
		{`**fet** och *kursiv*`, "fet och kursiv", 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, level := cleanMarkdown(tt.in)
			if got != tt.want || level != tt.level {
				t.Errorf("cleanMarkdown(%q) = %q, %d; want %q, %d", tt.in, got, level, tt.want, tt.level)
			}
		})
	}
}
