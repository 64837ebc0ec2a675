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

	// no document holds both words: those that hold all but one, each
	// saying which it lacks
	_, page = getPage(t, srv.URL+"/?q=validering+xqzvyk")
	for _, want := range []string{`class="relaxed"`, "Inget dokument innehåller ”xqzvyk”. Visar träffar som saknar ett av dem.",
		"/projekt/umea-validering", `Saknar: <s lang="sv">xqzvyk</s>`} {
		if !strings.Contains(page, want) {
			t.Errorf("zero-result page lacks %q", want)
		}
	}
	if strings.Contains(page, "Inga träffar för") {
		t.Error("the page says there are no hits while showing the nearest search's")
	}
	// a respelling that finds something comes first, and links its search
	_, page = getPage(t, srv.URL+"/?q=valdiering+ume%C3%A5")
	for _, want := range []string{`class="didyoumean relaxed"`, "Inga träffar för ”valdiering umeå”. Visar träffar för", `href="/?q=validering&#43;ume%C3%A5"`, "/projekt/umea-validering"} {
		if !strings.Contains(page, want) {
			t.Errorf("respelled page lacks %q", want)
		}
	}
	if strings.Contains(page, "Saknar:") {
		t.Error("a respelled search's hits lack no word")
	}
	// one match: the page goes on with the documents lacking a word,
	// after it and marked, and counts the match only
	_, page = getPage(t, srv.URL+"/?q=arbetsmarknaden+botkyrka+unga")
	match, intro, more := strings.Index(page, "/projekt/huddinge-unga"), strings.Index(page, "Fler träffar, som saknar ett av orden:"), strings.Index(page, "/projekt/matchning-botkyrka")
	if match < 0 || intro < match || more < intro || !strings.Contains(page, `Saknar: <s lang="sv">unga</s>`) {
		t.Errorf("want the match, then the note, then the hit lacking ”unga”:\n%s", page)
	}
	if !strings.Contains(page, ">1 träff <") || strings.Count(page, "Saknar:") != 1 {
		t.Error("the summary counts the hits lacking a word, or the match says it lacks one")
	}
}

// A search that found nothing, with nothing near it either, says why on
// the page, in the page's language.
func TestPageSaysWhyEmpty(t *testing.T) {
	srv := testServer(t)
	tests := []struct{ query, want string }{
		{"q=xqzvyk", "Inget dokument innehåller ”xqzvyk”."},
		{"q=xqzvyk&lang=en", "No document holds ”xqzvyk”."},
		{"q=validering&municipality=Botkyrka", "Inget dokument med de valda filtren motsvarar sökningen. Utan filtren finns 1 träff."},
		{"q=validering&municipality=Botkyrka&lang=en", "No document with the chosen filters matches the search. Without the filters there is 1 hit."},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			_, page := getPage(t, srv.URL+"/?"+tt.query)
			if !strings.Contains(page, `<p class="relaxed" role="note">`+tt.want+`</p>`) {
				t.Errorf("page lacks the note %q:\n%s", tt.want, page)
			}
		})
	}
}
