package web

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEnglishPages renders every kind of page in English: the interface is
// English, every text it asked for is in the catalogue, the documents stay
// Swedish and every link keeps the language.
func TestEnglishPages(t *testing.T) {
	srv := pageServer(t)
	untranslated.Clear()
	pages := []struct {
		path   string
		status int
		want   []string
	}{
		{"/?lang=en", 200, []string{`<html lang="en">`, "Search projects", "Filters", "Municipality", "Export CSV", "Follow this search (Atom)", "Hit list", "Overview"}},
		{"/?q=arbete&municipality=Botkyrka&lang=en", 200, []string{"Hits for ”arbete”", "Remove the filter Municipality: Botkyrka", "Relevance", "Largest budget"}},
		{"/?q=arbete+zzzyxq&lang=en", 200, []string{"No document holds ”zzzyxq”. Showing hits that lack one of them.", "Missing: <s lang=\"sv\">zzzyxq</s>"}},
		{"/?q=arbetsmarknaden+botkyrka+unga&lang=en", 200, []string{"More hits, that lack one of the words:", "Missing: <s lang=\"sv\">unga</s>"}},
		{"/?q=valdiering+ume%C3%A5&lang=en", 200, []string{"No hits for ”valdiering umeå”. Showing hits for"}},
		{"/?q=zzzyxq&municipality=Botkyrka&lang=en", 200, []string{"No hits for ”zzzyxq” with the selected filters", "clear all filters"}},
		{"/?q=%22open&lang=en", 400, []string{"The search could not be run"}},
		{"/oversikt?lang=en", 200, []string{"Overview: projects and final reports", "Projects per start year", "ESF support granted", "Median project length", "Table"}},
		{"/projekt/fientlig?lang=en", 200, []string{"Facts", "Project owner", "ESF support granted", "Cite", `<h1 id="doc-h" lang="sv">`, `lang="sv"`, "New search"}},
		{"/filter/municipality?lang=en", 200, []string{"Municipality: all values", "Starts with", "Apply filters"}},
		{"/finns-inte?lang=en", 404, []string{"Page not found", "There is no page at /finns-inte.", "To the search"}},
		{"/projekt/finns-inte?lang=en", 404, []string{"There is no project with the id"}},
	}
	linkRe := regexp.MustCompile(`href="(/[^"]*)"`)
	for _, p := range pages {
		t.Run(p.path, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+p.path, nil)
			req.Header.Set("Accept", "text/html")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b := new(strings.Builder)
			_, _ = copyBody(b, res)
			body := b.String()
			if res.StatusCode != p.status {
				t.Errorf("status %d, want %d", res.StatusCode, p.status)
			}
			for _, w := range p.want {
				if !strings.Contains(body, strings.ReplaceAll(w, `"`, "&#34;")) && !strings.Contains(body, w) {
					t.Errorf("lacks %q", w)
				}
			}
			for _, sv := range []string{"Sök projekt", "Rensa alla", "Hoppa till innehållet", "Projektägare<", "Filtrera"} {
				if strings.Contains(body, sv) {
					t.Errorf("Swedish interface text %q on an English page", sv)
				}
			}
			for _, m := range linkRe.FindAllStringSubmatch(body, -1) {
				link := strings.ReplaceAll(m[1], "&amp;", "&")
				if strings.HasPrefix(link, "/static/") || strings.HasPrefix(link, "/api/") || strings.HasPrefix(link, "/feed") {
					continue
				}
				if !strings.Contains(link, "lang=en") && !strings.Contains(link, "lang=sv") {
					t.Errorf("link %s loses the language", link)
				}
			}
			if !strings.Contains(body, `lang="sv" hreflang="sv">På svenska</a>`) {
				t.Error("no link to the Swedish page")
			}
		})
	}
	if miss := missingTranslations(); len(miss) > 0 {
		t.Errorf("no English for %q", miss)
	}
}

func copyBody(b *strings.Builder, res *http.Response) (int64, error) {
	defer res.Body.Close()
	buf := make([]byte, 32<<10)
	var n int64
	for {
		k, err := res.Body.Read(buf)
		b.Write(buf[:k])
		n += int64(k)
		if err != nil {
			return n, nil
		}
	}
}

func TestPageLanguage(t *testing.T) {
	for _, tt := range []struct{ query, accept, want string }{
		{"", "", "sv"},
		{"", "en-GB,en;q=0.9", "en"},
		{"", "en;q=0.5, sv;q=0.9", "sv"},
		{"", "de-DE, en;q=0.8", "en"},
		{"", "nb, en;q=0.5", "sv"},
		{"lang=sv", "en", "sv"},
		{"lang=en", "sv", "en"},
		{"lang=xx", "en", "en"},
	} {
		r, _ := http.NewRequest(http.MethodGet, "/?"+tt.query, nil)
		r.Header.Set("Accept-Language", tt.accept)
		if got := pageLang(r); got != tt.want {
			t.Errorf("%q, Accept-Language %q: %s, want %s", tt.query, tt.accept, got, tt.want)
		}
	}
}

// TestEveryTextTranslated finds every interface text the templates and
// this package pass for translation and checks the catalogue has it, so
// that no page, rendered in a test or not, shows Swedish to an English
// reader; and no text is in the catalogue that nothing uses.
func TestEveryTextTranslated(t *testing.T) {
	used := map[string]bool{}
	add := func(dir, pattern string, re *regexp.Regexp) {
		files, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s/%s: %v", dir, pattern, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				used[strings.ReplaceAll(m[1], `\"`, `"`)] = true
			}
		}
	}
	add("../../static/templates", "*.html", regexp.MustCompile(`\$\.T "((?:[^"\\]|\\.)*)"`))
	goRe := regexp.MustCompile(`(?:\.T|tr\([a-zA-Z(). ]+,|newBase\(r,) ?\(?"((?:[^"\\]|\\.)+)"`)
	add(".", "*.go", goRe)
	if len(used) < 100 {
		t.Fatalf("found only %d texts", len(used))
	}
	for s := range used {
		if _, ok := english[s]; !ok {
			t.Errorf("no English for %q", s)
		}
	}
	// labels translated where they are shown: facets, sorts, facts
	for _, l := range facetLabels {
		if _, ok := english[l]; !ok {
			t.Errorf("no English for the facet label %q", l)
		}
	}
	for _, s := range sortLabels {
		if _, ok := english[s.Label]; !ok {
			t.Errorf("no English for the sort %q", s.Label)
		}
	}
}
