package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// listed is what `go list -json` says of a package.
type listed struct {
	ImportPath   string
	Dir          string
	Name         string
	GoFiles      []string
	TestGoFiles  []string
	XTestGoFiles []string
	Export       string
	Error        *struct{ Err string }
}

// pkg is a parsed, type-checked package whose files are mutated.
type pkg struct {
	listed
	fset  *token.FileSet
	files map[string]*ast.File // by absolute path
	srcs  map[string][]byte
	order []string // absolute paths of GoFiles
	imp   types.Importer
}

// goList runs go list -json with args in dir and decodes its stream.
func goList(dir string, args ...string) ([]listed, error) {
	cmd := exec.Command("go", append([]string{"list", "-e", "-json"}, args...)...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	var ps []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list output: %w", err)
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// loadPackages lists, parses and type-checks the packages in dirs (paths
// relative to root, e.g. "index"), with the export data of their
// dependencies that `go list -export` builds.
func loadPackages(root string, dirs []string) (map[string]*pkg, error) {
	var patterns []string
	for _, d := range dirs {
		patterns = append(patterns, "./"+filepath.ToSlash(d))
	}
	all, err := goList(root, append([]string{"-export", "-deps"}, patterns...)...)
	if err != nil {
		return nil, err
	}
	exports := map[string]string{}
	for _, p := range all {
		if p.Export != "" {
			exports[p.ImportPath] = p.Export
		}
	}
	targets, err := goList(root, patterns...)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(f)
	})
	out := map[string]*pkg{}
	for _, l := range targets {
		if l.Error != nil {
			return nil, fmt.Errorf("%s: %s", l.ImportPath, l.Error.Err)
		}
		rel, err := filepath.Rel(root, l.Dir)
		if err != nil {
			return nil, err
		}
		p := &pkg{listed: l, fset: fset, files: map[string]*ast.File{}, srcs: map[string][]byte{}, imp: imp}
		for _, name := range l.GoFiles {
			path := filepath.Join(l.Dir, name)
			src, err := os.ReadFile(path)
			if err != nil {
				return nil, err
			}
			f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				return nil, err
			}
			p.files[path], p.srcs[path] = f, src
			p.order = append(p.order, path)
		}
		sort.Strings(p.order)
		out[filepath.ToSlash(rel)] = p
	}
	return out, nil
}

// check type-checks the package, with file replaced by the parsed
// mutated source when given, and returns the info of the unmutated run.
func (p *pkg) check(replace string, src []byte) (*types.Info, *types.Package, error) {
	files := make([]*ast.File, 0, len(p.order))
	for _, path := range p.order {
		f := p.files[path]
		if path == replace {
			var err error
			f, err = parser.ParseFile(p.fset, path, src, parser.SkipObjectResolution)
			if err != nil {
				return nil, nil, err
			}
		}
		files = append(files, f)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}}
	if replace != "" {
		info = nil // only viability is asked
	}
	conf := types.Config{Importer: p.imp}
	tp, err := conf.Check(p.ImportPath, p.fset, files, info)
	return info, tp, err
}

// hasTests reports whether the package has tests to kill mutants with.
func (p *pkg) hasTests() bool { return len(p.TestGoFiles)+len(p.XTestGoFiles) > 0 }
