// Package static holds the search page's files, embedded in the binary.
package static

import "embed"

// FS holds index.html, the stylesheet and the script.
//
//go:embed *.html *.css *.js
var FS embed.FS
