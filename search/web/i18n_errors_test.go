package web

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"projektsok/search"
)

// errorMakers are the functions that make a user error, with the index of
// their message argument: the engine's (search/errors.go) and the
// adapter's (errors.go).
var errorMakers = map[string]int{
	"invalid": 0, "invalidf": 0, "notFoundf": 0, "tooCostlyf": 0,
	"badRequest": 0, "badRequestf": 0, "userError": 1, "userErrorf": 1,
}

// errorFormats collects the message of every call to an error maker in the
// engine (search/*.go) and this adapter, found in the source rather than by
// running each path. A message that is not a string constant is reported:
// it could not be translated.
func errorFormats(t *testing.T) map[string]string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"../*.go", "*.go"} {
		fs, err := filepath.Glob(pattern)
		if err != nil || len(fs) == 0 {
			t.Fatalf("%s: %v", pattern, err)
		}
		files = append(files, fs...)
	}
	fset := token.NewFileSet()
	var parsed []*ast.File
	consts := map[string]string{} // package-level string constants
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, af)
		for _, d := range af.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							consts[name.Name], _ = strconv.Unquote(lit.Value)
						}
					}
				}
			}
		}
	}
	formats := map[string]string{} // format → where
	for _, af := range parsed {
		ast.Inspect(af, func(n ast.Node) bool {
			if fd, ok := n.(*ast.FuncDecl); ok {
				_, maker := errorMakers[fd.Name.Name]
				return !maker // the makers pass their parameters on
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn, ok := call.Fun.(*ast.Ident)
			if !ok {
				return true
			}
			arg, ok := errorMakers[fn.Name]
			if !ok || len(call.Args) <= arg {
				return true
			}
			where := fset.Position(call.Pos()).String()
			switch a := call.Args[arg].(type) {
			case *ast.BasicLit:
				if s, err := strconv.Unquote(a.Value); a.Kind == token.STRING && err == nil {
					formats[s] = where
					return true
				}
			case *ast.Ident:
				if s, ok := consts[a.Name]; ok {
					formats[s] = where
					return true
				}
			}
			t.Errorf("%s: %s's message is not a string constant, so it cannot be translated", where, fn.Name)
			return true
		})
	}
	return formats
}

var verbRe = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)

// TestErrorsTranslated: every message the engine or the adapter can give
// a user has an English translation with the same verbs in the same order,
// so that an English page never shows a Swedish error, whichever path made
// it. A format of verbs alone (another error's text) needs none.
func TestErrorsTranslated(t *testing.T) {
	formats := errorFormats(t)
	if len(formats) < 55 {
		t.Fatalf("found only %d error messages", len(formats))
	}
	letters := regexp.MustCompile(`\pL`)
	for sv, where := range formats {
		if !letters.MatchString(verbRe.ReplaceAllString(sv, "")) {
			continue
		}
		en, ok := english[sv]
		if !ok {
			t.Errorf("%s: no English for the error %q", where, sv)
			continue
		}
		if got, want := verbRe.FindAllString(en, -1), verbRe.FindAllString(sv, -1); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: %q has verbs %v, its English %q has %v", where, sv, want, en, got)
		}
	}
}

// TestEnglishErrors: a bad query shows the engine's message in the page's
// language; the JSON API answers in English only when lang=en asks.
func TestEnglishErrors(t *testing.T) {
	srv := pageServer(t)
	untranslated.Clear()
	prefix := fmt.Sprintf("type at least %d letters before *", search.MinPrefixLen)
	tests := []struct {
		name, path, accept string
		want, notWant      string
	}{
		{"unclosed quote, lang=en", "/?q=%22open&lang=en", "", "the quotation mark is never closed: end the phrase with \"", "citattecknet"},
		{"short prefix, Accept-Language", "/?q=a*", "en-GB,en", prefix, "tecken före"},
		{"dates the wrong way round", "/?active_from=2020&active_to=2019&lang=en", "", "active_from is later than active_to", "senare än"},
		{"budget the wrong way round", "/?budget_min=5&budget_max=1&lang=en", "", "budget_min is larger than budget_max", "större än"},
		{"overview page", "/oversikt?q=a*&lang=en", "", prefix, "tecken före"},
		{"Swedish page stays Swedish", "/?q=%22open", "", "citattecknet stängs aldrig", "quotation mark"},
		{"lang=sv over the browser", "/?q=a*&lang=sv", "en", fmt.Sprintf("skriv minst %d tecken före *", search.MinPrefixLen), "letters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, srv.URL+tt.path, nil)
			req.Header.Set("Accept", "text/html")
			req.Header.Set("Accept-Language", tt.accept)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b := new(strings.Builder)
			_, _ = copyBody(b, res)
			body := html.UnescapeString(b.String())
			if res.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d, want 400", res.StatusCode)
			}
			if !strings.Contains(body, tt.want) {
				t.Errorf("lacks %q", tt.want)
			}
			if strings.Contains(body, tt.notWant) {
				t.Errorf("shows %q", tt.notWant)
			}
		})
	}
	if miss := missingTranslations(); len(miss) > 0 {
		t.Errorf("no English for %q", miss)
	}

	api := []struct {
		path   string
		query  url.Values
		accept string
		want   string
	}{
		{"/api/suggest", url.Values{"x": {"1"}, "lang": {"en"}}, "", `unknown parameter "x"`},
		{"/api/suggest", url.Values{"x": {"1"}}, "", `okänd parameter "x"`},
		{"/api/search", url.Values{"q": {`"open`}, "lang": {"en"}}, "", "the quotation mark is never closed: end the phrase with \""},
		{"/api/search", url.Values{"q": {`"open`}}, "en", "citattecknet stängs aldrig: avsluta frasen med \""},
		{"/api/search", url.Values{"q": {"a*"}}, "", fmt.Sprintf("skriv minst %d tecken före *", search.MinPrefixLen)},
		{"/api/search", url.Values{"q": {"a*"}, "lang": {"en"}}, "", prefix},
	}
	for _, tt := range api {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+tt.path+"?"+tt.query.Encode(), nil)
		req.Header.Set("Accept-Language", tt.accept)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var got struct{ Error string }
		err = json.NewDecoder(res.Body).Decode(&got)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusBadRequest || got.Error != tt.want {
			t.Errorf("%s?%s (Accept-Language %q): %d %q (%v), want 400 %q", tt.path, tt.query.Encode(), tt.accept, res.StatusCode, got.Error, err, tt.want)
		}
	}
}
