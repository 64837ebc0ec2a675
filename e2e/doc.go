// Package e2e holds the browser tests of Projektsök's pages: they start the
// real HTTP handler over an in-memory index and drive headless Chromium
// with chromedp. Without Chromium they skip, except with CI=true, where a
// missing browser fails. CHROMIUM may name the browser binary.
package e2e
