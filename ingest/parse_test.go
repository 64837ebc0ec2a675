package ingest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseUnsupported(t *testing.T) {
	for _, name := range []string{"a.doc", "b", "c.TXT.bak", "d.exe"} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(name, []byte("hej"))
			if !errors.Is(err, ErrUnsupported) {
				t.Fatalf("err = %v, want ErrUnsupported", err)
			}
			if !strings.Contains(err.Error(), name) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	for _, name := range []string{"a.txt", "b.md", "c.html"} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(name, []byte(" \n\n "))
			if !errors.Is(err, ErrNoText) {
				t.Fatalf("err = %v, want ErrNoText", err)
			}
		})
	}
}

func TestParseFileErrors(t *testing.T) {
	_, err := ParseFile(filepath.Join(t.TempDir(), "missing.txt"))
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("missing file: %v", err)
	}
}

func TestParseIDAndSource(t *testing.T) {
	data := []byte("# Slutrapport\n\n# Mitt projekt\n\nText om projektet.")
	r, err := Parse("some/dir/Rapport Åre 2021.md", data)
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != ID("some/dir/Rapport Åre 2021.md") || r.Source != "some/dir/Rapport Åre 2021.md" || r.Title != "Mitt projekt" || r.DocType != TypeReport {
		t.Errorf("got id %q source %q title %q type %q", r.ID, r.Source, r.Title, r.DocType)
	}
	if r.Hash != Hash(data) || len(r.Hash) != 64 || r.Format != "markdown" || r.Encoding != "utf-8" {
		t.Errorf("hash %q format %q encoding %q", r.Hash, r.Format, r.Encoding)
	}
	if diff := cmp.Diff([]string{r.Source}, r.Sources); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
}

// Ids are readable, stable and unique: every pair of paths the former ids
// (base name without extension, cut at 100) merged gets two ids.
func TestID(t *testing.T) {
	long := strings.Repeat("uppdrag-till-statens-skolverk-", 5)
	tests := []struct {
		rel  string
		want string // "" when only the shape is checked
	}{
		{"skr/skr-200405161.md", "skr.skr-200405161.md"},
		{"001_bb93deab17c6a93d.txt", "001_bb93deab17c6a93d.txt"},
		{"./a/../x.txt", "x.txt"},
		{"x.html", "x.html"},
		{"Rapport Åre 2021.md", ""},
		{"skr.-200405161.md", ""},
		{long + "a.md", ""},
		{long + "b.md", ""},
		{"-x.md", ""},
		{"a/b.md", "a.b.md"},
		{"a.b.md", ""},
		{"a/b.c.md", ""},
		{"A/b.md", ""},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			got := ID(tt.rel)
			if tt.want != "" && got != tt.want {
				t.Errorf("ID(%q) = %q, want %q", tt.rel, got, tt.want)
			}
			if got != ID(tt.rel) {
				t.Errorf("ID(%q) is not stable", tt.rel)
			}
			if len(got) > MaxIDLen+11 {
				t.Errorf("ID(%q) = %q: %d bytes", tt.rel, got, len(got))
			}
			for _, c := range got {
				if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.~", c)) {
					t.Errorf("ID(%q) = %q: %q is not URL-safe", tt.rel, got, c)
				}
			}
			if tt.want == "" && !strings.Contains(got, "~") {
				t.Errorf("ID(%q) = %q: a spelling that loses detail needs the hash suffix", tt.rel, got)
			}
			if other, dup := seen[got]; dup {
				t.Errorf("ID(%q) = ID(%q) = %q", tt.rel, other, got)
			}
			seen[got] = tt.rel
		})
	}
	if got := ID("Rapport Åre 2021.md"); !strings.HasPrefix(got, "rapport-are-2021.md~") {
		t.Errorf("readable part: %q", got)
	}
	// A name stored decomposed (macOS) is the same source as composed.
	if nfd, nfc := ID("Rapport A\u030are 2021.md"), ID("Rapport \u00c5re 2021.md"); nfd != nfc {
		t.Errorf("decomposed %q, composed %q", nfd, nfc)
	}
	// The former ids merged these pairs; they stay reachable by LegacyID.
	for _, pair := range [][2]string{
		{"prop/skr-200405161.md", "skr/skr-200405161.md"},
		{"skr-200405161.md", "skr.-200405161.md"},
		{"x.txt", "x.html"},
		{long + "a.md", long + "b.md"},
	} {
		if LegacyID(pair[0]) != LegacyID(pair[1]) {
			t.Errorf("LegacyID(%q) = %q, LegacyID(%q) = %q: expected the old collision", pair[0], LegacyID(pair[0]), pair[1], LegacyID(pair[1]))
		}
		if ID(pair[0]) == ID(pair[1]) {
			t.Errorf("ID(%q) = ID(%q) = %q", pair[0], pair[1], ID(pair[0]))
		}
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a.txt", "sub/b.md", "sub/deeper/c.HTML", "sub/d.pdf", "x.doc", "sub/y.jpg", ".hidden/z.txt", "sub/.e.txt"} {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, skipped, err := Files([]string{dir, filepath.Join(dir, "a.txt")})
	if err != nil {
		t.Fatal(err)
	}
	// The folder is the root of the files under it; a.txt, given again
	// on its own, is listed once.
	want := []File{
		{filepath.Join(dir, "a.txt"), "a.txt"}, {filepath.Join(dir, "sub/b.md"), "sub/b.md"},
		{filepath.Join(dir, "sub/d.pdf"), "sub/d.pdf"}, {filepath.Join(dir, "sub/deeper/c.HTML"), "sub/deeper/c.HTML"},
	}
	if diff := cmp.Diff(want, files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{filepath.Join(dir, "sub/y.jpg"), filepath.Join(dir, "x.doc")}, skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	// A file given on its own has its folder as root.
	files, _, err = Files([]string{filepath.Join(dir, "sub/deeper/c.HTML")})
	if err != nil || len(files) != 1 || files[0].Rel != "c.HTML" {
		t.Errorf("single file: %v, %v", files, err)
	}
	_, _, err = Files([]string{dir, filepath.Join(dir, "nope")})
	if err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("missing path: err = %v", err)
	}
}

func TestSample(t *testing.T) {
	entries, err := fs.ReadDir(Sample(), ".")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"001_bb93deab17c6a93d.txt", "002_b8b164406977b26c.txt", "003_4bbc70af2d9de5f2.txt", "004_f14d881db3e8d82e.txt"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"1 292 580 kr", 1292580},
		{"450\u00a0000 kr", 450000},
		{"8 562 409 SEK", 8562409},
		{"1 292 580,50 kr", 1292580},
		{"kr", 0},
		{"", 0},
		{"99999999999999999999999 kr", 0},
		// Reports write large sums with a unit word.
		{"ca 2 miljoner kronor", 2_000_000},
		{"2,5 miljoner kr", 2_500_000},
		{"1,2 MSEK", 1_200_000},
		{"3,75 mnkr", 3_750_000},
		{"450 tkr", 450_000},
		{"12 tusen kronor", 12_000},
		{"1,1 miljarder kronor", 1_100_000_000},
		{"2–3 miljoner kronor", 2_000_000},
		{"4 till 5 Mkr", 4_000_000},
		// A unit word is only read right after the number.
		{"500 000 kr av totalt 2 miljoner", 500_000},
		{"2 000 000 kr (miljoner i budget)", 2_000_000},
		// Groups after a separator have three digits; others end the number.
		{"2020 12 projekt", 2020},
		{"9 223 372 036 854 775 807 miljoner", 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := parseAmount(tt.in); got != tt.want {
				t.Errorf("parseAmount(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in, start, end string
		ok             bool
	}{
		{"2014-01-02 till 2014-12-31", "2014-01-02", "2014-12-31", true},
		{"under projekttiden 15 augusti 2020 – 31 december 2022 samordnat", "2020-08-15", "2022-12-31", true},
		{"1 mars – 30 juni 2021", "2021-03-01", "2021-06-30", true},
		{"1 Januari 2019 till 31 December 2020", "2019-01-01", "2020-12-31", true},
		{"2014-02-30 till 2014-12-31", "", "", false},
		{"2015-01-01 till 2014-12-31", "", "", false},
		{"ingen period", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a, b, ok := parsePeriod(tt.in)
			if a != tt.start || b != tt.end || ok != tt.ok {
				t.Errorf("parsePeriod = %q %q %v, want %q %q %v", a, b, ok, tt.start, tt.end, tt.ok)
			}
		})
	}
}

func TestProjectTitleSkipsFurniture(t *testing.T) {
	page := "Logotyp på utskrifter\n\nStäng\n\n12 mars - Konferens om arbetsmarknaden i Malmö\n\nMer information och anmälan.\n\n" +
		"Mitt projekt\n\nStäng\n\nProjektfasGenomförande\nProjektägareMalmö stad\nRegionSydsverige\nIn English\n\n" +
		"Sammanfattning\n\nEn text om projektet som är lång nog att vara ett stycke.\n\nKommun\n\n • Malmö stad\n • Lund\n"
	r, err := Parse("p.txt", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Mitt projekt" || r.Owner != "Malmö stad" || r.Region != "Sydsverige" || r.County != "Skåne län" {
		t.Errorf("title %q owner %q region %q county %q", r.Title, r.Owner, r.Region, r.County)
	}
	if diff := cmp.Diff([]string{"Malmö", "Lund"}, r.Municipalities); diff != "" {
		t.Errorf("municipalities (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Section{{Heading: "Sammanfattning", Text: "En text om projektet som är lång nog att vara ett stycke."}}, r.Sections); diff != "" {
		t.Errorf("sections (-want +got):\n%s", diff)
	}
}

func TestNormalizeNumber(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2016/00123", "2016-123"},
		{"2016-00123", "2016-123"},
		{"Dnr 2016/00123", "2016-123"},
		{"dnr. 2016/123", "2016-123"},
		{"Projektnummer: 2016/00123", "2016-123"},
		{"ESF 2016-00123", "ESF-2016-123"},
		{"2016/00124", "2016-124"},
		{"saknas", ""},
		{"", ""},
	} {
		if got := NormalizeNumber(tt.in); got != tt.want {
			t.Errorf("NormalizeNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLineage(t *testing.T) {
	page := Record{Title: "Vägen till arbete", Owner: "Botkyrka kommun", ProjectNumber: "2016/00123", DocType: TypeProject}
	tests := []struct {
		name   string
		report Record
		linked bool
	}{
		{"number spelt otherwise", Record{Title: "Något helt annat", ProjectNumber: "Dnr 2016-00123"}, true},
		{"another number", Record{Title: "Vägen till arbete", Owner: "Botkyrka kommun", ProjectNumber: "2016/00124"}, false},
		{"no number: title and owner", Record{Title: "Slutrapport: Vägen till arbete", Owner: "BOTKYRKA KOMMUN"}, true},
		{"no number, another owner", Record{Title: "Vägen till arbete", Owner: "Huddinge kommun"}, false},
		{"no number, no owner", Record{Title: "Vägen till arbete"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := LineageOf(&page), LineageOf(&tt.report)
			if a.Linked(b) != tt.linked || b.Linked(a) != tt.linked {
				t.Errorf("Linked(%+v, %+v) = %v, want %v", a, b, a.Linked(b), tt.linked)
			}
		})
	}
}
