package ingest

import (
	"strings"
	"testing"
	"unicode/utf16"
)

// bigReport is a final report of about size bytes whose last paragraph,
// far beyond MaxText, holds a word found nowhere else.
// A paragraph just past MaxText holds a word that must stay searchable.
func bigReport(size int) string {
	var b strings.Builder
	b.WriteString("# Slutrapport Långa rapporten\n\nBorgholms kommun har varit projektägare.\n\n")
	para := "Deltagarna i Borgholm och Vimmerby fick stöd av en sökandelots under hela projekttiden, och arbetsgivarna deltog i valideringen.\n\n"
	middle := false
	for b.Len() < size {
		if !middle && b.Len() > MaxText+1000 {
			b.WriteString("Mittordet är renskötselområdet.\n\n")
			middle = true
		}
		b.WriteString(para)
	}
	b.WriteString("Slutordet är fjällräddningstjänsten.\n")
	return b.String()
}

func TestLargeFileCapped(t *testing.T) {
	text := bigReport(6 * MaxText)
	utf16le := func(s string) []byte {
		out := []byte{0xff, 0xfe}
		for _, u := range utf16.Encode([]rune(s)) {
			out = append(out, byte(u), byte(u>>8))
		}
		return out
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"big.md", []byte(text)},
		{"big.txt", utf16le(text)},
		{"big.html", []byte("<html><body><main><h1>Långa rapporten</h1><p>" + strings.ReplaceAll(text, "\n\n", "</p><p>") + "</p></main></body></html>")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse(tt.name, tt.data)
			if err != nil {
				t.Fatal(err)
			}
			body := r.Body()
			if len(body) > MaxText+1000 {
				t.Errorf("kept %d bytes of text, want at most MaxText (%d) and the note", len(body), MaxText)
			}
			if len(body) < MaxText/2 {
				t.Errorf("kept only %d bytes of text", len(body))
			}
			last := r.Sections[len(r.Sections)-1]
			if last.Heading != TruncatedHeading || !strings.Contains(last.Text, "originalfilen") {
				t.Errorf("last section %q, want the note that the text was cut", last.Heading)
			}
			if strings.Contains(body, "fjällräddningstjänsten") || strings.Contains(body, "renskötselområdet") {
				t.Error("text beyond MaxText kept")
			}
			if !strings.Contains(r.Rest, "renskötselområdet") || len(r.Rest) > MaxIndexed {
				t.Errorf("the %d bytes of text past MaxText kept for search lack the word just past it", len(r.Rest))
			}
			if strings.Contains(r.Rest, "fjällräddningstjänsten") {
				t.Error("text beyond MaxIndexed kept for search")
			}
			if r.Owner != "Borgholms kommun" || len(r.Municipalities) == 0 {
				t.Errorf("owner %q municipalities %q: the kept part must still be parsed", r.Owner, r.Municipalities)
			}
		})
	}
	// A file under the cap keeps its last word and gets no note.
	small := bigReport(MaxText / 2)
	r, err := Parse("small.md", []byte(small))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Body(), "fjällräddningstjänsten") || r.Sections[len(r.Sections)-1].Heading == TruncatedHeading || r.Rest != "" {
		t.Error("a file under MaxText lost text or got the note")
	}
	// A file between MaxText and MaxIndexed is searchable to its end.
	r, err = Parse("mid.md", []byte(bigReport(2*MaxText)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Rest, "fjällräddningstjänsten") || !strings.Contains(r.Sections[len(r.Sections)-1].Text, "Resten går att söka i") {
		t.Error("a file under MaxIndexed is not searchable to its end, or its note says otherwise")
	}
}

// BenchmarkParseLarge parses a 50 MB report (the size that took 1.75 GB
// to ingest before text was capped): B/op is the memory one such file
// costs the parser.
//
//	go test ./ingest -run '^$' -bench ParseLarge -benchmem
func BenchmarkParseLarge(b *testing.B) {
	data := []byte(bigReport(50 << 20))
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Parse("big.md", data)
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Body()) > MaxText+1000 || len(r.Rest) > MaxIndexed {
			b.Fatal("text not capped")
		}
	}
}
