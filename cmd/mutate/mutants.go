package main

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"strconv"
	"strings"
)

// Mutant is one change of one file: the bytes [Start, End) of the
// original source are replaced by Repl.
type Mutant struct {
	Pkg        string `json:"package"` // import path
	File       string `json:"file"`    // relative to the module root
	Line       int    `json:"line"`
	Col        int    `json:"col"`
	Start, End int    `json:"-"`
	Repl       string `json:"-"`
	Kind       string `json:"kind"`     // boundary, negation, ...
	Desc       string `json:"mutation"` // `a < b` → `a <= b`
	Text       string `json:"text"`     // the original line, trimmed
}

func (m Mutant) String() string {
	return fmt.Sprintf("%s:%d: %s", m.File, m.Line, m.Desc)
}

// apply returns src with the mutation made.
func (m Mutant) apply(src []byte) []byte {
	out := make([]byte, 0, len(src)+len(m.Repl))
	out = append(out, src[:m.Start]...)
	out = append(out, m.Repl...)
	return append(out, src[m.End:]...)
}

// Mutation kinds.
const (
	kindBoundary   = "boundary"   // < ↔ <=, > ↔ >=
	kindNegation   = "negation"   // < → >=, == → !=, if c → if !(c), !c → c
	kindLogical    = "logical"    // && ↔ ||
	kindArithmetic = "arithmetic" // + ↔ -, ++ ↔ --, += ↔ -=
	kindConstant   = "constant"   // n → n+1, n-1, 0
	kindBool       = "bool"       // true ↔ false
	kindRemove     = "remove"     // a statement removed
	kindReturn     = "return"     // a returned value replaced by its zero value
	kindSort       = "sort"       // Compare(a, b) → Compare(b, a)
)

// generator collects the mutants of one parsed, type-checked file.
type generator struct {
	fset *token.FileSet
	src  []byte
	info *types.Info
	pkg  *types.Package
	m    Mutant // template: Pkg and File set
	out  []Mutant
	seen map[string]bool
}

// mutants lists every mutant of file f (source src) of a type-checked
// package. Mutants that do not compile are found later (viable).
func mutants(fset *token.FileSet, f *ast.File, src []byte, info *types.Info, pkg *types.Package, tmpl Mutant) []Mutant {
	g := &generator{fset: fset, src: src, info: info, pkg: pkg, m: tmpl, seen: map[string]bool{}}
	skip := map[ast.Node]bool{} // capacity hints: mutating them changes nothing a test can see
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			return true
		}
		if skip[n] {
			return false
		}
		switch n := n.(type) {
		case *ast.GenDecl:
			if n.Tok == token.IMPORT {
				return false
			}
		case *ast.CallExpr:
			g.call(n, skip)
		case *ast.BinaryExpr:
			g.binary(n)
		case *ast.UnaryExpr:
			if n.Op == token.NOT {
				g.add(n.Pos(), n.End(), g.text(n.X.Pos(), n.X.End()), kindNegation)
			}
		case *ast.IncDecStmt:
			if n.Tok == token.INC {
				g.addOp(n.TokPos, "++", "--", kindArithmetic)
			} else {
				g.addOp(n.TokPos, "--", "++", kindArithmetic)
			}
		case *ast.AssignStmt:
			switch n.Tok {
			case token.ADD_ASSIGN:
				if g.numeric(n.Lhs[0]) {
					g.addOp(n.TokPos, "+=", "-=", kindArithmetic)
				}
			case token.SUB_ASSIGN:
				g.addOp(n.TokPos, "-=", "+=", kindArithmetic)
			}
		case *ast.IfStmt:
			g.negate(n.Cond)
		case *ast.ForStmt:
			if n.Cond != nil {
				g.negate(n.Cond)
			}
		case *ast.BasicLit:
			g.literal(n)
		case *ast.Ident:
			if obj, ok := g.info.Uses[n]; ok && obj.Parent() == types.Universe {
				switch n.Name {
				case "true":
					g.add(n.Pos(), n.End(), "false", kindBool)
				case "false":
					g.add(n.Pos(), n.End(), "true", kindBool)
				}
			}
		case *ast.BlockStmt:
			g.removals(n.List)
		case *ast.CaseClause:
			g.removals(n.Body)
		case *ast.CommClause:
			g.removals(n.Body)
		case *ast.ReturnStmt:
			g.returns(n)
		}
		return true
	})
	return g.out
}

func (g *generator) text(from, to token.Pos) string {
	return string(g.src[g.fset.Position(from).Offset:g.fset.Position(to).Offset])
}

// add records the replacement of [from, to) by repl.
func (g *generator) add(from, to token.Pos, repl, kind string) {
	start, end := g.fset.Position(from).Offset, g.fset.Position(to).Offset
	key := fmt.Sprintf("%d:%d:%s", start, end, repl)
	if g.seen[key] {
		return
	}
	g.seen[key] = true
	m := g.m
	p := g.fset.Position(from)
	m.Line, m.Col = p.Line, p.Column
	m.Start, m.End, m.Repl, m.Kind = start, end, repl, kind
	orig := string(g.src[start:end])
	if orig == "" {
		orig = "·"
	}
	if kind == kindRemove {
		m.Desc = "remove " + snippet(orig)
	} else {
		m.Desc = snippet(orig) + " → " + snippet(repl)
	}
	m.Text = lineText(g.src, start)
	g.out = append(g.out, m)
}

// addOp replaces the operator at pos; the description shows the whole
// expression around it when given.
func (g *generator) addOp(pos token.Pos, op, repl, kind string) {
	g.add(pos, pos+token.Pos(len(op)), repl, kind)
}

// binaryOp mutates the operator of e and describes the whole expression.
func (g *generator) binaryOp(e *ast.BinaryExpr, repl, kind string) {
	start := g.fset.Position(e.Pos()).Offset
	opStart := g.fset.Position(e.OpPos).Offset
	end := g.fset.Position(e.End()).Offset
	whole := string(g.src[start:end])
	mutated := whole[:opStart-start] + repl + whole[opStart-start+len(e.Op.String()):]
	n := len(g.out)
	g.add(e.OpPos, e.OpPos+token.Pos(len(e.Op.String())), repl, kind)
	if len(g.out) > n {
		g.out[n].Desc = snippet(whole) + " → " + snippet(mutated)
	}
}

func (g *generator) binary(e *ast.BinaryExpr) {
	switch e.Op {
	case token.LSS:
		g.binaryOp(e, "<=", kindBoundary)
		g.binaryOp(e, ">=", kindNegation)
	case token.LEQ:
		g.binaryOp(e, "<", kindBoundary)
		g.binaryOp(e, ">", kindNegation)
	case token.GTR:
		g.binaryOp(e, ">=", kindBoundary)
		g.binaryOp(e, "<=", kindNegation)
	case token.GEQ:
		g.binaryOp(e, ">", kindBoundary)
		g.binaryOp(e, "<", kindNegation)
	case token.EQL:
		g.binaryOp(e, "!=", kindNegation)
	case token.NEQ:
		g.binaryOp(e, "==", kindNegation)
	case token.LAND:
		g.binaryOp(e, "||", kindLogical)
	case token.LOR:
		g.binaryOp(e, "&&", kindLogical)
	case token.ADD:
		if g.numeric(e) {
			g.binaryOp(e, "-", kindArithmetic)
		}
	case token.SUB:
		g.binaryOp(e, "+", kindArithmetic)
	}
}

// numeric reports whether e has a numeric type (+ on strings concatenates).
func (g *generator) numeric(e ast.Expr) bool {
	tv, ok := g.info.Types[e]
	if !ok || tv.Type == nil {
		return false
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsNumeric != 0
}

// negate wraps a condition in !( ); a condition that is already !x is
// covered by removing the !.
func (g *generator) negate(cond ast.Expr) {
	if u, ok := cond.(*ast.UnaryExpr); ok && u.Op == token.NOT {
		return
	}
	g.add(cond.Pos(), cond.End(), "!("+g.text(cond.Pos(), cond.End())+")", kindNegation)
}

// literal mutates integer and float constants: n+1, n-1 (for floats
// below 1: n/2) and 0.
func (g *generator) literal(l *ast.BasicLit) {
	switch l.Kind {
	case token.INT:
		v, err := strconv.ParseInt(strings.ReplaceAll(l.Value, "_", ""), 0, 64)
		if err != nil {
			return
		}
		for _, w := range []int64{v + 1, v - 1, 0} {
			if w != v && w >= 0 {
				g.add(l.Pos(), l.End(), strconv.FormatInt(w, 10), kindConstant)
			}
		}
	case token.FLOAT:
		v, err := strconv.ParseFloat(strings.ReplaceAll(l.Value, "_", ""), 64)
		if err != nil || math.IsInf(v, 0) {
			return
		}
		down := v - 1
		if v < 1 {
			down = v / 2
		}
		for _, w := range []float64{v + 1, down, 0} {
			if w != v && w >= 0 {
				s := strconv.FormatFloat(w, 'g', -1, 64)
				if !strings.ContainsAny(s, ".e") {
					s += ".0" // stays an untyped float constant
				}
				g.add(l.Pos(), l.End(), s, kindConstant)
			}
		}
	}
}

// call swaps the arguments of a two-argument Compare (cmp.Compare,
// strings.Compare, a method Compare): the order of a sort flips. The
// capacity argument of make is left alone.
func (g *generator) call(c *ast.CallExpr, skip map[ast.Node]bool) {
	if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "make" && len(c.Args) >= 2 {
		if obj, ok := g.info.Uses[id]; ok && obj.Parent() == types.Universe {
			capArg := c.Args[len(c.Args)-1]
			if _, isMap := g.info.Types[c.Args[0]].Type.Underlying().(*types.Map); isMap || len(c.Args) == 3 {
				skip[capArg] = true
			}
		}
	}
	var name string
	switch f := c.Fun.(type) {
	case *ast.SelectorExpr:
		name = f.Sel.Name
	case *ast.Ident:
		name = f.Name
	}
	if name == "Compare" && len(c.Args) == 2 {
		a, b := g.text(c.Args[0].Pos(), c.Args[0].End()), g.text(c.Args[1].Pos(), c.Args[1].End())
		g.add(c.Lparen+1, c.Rparen, b+", "+a, kindSort)
	}
}

// removals removes, one at a time, the statements of a list that have an
// effect of their own: calls, assignments (not declarations), ++/--,
// break and continue.
func (g *generator) removals(list []ast.Stmt) {
	for _, s := range list {
		switch s := s.(type) {
		case *ast.ExprStmt:
			if _, ok := s.X.(*ast.CallExpr); !ok {
				continue
			}
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				continue
			}
			if len(s.Lhs) == 1 {
				if id, ok := s.Lhs[0].(*ast.Ident); ok && id.Name == "_" {
					continue
				}
			}
		case *ast.IncDecStmt:
		case *ast.BranchStmt:
			if s.Tok != token.BREAK && s.Tok != token.CONTINUE {
				continue
			}
		default:
			continue
		}
		g.add(s.Pos(), s.End(), "", kindRemove)
	}
}

// returns replaces each returned value, one at a time, by the zero value
// of its type.
func (g *generator) returns(r *ast.ReturnStmt) {
	for _, e := range r.Results {
		tv, ok := g.info.Types[e]
		if !ok || tv.Type == nil {
			continue
		}
		if _, tuple := tv.Type.(*types.Tuple); tuple {
			continue
		}
		if tv.IsNil() || (tv.Value != nil && isZero(tv.Value)) {
			continue
		}
		z := g.zero(tv.Type)
		if z == "" {
			continue
		}
		g.add(e.Pos(), e.End(), z, kindReturn)
	}
}

func isZero(v constant.Value) bool {
	switch v.Kind() {
	case constant.Bool:
		return !constant.BoolVal(v)
	case constant.String:
		return constant.StringVal(v) == ""
	case constant.Int, constant.Float:
		return constant.Sign(v) == 0
	}
	return false
}

// zero is the source text of t's zero value, "" when it cannot be written.
func (g *generator) zero(t types.Type) string {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false"
		case u.Info()&types.IsString != 0:
			return `""`
		case u.Info()&types.IsNumeric != 0:
			return "0"
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return "nil"
	case *types.Struct, *types.Array:
		return types.TypeString(t, func(p *types.Package) string {
			if p == g.pkg {
				return ""
			}
			return p.Name()
		}) + "{}"
	}
	return ""
}

// snippet is code on one line, at most 70 bytes.
func snippet(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 70 {
		cut := 67
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return "`" + s + "`"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// lineText is the trimmed source line holding offset off.
func lineText(src []byte, off int) string {
	start := off
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	end := off
	for end < len(src) && src[end] != '\n' {
		end++
	}
	return strings.TrimSpace(string(src[start:end]))
}
