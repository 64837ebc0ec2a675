package ingest

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// Tests that pin the rules by which a final report gets its title, owner,
// sections, municipalities, county and region; each case differs from a
// neighbour in the one thing its rule looks at. The golden files
// (testdata/docs) show the same rules on whole documents.

func parseNamed(t *testing.T, name, text string) Record {
	t.Helper()
	r, err := Parse(name, []byte(text))
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return r
}

const para = "Projektet gav deltagarna stöd att komma närmare arbetsmarknaden genom praktik och vägledning under hela projekttiden."

func TestReportTitle(t *testing.T) {
	tests := []struct {
		name, file, text, want string
	}{
		{"level-1 heading", "a.md", "# Vägen vidare\n\n## Bakgrund\n\n" + para, "Vägen vidare"},
		{"generic heading: the Projektnamn label", "a.md", "# Slutrapport\n\nProjektnamn: Nya spår\n\n## Bakgrund\n\n" + para, "Nya spår"},
		{"a section name is not a title: the label", "a.md", "## Sammanfattning\n\n" + para + "\n\n## Bakgrund\n\nProjektets namn: Steget\n\n" + para, "Steget"},
		{"no label: the first heading that is not a section name", "a.md", "## Bakgrund\n\n" + para + "\n\n## Steget ut i arbetslivet\n\n" + para, "Steget ut i arbetslivet"},
		{"level-1 heading above the label", "a.md", "# Steget\n\nProjektnamn: Steget ut\n\n" + para, "Steget"},
		{"report suffix", "a.md", "# Samverkan Syd – slutrapport\n\n" + para, "Samverkan Syd"},
		{"English suffix", "a.md", "# Bridge to Work - Final Report\n\n" + para, "Bridge to Work"},
		{"plain: Slutrapport för projektet", "a.txt", "Slutrapport för projektet Vägen in\n\n" + para, "Vägen in"},
		{"plain: Slutrapport:", "a.txt", "Slutrapport: Kompetenslyft Dalarna\n\n" + para, "Kompetenslyft Dalarna"},
		{"plain: Slutrapport and a name", "a.txt", "SLUTRAPPORT Framtidsvägen\n\n" + para, "Framtidsvägen"},
		{"plain: a generic line, then the name", "a.txt", "Slutrapport\n\n\"Framtidsvägen\"\n\n" + para, "Framtidsvägen"},
		{"plain: the label", "a.txt", "Slutrapport\nProjektnamn: Framtidsvägen\n\n" + para, "Framtidsvägen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := parseNamed(t, tt.file, tt.text)
			if r.Title != tt.want {
				t.Errorf("title = %q, want %q", r.Title, tt.want)
			}
			if r.DocType != TypeReport {
				t.Errorf("doc type = %q", r.DocType)
			}
		})
	}
}

func TestReportOwner(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"label", "# Steget\n\nProjektägare: Stiftelsen Activa\n\n" + para, "Stiftelsen Activa"},
		{"X har varit projektägare", "# Steget\n\n" + para + " Falu kommun har varit projektägare.", "Falu kommun"},
		{"projektägare har varit X", "# Steget\n\nProjektägare har varit Luleå kommun och projektet drevs i Boden.", "Luleå kommun"},
		{"a one-word owner", "# Steget\n\n" + para + " Arbetsförmedlingen har varit projektägare.", "Arbetsförmedlingen"},
		{"too long to be a name", "# Steget\n\n" + para + " Det som en gång började som ett litet försök i en enda kommun har varit projektägare.", ""},
		{"not a name: Projektet", "# Steget\n\nProjektet är projektägare för delprojekten.\n\n" + para, ""},
		{"cover line after the title", "# Steget\n\nSamordningsförbundet Västra Mälardalen\n\n## Bakgrund\n\n" + para, "Samordningsförbundet Västra Mälardalen"},
		{"cover name continued by a county", "# Steget\n\nKommunförbundet\nKalmar län\n\n## Bakgrund\n\n" + para, "Kommunförbundet Kalmar län"},
		{"cover name not continued by other text", "# Steget\n\nKommunförbundet\nJanuari 2020\n\n## Bakgrund\n\n" + para, "Kommunförbundet"},
		{"no organisation on the cover", "# Steget\n\nJanuari 2020\n\n## Bakgrund\n\n" + para, ""},
		{"the cover ends at the first heading", "# Steget\n\n## Bakgrund\n\nRegion Gävleborg\n\n" + para, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseNamed(t, "a.md", tt.text).Owner; got != tt.want {
				t.Errorf("owner = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestReportContents: a table of contents is no section, in Markdown and
// in plain text, and the heading after it is kept.
func TestReportContents(t *testing.T) {
	md := "# Steget\n\n## Innehåll\n\nBakgrund .......... 2\nResultat .......... 5\n\n## Bakgrund\n\n" + para + "\n\n## Resultat\n\nFlera fick arbete."
	txt := "Slutrapport: Steget\n\nInnehållsförteckning\nSammanfattning .......... 2\nResultat .......... 5\n\nSammanfattning\n\n" + para + "\n\nResultat\n\nFlera fick arbete."
	for name, tt := range map[string]struct {
		file, text string
		want       []string
	}{
		"markdown": {"a.md", md, []string{"Bakgrund", "Resultat"}},
		"markdown, no page numbers": {"a.md", "# Steget\n\n## Innehållsförteckning\n\nBakgrund\nResultat\n\n## Bakgrund\n\n" + para + "\n\n## Resultat\n\nFlera fick arbete.",
			[]string{"Bakgrund", "Resultat"}},
		"plain text": {"a.txt", txt, []string{"Sammanfattning", "Resultat"}},
	} {
		t.Run(name, func(t *testing.T) {
			r := parseNamed(t, tt.file, tt.text)
			var got []string
			for _, s := range r.Sections {
				got = append(got, s.Heading)
				if strings.Contains(s.Text, "....") {
					t.Errorf("section %q holds contents lines: %q", s.Heading, s.Text)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("section headings (-want +got):\n%s", diff)
			}
			if r.Summary() != para {
				t.Errorf("summary = %q", r.Summary())
			}
		})
	}
}

// TestReportOrProjectPage: labelled lines make a project-bank page only
// when they are not the cover of a report.
func TestReportOrProjectPage(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		want       string
	}{
		{"page labels", "Steget\n\nProjektägare: Falu kommun\nProjektfas: Genomförande\n\nSammanfattning\n\n" + para, TypeProject},
		{"owner and period, no report word", "Steget\n\nProjektägare: Falu kommun\nProjektperiod: 2018-01-01 till 2019-12-31\n\n" + para, TypeProject},
		{"a report's cover", "Slutrapport för projektet Steget\n\nProjektnummer: 2018/00417\nProjektperiod: 2018-01-01 till 2019-12-31\n\n" + para, TypeReport},
		{"a report's cover with page labels is a page", "Slutrapport\nSteget\n\nProgramområde: Programområde 2\nProjektfas: Avslutat\n\n" + para, TypeProject},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseNamed(t, "a.txt", tt.text).DocType; got != tt.want {
				t.Errorf("doc type = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestReportArea: municipalities come from the text; the county and
// region are those all of them share, else the owner's county.
func TestReportArea(t *testing.T) {
	tests := []struct {
		name, text     string
		munis          []string
		county, region string
	}{
		{"one county", "# Steget\n\nProjektet drevs i Falun, Borlänge och Ludvika.\n\n" + para,
			[]string{"Borlänge", "Falun", "Ludvika"}, "Dalarnas län", "Norra Mellansverige"},
		{"two counties, one region", "# Steget\n\nProjektet drevs i Falun och Gävle.\n\n" + para,
			[]string{"Falun", "Gävle"}, "", "Norra Mellansverige"},
		{"two regions", "# Steget\n\nProjektet drevs i Falun och Umeå.\n\n" + para,
			[]string{"Falun", "Umeå"}, "", ""},
		{"a passing mention of another county is dropped", "# Steget\n\nProjektet drevs i Falun, Borlänge och Ludvika. Metoden kommer från Landskrona.\n\n" + para,
			[]string{"Borlänge", "Falun", "Ludvika"}, "Dalarnas län", "Norra Mellansverige"},
		{"mentioned twice, it stays", "# Steget\n\nProjektet drevs i Falun, Borlänge och Ludvika. Metoden kommer från Landskrona. Landskrona deltog också.\n\n" + para,
			[]string{"Borlänge", "Falun", "Landskrona", "Ludvika"}, "", ""},
		{"no municipality: the owner's county", "# Steget\n\nProjektägare: Region Västerbottens län\n\n" + para,
			nil, "Västerbottens län", "Övre Norrland"},
		{"a table of municipalities", "# Steget\n\n| Kommun | Deltagare |\n| --- | --- |\n| Kumla | 18 |\n| Hallsberg | 11 |\n\n" + para,
			[]string{"Hallsberg", "Kumla"}, "Örebro län", "Östra Mellansverige"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := parseNamed(t, "a.md", tt.text)
			if diff := cmp.Diff(tt.munis, r.Municipalities); diff != "" {
				t.Errorf("municipalities (-want +got):\n%s", diff)
			}
			if r.County != tt.county || r.Region != tt.region {
				t.Errorf("county %q region %q, want %q %q", r.County, r.Region, tt.county, tt.region)
			}
		})
	}
}

// capitalized is s with its first letter in upper case.
func capitalized(s string) string {
	r := []rune(s)
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}

// TestWordListsApply: every word of the lists that steer parsing does its
// job: a known heading ending in a colon is still a heading, a generic or
// section heading is never the title, and a common-word municipality needs
// a clear context.
func TestWordListsApply(t *testing.T) {
	for h := range knownHeadings {
		text := "Slutrapport: Steget\n\n" + capitalized(h) + ":\n\n" + para
		r := parseNamed(t, "a.txt", text)
		found := false
		for _, s := range r.Sections {
			found = found || strings.EqualFold(strings.TrimSuffix(s.Heading, ":"), h)
		}
		if !found {
			t.Errorf("known heading %q: not a section heading in %+v", h, r.Sections)
		}
	}
	for g := range genericTitles {
		if r := parseNamed(t, "a.md", "# "+capitalized(g)+"\n\n# Steget\n\n"+para); r.Title != "Steget" {
			t.Errorf("generic %q: title %q", g, r.Title)
		}
	}
	for s := range sectionNames {
		if r := parseNamed(t, "a.md", "## "+capitalized(s)+"\n\n"+para+"\n\n## Steget\n\n"+para); r.Title != "Steget" {
			t.Errorf("section name %q: title %q", s, r.Title)
		}
	}
	for name := range commonWordNames {
		m, ok := LookupMunicipality(name)
		if !ok {
			t.Errorf("%q is no municipality", name)
			continue
		}
		if got := ParticipatingMunicipalities("Stödet gav "+m.Name+" en ny roll.", ""); len(got) != 0 {
			t.Errorf("%s without context counted: %v", m.Name, got)
		}
		if got := ParticipatingMunicipalities("Stödet gav "+m.Name+" kommun en ny roll.", ""); !cmp.Equal(got, []string{m.Name}) {
			t.Errorf("%s kommun: %v", m.Name, got)
		}
	}
}

// TestSplitLongLines: a line longer than maxLineLen is wrapped at a space
// when it has one, else at a letter boundary, and no text is lost.
func TestSplitLongLines(t *testing.T) {
	words := strings.Repeat("samverkan ", maxLineLen/10+500) // spaces throughout
	letters := strings.Repeat("ö", maxLineLen/2+300)         // two bytes a letter, no space
	for name, line := range map[string]string{"words": words, "letters": letters, "space at the start only": " " + letters} {
		t.Run(name, func(t *testing.T) {
			got := splitLines(line)
			if len(got) < 2 {
				t.Fatalf("not wrapped: %d lines", len(got))
			}
			for i, l := range got {
				if len(l) > maxLineLen {
					t.Errorf("line %d has %d bytes", i, len(l))
				}
				if !utf8.ValidString(l) {
					t.Errorf("line %d is cut inside a letter", i)
				}
				if name == "words" && (strings.HasPrefix(l, " ") || !strings.HasSuffix(l, "samverkan")) {
					t.Errorf("line %d is not cut at a space: …%q", i, l[max(0, len(l)-12):])
				}
			}
			if strings.Join(strings.Fields(strings.Join(got, " ")), "") != strings.Join(strings.Fields(line), "") {
				t.Error("text lost in wrapping")
			}
		})
	}
}

// TestSmallRules: amounts with any thousands separator, lists without
// bullets, and Markdown bullets of every kind.
func TestSmallRules(t *testing.T) {
	for s, want := range map[string]int64{
		"1 292 580 kr": 1292580, "1\u00a0292\u00a0580 kr": 1292580, "1\u202f292\u202f580 kr": 1292580,
		"1.292.580 SEK": 1292580, "1 292 580,50 kr": 1292580, "okänd": 0,
	} {
		if got := parseAmount(s); got != want {
			t.Errorf("parseAmount(%q) = %d, want %d", s, got, want)
		}
	}
	for _, tt := range []struct {
		lines []string
		want  bool
	}{
		{[]string{"Arbetsförmedlingen", "Försäkringskassan"}, true},
		{[]string{"Arbetsförmedlingen"}, false},                                   // one line
		{[]string{"Arbetsförmedlingen", "försäkringskassan"}, false},              // a lower-case start
		{[]string{"Arbetsförmedlingen", "Försäkringskassan."}, false},             // a sentence end
		{[]string{"Arbetsförmedlingen", strings.Repeat("Långt namn ", 4)}, false}, // over 40 bytes
	} {
		if got := listLike(block{lines: tt.lines}); got != tt.want {
			t.Errorf("listLike(%q) = %v, want %v", tt.lines, got, tt.want)
		}
	}
	for line, want := range map[string]string{
		"* Gävle": "- Gävle", "+ Gävle": "- Gävle", "- Gävle": "- Gävle", "  + Gävle": "- Gävle",
		"**Gävle**": "Gävle", "*Gävle*": "Gävle", "Gävle*": "Gävle",
	} {
		if got, _ := cleanMarkdown(line); got != want {
			t.Errorf("cleanMarkdown(%q) = %q, want %q", line, got, want)
		}
	}
}
