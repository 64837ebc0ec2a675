package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/index"
	"projektsok/ingest"
)

// TestIngestFates ingests a tree with every case that used to merge
// documents (the same name in two folders, names differing only in
// punctuation, long names, x.txt beside x.html), an exact duplicate, an
// empty file and an unsupported one, then ingests it again after changing,
// removing and pruning files. Every file's fate is told in the summary and
// the report, and the index holds one document per distinct file.
func TestIngestFates(t *testing.T) {
	src := t.TempDir()
	long := strings.Repeat("uppdrag-till-statens-skolverk-", 4)
	page := func(title, extra string) string {
		return "# " + title + "\n\nProjektägare: Botkyrka kommun\n\nVi arbetar med " + extra + " i projektet.\n"
	}
	files := map[string]string{
		"a/slutrapport.md":         page("Slutrapport A", "sökandelots"),
		"b/slutrapport.md":         page("Slutrapport B", "validering"),
		"skr-200405161.md":         page("Skrivelse ett", "samverkan"),
		"skr.-200405161.md":        page("Skrivelse två", "handledning"),
		long + "a.md":              page("Långt namn A", "coachning"),
		long + "b.md":              page("Långt namn B", "praktik"),
		"x.txt":                    page("Text", "mentorskap"),
		"x.html":                   "<html><head><title>HTML</title></head><body><h1>HTML-sidan</h1><p>Vi arbetar med matchning i projektet.</p></body></html>",
		"kopia/samma-bytes.md":     page("Slutrapport A", "sökandelots"), // the bytes of a/slutrapport.md
		"tom.txt":                  "",
		"bild.jpg":                 "\xff\xd8\xff",
		".dold/hemlig.txt":         "hidden files are not found",
		"a/.utkast-slutrapport.md": "nor hidden files in folders",
	}
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, text := range files {
		write(name, text)
	}
	dir := filepath.Join(t.TempDir(), "idx")
	report := filepath.Join(t.TempDir(), "report.jsonl")
	ingestRun := func(extra ...string) (string, string) {
		t.Helper()
		var stdout, stderr syncBuffer
		args := append([]string{"ingest", "--index", dir, "--report", report, src}, extra...)
		err := run(context.Background(), args, env(nil), &stdout, &stderr)
		if exitStatus(err) != 1 {
			t.Errorf("exit status %d (%v), want 1: tom.txt failed", exitStatus(err), err)
		}
		return stdout.String(), stderr.String()
	}
	readReport := func() map[string]ingest.Outcome {
		t.Helper()
		f, err := os.Open(report)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		out := map[string]ingest.Outcome{}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var o ingest.Outcome
			if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
				t.Fatalf("report line %q: %v", sc.Text(), err)
			}
			rel, err := filepath.Rel(src, o.Path)
			if err != nil || strings.HasPrefix(rel, "..") {
				rel = o.Path // pruned: only the source is known
			}
			out[filepath.ToSlash(rel)] = o
		}
		return out
	}
	docs := func() map[string]ingest.Record {
		t.Helper()
		idx, err := index.OpenReadOnly(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer idx.Close()
		out := map[string]ingest.Record{}
		for _, name := range []string{"a/slutrapport.md", "b/slutrapport.md", "skr-200405161.md", "skr.-200405161.md",
			long + "a.md", long + "b.md", "x.txt", "x.html", "kopia/samma-bytes.md"} {
			rec, err := idx.Get(ingest.ID(name))
			if errors.Is(err, index.ErrNotFound) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			out[name] = rec
		}
		if n, _ := idx.Count(); int(n) != len(out) {
			t.Errorf("index holds %d documents, found %d by id", n, len(out))
		}
		return out
	}

	// First ingest: eight documents, one duplicate, one failure, one skip.
	out, errOut := ingestRun()
	if !strings.Contains(out, "found 11: 8 indexed, 0 updated, 0 unchanged, 1 duplicate, 1 skipped, 1 failed") {
		t.Errorf("summary = %q", out)
	}
	for _, name := range []string{"tom.txt: failed: ", "bild.jpg: skipped: "} {
		if !strings.Contains(errOut, filepath.Join(src, name)) {
			t.Errorf("stderr does not name %s:\n%s", name, errOut)
		}
	}
	rep := readReport()
	if len(rep) != 11 {
		t.Errorf("report has %d files, want 11: %v", len(rep), rep)
	}
	for name, o := range rep {
		want := ingest.Indexed
		switch name {
		case "kopia/samma-bytes.md":
			want = ingest.Duplicate
		case "tom.txt":
			want = ingest.Failed
		case "bild.jpg":
			want = ingest.Skipped
		}
		if o.Fate != want {
			t.Errorf("%s: fate %q, want %q", name, o.Fate, want)
		}
		if want == ingest.Indexed && (o.ID != ingest.ID(name) || o.Source != name || o.Chars == 0 || o.Format == "" || o.Encoding != "utf-8") {
			t.Errorf("%s: report line %+v", name, o)
		}
	}
	if o := rep["kopia/samma-bytes.md"]; o.ID != ingest.ID("a/slutrapport.md") || !strings.Contains(o.Reason, "a/slutrapport.md") {
		t.Errorf("duplicate: %+v, want the id and path of a/slutrapport.md", o)
	}
	if o := rep["tom.txt"]; !strings.Contains(o.Reason, "no text") || o.Format != "text" {
		t.Errorf("empty file: %+v, want a reason a person can act on", o)
	}
	got := docs()
	if len(got) != 8 {
		t.Errorf("%d documents, want 8", len(got))
	}
	if diff := cmp.Diff([]string{"a/slutrapport.md", "kopia/samma-bytes.md"}, got["a/slutrapport.md"].Sources); diff != "" {
		t.Errorf("duplicate's document sources (-want +got):\n%s", diff)
	}
	if got["x.txt"].Title == got["x.html"].Title || got["b/slutrapport.md"].Source != "b/slutrapport.md" {
		t.Errorf("x.txt and x.html, or the two slutrapport.md, were merged")
	}

	// Second ingest: x.txt changed, b/slutrapport.md removed (kept without
	// --prune), the rest unchanged.
	write("x.txt", page("Text, ny version", "mentorskap"))
	os.Remove(filepath.Join(src, "b", "slutrapport.md"))
	out, _ = ingestRun()
	if !strings.Contains(out, "found 10: 0 indexed, 1 updated, 7 unchanged, 0 duplicate, 1 skipped, 1 failed; 1 not found again and kept") {
		t.Errorf("second summary = %q", out)
	}
	// An unchanged file is not parsed again, yet its report line tells
	// what it held.
	if o, first := readReport()["skr-200405161.md"], rep["skr-200405161.md"]; o.Fate != ingest.Unchanged ||
		o.Chars != first.Chars || o.Format != first.Format || o.Encoding != first.Encoding || o.ID != first.ID {
		t.Errorf("unchanged file's report line %+v, first %+v", o, first)
	}
	got = docs()
	if len(got) != 8 || !strings.Contains(got["x.txt"].Title, "ny version") {
		t.Errorf("after the second ingest: %d documents, x.txt %q", len(got), got["x.txt"].Title)
	}

	// Third: --prune removes the document of the file that is gone.
	out, _ = ingestRun("--prune")
	if !strings.Contains(out, "found 10: 0 indexed, 0 updated, 8 unchanged, 0 duplicate, 1 skipped, 1 failed; 1 pruned") {
		t.Errorf("prune summary = %q", out)
	}
	if o := readReport()["b/slutrapport.md"]; o.Fate != ingest.Pruned || o.ID != ingest.ID("b/slutrapport.md") {
		t.Errorf("report of the pruned file: %+v", o)
	}
	if _, ok := docs()["b/slutrapport.md"]; ok {
		t.Error("the pruned document is still there")
	}

	// Fourth: the original of the duplicate goes; its copy keeps the
	// document, under the copy's id.
	os.Remove(filepath.Join(src, "a", "slutrapport.md"))
	out, _ = ingestRun("--prune")
	if !strings.Contains(out, "found 9: 0 indexed, 0 updated, 7 unchanged, 0 duplicate, 1 skipped, 1 failed; 1 pruned") {
		t.Errorf("fourth summary = %q", out)
	}
	got = docs()
	if _, ok := got["a/slutrapport.md"]; ok || len(got) != 7 {
		t.Errorf("%d documents; a/slutrapport.md still there: %v", len(got), ok)
	}
	if c := got["kopia/samma-bytes.md"]; c.Title != "Slutrapport A" || c.Source != "kopia/samma-bytes.md" ||
		!cmp.Equal(c.Sources, []string{"kopia/samma-bytes.md"}) {
		t.Errorf("the copy's document: id %q source %q sources %v", c.ID, c.Source, c.Sources)
	}
}

// TestIngestLineage: a project's page and its final report find each other
// by project number (spelt differently), whichever is ingested first; the
// page's has_report follows the report in and out of the index.
func TestIngestLineage(t *testing.T) {
	src := t.TempDir()
	dir := filepath.Join(t.TempDir(), "idx")
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ingestRun := func(extra ...string) {
		t.Helper()
		var stdout, stderr syncBuffer
		if err := run(context.Background(), append([]string{"ingest", "--index", dir, src}, extra...), env(nil), &stdout, &stderr); err != nil {
			t.Fatalf("ingest: %v\n%s%s", err, stdout.String(), stderr.String())
		}
	}
	page := func() ingest.Record {
		t.Helper()
		idx, err := index.OpenReadOnly(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer idx.Close()
		rec, err := idx.Get(ingest.ID("projekt/sida.txt"))
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	write("projekt/sida.txt", "Vägen till arbete\n\nProjektfasAvslutat\nProjektägareBotkyrka kommun\n"+
		"Ärendenummer2016/00123\nRegionStockholm\n\nSammanfattning\n\nVi hjälper unga till arbete.\n")
	ingestRun()
	if p := page(); p.HasReport || p.ProjectNumber == "" {
		t.Fatalf("page before its report: has_report %v, number %q", p.HasReport, p.ProjectNumber)
	}
	write("rapporter/slutrapport.md", "# Slutrapport\n\n# Unga i arbete i Botkyrka\n\nDnr 2016-00123\n\n"+
		"## Sammanfattning\n\nProjektet har hjälpt unga till arbete.\n")
	ingestRun()
	if !page().HasReport {
		t.Error("the report ingested after its page did not update the page's has_report")
	}
	os.Remove(filepath.Join(src, "rapporter", "slutrapport.md"))
	ingestRun("--prune")
	if page().HasReport {
		t.Error("the page still has a report after the report was pruned")
	}
}
