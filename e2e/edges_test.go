package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// noJS turns JavaScript off in a tab.
func noJS(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, "disable JavaScript", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
}

// testSkipLink: with the script on, the skip link puts focus in the
// results and neither reloads them nor adds a history entry.
func (b *tester) testSkipLink(t *testing.T) {
	ctx := b.tab(t)
	do(t, ctx, "open search", chromedp.Navigate(b.srv+"/?q=xylofon"), chromedp.WaitVisible(chromedp.CSS("#summary")))
	waitJS(t, ctx, "script ran", `document.documentElement.classList.contains('js')`)
	do(t, ctx, "mark the results", js(`document.getElementById('content').dataset.mark = 'kept'; window.fetched = 0;
		const f = window.fetch; window.fetch = (...a) => { window.fetched++; return f(...a); };`))
	before := run(t, ctx, "history", chromedp.Evaluate[int](`history.length`))
	do(t, ctx, "tab to the skip link", chromedp.KeyEvent(kb.Tab))
	if c := run(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.className`)); c != "skip" {
		t.Fatalf("first Tab stop %q, want the skip link", c)
	}
	do(t, ctx, "follow it", chromedp.KeyEvent(kb.Enter))
	time.Sleep(300 * time.Millisecond) // a reload would have started by now
	got := run(t, ctx, "after", chromedp.Evaluate[map[string]any](`({
		inMain: !!document.activeElement.closest('main'),
		active: document.activeElement.id || document.activeElement.tagName,
		kept: document.getElementById('content').dataset.mark === 'kept',
		fetched: window.fetched, history: history.length })`))
	if got["inMain"] != true {
		t.Errorf("focus on %v, want the main content", got["active"])
	}
	if got["kept"] != true || got["fetched"] != float64(0) {
		t.Errorf("the skip link reloaded the results (kept %v, fetches %v)", got["kept"], got["fetched"])
	}
	if h, ok := got["history"].(float64); !ok || int(h) != before {
		t.Errorf("history length %v, was %d", got["history"], before)
	}
	// The next Tab goes on from the results, not from the top.
	do(t, ctx, "tab on", chromedp.KeyEvent(kb.Tab))
	if in := run(t, ctx, "next focus", chromedp.Evaluate[bool](`!!document.activeElement.closest('main')`)); !in {
		t.Error("after the skip link, Tab left the main content")
	}
}

// testNarrow: no page scrolls sideways on a 320 px screen, with or
// without the script.
func (b *tester) testNarrow(t *testing.T) {
	pages := []string{"/?q=xylofon", "/?q=xylofon&municipality=Botkyrka", "/oversikt", "/oversikt?q=xylofon",
		"/filter/municipality", "/finns-inte", "/?q=%22xylofon", "/projekt/finns-inte"}
	for _, r := range corpus(t) {
		pages = append(pages, "/projekt/"+r.ID)
	}
	for _, script := range []bool{true, false} {
		ctx := b.tab(t)
		if !script {
			noJS(t, ctx)
		}
		do(t, ctx, "320 px", chromedp.EmulateViewport(320, 640, chromedp.EmulateMobile, chromedp.EmulateScale(2)))
		for _, p := range pages {
			do(t, ctx, "open "+p, chromedp.Navigate(b.srv+p), chromedp.WaitReady(chromedp.CSS("main")))
			w := run(t, ctx, "width", chromedp.Evaluate[int](`Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)`))
			if w > 320 {
				wide := run(t, ctx, "widest", chromedp.Evaluate[string](`[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 320.5 || e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible').map(e => e.tagName + '.' + e.className + ':' + (e.textContent||'').trim().slice(0, 40)).slice(-4).join(' | ')`))
				t.Errorf("script %v: %s is %d px wide on a 320 px screen (%s)", script, p, w, wide)
			}
		}
	}
}

// testResultsFirst: on a phone without JavaScript the first hit is on the
// first screen, above the filters.
func (b *tester) testResultsFirst(t *testing.T) {
	ctx := b.tab(t)
	noJS(t, ctx)
	do(t, ctx, "phone", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile, chromedp.EmulateScale(2)))
	do(t, ctx, "open search", chromedp.Navigate(b.srv+"/?q=xylofon"), chromedp.WaitReady(chromedp.CSS(".hit")))
	pos := run(t, ctx, "positions", chromedp.Evaluate[map[string]float64](`({
		hit: document.querySelector('.hit').getBoundingClientRect().top,
		filters: document.querySelector('.filters').getBoundingClientRect().top })`))
	if pos["hit"] > 812 || pos["hit"] > pos["filters"] {
		t.Errorf("first hit at %.0f px, filters at %.0f px: want the hit first, on the first screen", pos["hit"], pos["filters"])
	}
	// and on a wide screen the filters stand beside the results
	do(t, ctx, "desktop", chromedp.EmulateViewport(1280, 900))
	do(t, ctx, "reload", chromedp.Reload(), chromedp.WaitReady(chromedp.CSS(".hit")))
	side := run(t, ctx, "layout", chromedp.Evaluate[map[string]float64](`({
		hitLeft: document.querySelector('.hit').getBoundingClientRect().left,
		filtersRight: document.querySelector('.filters').getBoundingClientRect().right })`))
	if side["filtersRight"] > side["hitLeft"] {
		t.Errorf("wide screen: filters end at %.0f px, hits start at %.0f px: want the filters on the left", side["filtersRight"], side["hitLeft"])
	}
}

// testDidYouMean: a misspelt word is answered with a word as the documents
// write it, never the analyzer's base form.
func (b *tester) testDidYouMean(t *testing.T) {
	ctx := b.tab(t)
	do(t, ctx, "misspelt search", chromedp.Navigate(b.srv+"/?q=samverakn"), chromedp.WaitReady(chromedp.CSS("main")))
	got := run(t, ctx, "suggestion", chromedp.Evaluate[string](`(document.querySelector('.didyoumean a')||{}).textContent || ''`))
	if got != "samverkan" {
		t.Fatalf("Menade du %q, want samverkan", got)
	}
	nav(t, ctx, "follow it", chromedp.Click(chromedp.CSS(".didyoumean a")))
	waitJS(t, ctx, "searched", `new URLSearchParams(location.search).get('q') === 'samverkan' && document.querySelectorAll('.hit').length > 0`)
}

// testNotFound: a browser gets a page for an unknown address, an API
// client JSON; every page has an icon and a description.
func (b *tester) testNotFound(t *testing.T) {
	ctx := b.tab(t)
	res := nav(t, ctx, "unknown page", chromedp.Navigate(b.srv+"/finns/inte"))
	if res.Status != 404 || !strings.HasPrefix(res.MimeType, "text/html") {
		t.Errorf("unknown page: %d %s, want a 404 page", res.Status, res.MimeType)
	}
	if h := run(t, ctx, "heading", chromedp.Evaluate[string](`document.querySelector('h1').textContent`)); h != "Sidan finns inte" {
		t.Errorf("heading %q", h)
	}
	if !run(t, ctx, "link home", chromedp.Evaluate[bool](`!!document.querySelector('main a[href="/"]') && !!document.querySelector('#q')`)) {
		t.Error("the 404 page offers no way on")
	}
	api := run(t, ctx, "API client", chromedp.Evaluate[string](`(async () => {
		const a = await fetch('/api/finns-inte', {headers: {Accept: 'text/html,application/json'}});
		const b = await fetch('/finns/inte', {headers: {Accept: 'application/json'}});
		return a.status + ' ' + a.headers.get('content-type') + ' ' + (await a.json()).error.length + ' | ' +
			b.status + ' ' + b.headers.get('content-type');
	})()`, chromedp.EvalAwaitPromise))
	if !strings.HasPrefix(api, "404 application/json") || !strings.Contains(api, "| 404 application/json") {
		t.Errorf("API clients: %s, want JSON 404s", api)
	}
	for _, p := range []string{"/", "/?q=xylofon", "/oversikt", "/projekt/e2e-salem", "/finns/inte"} {
		nav(t, ctx, "open "+p, chromedp.Navigate(b.srv+p))
		got := run(t, ctx, "icon and description", chromedp.Evaluate[string](`(async () => {
			const d = document.querySelector('meta[name=description]');
			const i = document.querySelector('link[rel=icon]');
			if (!d || d.content.length < 40 || !i) return 'missing';
			const r = await fetch(i.href);
			return r.status + ' ' + r.headers.get('content-type');
		})()`, chromedp.EvalAwaitPromise))
		if got != "200 image/svg+xml" {
			t.Errorf("%s: icon and description: %s", p, got)
		}
	}
	got := run(t, ctx, "favicon.ico", chromedp.Evaluate[string](`fetch('/favicon.ico').then(r => r.status + ' ' + r.headers.get('content-type'))`,
		chromedp.EvalAwaitPromise))
	if got != "200 image/svg+xml" {
		t.Errorf("/favicon.ico: %s", got)
	}
}
