package web

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/gorilla/mux"

	"projektsok/search/searchtest"
)

// TestOpenAPIDescribesEveryRoute walks the real router (admin API and
// metrics on) and checks each route and method against the description
// the server serves, and the description against the routes.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	srv := serverFor(t, eng)
	res, body := get(t, srv.URL+"/api/openapi.json")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Info    map[string]any                       `json:"info"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" || doc.Info["title"] == nil || doc.Info["version"] == nil {
		t.Errorf("openapi %q, info %v", doc.OpenAPI, doc.Info)
	}
	// every $ref points at something
	var all map[string]any
	_ = json.Unmarshal(body, &all)
	for _, m := range regexp.MustCompile(`"\$ref": "#/([^"]+)"`).FindAllStringSubmatch(string(body), -1) {
		var at any = all
		for _, part := range strings.Split(m[1], "/") {
			obj, _ := at.(map[string]any)
			at = obj[part]
		}
		if at == nil {
			t.Errorf("$ref #/%s points nowhere", m[1])
		}
	}

	ops := newOps(eng, quietLog, []Option{WithAdmin(AdminConfig{Token: "t"})})
	documented := map[string]bool{}
	err := routes(eng, quietLog, ops).Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tpl, err := route.GetPathTemplate()
		if err != nil {
			return err
		}
		methods, err := route.GetMethods()
		if err != nil {
			t.Errorf("%s: no methods: %v", tpl, err)
			return nil
		}
		path := tpl
		if _, err := route.GetPathRegexp(); err == nil && strings.HasSuffix(tpl, "/") && tpl != "/" {
			// a prefix route: documented with its variable part
			for p := range doc.Paths {
				if strings.HasPrefix(p, tpl) && p != tpl {
					path = p
				}
			}
		}
		item, ok := doc.Paths[path]
		if !ok {
			t.Errorf("route %s %v has no description", tpl, methods)
			return nil
		}
		documented[path] = true
		vars := regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(path, -1)
		for _, m := range methods {
			if m == http.MethodHead {
				continue // every GET answers HEAD too, as the description says
			}
			op, ok := item[strings.ToLower(m)]
			if !ok {
				t.Errorf("%s %s has no description", m, tpl)
				continue
			}
			if s, _ := op["summary"].(string); s == "" {
				t.Errorf("%s %s: no summary", m, tpl)
			}
			if d, _ := op["description"].(string); len(d) < 20 {
				t.Errorf("%s %s: description %q", m, tpl, d)
			}
			if r, _ := op["responses"].(map[string]any); r["200"] == nil {
				t.Errorf("%s %s: no 200 response", m, tpl)
			}
			params, _ := op["parameters"].([]any)
			for _, v := range vars {
				found := false
				for _, p := range params {
					p := p.(map[string]any)
					found = found || p["in"] == "path" && p["name"] == v[1]
				}
				if !found {
					t.Errorf("%s %s: path parameter %s undescribed", m, path, v[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for p := range doc.Paths {
		if !documented[p] {
			t.Errorf("%s is described but no route serves it", p)
		}
	}
	if len(documented) < 15 {
		t.Errorf("only %d routes walked", len(documented))
	}
}
