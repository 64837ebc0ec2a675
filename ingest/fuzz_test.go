package ingest

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fuzzDeadline is how long one input may take (generous: the fuzzer's
// coverage instrumentation slows parsing down several times).
const fuzzDeadline = 10 * time.Second

var fuzzExts = []string{".txt", ".md", ".html", ".pdf", ".docx", ".odt"}

// FuzzParse feeds arbitrary bytes to every parser (kind selects the
// extension: 0 .txt, 1 .md, 2 .html, 3 .pdf, 4 .docx, 5 .odt). No input may panic or hang,
// and a parsed record must be well formed.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob("sample/*.txt")
	more, _ := filepath.Glob("testdata/*.html")
	pdfs, _ := filepath.Glob("testdata/*.pdf")
	generated, _ := filepath.Glob("testdata/generated/*.pdf")
	pdfs = append(pdfs, generated...)
	docx, _ := filepath.Glob("testdata/generated/*.docx")
	odt, _ := filepath.Glob("testdata/generated/*.odt")
	encoded, _ := filepath.Glob("testdata/encodings/*.txt")
	paths = append(paths, encoded...)
	for _, group := range []struct {
		kind  uint8
		paths []string
	}{{0, paths}, {1, paths}, {2, more}, {3, pdfs}, {4, docx}, {5, odt}} {
		for _, p := range group.paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			// Seeds are cut to keep each fuzzing run fast; the parsers see
			// the whole files in the golden tests. Zip archives and PDFs
			// are kept whole: cut, they mostly test the error paths.
			if group.kind < 3 {
				data = data[:min(len(data), 6<<10)]
			}
			f.Add(group.kind, data)
		}
	}
	f.Add(uint8(1), []byte("# Slutrapport\n\n# Titel\n\nProjektnr: 1/2\n15 augusti 2020 – 31 december 2022"))
	f.Add(uint8(2), []byte("<dl><dt>Projektägare</dt><dd>X</dd><dt>Region</dt><dd>Y</dd></dl>"))
	f.Add(uint8(3), []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj 2 0 obj << /Type /Pages /Kids [2 0 R] >> endobj"))
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		name := "fuzz" + fuzzExts[int(kind)%len(fuzzExts)]
		type result struct {
			r   Record
			err error
		}
		done := make(chan result, 1)
		go func() {
			r, err := Parse(name, data)
			done <- result{r, err}
		}()
		var res result
		select {
		case res = <-done:
		case <-time.After(fuzzDeadline):
			t.Fatalf("Parse(%s, %d bytes) did not finish within %v", name, len(data), fuzzDeadline)
		}
		r, err := res.r, res.err
		if err != nil {
			return
		}
		if r.ID != ID(name) || r.Source != name || r.Hash != Hash(data) {
			t.Errorf("id %q source %q", r.ID, r.Source)
		}
		if r.DocType != TypeProject && r.DocType != TypeReport {
			t.Errorf("doc type %q", r.DocType)
		}
		if (r.PeriodStart == "") != (r.PeriodEnd == "") || r.PeriodStart > r.PeriodEnd {
			t.Errorf("period %q–%q", r.PeriodStart, r.PeriodEnd)
		}
		if r.PeriodStart != "" && (!validDate(r.PeriodStart) || !validDate(r.PeriodEnd)) {
			t.Errorf("invalid period %q–%q", r.PeriodStart, r.PeriodEnd)
		}
		if r.ESFSupportSEK < 0 || r.TotalBudgetSEK < 0 {
			t.Errorf("negative amount")
		}
	})
}

// FuzzFindMentions checks the prose finder on arbitrary text.
func FuzzFindMentions(f *testing.F) {
	f.Add("Förbundsdagen i Oskarshamn, Västerviks kommun och Hulfsfred i Kalmar län.")
	f.Add("Marks kommun, Berg, Ale- och Kil-")
	f.Fuzz(func(t *testing.T, text string) {
		g, err := loadGazetteer()
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range findMentions(text) {
			if m.idx < 0 || m.idx >= len(g.list) {
				t.Fatalf("index %d", m.idx)
			}
		}
		_ = ParticipatingMunicipalities(text, "")
	})
}
