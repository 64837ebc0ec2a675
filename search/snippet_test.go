package search

import (
	"html"
	"strings"
	"testing"

	"projektsok/ingest"
)

// Long reports: fragments come from wherever the words are, within the
// scanned part, and the first fragments found early are the ones shown.
func TestSnippetsLongText(t *testing.T) {
	filler := strings.Repeat("Projektet har arbetat med samverkan i regionen. ", 600) // ~29 KB
	m := newMatcher()
	m.Exact["sökandelots"] = true
	tests := []struct {
		name     string
		sections []ingest.Section
		want     int    // fragments with a mark
		trailing bool   // the last fragment ends with " …"
		contains string // a fragment contains this
	}{
		{"only match beyond the first part", []ingest.Section{
			{Heading: "Sammanfattning", Text: "Kort om projektet."},
			{Heading: "Genomförande", Text: filler + "Här arbetade en sökandelots med deltagarna. " + filler},
		}, 1, true, "en <mark>sökandelots</mark> med"},
		{"matches early and late", []ingest.Section{
			{Heading: "Sammanfattning", Text: "En sökandelots. " + strings.Repeat("x ", 200) + "Två sökandelots. " +
				strings.Repeat("y ", 200) + "Tre sökandelots."},
			{Heading: "Genomförande", Text: filler + "Sent: fyra sökandelots. " + filler},
		}, 3, true, "Tre <mark>sökandelots</mark>"},
		{"beyond what is scanned", []ingest.Section{
			{Heading: "Sammanfattning", Text: "Kort om projektet."},
			{Heading: "Genomförande", Text: strings.Repeat(filler, 5) + "Här arbetade en sökandelots."},
		}, 0, true, "Kort om projektet."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &ingest.Record{Sections: tt.sections}
			got := Snippets(r, m, 3)
			marked := 0
			for _, s := range got {
				if strings.Contains(s, "<mark>") {
					marked++
				}
			}
			if marked != tt.want {
				t.Errorf("%d fragments with a mark, want %d: %q", marked, tt.want, got)
			}
			if len(got) == 0 {
				t.Fatal("no fragments")
			}
			if tt.trailing != strings.HasSuffix(got[len(got)-1], " …") {
				t.Errorf("last fragment %q: trailing … = %v, want %v", got[len(got)-1], !tt.trailing, tt.trailing)
			}
			if !strings.Contains(strings.Join(got, "\n"), tt.contains) {
				t.Errorf("fragments %q lack %q", got, tt.contains)
			}
		})
	}
}

// snippetText is the first limit bytes of the summary and the other
// sections joined by blank lines, whatever the limit: at a section's end,
// within the blank line after it, and past all the text.
func TestSnippetTextPrefix(t *testing.T) {
	recs := []*ingest.Record{
		{Sections: []ingest.Section{{Heading: "Sammanfattning", Text: "Kort om projektet."}, {Heading: "Mål", Text: "Fler i arbete."}, {Text: "Slut."}}},
		{Sections: []ingest.Section{{Text: "Bara en text utan rubrik."}}},
		{Sections: []ingest.Section{{Heading: "Bakgrund", Text: "Först bakgrunden."}, {Heading: "Sammanfattning", Text: "Sedan sammanfattningen."}, {Text: ""}, {Text: "Sist."}}},
		{Sections: []ingest.Section{{Text: ""}, {Text: "Efter en tom."}}},
	}
	for _, r := range recs {
		summary := r.Summary()
		full := summary
		for _, s := range r.Sections {
			if s.Text == summary {
				continue
			}
			if full != "" {
				full += "\n\n"
			}
			full += s.Text
		}
		for limit := 1; limit <= len(full)+2; limit++ {
			want := full[:min(len(full), limit)]
			if got := snippetText(r, limit); got != want {
				t.Errorf("%q, limit %d: %q, want %q", full, limit, got, want)
			}
		}
		if got := textLen(r, summary); got != len(full) {
			t.Errorf("textLen = %d, want %d", got, len(full))
		}
	}
}

// clean is html.EscapeString of the text with each run of white space
// folded to one space: a fragment shows no markup from the document.
func TestClean(t *testing.T) {
	for _, s := range []string{
		"", "  ", "Vanlig text.", "<script>alert('x')</script> & \"citat\"",
		"rad\n\n\tnästa\r\nrad ", "Åsa & Örjan <3", " ledande och avslutande \n",
	} {
		want := html.EscapeString(strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r < 128 && isSpace(byte(r)) }), " "))
		if s != "" && isSpace(s[0]) {
			want = " " + want
		}
		if s != "" && isSpace(s[len(s)-1]) && strings.TrimSpace(s) != "" {
			want += " "
		}
		if got := clean(s); got != want {
			t.Errorf("clean(%q) = %q, want %q", s, got, want)
		}
	}
}

// The scanner marks a sought word whatever its case or diacritics, next
// to punctuation, digits and other letters, and nothing else.
func TestSnippetsMarkWords(t *testing.T) {
	m := newMatcher()
	m.Exact["sökandelots"] = true
	m.Prefixes = []string{"ov"} // folded: words starting with ov or öv
	r := &ingest.Record{Sections: []ingest.Section{{Heading: "Sammanfattning",
		Text: "SÖKANDELOTS, (sökandelots) 3sökandelots Övertorneå ÖVRE ovan avsnitt sokandelot2 Sökandelots."}}}
	got := strings.Join(Snippets(r, m, 3), "\n")
	for _, w := range []string{"<mark>SÖKANDELOTS</mark>,", "(<mark>sökandelots</mark>)", "<mark>Övertorneå</mark>",
		"<mark>ÖVRE</mark>", "<mark>ovan</mark>", "<mark>Sökandelots</mark>."} {
		if !strings.Contains(got, w) {
			t.Errorf("snippets %q lack %q", got, w)
		}
	}
	for _, w := range []string{"<mark>avsnitt</mark>", "<mark>3sökandelots</mark>", "<mark>sokandelot2</mark>"} {
		if strings.Contains(got, w) {
			t.Errorf("snippets %q mark %q", got, w)
		}
	}
}
