// Command mutate is a small mutation tester for this module: it makes
// one-line changes to the code that decides what users see and reports,
// per file and per package, how many of those changes the tests notice.
//
//	go run ./cmd/mutate [flags] [FILE.go|DIR ...]
//
// A folder stands for its default targets (all its files when it has
// none). Without arguments it mutates the default targets (defaultTargets): the
// Swedish analysis, compound splitting, folding and facet tables of
// index/, the query parsing and building, facets, snippets and similar
// projects of search/, and the parsers and gazetteer of ingest/. With
// --diff it mutates the Go files changed since the merge base with main
// (--diff=REV: with REV), committed or not; --lines then keeps only the
// changed lines.
//
// Mutations, parsed with go/ast and type-checked with go/types so that
// only mutants that compile are run:
//
//	boundary    < ↔ <=, > ↔ >=
//	negation    < → >=, <= → >, == ↔ !=, if/for c → !(c), !c → c
//	logical     && ↔ ||
//	arithmetic  + ↔ - (numbers), ++ ↔ --, += ↔ -=
//	constant    n → n+1, n-1, 0 (integer and float literals; not capacity hints)
//	bool        true ↔ false
//	remove      a call, assignment, ++/--, break or continue statement removed
//	return      a returned value replaced by its type's zero value
//	sort        Compare(a, b) → Compare(b, a)
//
// Each mutant is tested with `go test -overlay` (the working tree is
// never changed) on its own package (plus --tests), with -failfast and a
// time limit per mutant (--timeout; by default three times the unmutated
// run plus 30 s). A failing test kills the mutant; so does running past
// the limit. Mutants listed in the equivalents file (--equivalent,
// default cmd/mutate/equivalent.txt) are not run: each line is
// FILE<TAB>MUTATION<TAB>SOURCE LINE<TAB>REASON, as printed under
// "survivors" with --template. The score is killed / (killed + survived).
//
// --only REPORT.json tests again just the survivors of an earlier run
// (its --json report), found by file, mutation and line text, so that a
// sample's figures can be brought up to date after tests were added.
//
// The runs are CPU-heavy: --sample N tests a random sample of N mutants
// of each package (--seed), --j runs mutants in parallel, and `nice` is advised on a
// shared machine.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

// defaultTargets are the files mutated when none are named: the code
// that decides what users find and see. Globs; a missing file is fine.
var defaultTargets = []string{
	"index/analysis.go", "index/decompound.go", "index/foldpattern.go", "index/facettable.go",
	"index/swedish*.go", "index/lexicon*.go", "index/compound*.go", "index/tokenizer.go", "index/keyword.go",
	"search/query.go", "search/request.go", "search/build.go", "search/facets.go",
	"search/snippet.go", "search/similar.go",
	"ingest/parse.go", "ingest/text.go", "ingest/report.go", "ingest/project.go", "ingest/html.go",
	"ingest/gazetteer.go", "ingest/lexicon.go", "ingest/lexanchor.go", "ingest/litscan.go",
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mutate:", err)
		os.Exit(1)
	}
}

// diffFlag is --diff (against main) or --diff=REV.
type diffFlag struct{ rev string }

func (d *diffFlag) String() string   { return d.rev }
func (d *diffFlag) IsBoolFlag() bool { return true }
func (d *diffFlag) Set(s string) error {
	switch s {
	case "true":
		d.rev = "main"
	case "false":
		d.rev = ""
	default:
		d.rev = s
	}
	return nil
}

type options struct {
	diff       diffFlag
	lines      bool
	sample     int
	seed       uint64
	timeout    time.Duration
	jobs       int
	tests      string
	equivalent string
	jsonOut    string
	list       bool
	template   bool
	only       string
	files      []string
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := flag.NewFlagSet("mutate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Var(&o.diff, "diff", "mutate the Go files changed since the merge base with main (--diff=REV: with REV)")
	fs.BoolVar(&o.lines, "lines", false, "with --diff: only the changed lines")
	fs.IntVar(&o.sample, "sample", 0, "test a random sample of N mutants per package (0: all)")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the sample")
	fs.DurationVar(&o.timeout, "timeout", 0, "time limit of one mutant's tests (0: 3× the unmutated run + 30s)")
	fs.IntVar(&o.jobs, "j", 1, "mutants tested at once")
	fs.StringVar(&o.tests, "tests", "", "comma-separated packages whose tests also run for every mutant (e.g. ./search)")
	fs.StringVar(&o.equivalent, "equivalent", "cmd/mutate/equivalent.txt", "file of mutants known to be equivalent")
	fs.StringVar(&o.jsonOut, "json", "", "also write every result as JSON to this file")
	fs.BoolVar(&o.list, "list", false, "list the mutants without running tests")
	fs.BoolVar(&o.template, "template", false, "print survivors as lines for the equivalents file")
	fs.StringVar(&o.only, "only", "", "test only the survivors listed in this --json report of an earlier run (after adding tests)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./cmd/mutate [flags] [FILE.go|DIR ...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	o.files = fs.Args()
	if o.jobs < 1 {
		o.jobs = 1
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	files, changed, err := selectFiles(root, o)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fmt.Fprintln(stdout, "mutate: no Go files to mutate")
		return nil
	}
	equiv, err := readEquivalents(filepath.Join(root, o.equivalent))
	if err != nil {
		return err
	}

	// Load and type-check each package once; generate its mutants.
	byDir := map[string][]string{}
	for _, f := range files {
		byDir[filepath.ToSlash(filepath.Dir(f))] = append(byDir[filepath.ToSlash(filepath.Dir(f))], f)
	}
	var dirs []string
	for d := range byDir {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	pkgs, err := loadPackages(root, dirs)
	if err != nil {
		return err
	}
	var all []Mutant
	for _, d := range dirs {
		p := pkgs[d]
		if p == nil {
			continue
		}
		if !p.hasTests() {
			fmt.Fprintf(stderr, "mutate: %s has no tests; skipped\n", d)
			continue
		}
		info, tp, err := p.check("", nil)
		if err != nil {
			return fmt.Errorf("%s does not type-check: %w", d, err)
		}
		for _, f := range byDir[d] {
			abs := filepath.Join(root, filepath.FromSlash(f))
			af := p.files[abs]
			if af == nil {
				continue // excluded by build constraints
			}
			for _, m := range mutants(p.fset, af, p.srcs[abs], info, tp, Mutant{Pkg: p.ImportPath, File: f}) {
				if lines, ok := changed[f]; o.lines && ok && !lines[m.Line] {
					continue
				}
				all = append(all, m)
			}
		}
	}

	if o.only != "" {
		prev, err := readSurvivors(o.only)
		if err != nil {
			return err
		}
		all = matchSurvivors(all, prev)
		fmt.Fprintf(stderr, "mutate: %d of %d earlier survivors found\n", len(all), len(prev))
	}

	// Equivalents are not run; the rest in a seeded random order, checked
	// for compiling as they come.
	var results []Result
	var todo []Mutant
	for _, m := range all {
		if reason, ok := equiv[equivKey(m)]; ok {
			results = append(results, Result{Mutant: m, Outcome: equivalent, Reason: reason})
			continue
		}
		todo = append(todo, m)
	}
	if o.sample > 0 {
		rand.New(rand.NewPCG(o.seed, 0)).Shuffle(len(todo), func(i, j int) { todo[i], todo[j] = todo[j], todo[i] })
	}
	var viable []Mutant
	perPkg := map[string]int{}
	for _, m := range todo {
		if o.sample > 0 && perPkg[m.Pkg] == o.sample {
			continue
		}
		p := pkgs[filepath.ToSlash(filepath.Dir(m.File))]
		abs := filepath.Join(root, filepath.FromSlash(m.File))
		if _, _, err := p.check(abs, m.apply(p.srcs[abs])); err != nil {
			results = append(results, Result{Mutant: m, Outcome: notViable, BuildErr: err.Error()})
			continue
		}
		viable = append(viable, m)
		perPkg[m.Pkg]++
	}
	if o.list {
		for _, m := range viable {
			fmt.Fprintf(stdout, "%s\t%s\t%s\n", m.File, m.Kind, m.Desc)
		}
		fmt.Fprintf(stdout, "%d mutants (%d generated, %d equivalent listed)\n", len(viable), len(all), countOutcome(results, equivalent))
		return nil
	}
	sort.SliceStable(viable, func(i, j int) bool { return viable[i].Pkg < viable[j].Pkg })

	tmp, err := os.MkdirTemp("", "mutate-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var extra []string
	for _, t := range strings.Split(o.tests, ",") {
		if t = strings.TrimSpace(t); t != "" {
			extra = append(extra, t)
		}
	}
	limits := map[string]time.Duration{}
	for _, m := range viable {
		if _, ok := limits[m.Pkg]; ok {
			continue
		}
		testPkgs := append([]string{m.Pkg}, extra...)
		start := time.Now()
		out, passed, _, err := goTest(ctx, root, "", 10*time.Minute, testPkgs)
		if err != nil {
			return err
		}
		if !passed {
			return fmt.Errorf("the tests of %s fail without a mutation:\n%s", strings.Join(testPkgs, " "), firstLines(out, 30))
		}
		base := time.Since(start)
		limits[m.Pkg] = o.timeout
		if o.timeout == 0 {
			limits[m.Pkg] = 3*base + 30*time.Second
		}
		fmt.Fprintf(stderr, "mutate: %s: tests pass unmutated in %.1fs; limit per mutant %v\n", m.Pkg, base.Seconds(), limits[m.Pkg].Round(time.Second))
	}

	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		next = make(chan int)
		done int
	)
	for w := 0; w < o.jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				m := viable[i]
				p := pkgs[filepath.ToSlash(filepath.Dir(m.File))]
				abs := filepath.Join(root, filepath.FromSlash(m.File))
				r := runMutant(ctx, root, tmp, i, m, p.srcs[abs], limits[m.Pkg], append([]string{m.Pkg}, extra...))
				mu.Lock()
				results = append(results, r)
				done++
				fmt.Fprintf(stderr, "[%d/%d] %s:%d %s: %s (%.1fs)\n", done, len(viable), m.File, m.Line, m.Desc, r.Outcome, r.Seconds)
				mu.Unlock()
			}
		}()
	}
feed:
	for i := range viable {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		fmt.Fprintln(stderr, "mutate: interrupted; reporting what ran")
	}

	sort.SliceStable(results, func(i, j int) bool {
		if results[i].File != results[j].File {
			return results[i].File < results[j].File
		}
		return results[i].Line < results[j].Line
	})
	header := fmt.Sprintf("go run ./cmd/mutate %s", strings.Join(args, " "))
	if o.sample > 0 {
		header += fmt.Sprintf("   (a sample of %d per package: %d of %d mutants, seed %d)", o.sample, len(viable), len(todo), o.seed)
	}
	report(stdout, header, results, o.template)
	if o.jsonOut != "" {
		if err := writeJSON(o.jsonOut, results); err != nil {
			return err
		}
	}
	return nil
}

func countOutcome(rs []Result, outcome string) int {
	n := 0
	for _, r := range rs {
		if r.Outcome == outcome {
			n++
		}
	}
	return n
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

// moduleRoot is the folder of the main module's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside a Go module")
	}
	return filepath.Dir(mod), nil
}

// selectFiles returns the files to mutate (relative to root, slashes) and,
// with --diff, the changed lines of each.
func selectFiles(root string, o options) ([]string, map[string]map[int]bool, error) {
	var names []string
	changed := map[string]map[int]bool{}
	switch {
	case o.diff.rev != "":
		var err error
		names, changed, err = gitChanged(root, o.diff.rev)
		if err != nil {
			return nil, nil, err
		}
		names = append(names, o.files...)
	case len(o.files) > 0:
		for _, a := range o.files {
			fi, err := os.Stat(a)
			if err != nil {
				return nil, nil, err
			}
			if !fi.IsDir() {
				names = append(names, a)
				continue
			}
			// a folder: its default targets, else all its files
			var ms []string
			if rel, err := filepath.Rel(root, mustAbs(a)); err == nil {
				for _, g := range defaultTargets {
					if path.Dir(g) == filepath.ToSlash(rel) {
						m, _ := filepath.Glob(filepath.Join(root, filepath.FromSlash(g)))
						ms = append(ms, m...)
					}
				}
			}
			if len(ms) == 0 {
				ms, _ = filepath.Glob(filepath.Join(a, "*.go"))
			}
			names = append(names, ms...)
		}
	default:
		for _, g := range defaultTargets {
			ms, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(g)))
			if err != nil {
				return nil, nil, err
			}
			names = append(names, ms...)
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		abs, err := filepath.Abs(n)
		if err != nil {
			return nil, nil, err
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil || strings.HasPrefix(rel, "..") {
			return nil, nil, fmt.Errorf("%s is outside the module", n)
		}
		rel = filepath.ToSlash(rel)
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") || seen[rel] {
			continue
		}
		if _, err := os.Stat(abs); err != nil {
			continue // deleted
		}
		seen[rel] = true
		out = append(out, rel)
	}
	sort.Strings(out)
	return out, changed, nil
}
