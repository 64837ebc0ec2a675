package search

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestEngineKnowsNoHTTP keeps the engine apart from its HTTP adapter: no
// package of this module that search depends on may import net/http, a
// gorilla package or the Prometheus client (bleve itself imports
// net/http through expvar; that is not ours to change).
func TestEngineKnowsNoHTTP(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no go command on PATH, and CI=true requires this test")
		}
		t.Skip("no go command")
	}
	out, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 || !strings.HasPrefix(fields[0], "projektsok/") {
			continue
		}
		checked++
		for _, imp := range fields[1:] {
			if imp == "net/http" || strings.HasPrefix(imp, "net/http/") ||
				strings.HasPrefix(imp, "github.com/gorilla/") || strings.HasPrefix(imp, "github.com/prometheus/") {
				t.Errorf("%s imports %s", fields[0], imp)
			}
		}
	}
	if checked < 3 { // search, index, ingest at least
		t.Fatalf("go list named %d packages of this module: %s", checked, out)
	}
}
