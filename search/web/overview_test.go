package web

import (
	"context"
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/search"
	"projektsok/search/searchtest"
)

func TestOverviewAPI(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	srv := serverFor(t, eng)
	for _, q := range []string{"", "q=arbete", "region=Stockholm&from=10&size=3&sort=newest", "start_year=2018"} {
		t.Run(q, func(t *testing.T) {
			res, body := get(t, srv.URL+"/api/overview?"+q)
			if res.StatusCode != 200 {
				t.Fatalf("status %d: %s", res.StatusCode, body)
			}
			var got search.Overview
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			v, _ := url.ParseQuery(q)
			req, err := search.ParseRequest(overviewParams(v))
			if err != nil {
				t.Fatal(err)
			}
			want, err := eng.Overview(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(*want, got); diff != "" {
				t.Errorf("(-engine +API):\n%s", diff)
			}
		})
	}
	for _, q := range []string{"start_year=17", "q=%22open", "nope=1"} {
		if res, body := get(t, srv.URL+"/api/overview?"+q); res.StatusCode != 400 || !strings.Contains(string(body), `"error"`) {
			t.Errorf("%s: status %d %s, want a 400", q, res.StatusCode, body)
		}
	}
}

// TestOverviewPageBarsLinkToTheirHits follows every bar of the overview
// page: the hit list it links to holds as many hits as the bar says.
func TestOverviewPageBarsLinkToTheirHits(t *testing.T) {
	srv := pageServer(t)
	for _, q := range []string{"", "q=arbete", "municipality=Botkyrka"} {
		res, page := getPage(t, srv.URL+"/oversikt?"+q)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d", q, res.StatusCode)
		}
		if n := strings.Count(page, "<svg class=\"bars\""); n < 8 {
			t.Errorf("%s: %d charts", q, n)
		}
		rows := regexp.MustCompile(`<tr><th scope="row"><a href="([^"]+)">[^<]*</a></th><td class="num">(\d+)</td>`).FindAllStringSubmatch(page, -1)
		if len(rows) < 10 {
			t.Fatalf("%s: %d table rows", q, len(rows))
		}
		for _, r := range rows {
			link := html.UnescapeString(r[1])
			if !strings.HasPrefix(link, "/?") || (q != "" && !strings.Contains(link, q)) {
				t.Errorf("bar link %q does not keep the search %q", link, q)
				continue
			}
			_, body := get(t, srv.URL+"/api/search?size=0&"+strings.TrimPrefix(link, "/?"))
			var sr struct{ Total int }
			if err := json.Unmarshal(body, &sr); err != nil {
				t.Fatal(err)
			}
			if want, _ := strconv.Atoi(r[2]); sr.Total != want {
				t.Errorf("%s: the bar says %d, its link %s finds %d", q, want, link, sr.Total)
			}
		}
		// the SVG bars link to the same places as the table
		svgLinks := regexp.MustCompile(`<a href="([^"]+)" tabindex="-1">`).FindAllStringSubmatch(page, -1)
		if len(svgLinks) != len(rows) {
			t.Errorf("%s: %d bars, %d table rows", q, len(svgLinks), len(rows))
		}
	}
	res, page := getPage(t, srv.URL+"/oversikt?start_year=x")
	if res.StatusCode != 400 || !strings.Contains(page, "start_year") {
		t.Errorf("bad parameter: status %d", res.StatusCode)
	}
}
