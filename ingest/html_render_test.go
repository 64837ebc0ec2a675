package ingest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// render is the text a page's main content becomes before parsing.
func render(t *testing.T, page string) []string {
	t.Helper()
	lines, err := renderHTML(page)
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

// TestHTMLRender pins how each kind of element becomes lines: blocks
// are separated by a blank line, line-level elements start a line,
// inline ones do not, and only <main> is read when there is one.
func TestHTMLRender(t *testing.T) {
	tests := []struct {
		name, page string
		want       []string
	}{
		{"only main", `<body><div class="promo">Kampanj i Kiruna</div><main><p>Text i Luleå.</p></main><div>Sidfot</div></body>`,
			[]string{"Text i Luleå.", ""}},
		{"role=main", `<body><div>Utanför</div><div role="main"><p>Innanför.</p></div></body>`,
			[]string{"Innanför.", ""}},
		{"no main: the whole body", `<body><div>Ett</div><div>Två</div></body>`,
			[]string{"Ett", "Två", ""}},
		{"a hidden main is not the content", `<body><main hidden><p>Dold</p></main><div>Synlig</div></body>`,
			[]string{"Synlig", ""}},
		{"text after the last block", `<main><p>Stycke.</p>Sista raden</main>`,
			[]string{"Stycke.", "", "Sista raden", ""}},
		{"headings as Markdown, empty ones dropped", `<main><h2>Bakgrund</h2><h3> </h3><p>Text.</p></main>`,
			[]string{"## Bakgrund", "", "Text.", ""}},
		{"list items", `<main><ul><li>Gävle</li><li></li><li>Sandviken</li></ul></main>`,
			[]string{"• Gävle", "• Sandviken", ""}},
		{"definition list joined", `<main><dl><dt>Projektägare</dt><dd>Gävle kommun</dd><dt>Projektfas</dt><dd>Avslutat</dd></dl></main>`,
			[]string{"Projektägare: Gävle kommun", "Projektfas: Avslutat", ""}},
		{"table cells joined, rows on lines", `<main><table><tr><th>Kommun</th><td>Gävle</td><td>12</td></tr><tr><td>Ockelbo</td></tr></table></main>`,
			[]string{"Kommun: Gävle: 12", "Ockelbo", ""}},
		{"br ends a line", `<main><p>Rad ett<br>Rad två</p></main>`,
			[]string{"Rad ett", "Rad två", ""}},
		{"pre keeps its lines and spaces", "<main><pre>a  b\nc   d</pre><p>Efter.</p></main>",
			[]string{"a  b", "c   d", "", "Efter.", ""}},
		{"inline elements stay on the line", `<main><p>Ett <b>fett</b> och <a href="x">länkat</a> ord.</p></main>`,
			[]string{"Ett fett och länkat ord.", ""}},
		{"unknown block elements start a line", `<main><center>Mitten</center><custom-box>Ruta</custom-box></main>`,
			[]string{"Mitten", "Ruta", ""}},
		{"divs are lines, not blocks", `<main><div>Ett</div><div>Två</div></main>`,
			[]string{"Ett", "Två", ""}},
		{"a label line takes the next line's value", `<main><div>Projektägare</div><div>Region Gävleborg</div><div>Projektfas:</div><div>Avslutat</div></main>`,
			[]string{"Projektägare: Region Gävleborg", "Projektfas: Avslutat", ""}},
		{"a label with nothing after it stays", `<main><div>Projektägare</div></main>`,
			[]string{"Projektägare", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, render(t, tt.page)); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
		})
	}
}
