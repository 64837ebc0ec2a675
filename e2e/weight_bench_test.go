package e2e

// BenchmarkPageWeight measures in headless Chromium what a first visit to
// the search, overview and document pages costs: bytes transferred (page
// and assets, cache disabled, compressed as sent) and the render times of
// the Navigation Timing and Paint Timing APIs.
//
//	go test ./e2e -run '^$' -bench PageWeight -benchtime 20x
//
// Each iteration is one cold load of the page; the reported figures are
// means over the iterations.

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

func BenchmarkPageWeight(b *testing.B) {
	path := chromium()
	if path == "" {
		b.Skip("Chromium not found")
	}
	srv := startServer(b).URL
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-extensions", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(b.TempDir()), chromedp.WindowSize(1280, 900),
		chromedp.Flag("accept-lang", "sv-SE,sv"))
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		b.Fatal(err)
	}
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	}))
	if err != nil {
		b.Fatal(err)
	}
	pages := []struct{ name, path string }{
		{"search", "/?q=samverkan"},
		{"overview", "/oversikt?q=samverkan"},
		{"document", "/projekt/001_bb93deab17c6a93d.txt"},
	}
	const measure = `new Promise(done => {
		const finish = () => {
			const nav = performance.getEntriesByType('navigation')[0];
			const res = performance.getEntriesByType('resource');
			const fcp = performance.getEntriesByName('first-contentful-paint')[0];
			let bytes = nav.transferSize, decoded = nav.decodedBodySize;
			for (const r of res) { bytes += r.transferSize; decoded += r.decodedBodySize; }
			done({bytes, decoded, requests: 1 + res.length, ttfb: nav.responseStart - nav.startTime,
				dcl: nav.domContentLoadedEventEnd - nav.startTime, load: nav.loadEventEnd - nav.startTime,
				fcp: fcp ? fcp.startTime : -1});
		};
		if (document.readyState === 'complete' && performance.getEntriesByType('navigation')[0].loadEventEnd > 0) setTimeout(finish, 50);
		else addEventListener('load', () => setTimeout(finish, 50));
	})`
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			sum := map[string]float64{}
			for i := 0; i < b.N; i++ {
				c, cancel := context.WithTimeout(ctx, 20*time.Second)
				if err := chromedp.Do(c, chromedp.Navigate(srv+p.path)); err != nil {
					cancel()
					b.Fatal(err)
				}
				m, err := chromedp.Run(c, chromedp.Evaluate[map[string]float64](measure, chromedp.EvalAwaitPromise))
				cancel()
				if err != nil {
					b.Fatal(err)
				}
				for k, v := range m {
					sum[k] += v
				}
			}
			n := float64(b.N)
			b.ReportMetric(sum["bytes"]/n, "bytes/load")
			b.ReportMetric(sum["decoded"]/n, "decoded-bytes/load")
			b.ReportMetric(sum["requests"]/n, "requests/load")
			b.ReportMetric(sum["ttfb"]/n, "ttfb-ms")
			b.ReportMetric(sum["fcp"]/n, "fcp-ms")
			b.ReportMetric(sum["dcl"]/n, "domcontentloaded-ms")
			b.ReportMetric(sum["load"]/n, "load-ms")
		})
	}
}
