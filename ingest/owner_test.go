package ingest

import (
	"strings"
	"testing"
)

// TestOwnerOnlyOrganisationNames: the line after an owner label becomes
// the owner only when it can be an organisation's name.
func TestOwnerOnlyOrganisationNames(t *testing.T) {
	page := func(owner string) string {
		return "Sökandelotsar i Västervik\n\nProgramområde: Programområde 2\nProjektfas: Avslutat\n" +
			"Projektägare:\n" + owner + "\nProjektperiod: 2020-01-01 - 2021-12-31\n\n" +
			"Sammanfattning\n\nProjektet arbetade med sökandelotsar.\n"
	}
	tests := []struct {
		line, want string
	}{
		{"Västerviks kommun", "Västerviks kommun"},
		{"Samordningsförbundet Östra Södertörn", "Samordningsförbundet Östra Södertörn"},
		{"Arbetsmiljöforum i Norden AB", "Arbetsmiljöforum i Norden AB"},
		{"3KAB Utveckling", "3KAB Utveckling"},
		{"Region Kalmar län", "Region Kalmar län"}, // starts with a label word, no colon
		{"• Västerviks kommun", ""},                // a bullet line
		{"- Hultsfreds kommun", ""},                // a list item
		{"* Arbetsförmedlingen", ""},               // a list item
		{"Sökandelotsar i Västervik", ""},          // the page's own title
		{"SÖKANDELOTSAR I VÄSTERVIK", ""},          // the title, shouted
		{"Kontaktperson: Anna Andersson", ""},      // the next field
		{"Projektet har drivits i nära samverkan med Arbetsförmedlingen och kommunen.", ""},
		{"kommunen har varit huvudman", ""}, // not a name
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			rec, err := Parse("projekt.html", []byte("<html><body><main>"+htmlLines(page(tt.line))+"</main></body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			if rec.Owner != tt.want {
				t.Errorf("owner %q, want %q", rec.Owner, tt.want)
			}
			// the same in a text page where the value follows the label
			rec, err = Parse("projekt.txt", []byte(page(tt.line)))
			if err != nil {
				t.Fatal(err)
			}
			if rec.Owner != "" && rec.Owner != tt.want {
				t.Errorf("text page: owner %q, want %q", rec.Owner, tt.want)
			}
		})
	}
}

// htmlLines lays a text page out as a saved project-bank page does: the
// title a heading, the labelled fields a definition list with each label
// and value in its own element, the rest paragraphs.
func htmlLines(text string) string {
	out, inList := "", false
	for i, l := range splitLines(text) {
		switch {
		case l == "":
			if inList {
				out += "</dl>\n"
				inList = false
			}
		case i == 0:
			out += "<h1>" + l + "</h1>\n"
		case strings.HasSuffix(l, ":") || strings.Contains(l, ": "):
			if !inList {
				out += "<dl>\n"
				inList = true
			}
			if lab, val, ok := strings.Cut(l, ": "); ok {
				out += "<dt>" + lab + "</dt><dd>" + val + "</dd>\n"
			} else {
				out += "<dt>" + strings.TrimSuffix(l, ":") + "</dt>\n"
			}
		case inList:
			out += "<dd>" + l + "</dd>\n"
		default:
			out += "<p>" + l + "</p>\n"
		}
	}
	return out
}
