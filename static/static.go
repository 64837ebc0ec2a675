// Package static holds the search page's assets and HTML templates,
// embedded in the binary.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"sync"
)

// FS holds the stylesheet, the script and the page templates
// (templates/*.html).
//
//go:embed *.css *.js *.svg templates/*.html
var FS embed.FS

// Assets are the files served under /static/; nothing else in FS is.
var Assets = []string{"app.css", "app.js", "favicon.svg"}

var versions = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, name := range Assets {
		b, err := fs.ReadFile(FS, name)
		if err != nil {
			continue
		}
		sum := sha256.Sum256(b)
		m[name] = hex.EncodeToString(sum[:6])
	}
	return m
})

// Version returns a short hash of an asset's content, for cache-busting
// URLs; "" when name is not an asset.
func Version(name string) string { return versions()[name] }
