package ingest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// normalized blanks out what legitimately differs between a text page and
// its saved-HTML copy: the file (name, id, hash, format) and line wrapping
// inside sections.
func normalized(r Record) Record {
	r.Source, r.ID, r.Sources, r.Hash, r.Format, r.Encoding = "", "", nil, "", "", ""
	secs := make([]Section, len(r.Sections))
	for i, s := range r.Sections {
		secs[i] = Section{Heading: s.Heading, Text: collapse(s.Text)}
	}
	r.Sections = secs
	return r
}

func TestHTMLCopyMatchesText(t *testing.T) {
	for _, seed := range []string{"001_bb93deab17c6a93d", "004_f14d881db3e8d82e"} {
		t.Run(seed, func(t *testing.T) {
			txt, err := ParseFile("sample/" + seed + ".txt")
			if err != nil {
				t.Fatal(err)
			}
			htm, err := ParseFile("testdata/" + seed + ".html")
			if err != nil {
				t.Fatal(err)
			}
			if htm.Source != seed+".html" {
				t.Errorf("source %q", htm.Source)
			}
			if diff := cmp.Diff(normalized(txt), normalized(htm)); diff != "" {
				t.Errorf("HTML copy differs from text page (-text +html):\n%s", diff)
			}
			body := strings.Join([]string{htm.Title, htm.Body(), strings.Join(htm.Partners, " "), strings.Join(htm.Participants, " ")}, " ")
			for _, furniture := range []string{"kakor", "cookies", "Hoppa", "Dela på", "Box 47141", "dataLayer", "Stäng",
				"Webbinarium", "Logotyp", "In English", "Projektbanken", "Utlysningar", "Tillgänglighetsredogörelse", "Malmö", "gtag"} {
				if strings.Contains(body, furniture) {
					t.Errorf("indexed text contains page furniture %q", furniture)
				}
			}
		})
	}
}

func TestHTMLMarkup(t *testing.T) {
	tests := []struct {
		name string
		page string
		want func(Record) string // "" when fine, else a complaint
	}{
		{"field divs", `<html><body><h1>Projekt X</h1>
<div class="f"><span class="label">Projektägare</span></div><div class="v">Region Kalmar län</div>
<div>Projektfas:</div><div>Avslutat</div>
<h2>Bakgrund</h2><p>En bakgrund om nyanlända som är lång nog att vara ett eget stycke.</p></body></html>`,
			func(r Record) string {
				if r.Title != "Projekt X" || r.Owner != "Region Kalmar län" || r.Phase != "Avslutat" {
					return "title/owner/phase: " + r.Title + "|" + r.Owner + "|" + r.Phase
				}
				if len(r.Sections) != 1 || r.Sections[0].Heading != "Bakgrund" {
					return "sections"
				}
				if !contains(r.TargetGroups, "Nyanlända") {
					return "target groups"
				}
				return ""
			}},
		{"table fields", `<main><h1>Projekt Y</h1><table><tr><th>Projektägare</th><td>Malmö stad</td></tr>
<tr><th>Projektperiod</th><td>2019-01-01 till 2020-06-30</td></tr><tr><th>Beviljat ESF-stöd</th><td>1&nbsp;000&nbsp;000 kr</td></tr></table>
<h2>Kommun</h2><ul><li>Malmö</li><li>Burlöv</li></ul></main>`,
			func(r Record) string {
				if r.Owner != "Malmö stad" || r.PeriodStart != "2019-01-01" || r.PeriodEnd != "2020-06-30" || r.ESFSupportSEK != 1000000 {
					return "fields"
				}
				if !cmp.Equal(r.Municipalities, []string{"Malmö", "Burlöv"}) || r.County != "Skåne län" || r.Region != "Sydsverige" {
					return "municipalities/area"
				}
				return ""
			}},
		{"report page", `<html><head><title>x</title><script>var a="Projektägare: Fel AB";</script></head><body>
<nav><p>Start Umeå</p></nav><main><h1>Slutrapport</h1><h1>Vägen vidare</h1>
<p>Projektägare har varit Samordningsförbundet Umeå.</p><h2>Resultat</h2><p>Deltagare från Umeå, Vännäs och Vindeln fick arbete 1 mars 2019 – 28 februari 2021.</p>
<div hidden><p>Deltagare från Kiruna</p></div><div style="display: none">Gällivare</div></main></body></html>`,
			func(r Record) string {
				if r.DocType != TypeReport || r.Title != "Vägen vidare" || r.Owner != "Samordningsförbundet Umeå" {
					return "type/title/owner: " + r.DocType + "|" + r.Title + "|" + r.Owner
				}
				if !cmp.Equal(r.Municipalities, []string{"Umeå", "Vindeln", "Vännäs"}) || r.Region != "Övre Norrland" || r.County != "Västerbottens län" {
					return "municipalities " + strings.Join(r.Municipalities, ",")
				}
				if r.PeriodStart != "2019-03-01" || r.PeriodEnd != "2021-02-28" {
					return "period"
				}
				return ""
			}},
		{"deep nesting", "<div>" + strings.Repeat("<div><span>", 5000) + "djup text" + "<h2>Bakgrund</h2><p>Text här.</p>",
			func(r Record) string {
				if strings.Contains(r.Body(), "djup text") {
					return "content below the depth limit was rendered"
				}
				return ""
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Parse(tt.name+".html", []byte(tt.page))
			if err != nil {
				if tt.name == "deep nesting" {
					return
				}
				t.Fatal(err)
			}
			if msg := tt.want(r); msg != "" {
				t.Errorf("%s; record %+v", msg, r)
			}
		})
	}
}
