package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// gitChanged lists the Go files (absolute paths) changed between the merge
// base of rev and HEAD and the working tree, untracked ones included, with
// the changed line numbers of each (keyed by the path relative to root).
func gitChanged(root, rev string) ([]string, map[string]map[int]bool, error) {
	git := func(args ...string) (string, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		out, err := cmd.Output()
		if err != nil {
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, ee.Stderr)
			}
			return "", fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
		}
		return string(out), nil
	}
	base, err := git("merge-base", rev, "HEAD")
	if err != nil {
		return nil, nil, err
	}
	base = strings.TrimSpace(base)
	diff, err := git("diff", "-U0", "--no-color", "--no-ext-diff", base, "--", "*.go")
	if err != nil {
		return nil, nil, err
	}
	changed := map[string]map[int]bool{}
	var names []string
	var cur string
	hunk := regexp.MustCompile(`^@@ -\S+ \+(\d+)(?:,(\d+))? @@`)
	for _, l := range strings.Split(diff, "\n") {
		switch {
		case strings.HasPrefix(l, "+++ "):
			cur = ""
			if p, ok := strings.CutPrefix(l, "+++ b/"); ok {
				cur = p
				changed[cur] = map[int]bool{}
				names = append(names, filepath.Join(root, filepath.FromSlash(cur)))
			}
		case cur != "" && hunk.MatchString(l):
			m := hunk.FindStringSubmatch(l)
			start, _ := strconv.Atoi(m[1])
			n := 1
			if m[2] != "" {
				n, _ = strconv.Atoi(m[2])
			}
			for i := start; i < start+n; i++ {
				changed[cur][i] = true
			}
		}
	}
	untracked, err := git("ls-files", "--others", "--exclude-standard", "--", "*.go")
	if err != nil {
		return nil, nil, err
	}
	for _, f := range strings.Fields(untracked) {
		names = append(names, filepath.Join(root, filepath.FromSlash(f)))
		changed[f] = nil // every line is new
	}
	// An untracked file has no line set: --lines keeps all of it.
	for f, lines := range changed {
		if lines == nil {
			all := map[int]bool{}
			b, _ := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
			for i := 1; i <= strings.Count(string(b), "\n")+1; i++ {
				all[i] = true
			}
			changed[f] = all
		}
	}
	return names, changed, nil
}

// equivKey identifies a mutant across edits that move it: file, mutation
// and the text of its line.
func equivKey(m Mutant) string { return m.File + "\t" + m.Desc + "\t" + m.Text }

// readEquivalents reads FILE<TAB>MUTATION<TAB>LINE<TAB>REASON lines; #
// starts a comment. A missing file lists none.
func readEquivalents(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		l := sc.Text()
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		parts := strings.Split(l, "\t")
		if len(parts) != 4 || strings.TrimSpace(parts[3]) == "" {
			return nil, fmt.Errorf("%s:%d: want FILE<TAB>MUTATION<TAB>LINE<TAB>REASON", path, n)
		}
		out[parts[0]+"\t"+parts[1]+"\t"+parts[2]] = parts[3]
	}
	return out, sc.Err()
}

// tally counts outcomes of one file or package.
type tally struct {
	killed, timeout, survived, equivalent, notViable int
}

func (t *tally) add(r Result) {
	switch r.Outcome {
	case killed:
		t.killed++
	case timedOut:
		t.timeout++
	case survived:
		t.survived++
	case equivalent:
		t.equivalent++
	case notViable:
		t.notViable++
	}
}

// score is the share of non-equivalent mutants tested that were killed.
func (t tally) score() string {
	n := t.killed + t.timeout + t.survived
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f %%", 100*float64(t.killed+t.timeout)/float64(n))
}

// report prints per-file and per-package tables (Markdown) and the
// survivors.
func report(w io.Writer, header string, rs []Result, template bool) {
	files, pkgs := map[string]*tally{}, map[string]*tally{}
	var total tally
	for _, r := range rs {
		if files[r.File] == nil {
			files[r.File] = &tally{}
		}
		if pkgs[r.Pkg] == nil {
			pkgs[r.Pkg] = &tally{}
		}
		files[r.File].add(r)
		pkgs[r.Pkg].add(r)
		total.add(r)
	}
	fmt.Fprintln(w, header)
	fmt.Fprintln(w)
	table := func(title string, m map[string]*tally) {
		fmt.Fprintf(w, "| %s | killed | survived | score | equivalent (listed) | not compiling |\n", title)
		fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: |")
		var keys []string
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t := m[k]
			fmt.Fprintf(w, "| %s | %d | %d | %s | %d | %d |\n", k, t.killed+t.timeout, t.survived, t.score(), t.equivalent, t.notViable)
		}
	}
	table("file", files)
	fmt.Fprintln(w)
	pkgs["all"] = &total
	table("package", pkgs)
	var surv []Result
	for _, r := range rs {
		if r.Outcome == survived {
			surv = append(surv, r)
		}
	}
	if len(surv) == 0 {
		return
	}
	fmt.Fprintf(w, "\nsurvivors (%d):\n", len(surv))
	for _, r := range surv {
		if template {
			fmt.Fprintf(w, "%s\tREASON\n", equivKey(r.Mutant))
			continue
		}
		fmt.Fprintf(w, "  %s:%d: %s\n", r.File, r.Line, r.Desc)
	}
}

func writeJSON(path string, rs []Result) error {
	b, err := json.MarshalIndent(rs, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// survivorKey identifies a mutant across edits elsewhere in its file: its
// equivKey and its column (the same mutation may occur twice on a line).
func survivorKey(m Mutant) string { return fmt.Sprintf("%s\t%d", equivKey(m), m.Col) }

// readSurvivors reads a --json report and returns its surviving mutants.
func readSurvivors(path string) ([]Mutant, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rs []Result
	if err := json.Unmarshal(b, &rs); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []Mutant
	for _, r := range rs {
		if r.Outcome == survived {
			out = append(out, r.Mutant)
		}
	}
	return out, nil
}

// matchSurvivors finds each earlier survivor among the current mutants:
// the one at the same line, else the only one with its key (the line
// moved).
func matchSurvivors(all, prev []Mutant) []Mutant {
	byKey := map[string][]int{}
	for i, m := range all {
		byKey[survivorKey(m)] = append(byKey[survivorKey(m)], i)
	}
	var out []Mutant
	for _, p := range prev {
		cands := byKey[survivorKey(p)]
		pick := -1
		for _, i := range cands {
			if all[i].Line == p.Line {
				pick = i
			}
		}
		if pick < 0 && len(cands) == 1 {
			pick = cands[0]
		}
		if pick >= 0 {
			out = append(out, all[pick])
		}
	}
	return out
}
