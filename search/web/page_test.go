package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"projektsok/ingest"
	"projektsok/search"
	"projektsok/search/searchtest"
	"projektsok/static"
)

// pageFixture is the search fixture plus a document with a hostile title
// and full facts for the document page.
func pageFixture() []ingest.Record {
	return append(searchtest.Fixture(), ingest.Record{
		ID: "fientlig", Source: "f.txt", DocType: ingest.TypeProject,
		Title:         `<script>alert("titel")</script> Fientlig & "citerad"`,
		Owner:         `Ägare <img src=x onerror=alert(1)>`,
		ProgrammeArea: "Programområde 2", Phase: "Avslutat", ProjectNumber: "2014/00123",
		Region: "Östra Mellansverige", County: "Uppsala län", Municipalities: []string{"Uppsala"},
		PeriodStart: "2016-01-01", PeriodEnd: "2017-06-30",
		ESFSupportSEK: 1_292_580, TotalBudgetSEK: 2_585_160,
		ContactPerson: "Anna Andersson", ContactEmail: "anna@example.se",
		Partners: []string{"Arbetsförmedlingen"}, Methods: []string{"Coachning"}, TargetGroups: []string{"Unga"},
		Sections: []ingest.Section{{Heading: "Sammanfattning", Text: "Första stycket.\n\nAndra stycket <b>fet</b>."}},
	})
}

func pageServer(t testing.TB) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(NewServer(testEngine(t, pageFixture()), slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(srv.Close)
	return srv
}

func getPage(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

func TestPages(t *testing.T) {
	srv := pageServer(t)
	tests := []struct {
		name    string
		path    string
		status  int
		want    []string // substrings of the body
		notWant []string
	}{
		{"start page lists everything", "/", 200,
			[]string{`lang="sv"`, `Visar 1–6 av 6 träffar`, `<a class="skip" href="#main">`, `role="search"`,
				`<label for="q"`, `name="municipality" value="Botkyrka"`, `Kommun`, `Projektår`, `Total budget`,
				`Störst budget`},
			[]string{`class="chip"`, `Rensa alla`, `style=`, `onclick`, `<script>alert`}},
		{"query with filters shows chips and multi-select counts", "/?q=arbete&municipality=Botkyrka&region=Stockholm", 200,
			[]string{`Träffar för ”arbete”`, `Visar 1–2 av 2 träffar`,
				`aria-label="Ta bort filtret Kommun: Botkyrka"`, `aria-label="Ta bort filtret Region: Stockholm"`,
				`href="/?municipality=Botkyrka&amp;q=arbete"`, // removing the region chip keeps the rest
				`href="/?q=arbete">Rensa alla`,
				`value="Botkyrka" checked`, `Botkyrka <span class="count">(2)</span>`,
				`Huddinge <span class="count">(1)</span>`, // what Huddinge would add
				`href="/projekt/matchning-botkyrka"`, `href="/projekt/huddinge-unga"`},
			[]string{`/projekt/lots-vastervik`}},
		{"period and budget filters", "/?active_from=2014&active_to=2016&budget_max=999999", 200,
			[]string{`Projektår: 2014–2016`, `Total budget: högst 999 999 kr`, `value="2014"`, `value="999999"`,
				`/projekt/umea-validering`, `/projekt/matchning-botkyrka`},
			[]string{`/projekt/huddinge-unga`}},
		{"metadata line and filter links on hits", "/?q=validering", 200,
			[]string{`Umeå kommun · Övre Norrland · 2014-01-02 – 2014-12-31 · 450 000 kr · Projekt`,
				`<a href="/?methods=Validering&amp;q=validering">Validering</a>`,
				`<a href="/?municipality=Ume%C3%A5&amp;q=validering">Umeå</a>`, `<mark>`,
				`href="/api/search?format=csv&amp;q=validering"`},
			nil},
		{"paging without JavaScript", "/?size=2&from=2", 200,
			[]string{`Visar 3–4 av 6 träffar`, `<a href="/?size=2" rel="prev">Föregående</a>`,
				`<a href="/?from=4&amp;size=2" rel="next">Nästa</a>`, `aria-current="page"><span class="vh">Sida </span>2`,
				`<input type="hidden" name="size" value="2">`, `start="3"`},
			nil},
		{"sort keeps its choice", "/?sort=budget", 200,
			[]string{`<option value="budget" selected>Störst budget</option>`}, nil},
		{"empty state with hints", "/?q=zzzyxq&municipality=Botkyrka", 200,
			[]string{`Inga träffar för ”zzzyxq” med valda filter`, `rensa alla filter`, `Kommun: Botkyrka`},
			[]string{`Exportera CSV`}},
		{"hostile text in results is escaped", "/?q=fientlig", 200,
			[]string{`&lt;script&gt;alert(&#34;titel&#34;)&lt;/script&gt; Fientlig &amp; &#34;citerad&#34;`,
				`Ägare &lt;img src=x onerror=alert(1)&gt;`},
			[]string{`<script>alert`, `<img src=x`}},
		{"bad query shows the message", "/?q=%22abc", 400,
			[]string{`Sökningen kunde inte göras`, `citattecknet`, `value="&#34;abc"`, `role="alert"`}, nil},
		{"bad parameter shows the message", "/?size=1000", 400,
			[]string{`size måste vara ett heltal`}, nil},
		{"document page", "/projekt/fientlig", 200,
			[]string{`<h1 id="doc-h" lang="sv">&lt;script&gt;alert(&#34;titel&#34;)&lt;/script&gt;`,
				`<th scope="row">Beviljat ESF-stöd</th><td>1 292 580 kr</td>`,
				`<th scope="row">Total projektbudget</th><td>2 585 160 kr</td>`,
				`<th scope="row">Projektperiod</th><td>2016-01-01 – 2017-06-30</td>`,
				`<th scope="row">Projektnummer</th><td>2014/00123</td>`,
				`<a href="mailto:anna@example.se">anna@example.se</a>`,
				`<a href="/?methods=Coachning">Coachning</a>`, `<a href="/?target_groups=Unga">Unga</a>`,
				`<a href="/?municipality=Uppsala">Uppsala</a>`,
				`<h2>Sammanfattning</h2>`, `<p>Första stycket.</p>`, `<p>Andra stycket &lt;b&gt;fet&lt;/b&gt;.</p>`,
				`<h2>Samverkanspartner</h2>`},
			[]string{`<script>alert`, `<img src=x`, `<b>fet`}},
		{"unknown document is a 404 page", "/projekt/finns-inte", 404,
			[]string{`Sidan finns inte`, `finns-inte`, `<html lang="sv">`}, nil},
		{"all values of a facet", "/filter/municipality?q=arbete&municipality=Botkyrka", 200,
			[]string{`Kommun: alla värden`, `value="Botkyrka" checked`, `<input type="hidden" name="q" value="arbete">`,
				`action="/filter/municipality"`},
			nil},
		{"facet prefix ignores case and diacritics", "/filter/municipality?prefix=ove", 200,
			[]string{`Övertorneå <span class="count">(1)</span>`}, []string{`Botkyrka`}},
		{"unknown facet", "/filter/nope", 404, []string{`Det finns inget filter`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := getPage(t, srv.URL+tt.path)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d; body:\n%s", res.StatusCode, tt.status, body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(body, w) {
					t.Errorf("body has %q", w)
				}
			}
			if t.Failed() {
				t.Logf("body:\n%s", body)
			}
		})
	}
}

// Every page must work under the CSP: no inline script, style or event
// handlers.
func TestPagesRespectCSP(t *testing.T) {
	srv := pageServer(t)
	tag := regexp.MustCompile(`<[a-zA-Z][^>]*>`)
	quoted := regexp.MustCompile(`"[^"]*"`) // attribute values are escaped data
	bad := regexp.MustCompile(`(?i)^<script>|^<script\b[^>]*\bsrc=|^<style|\sstyle=|\son[a-z]+=|javascript:`)
	for _, path := range []string{"/", "/?q=arbete&municipality=Botkyrka", "/projekt/lots-vastervik", "/projekt/nope", "/?q=%22", "/filter/owner"} {
		res, body := getPage(t, srv.URL+path)
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		// Look inside tags only: the hostile fixture appears as escaped text.
		for _, tg := range tag.FindAllString(body, -1) {
			if strings.HasPrefix(tg, "<script") && strings.Contains(tg, `src="/static/app.js?v=`) {
				continue
			}
			if bad.MatchString(quoted.ReplaceAllString(tg, `""`)) {
				t.Errorf("%s: inline script, style or handler in %q", path, tg)
			}
		}
	}
}

func TestEmptyFormFieldsRedirect(t *testing.T) {
	srv := pageServer(t)
	res, _ := getPage(t, srv.URL+"/?q=arbete&active_from=&active_to=&budget_min=&budget_max=&sort=relevance&municipality=Botkyrka")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d, want 303", res.StatusCode)
	}
	if loc := res.Header.Get("Location"); loc != "/?municipality=Botkyrka&q=arbete" {
		t.Errorf("Location %q", loc)
	}
}

func TestAssetsCached(t *testing.T) {
	srv := pageServer(t)
	_, page := getPage(t, srv.URL+"/")
	for _, name := range static.Assets {
		u := "/static/" + name + "?v=" + static.Version(name)
		if !strings.Contains(page, u) {
			t.Errorf("page does not link %s", u)
		}
		res, _ := getPage(t, srv.URL+u)
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d %q", u, res.StatusCode, res.Header.Get("Cache-Control"))
		}
		res, _ = getPage(t, srv.URL+"/static/"+name+"?v=old")
		if cc := res.Header.Get("Cache-Control"); strings.Contains(cc, "immutable") {
			t.Errorf("stale version cached for good: %q", cc)
		}
	}
	for _, path := range []string{"/static/templates/layout.html", "/static/static.go", "/static/"} {
		if res, _ := getPage(t, srv.URL+path); res.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404", path, res.StatusCode)
		}
	}
}

func TestFormatSEK(t *testing.T) {
	for n, want := range map[int64]string{0: "", 7: "7 kr", 999: "999 kr", 1000: "1 000 kr", 1292580: "1 292 580 kr", 50_000_000: "50 000 000 kr"} {
		if got := formatSEK(n); got != want {
			t.Errorf("formatSEK(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestPager(t *testing.T) {
	pg := makePager(nil, search.Request{From: 50, Size: 10}, 200)
	var got []string
	for _, p := range pg.Pages {
		switch {
		case p.Gap:
			got = append(got, "…")
		case p.Current:
			got = append(got, "["+itoa(p.N)+"]")
		default:
			got = append(got, itoa(p.N))
		}
	}
	if s := strings.Join(got, " "); s != "1 … 4 5 [6] 7 8 … 20" {
		t.Errorf("pages %s", s)
	}
	if pg.Prev != "/?from=40" || pg.Next != "/?from=60" {
		t.Errorf("prev %q next %q", pg.Prev, pg.Next)
	}
	if makePager(nil, search.Request{Size: 10}, 7) != nil {
		t.Error("one page needs no pager")
	}
}

func itoa(n int) string { return formatInt(int64(n)) }

// BenchmarkSearchPage measures the first render of a results page over the
// bundled sample corpus, through the whole HTTP stack.
func BenchmarkSearchPage(b *testing.B) {
	recs, err := ingest.SampleFiles()
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(NewServer(testEngine(b, append(recs, pageFixture()...)), slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()
	u := srv.URL + "/?q=arbete&municipality=Botkyrka&municipality=Huddinge&sort=newest"
	// The very first request also parses the templates (unless another
	// test in this process did).
	start := time.Now()
	res, err := http.Get(u)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if firstRenderMS == 0 {
		firstRenderMS = float64(time.Since(start).Microseconds()) / 1000
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := http.Get(u)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			b.Fatalf("status %d", res.StatusCode)
		}
	}
	b.StopTimer()
	b.ReportMetric(firstRenderMS, "first-ms")
}

// firstRenderMS is the first request's time in this process.
var firstRenderMS float64

func TestDocumentPageSimilar(t *testing.T) {
	srv := pageServer(t)
	_, body := getPage(t, srv.URL+"/projekt/matchning-botkyrka")
	if (pageSimilar == nil) == strings.Contains(body, `id="liknande"`) {
		t.Errorf("Liknande projekt shown = %v, wired = %v", !(pageSimilar == nil), pageSimilar != nil)
	}

	saved := pageSimilar
	t.Cleanup(func() { pageSimilar = saved })
	pageSimilar = func(_ context.Context, eng *search.Engine, id string, size int) ([]similarItem, error) {
		if id != "matchning-botkyrka" || size != similarSize {
			t.Errorf("Similar(%q, %d)", id, size)
		}
		return []similarItem{{
			Hit:     search.Hit{Facts: search.Facts{ID: "huddinge-unga", Title: "Unga till arbete", Owner: "Huddinge kommun"}},
			Reasons: []string{"samma kommun: Botkyrka", "<b>delade</b> ord"},
		}}, nil
	}
	_, body = getPage(t, srv.URL+"/projekt/matchning-botkyrka")
	for _, w := range []string{`<h2 id="liknande-h">Liknande projekt</h2>`, `<a href="/projekt/huddinge-unga" lang="sv">Unga till arbete</a>`,
		`<li>samma kommun: Botkyrka</li>`, `<li>&lt;b&gt;delade&lt;/b&gt; ord</li>`} {
		if !strings.Contains(body, w) {
			t.Errorf("body lacks %q", w)
		}
	}
	pageSimilar = func(context.Context, *search.Engine, string, int) ([]similarItem, error) {
		return nil, errors.New("index busy")
	}
	res, body := getPage(t, srv.URL+"/projekt/matchning-botkyrka")
	if res.StatusCode != 200 || !strings.Contains(body, "kunde inte hämtas") || strings.Contains(body, "index busy") {
		t.Errorf("a failing Similar must not break the page: %d", res.StatusCode)
	}
}

// Long facet lists show the top values, keep the rest for the script's
// filter box, and link to the page with all values.
func TestLongFacetList(t *testing.T) {
	res := &search.Response{Total: 30, Hits: []search.Hit{}, Facets: map[string][]search.FacetValue{}}
	for i := 0; i < 12; i++ {
		res.Facets["municipality"] = append(res.Facets["municipality"], search.FacetValue{Value: "Kommun" + itoa(i), Count: 20 - i})
	}
	req := search.Request{Query: "arbete", Size: search.DefaultSize, Filters: map[string][]string{"municipality": {"Kommun11"}}}
	var p searchPage
	fillSearchPage(&p, req, res)
	if len(p.Facets) != 1 {
		t.Fatalf("facets %+v", p.Facets)
	}
	f := p.Facets[0]
	if f.More != "/filter/municipality?municipality=Kommun11&q=arbete" || !f.Filter || !f.Open {
		t.Errorf("More %q Filter %v Open %v", f.More, f.Filter, f.Open)
	}
	var shown []string
	for _, v := range f.Values {
		if !v.Hidden {
			shown = append(shown, v.Value)
		}
	}
	// The selected value stays visible although it has the fewest hits.
	if got := strings.Join(shown, ","); got != "Kommun0,Kommun1,Kommun2,Kommun3,Kommun4,Kommun5,Kommun6,Kommun7,Kommun11" {
		t.Errorf("shown %s", got)
	}
}

// TestDocumentCitationAndSource: the document page cites the document the
// same way on every visit, and links the original file when the server
// knows where the files are published.
func TestDocumentCitationAndSource(t *testing.T) {
	recs := pageFixture()
	recs[len(recs)-1].Source = "rapporter 2017/Fientlig & co.pdf"
	eng := testEngine(t, recs)
	plain := serverFor(t, eng)
	linked := httptest.NewServer(NewServer(eng, quietLog, WithSourceURL("https://filer.example.se/esf/")))
	t.Cleanup(linked.Close)

	_, page := getPage(t, plain.URL+"/projekt/fientlig")
	cite := regexp.MustCompile(`<p class="citation" lang="sv">([^<]*)</p>`).FindStringSubmatch(page)
	if cite == nil {
		t.Fatal("no citation")
	}
	want := `Ägare &lt;img src=x onerror=alert(1)&gt;. &lt;script&gt;alert(&#34;titel&#34;)&lt;/script&gt; Fientlig &amp; &#34;citerad&#34; (projekt). ESF-projekt 2014/00123, 2016-01-01 – 2017-06-30. Projektsök, ` + plain.URL + `/projekt/fientlig`
	if cite[1] != want {
		t.Errorf("citation\n got %s\nwant %s", cite[1], want)
	}
	if _, again := getPage(t, plain.URL+"/projekt/fientlig"); !strings.Contains(again, cite[0]) {
		t.Error("the citation changed between two visits")
	}
	if !strings.Contains(page, "<th scope=\"row\">Källfil</th><td>rapporter 2017/Fientlig &amp; co.pdf</td>") {
		t.Error("without a source URL the page names the file, unlinked")
	}
	_, page = getPage(t, linked.URL+"/projekt/fientlig")
	if !strings.Contains(page, `<th scope="row">Originalfil</th><td><a href="https://filer.example.se/esf/rapporter%202017/Fientlig%20&amp;%20co.pdf">rapporter 2017/Fientlig &amp; co.pdf</a>`) {
		t.Errorf("no link to the original file:\n%s", regexp.MustCompile(`(?s)<table class="facts">.*?</table>`).FindString(page))
	}
}
