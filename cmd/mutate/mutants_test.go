package main

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const sample = `package p

import "strings"

func f(a, b int, s string, xs []int) (int, error) {
	if a < b && s != "" {
		a++
	}
	for i := 0; i <= len(xs); i++ {
		b += xs[i]
	}
	xs = make([]int, 0, 8)
	strings.ToLower(s)
	ok := true
	if !ok {
		return a + b, nil
	}
	return s2(s + "x"), nil
}

func s2(s string) int { return strings.Compare(s, "b") }
`

// generate type-checks src as package p and lists its mutants' descriptions.
func generate(t *testing.T, src string) []Mutant {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return mutants(fset, f, []byte(src), info, pkg, Mutant{Pkg: "p", File: "p.go"})
}

func TestMutants(t *testing.T) {
	ms := generate(t, sample)
	var got []string
	for _, m := range ms {
		got = append(got, m.Kind+": "+m.Desc)
	}
	sort.Strings(got)
	want := []string{
		"arithmetic: `++` → `--`",
		"arithmetic: `++` → `--`",
		"arithmetic: `+=` → `-=`",
		"arithmetic: `a + b` → `a - b`",
		"bool: `true` → `false`",
		"boundary: `a < b` → `a <= b`",
		"boundary: `i <= len(xs)` → `i < len(xs)`",
		"constant: `0` → `1`",
		"constant: `0` → `1`",
		"logical: `a < b && s != \"\"` → `a < b || s != \"\"`",
		"negation: `!ok` → `ok`",
		"negation: `a < b && s != \"\"` → `!(a < b && s != \"\")`",
		"negation: `a < b` → `a >= b`",
		"negation: `i <= len(xs)` → `!(i <= len(xs))`",
		"negation: `i <= len(xs)` → `i > len(xs)`",
		"negation: `s != \"\"` → `s == \"\"`",
		"remove: remove `a++`",
		"remove: remove `b += xs[i]`",
		"remove: remove `strings.ToLower(s)`",
		"remove: remove `xs = make([]int, 0, 8)`",
		"return: `a + b` → `0`",
		"return: `s2(s + \"x\")` → `0`",
		"return: `strings.Compare(s, \"b\")` → `0`",
		"sort: `s, \"b\"` → `\"b\", s`",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mutants (-want +got):\n%s", diff)
	}
	// The string + and the capacity hint 8 are not mutated; the 0 of
	// make's length is (it is not a hint).
	for _, m := range ms {
		if strings.Contains(m.Desc, `s - "x"`) || strings.Contains(m.Desc, "`8`") {
			t.Errorf("unwanted mutant %s", m.Desc)
		}
	}
}

func TestApplyKeepsLines(t *testing.T) {
	for _, m := range generate(t, sample) {
		out := string(m.apply([]byte(sample)))
		if out == sample {
			t.Errorf("%s changed nothing", m.Desc)
		}
		if strings.Count(out, "\n") != strings.Count(sample, "\n") {
			t.Errorf("%s changed the number of lines", m.Desc)
		}
		if line := strings.Split(sample, "\n")[m.Line-1]; strings.TrimSpace(line) != m.Text {
			t.Errorf("%s: text %q, line %d is %q", m.Desc, m.Text, m.Line, line)
		}
	}
}

func TestConstants(t *testing.T) {
	ms := generate(t, "package p\n\nconst a, b, c = 4, 0.4, 2.0\n")
	var got []string
	for _, m := range ms {
		got = append(got, m.Repl)
	}
	want := []string{"5", "3", "0", "1.4", "0.2", "0.0", "3.0", "1.0", "0.0"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("constant mutants (-want +got):\n%s", diff)
	}
}

// TestViability: a mutant that does not compile is recognised by the type
// check before any test runs.
func TestViability(t *testing.T) {
	dir := t.TempDir()
	src := "package p\n\nfunc f() int {\n\tx := 1\n\tx = 2\n\treturn x\n}\n"
	path := filepath.Join(dir, "p.go")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := &pkg{listed: listed{ImportPath: "p"}, fset: fset, files: map[string]*ast.File{path: f},
		srcs: map[string][]byte{path: []byte(src)}, order: []string{path}, imp: importer.Default()}
	info, tp, err := p.check("", nil)
	if err != nil {
		t.Fatal(err)
	}
	viable := map[string]bool{}
	for _, m := range mutants(fset, f, []byte(src), info, tp, Mutant{File: "p.go"}) {
		_, _, err := p.check(path, m.apply([]byte(src)))
		viable[m.Desc] = err == nil
	}
	want := map[string]bool{
		"`1` → `2`": true, "`1` → `0`": true, "`2` → `3`": true, "`2` → `1`": true, "`2` → `0`": true,
		"remove `x = 2`": true,
		"`x` → `0`":      false, // x is then declared and not used
	}
	if diff := cmp.Diff(want, viable); diff != "" {
		t.Errorf("viable (-want +got):\n%s", diff)
	}
	// Removing the only use of a variable does not compile.
	if _, _, err := p.check(path, []byte("package p\n\nfunc f() int {\n\tx := 1\n\treturn 0\n}\n")); err == nil {
		t.Error("an unused variable type-checks")
	}
}

func TestEquivalentsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "eq.txt")
	m := Mutant{File: "index/a.go", Desc: "`a < b` → `a <= b`", Text: "if a < b {"}
	content := "# comment\n" + equivKey(m) + "\tthe bound is never reached\n"
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	eq, err := readEquivalents(path)
	if err != nil {
		t.Fatal(err)
	}
	if eq[equivKey(m)] != "the bound is never reached" {
		t.Errorf("equivalents = %v", eq)
	}
	if err := os.WriteFile(path, []byte(equivKey(m)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readEquivalents(path); err == nil {
		t.Error("a line without a reason is accepted")
	}
}
