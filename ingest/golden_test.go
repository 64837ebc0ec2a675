package ingest

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the parsers' output")

// goldenCases are the files whose parsed Record is kept under testdata.
func goldenCases(t *testing.T) []string {
	t.Helper()
	seeds, err := filepath.Glob("sample/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	extra, err := filepath.Glob("testdata/*.html")
	if err != nil {
		t.Fatal(err)
	}
	pdfs, err := filepath.Glob("testdata/*.pdf")
	if err != nil {
		t.Fatal(err)
	}
	return append(append(seeds, extra...), pdfs...)
}

func TestGolden(t *testing.T) {
	for _, path := range goldenCases(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			got, err := ParseFile(path)
			if err != nil {
				t.Fatalf("ParseFile: %v", err)
			}
			golden := filepath.Join("testdata", filepath.Base(path)+".golden.json")
			if *update {
				b, err := json.MarshalIndent(got, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			b, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./ingest -update)", err)
			}
			var want Record
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatalf("%s: %v", golden, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
			}
		})
	}
}
