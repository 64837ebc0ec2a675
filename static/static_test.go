package static

import (
	"io/fs"
	"testing"
)

func TestAssetsEmbeddedAndVersioned(t *testing.T) {
	total := 0
	for _, name := range Assets {
		b, err := fs.ReadFile(FS, name)
		if err != nil {
			t.Fatalf("%s not embedded: %v", name, err)
		}
		total += len(b)
		if v := Version(name); len(v) != 12 {
			t.Errorf("Version(%q) = %q, want 12 hex digits", name, v)
		}
	}
	// The page must stay light: no framework, no build step.
	if total >= 30*1024 {
		t.Errorf("JS+CSS is %d bytes, want < 30 KB", total)
	}
	if Version("templates/layout.html") != "" {
		t.Error("templates must not be versioned assets")
	}
}

func TestTemplatesEmbedded(t *testing.T) {
	m, err := fs.Glob(FS, "templates/*.html")
	if err != nil || len(m) == 0 {
		t.Fatalf("no templates embedded: %v %v", m, err)
	}
}
