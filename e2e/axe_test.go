package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// axeSource finds axe-core's script: $AXE_CORE, the copy .ci/run installs
// (.ci/node, ignored by git), or a global npm install.
func axeSource() (string, error) {
	var candidates []string
	if p := os.Getenv("AXE_CORE"); p != "" {
		candidates = append(candidates, p)
	}
	candidates = append(candidates, filepath.Join("..", ".ci", "node", "node_modules", "axe-core", "axe.min.js"))
	if out, err := exec.Command("npm", "root", "-g").Output(); err == nil {
		candidates = append(candidates, filepath.Join(strings.TrimSpace(string(out)), "axe-core", "axe.min.js"))
	}
	for _, p := range candidates {
		if b, err := os.ReadFile(p); err == nil {
			return string(b), nil
		}
	}
	return "", fmt.Errorf("axe-core not found in %v", candidates)
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// testAccessibility runs axe-core (WCAG 2.1 A and AA and best practices)
// over the search, overview, document and 404 pages, in Swedish and in
// English, on a wide and on a narrow screen.
func (b *tester) testAccessibility(t *testing.T) {
	src, err := axeSource()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v; CI=true requires the check: .ci/run installs it with npm", err)
		}
		t.Skipf("SKIP accessibility check: %v (.ci/run installs it: npm install --prefix .ci/node axe-core)", err)
	}
	pages := []string{"/?q=xylofon", "/?q=xylofon&municipality=Botkyrka", "/oversikt?q=xylofon", "/projekt/e2e-bk-hu", "/finns/inte", "/?q=%22xylofon"}
	for _, lang := range []string{"sv", "en"} {
		for _, width := range []int64{1280, 375} {
			t.Run(fmt.Sprintf("%s %dpx", lang, width), func(t *testing.T) {
				ctx := b.tab(t)
				do(t, ctx, "language", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
						return err
					}
					_, err := cdp.Call(ctx, tg, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": lang}})
					return err
				}))
				if width < 1000 {
					do(t, ctx, "narrow", chromedp.EmulateViewport(width, 812, chromedp.EmulateMobile))
				}
				for _, p := range pages {
					nav(t, ctx, "open "+p, chromedp.Navigate(b.srv+p))
					if got := run(t, ctx, "lang", chromedp.Evaluate[string](`document.documentElement.lang`)); got != lang {
						t.Fatalf("%s: page language %q, want %q", p, got, lang)
					}
					do(t, ctx, "load axe", js(src))
					out := run(t, ctx, "axe "+p, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})
						.then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
					var vs []axeViolation
					if err := json.Unmarshal([]byte(out), &vs); err != nil {
						t.Fatalf("%s: %v: %s", p, err, out)
					}
					for _, v := range vs {
						var where []string
						for _, n := range v.Nodes[:min(len(v.Nodes), 3)] {
							where = append(where, fmt.Sprint(n.Target)+" "+n.HTML[:min(len(n.HTML), 120)])
						}
						t.Errorf("%s: %s (%s): %s\n\t%s", p, v.ID, v.Impact, v.Help, strings.Join(where, "\n\t"))
					}
				}
			})
		}
	}
}
