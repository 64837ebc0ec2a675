package ingest

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files from the parsers' output, logging the diff of each file rewritten (see it with -v)")

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
	docs, err := filepath.Glob("testdata/docs/*.*")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if !strings.HasSuffix(d, ".golden.json") {
			pdfs = append(pdfs, d)
		}
	}
	return append(append(seeds, extra...), pdfs...)
}

// goldenPath is where the expected Record of a case is kept: beside the
// document under testdata/docs, else testdata/NAME.golden.json.
func goldenPath(path string) string {
	if filepath.Base(filepath.Dir(path)) == "docs" {
		return path + ".golden.json"
	}
	return filepath.Join("testdata", filepath.Base(path)+".golden.json")
}

func TestGolden(t *testing.T) {
	for _, path := range goldenCases(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			got, err := ParseFile(path)
			if err != nil {
				t.Fatalf("ParseFile: %v", err)
			}
			golden := goldenPath(path)
			if *update {
				rewriteGolden(t, golden, got)
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

// rewriteGolden writes got to golden and logs what changed (-old +new), so
// that a rewrite is reviewed, not blindly accepted.
func rewriteGolden(t *testing.T, golden string, got Record) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	var old Record
	prev, err := os.ReadFile(golden)
	switch {
	case err != nil:
		t.Logf("%s: new file", golden)
	case json.Unmarshal(prev, &old) != nil:
		t.Logf("%s: replaced unreadable JSON", golden)
	default:
		if diff := cmp.Diff(old, got); diff != "" {
			t.Logf("%s rewritten (-old +new):\n%s", golden, diff)
		} else if !bytes.Equal(prev, append(b, '\n')) {
			t.Logf("%s: reformatted, same record", golden)
		} else {
			return
		}
	}
	if err := os.WriteFile(golden, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
