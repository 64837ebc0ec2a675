package e2e

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"projektsok/index"
	"projektsok/ingest"
	"projektsok/search"
	"projektsok/search/web"
)

// step bounds every browser action.
const step = 10 * time.Second

// records are written for these tests: five projects sharing the word
// "xylofon", three in Botkyrka or Huddinge, so that ticking municipalities
// changes counts and hits in known ways.
func records() []ingest.Record {
	rec := func(id, title string, munis []string, budget int64) ingest.Record {
		return ingest.Record{
			ID: id, Source: id + ".txt", DocType: ingest.TypeProject, Title: title,
			Owner: "Södertörns samordningsförbund", Region: "Stockholm", County: "Stockholms län",
			Phase: "Genomförande", ProgrammeArea: "Programområde 2",
			Municipalities: munis, PeriodStart: "2016-01-01", PeriodEnd: "2018-12-31",
			ESFSupportSEK: 1_292_580, TotalBudgetSEK: budget,
			ProjectNumber: "2016/" + id, ContactPerson: "Kim Berg", ContactEmail: "kim@example.se",
			Methods:  []string{"Coachning"},
			Sections: []ingest.Section{{Heading: "Sammanfattning", Text: "Xylofon är projektets arbetsnamn för stöd till arbete i " + strings.Join(munis, " och ") + "."}},
		}
	}
	return []ingest.Record{
		rec("e2e-bk-1", "Xylofon Botkyrka", []string{"Botkyrka"}, 2_000_000),
		rec("e2e-bk-hu", "Xylofon Botkyrka och Huddinge", []string{"Botkyrka", "Huddinge"}, 3_000_000),
		rec("e2e-hu-1", "Xylofon Huddinge ett", []string{"Huddinge"}, 4_000_000),
		rec("e2e-hu-2", "Xylofon Huddinge två", []string{"Huddinge"}, 5_000_000),
		rec("e2e-salem", "Xylofon Salem", []string{"Salem"}, 6_000_000),
		// Without the word xylofon: makes the municipality list long.
		{ID: "e2e-lan", Source: "e2e-lan.txt", DocType: ingest.TypeReport, Title: "Länsgemensam samverkan",
			Municipalities: []string{"Nykvarn", "Södertälje", "Tyresö", "Haninge", "Nynäshamn", "Ekerö", "Järfälla", "Sollentuna"},
			Sections:       []ingest.Section{{Heading: "Sammanfattning", Text: "Samverkan i länet."}}},
	}
}

// startServer runs the real handler over an in-memory index holding the
// bundled sample and the records above.
func startServer(t testing.TB) *httptest.Server {
	t.Helper()
	idx, err := index.NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	if _, err := idx.Put(context.Background(), corpus(t)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.NewServer(search.NewEngine(idx), slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(srv.Close)
	return srv
}

// corpus is everything the test server holds.
func corpus(t testing.TB) []ingest.Record {
	t.Helper()
	recs, err := ingest.SampleFiles()
	if err != nil {
		t.Fatal(err)
	}
	return append(recs, records()...)
}

// countIn counts the documents of the test corpus listing a municipality.
func countIn(t *testing.T, municipality string) int {
	n := 0
	for _, r := range corpus(t) {
		for _, m := range r.Municipalities {
			if m == municipality {
				n++
			}
		}
	}
	return n
}

// chromium finds the browser: $CHROMIUM when set (and only it), else the
// usual names on PATH.
func chromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return ""
		}
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser drives the pages in headless Chromium: one browser, one tab
// per sub-test.
func TestBrowser(t *testing.T) {
	path := chromium()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium not found, and CI=true requires the browser tests: install the Debian package chromium (apt-get install -y chromium) or set CHROMIUM")
		}
		t.Skip("SKIP browser tests: Chromium not found (apt-get install -y chromium, or set CHROMIUM=/path/to/chrome)")
	}
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	srv := startServer(t)

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(t.TempDir()),
		// the browser of a Swedish user: the pages answer in Swedish
		chromedp.Flag("lang", "sv-SE"),
		chromedp.Flag("accept-lang", "sv-SE,sv"),
		chromedp.WindowSize(1280, 900),
	)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	// Start the browser without a deadline (a deadline here would bound its
	// whole life), but give up if it does not come up.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(browser) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("start Chromium %s: %v", path, err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("Chromium %s did not start within 30 s", path)
	}

	b := &tester{srv: srv.URL, browser: browser}
	t.Run("search", b.testSearch)
	t.Run("tick two municipalities", b.testTickMunicipalities)
	t.Run("shared URL", b.testSharedURL)
	t.Run("document and similar projects", b.testDocument)
	t.Run("keyboard only", func(t *testing.T) { b.testKeyboard(t) })
	t.Run("facet filter box", b.testFacetFilter)
	t.Run("phone", b.testPhone)
	t.Run("without JavaScript", b.testNoJS)
	t.Run("overview", b.testOverview)
	t.Run("skip link", b.testSkipLink)
	t.Run("no sideways scrolling at 320 px", b.testNarrow)
	t.Run("results first on a phone", b.testResultsFirst)
	t.Run("did you mean", b.testDidYouMean)
	t.Run("not found, icon, description", b.testNotFound)
	t.Run("accessibility (axe-core)", b.testAccessibility)
}

// testOverview opens the overview tab of a search and follows a bar of
// its chart to the hit list, with and without JavaScript.
func (b *tester) testOverview(t *testing.T) {
	for _, script := range []bool{true, false} {
		t.Run(fmt.Sprintf("JavaScript %v", script), func(t *testing.T) {
			ctx := b.tab(t)
			if !script {
				do(t, ctx, "disable JavaScript", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
					return err
				}))
			}
			nav(t, ctx, "open search", chromedp.Navigate(b.srv+"/?q=xylofon"))
			nav(t, ctx, "overview tab", chromedp.Click(chromedp.CSS(`.tabs a[href^="/oversikt"]`)))
			waitJS(t, ctx, "overview shown", `location.pathname === '/oversikt' && location.search.includes('q=xylofon') && document.querySelectorAll('svg.bars').length >= 8`)
			if got := run(t, ctx, "totals", chromedp.Evaluate[string](`document.querySelector('.totals dd').textContent`)); got != "5" {
				t.Errorf("overview counts %q documents, want 5", got)
			}
			// the bar of Huddinge in "Kommuner med flest projekt"
			bar := `#kommuner svg a[href*="municipality=Huddinge"] rect`
			if w := run(t, ctx, "bar width", chromedp.Evaluate[float64](`document.querySelector('`+bar+`').getBoundingClientRect().width`)); w < 20 {
				t.Errorf("Huddinge's bar is %.0f px wide", w)
			}
			// printed: the charts without the navigation
			do(t, ctx, "print media", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
				return err
			}))
			printed := run(t, ctx, "printed", chromedp.Evaluate[string](`[getComputedStyle(document.querySelector('header.top')).display,
				getComputedStyle(document.querySelector('.tabs')).display,
				document.querySelectorAll('svg.bars').length > 0 && getComputedStyle(document.querySelector('svg.bars')).display].join(' ')`))
			if printed != "none none block" {
				t.Errorf("printed: header, tabs, chart display %q, want none none block", printed)
			}
			do(t, ctx, "screen media", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
				return err
			}))
			do(t, ctx, "click the bar", chromedp.Click(chromedp.CSS(bar)))
			waitJS(t, ctx, "hit list filtered to Huddinge", `location.pathname === '/' && location.search.includes('municipality=Huddinge') && `+summaryIs(3))
		})
	}
}

type tester struct {
	srv     string
	browser context.Context
}

// tab opens a new tab; run bounds each action by step.
func (b *tester) tab(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.browser)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	return ctx
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, step)
	defer cancel()
	if err := chromedp.Do(c, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func run[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, step)
	defer cancel()
	v, err := chromedp.Run(c, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// waitJS waits until a JavaScript expression is true, across page loads.
func waitJS(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(step)
	var err error
	for {
		c, cancel := context.WithTimeout(ctx, time.Second)
		var ok bool
		ok, err = chromedp.Run(c, chromedp.Evaluate[bool]("!!("+expr+")"))
		cancel()
		if err == nil && ok {
			return
		}
		if err == nil {
			err = fmt.Errorf("still false after %s", step)
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	c, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	summary, _ := chromedp.Run(c, chromedp.Evaluate[string](`(document.querySelector('#summary, .error, main')||document.body).textContent.trim().replace(/\s+/g,' ').slice(0,300)`))
	t.Fatalf("%s: %v (page says: %q)", what, err, summary)
}

// nav runs actions that load a new page and waits for it.
func nav(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) *network.Response {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, step)
	defer cancel()
	res, err := chromedp.RunResponse(c, steps...)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return res
}

// js runs a script in the page for its effect.
func js(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](expr)(ctx, tg)
		return err
	})
}

func summaryIs(n int) string {
	text := fmt.Sprintf("av %d träffar", n)
	if n == 1 {
		text = "1 träff"
	}
	// Not busy: no in-place update is still on its way.
	return fmt.Sprintf(`!document.body.classList.contains('busy') && (document.querySelector('#summary')||{textContent:''}).textContent.includes(%q)`, text)
}

const hitIDs = `Array.from(document.querySelectorAll('.hit h2 a')).map(a => a.getAttribute('href').replace('/projekt/','')).sort().join(',')`

func countLabel(muni string) string {
	return fmt.Sprintf(`(document.querySelector('input[name=municipality][value=%q] + label .count')||{textContent:''}).textContent`, muni)
}

func (b *tester) testSearch(t *testing.T) {
	ctx := b.tab(t)
	do(t, ctx, "open start page", chromedp.Navigate(b.srv+"/"), chromedp.WaitVisible(chromedp.CSS("#q")))
	lang := run(t, ctx, "lang", chromedp.Evaluate[string](`document.documentElement.lang`))
	if lang != "sv" {
		t.Errorf("lang = %q", lang)
	}
	do(t, ctx, "type query", chromedp.SendKeys(chromedp.CSS("#q"), "xylofon"), chromedp.KeyEvent(kb.Enter))
	waitJS(t, ctx, "five hits for xylofon", summaryIs(5))
	if loc := run(t, ctx, "location", chromedp.Location()); loc != b.srv+"/?q=xylofon" {
		t.Errorf("location %q, want the query in the URL", loc)
	}
	if got := run(t, ctx, "hits", chromedp.Evaluate[string](hitIDs)); got != "e2e-bk-1,e2e-bk-hu,e2e-hu-1,e2e-hu-2,e2e-salem" {
		t.Errorf("hits %s", got)
	}
	marks := run(t, ctx, "marks", chromedp.Evaluate[int](`document.querySelectorAll('.hit .snippet mark').length`))
	if marks == 0 {
		t.Error("no <mark> in the snippets")
	}
	meta := run(t, ctx, "meta", chromedp.Evaluate[string](`document.querySelector('.hit .meta').textContent`))
	if !strings.Contains(meta, "Södertörns samordningsförbund · Stockholm · 2016-01-01 – 2018-12-31") {
		t.Errorf("metadata line %q", meta)
	}
}

func (b *tester) testTickMunicipalities(t *testing.T) {
	ctx := b.tab(t)
	do(t, ctx, "open search", chromedp.Navigate(b.srv+"/?q=xylofon"), chromedp.WaitVisible(chromedp.CSS("#summary")))
	waitJS(t, ctx, "five hits", summaryIs(5))
	// A marker that a full page load would lose: ticking must update in place.
	do(t, ctx, "mark page", js(`window.__kept = true`))
	if c := run(t, ctx, "Huddinge count", chromedp.Evaluate[string](countLabel("Huddinge"))); c != "(3)" {
		t.Errorf("Huddinge count before ticking = %q, want (3)", c)
	}

	do(t, ctx, "tick Botkyrka", chromedp.Click(chromedp.CSS(`input[name=municipality][value=Botkyrka]`)))
	waitJS(t, ctx, "two hits in Botkyrka", summaryIs(2))
	if got := run(t, ctx, "hits", chromedp.Evaluate[string](hitIDs)); got != "e2e-bk-1,e2e-bk-hu" {
		t.Errorf("hits after Botkyrka: %s", got)
	}
	// Multi-select counts: Huddinge still shows what it would add.
	if c := run(t, ctx, "Huddinge count", chromedp.Evaluate[string](countLabel("Huddinge"))); c != "(3)" {
		t.Errorf("Huddinge count with Botkyrka ticked = %q, want (3)", c)
	}
	if c := run(t, ctx, "Coachning count", chromedp.Evaluate[string](`document.querySelector('input[name=methods][value=Coachning] + label .count').textContent`)); c != "(2)" {
		t.Errorf("methods count with Botkyrka ticked = %q, want (2)", c)
	}

	do(t, ctx, "tick Huddinge", chromedp.Click(chromedp.CSS(`input[name=municipality][value=Huddinge]`)))
	waitJS(t, ctx, "four hits in Botkyrka or Huddinge", summaryIs(4))
	if got := run(t, ctx, "hits", chromedp.Evaluate[string](hitIDs)); got != "e2e-bk-1,e2e-bk-hu,e2e-hu-1,e2e-hu-2" {
		t.Errorf("hits after Huddinge: %s", got)
	}
	if n := run(t, ctx, "chips", chromedp.Evaluate[int](`document.querySelectorAll('.chips .chip').length`)); n != 2 {
		t.Errorf("%d chips, want 2", n)
	}
	loc := run(t, ctx, "location", chromedp.Location())
	if !strings.Contains(loc, "municipality=Botkyrka") || !strings.Contains(loc, "municipality=Huddinge") || !strings.Contains(loc, "q=xylofon") {
		t.Errorf("location %q does not hold the state", loc)
	}
	if kept := run(t, ctx, "marker", chromedp.Evaluate[bool](`window.__kept === true`)); !kept {
		t.Error("ticking reloaded the page instead of updating it")
	}
	focused := run(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.name + '=' + document.activeElement.value`))
	if focused != "municipality=Huddinge" {
		t.Errorf("focus after update on %q, want the ticked box", focused)
	}

	do(t, ctx, "back", chromedp.NavigateBack())
	waitJS(t, ctx, "back to two hits", summaryIs(2))
	waitJS(t, ctx, "Huddinge unticked", `!document.querySelector('input[name=municipality][value=Huddinge]').checked`)
	do(t, ctx, "forward", chromedp.NavigateForward())
	waitJS(t, ctx, "forward to four hits", summaryIs(4))
	do(t, ctx, "reload", chromedp.Reload())
	waitJS(t, ctx, "reload shows the same page", summaryIs(4)+` && document.querySelectorAll('input[name=municipality]:checked').length === 2`)

	do(t, ctx, "remove a chip", chromedp.Click(chromedp.CSS(`.chips a[aria-label$="Huddinge"]`)))
	waitJS(t, ctx, "two hits again", summaryIs(2))
}

func (b *tester) testSharedURL(t *testing.T) {
	ctx := b.tab(t)
	do(t, ctx, "open shared URL", chromedp.Navigate(b.srv+"/?municipality=Botkyrka&municipality=Huddinge&q=xylofon&sort=budget"))
	waitJS(t, ctx, "four hits", summaryIs(4))
	if got := run(t, ctx, "order", chromedp.Evaluate[string](`Array.from(document.querySelectorAll('.hit h2 a')).map(a => a.textContent).join('|')`)); got != "Xylofon Huddinge två|Xylofon Huddinge ett|Xylofon Botkyrka och Huddinge|Xylofon Botkyrka" {
		t.Errorf("sorted by budget: %s", got)
	}
	if s := run(t, ctx, "sort", chromedp.Evaluate[string](`document.querySelector('#sort').value`)); s != "budget" {
		t.Errorf("sort selector shows %q", s)
	}
	if n := run(t, ctx, "checked", chromedp.Evaluate[int](`document.querySelectorAll('input[name=municipality]:checked').length`)); n != 2 {
		t.Errorf("%d municipalities ticked, want 2", n)
	}
	do(t, ctx, "clear all", chromedp.Click(chromedp.CSS(`.chips .clear`)))
	waitJS(t, ctx, "five hits after Rensa alla", summaryIs(5))
	if loc := run(t, ctx, "location", chromedp.Location()); loc != b.srv+"/?q=xylofon" {
		t.Errorf("after Rensa alla: %q", loc)
	}
}

func (b *tester) testDocument(t *testing.T) {
	ctx := b.tab(t)
	do(t, ctx, "open search", chromedp.Navigate(b.srv+"/?q=xylofon"), chromedp.WaitVisible(chromedp.CSS(`a[href="/projekt/e2e-bk-hu"]`)))
	do(t, ctx, "open document", chromedp.Click(chromedp.CSS(`a[href="/projekt/e2e-bk-hu"]`)), chromedp.WaitVisible(chromedp.CSS("#doc-h")))
	if h := run(t, ctx, "title", chromedp.Text(chromedp.CSS("#doc-h"))); h != "Xylofon Botkyrka och Huddinge" {
		t.Errorf("h1 %q", h)
	}
	facts := run(t, ctx, "facts", chromedp.Text(chromedp.CSS("table.facts")))
	for _, w := range []string{"Beviljat ESF-stöd", "1 292 580 kr", "3 000 000 kr", "Botkyrka, Huddinge", "2016-01-01 – 2018-12-31", "kim@example.se"} {
		if !strings.Contains(facts, w) {
			t.Errorf("facts lack %q: %s", w, facts)
		}
	}
	do(t, ctx, "follow a method link", chromedp.Click(chromedp.CSS(`table.facts a[href="/?methods=Coachning"]`)))
	waitJS(t, ctx, "filtered search", summaryIs(5)+` && location.search === '?methods=Coachning'`)

	t.Run("similar projects", func(t *testing.T) {
		do(t, ctx, "open document", chromedp.Navigate(b.srv+"/projekt/e2e-bk-hu"), chromedp.WaitVisible(chromedp.CSS("#doc-h")))
		if n := run(t, ctx, "similar section", chromedp.Evaluate[int](`document.querySelectorAll('#liknande').length`)); n == 0 {
			t.Fatal("the document page has no Liknande projekt section")
		}
		links := run(t, ctx, "similar", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#liknande ol > li > a')).map(a => a.getAttribute('href'))`))
		if len(links) == 0 {
			t.Fatal("no similar projects listed")
		}
		for _, l := range links {
			if l == "/projekt/e2e-bk-hu" {
				t.Error("a document is listed as similar to itself")
			}
		}
		if n := run(t, ctx, "reasons", chromedp.Evaluate[int](`document.querySelectorAll('#liknande .reasons li').length`)); n == 0 {
			t.Error("similar projects come without reasons")
		}
		do(t, ctx, "open a similar project", chromedp.Click(chromedp.CSS(`#liknande ol > li > a`)), chromedp.WaitVisible(chromedp.CSS("#doc-h")))
	})
}

func (b *tester) testKeyboard(t *testing.T) {
	ctx := b.tab(t)
	do(t, ctx, "open start page", chromedp.Navigate(b.srv+"/"), chromedp.WaitVisible(chromedp.CSS("#q")))
	// Tab: the skip link first, then the brand, then the search box.
	var seen []string
	for i := 0; i < 5; i++ {
		do(t, ctx, "tab", chromedp.KeyEvent(kb.Tab))
		id := run(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.id || document.activeElement.className || document.activeElement.tagName`))
		seen = append(seen, id)
		if id == "q" {
			break
		}
	}
	if len(seen) == 0 || seen[0] != "skip" {
		t.Errorf("first Tab stop %v, want the skip link", seen)
	}
	if seen[len(seen)-1] != "q" {
		t.Fatalf("Tab never reached the search box: %v", seen)
	}
	do(t, ctx, "type", chromedp.KeyEvent("xylof"))
	expanded := func() bool {
		c, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		_, err := chromedp.Run(c, chromedp.Poll[bool](`document.querySelector('#q').getAttribute('aria-expanded') === 'true'`, chromedp.WithPollingInterval(50*time.Millisecond)))
		return err == nil
	}()
	switch {
	case expanded:
		role := run(t, ctx, "role", chromedp.Evaluate[string](`document.querySelector('#q').getAttribute('role')`))
		if role != "combobox" {
			t.Errorf("search box role %q, want combobox", role)
		}
		do(t, ctx, "arrow down", chromedp.KeyEvent(kb.ArrowDown))
		active := run(t, ctx, "active option", chromedp.Evaluate[string](`document.querySelector('#q').getAttribute('aria-activedescendant') || ''`))
		if active == "" || run(t, ctx, "selected", chromedp.Evaluate[string](`document.getElementById('`+active+`').getAttribute('aria-selected')`)) != "true" {
			t.Errorf("ArrowDown did not select an option (aria-activedescendant %q)", active)
		}
		do(t, ctx, "escape", chromedp.KeyEvent(kb.Escape))
		waitJS(t, ctx, "Escape closes the list", `document.querySelector('#q').getAttribute('aria-expanded') === 'false' && document.querySelector('#q-list').hidden`)
		// The index suggests the word "xylofon" first: choose it.
		do(t, ctx, "reopen", chromedp.KeyEvent(kb.ArrowDown))
		waitJS(t, ctx, "list open", `document.querySelector('#q').getAttribute('aria-expanded') === 'true'`)
		do(t, ctx, "choose", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
		waitJS(t, ctx, "chosen word searched", summaryIs(5)+` && document.querySelector('#q').value === 'xylofon'`)
	default:
		t.Fatal("the autocomplete list did not open for \"xylof\"")
	}
	do(t, ctx, "complete the word and submit", js(`document.querySelector('#q').select()`), chromedp.KeyEvent("xylofon"), chromedp.KeyEvent(kb.Enter))
	waitJS(t, ctx, "results after Enter", summaryIs(5)+` && location.search === '?q=xylofon'`)
	if f := run(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.id`)); f != "q" {
		t.Errorf("focus after search on %q, want the search box", f)
	}
	// A checkbox ticked with the space bar filters too.
	do(t, ctx, "focus Salem", chromedp.Focus(chromedp.CSS(`input[name=municipality][value=Salem]`)), chromedp.KeyEvent(" "))
	waitJS(t, ctx, "Salem ticked by keyboard", summaryIs(1))
	// Focus must be visible.
	outline := run(t, ctx, "outline", chromedp.Evaluate[string](`getComputedStyle(document.activeElement).outlineStyle`))
	if outline == "none" || outline == "" {
		t.Errorf("focused checkbox has no visible outline (%q)", outline)
	}
}

func (b *tester) testFacetFilter(t *testing.T) {
	ctx := b.tab(t)
	do(t, ctx, "open start page", chromedp.Navigate(b.srv+"/"), chromedp.WaitVisible(chromedp.CSS("#ff-municipality")))
	visible := `Array.from(document.querySelectorAll('#fv-municipality li')).filter(li => !li.hidden).map(li => li.querySelector('input').value).join(',')`
	if n := len(strings.Split(run(t, ctx, "visible", chromedp.Evaluate[string](visible)), ",")); n != 8 {
		t.Errorf("%d municipalities shown before filtering, want 8", n)
	}
	// Folded match: "sodert" finds Södertälje, even if it was beyond the top 8.
	do(t, ctx, "type in the filter box", chromedp.SendKeys(chromedp.CSS("#ff-municipality"), "sodert"))
	waitJS(t, ctx, "only Södertälje left", visible+` === 'Södertälje'`)
	do(t, ctx, "tick it", chromedp.Click(chromedp.CSS(`input[name=municipality][value="Södertälje"]`)))
	waitJS(t, ctx, "filtered to Södertälje", summaryIs(countIn(t, "Södertälje"))+` && location.search.includes('municipality=S%C3%B6dert%C3%A4lje')`)
	if href := run(t, ctx, "visa alla", chromedp.Evaluate[string](`(document.querySelector('details[data-key=municipality] a.more')||{}).getAttribute?.('href') || ''`)); !strings.HasPrefix(href, "/filter/municipality?") {
		t.Errorf("Visa alla link %q", href)
	}
}

func (b *tester) testPhone(t *testing.T) {
	ctx := b.tab(t)
	do(t, ctx, "phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)))
	do(t, ctx, "open search", chromedp.Navigate(b.srv+"/?q=xylofon"), chromedp.WaitVisible(chromedp.CSS("#summary")))
	waitJS(t, ctx, "filters collapsed on a phone", `document.getElementById('filterbox').open === false`)
	if w := run(t, ctx, "width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("page is %d px wide on a 390 px screen", w)
	}
	do(t, ctx, "open filters", chromedp.Click(chromedp.CSS(`#filterbox > summary`)))
	waitJS(t, ctx, "filters open", `document.getElementById('filterbox').open`)
	do(t, ctx, "tick Salem", chromedp.Click(chromedp.CSS(`input[name=municipality][value=Salem]`)))
	waitJS(t, ctx, "one hit", summaryIs(1))
}

// testNoJS disables JavaScript in the tab and uses only native behaviour:
// forms, links and the DOM, never page scripts.
func (b *tester) testNoJS(t *testing.T) {
	ctx := b.tab(t)
	do(t, ctx, "disable JavaScript", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	html := func(sel string) string {
		return run(t, ctx, "read "+sel, chromedp.OuterHTML(chromedp.CSS(sel)))
	}
	do(t, ctx, "open start page", chromedp.Navigate(b.srv+"/"), chromedp.WaitReady(chromedp.CSS("#q")))
	if c := run(t, ctx, "html class", chromedp.AttributeValue(chromedp.CSS("html"), "class")); c.Value == "js" {
		t.Fatal("the script ran: JavaScript is not disabled")
	}
	do(t, ctx, "type", chromedp.SendKeys(chromedp.CSS("#q"), "xylofon"))
	nav(t, ctx, "search", chromedp.Click(chromedp.CSS(`#sf button[type=submit]`)))
	if s := html("#summary"); !strings.Contains(s, "av 5 träffar") {
		t.Errorf("summary %s", s)
	}
	do(t, ctx, "tick two municipalities",
		chromedp.Click(chromedp.CSS(`input[name=municipality][value=Botkyrka]`)),
		chromedp.Click(chromedp.CSS(`input[name=municipality][value=Huddinge]`)))
	nav(t, ctx, "apply the filters", chromedp.Click(chromedp.CSS(`button.apply`)))
	if s := html("#summary"); !strings.Contains(s, "av 4 träffar") {
		t.Errorf("after filtering without JS: %s", s)
	}
	if n := len(run(t, ctx, "chips", chromedp.Nodes(chromedp.CSSAll(`.chips .chip`)))); n != 2 {
		t.Errorf("%d chips, want 2", n)
	}
	hist := run(t, ctx, "history", chromedp.NavigationEntries())
	if u := hist.Entries[hist.CurrentIndex].URL; !strings.Contains(u, "municipality=Botkyrka") || !strings.Contains(u, "municipality=Huddinge") || strings.Contains(u, "active_from=") {
		t.Errorf("URL after the form %q: want the filters and no empty fields", u)
	}
	// Paging with plain links.
	nav(t, ctx, "first page of two", chromedp.Navigate(b.srv+"/?q=xylofon&size=2"))
	nav(t, ctx, "next page", chromedp.Click(chromedp.CSS(`a[rel=next]`)))
	if s := html("#summary"); !strings.Contains(s, "Visar 3–4 av 5") {
		t.Errorf("page 2: %s", s)
	}
	// Removing a filter with its chip.
	nav(t, ctx, "open filtered", chromedp.Navigate(b.srv+"/?q=xylofon&municipality=Salem"))
	nav(t, ctx, "remove chip", chromedp.Click(chromedp.CSS(`.chips .chip`)))
	if s := html("#summary"); !strings.Contains(s, "av 5 träffar") {
		t.Errorf("after removing the chip: %s", s)
	}
	// A bad query shows its message, not a blank page.
	if res := nav(t, ctx, "bad query", chromedp.Navigate(b.srv+"/?q=%22xylofon")); res.Status != 400 {
		t.Errorf("bad query: status %d, want 400", res.Status)
	}
	if s := html(".error"); !strings.Contains(s, "citattecknet") {
		t.Errorf("error state: %s", s)
	}
}
