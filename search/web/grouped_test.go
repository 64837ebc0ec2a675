package web

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"projektsok/ingest"
	"projektsok/search/searchtest"
)

// The page shows a near-duplicate group once, with its other versions a
// click away, and a search that found nothing says why and shows the
// nearest one that finds something.
func TestPageVersionsAndRelaxed(t *testing.T) {
	rec := func(id, title, start string) ingest.Record {
		return ingest.Record{ID: id, Source: id + ".txt", DocType: ingest.TypeReport, Title: title, PeriodStart: start,
			Sections: []ingest.Section{{Text: "Validering av kompetens."}}}
	}
	recs := append(searchtest.Fixture(),
		rec("arsbok-2012", "Valideringens årsbok 2012", "2012-03-01"),
		rec("arsbok-2014", "Valideringens årsbok 2014", "2014-03-01"),
		rec("arsbok-2013", "Valideringens årsbok 2013", "2013-03-01"))
	srv := httptest.NewServer(NewServer(testEngine(t, recs), slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(srv.Close)

	_, page := getPage(t, srv.URL+"/?q=%C3%A5rsbok")
	if n := strings.Count(page, `class="hit"`); n != 1 {
		t.Errorf("%d hits on the page, want the group once", n)
	}
	i, j := strings.Index(page, "/projekt/arsbok-2013"), strings.Index(page, "/projekt/arsbok-2012")
	if !strings.Contains(page, "3 versioner") || i < 0 || j < i {
		t.Errorf("want \"3 versioner\" listing 2013 before 2012 under the 2014 hit:\n%s", page)
	}
	if strings.Index(page, "/projekt/arsbok-2014") > i {
		t.Error("the newest version is not the hit shown")
	}

	_, page = getPage(t, srv.URL+"/?q=validering+xqzvyk")
	for _, want := range []string{`class="relaxed"`, "”xqzvyk” finns inte i något dokument", `href="/?q=validering"`, "/projekt/umea-validering"} {
		if !strings.Contains(page, want) {
			t.Errorf("zero-result page lacks %q", want)
		}
	}
	if strings.Contains(page, "Inga träffar för") {
		t.Error("the page says there are no hits while showing the nearest search's")
	}
}
