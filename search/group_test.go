package search

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
)

// versionsFixture: three versions of one yearly report (same title but the
// year), a referral of a memo and the memo itself, and distinct documents.
func versionsFixture() []ingest.Record {
	rec := func(id, title, start, text string) ingest.Record {
		return ingest.Record{ID: id, Source: id + ".txt", DocType: ingest.TypeReport, Title: title, PeriodStart: start,
			Sections: []ingest.Section{{Heading: "Sammanfattning", Text: text}}}
	}
	return []ingest.Record{
		rec("arsbok-2012", "Valideringens årsbok 2012", "2012-03-01", "Validering av kompetens i länet."),
		rec("arsbok-2014", "Valideringens årsbok 2014", "2014-03-01", "Validering av kompetens i länet, andra året."),
		rec("arsbok-2013", "Valideringens årsbok 2013", "2013-03-01", "Validering av kompetens i länet och kommunerna."),
		rec("remiss", "Remiss av promemorian Validering för nyanlända", "2020-05-01", "Promemorian om validering remitteras."),
		rec("pm", "Validering för nyanlända", "2020-02-01", "Validering för nyanlända i arbetslivet."),
		rec("annat-1", "Kompetens i Umeå", "2019-01-01", "Validering i Umeå."),
		rec("annat-2", "Kompetens i Luleå", "2018-01-01", "Validering i Luleå."),
	}
}

func TestNearDuplicatesGrouped(t *testing.T) {
	eng := testEngine(t, versionsFixture())
	res, err := eng.Search(context.Background(), Request{Query: "validering", Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 7 {
		t.Errorf("total = %d, want 7 documents", res.Total)
	}
	versions := map[string][]string{}
	for _, h := range res.Hits {
		for _, v := range h.Versions {
			versions[h.ID] = append(versions[h.ID], v.ID)
		}
	}
	want := map[string][]string{
		"arsbok-2014": {"arsbok-2013", "arsbok-2012"}, // newest shown, the others newest first
		"remiss":      {"pm"},
	}
	if diff := cmp.Diff(want, versions); diff != "" {
		t.Errorf("versions (-want +got):\n%s", diff)
	}
	if len(res.Hits) != 4 || res.More {
		t.Errorf("hits %v, more %v: want 4 groups on one page and no more", ids(res), res.More)
	}
}

// Paging counts groups: every document is on exactly one page, once, as a
// hit or a version, and More is false exactly on the last page.
func TestGroupedPagingCoherent(t *testing.T) {
	var recs []ingest.Record
	for i := 0; i < 30; i++ {
		// ten titles, three versions each
		recs = append(recs, ingest.Record{ID: fmt.Sprintf("d%02d", i), Source: "x.txt", DocType: ingest.TypeReport,
			Title:       fmt.Sprintf("Validering steg %s %d", []string{"ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio"}[i%10], 2000+i),
			PeriodStart: fmt.Sprintf("%d-01-01", 2000+i),
			Sections:    []ingest.Section{{Text: "Validering."}}})
	}
	eng := testEngine(t, recs)
	seen := map[string]int{}
	pages := 0
	for from := 0; ; from += 3 {
		res, err := eng.Search(context.Background(), Request{Query: "validering", From: from, Size: 3})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, h := range res.Hits {
			seen[h.ID]++
			if len(h.Versions) != 2 {
				t.Errorf("%s has %d versions, want 2", h.ID, len(h.Versions))
			}
			for _, v := range h.Versions {
				seen[v.ID]++
			}
		}
		if !res.More {
			break
		}
		if pages > 10 {
			t.Fatal("More never turns false")
		}
	}
	if pages != 4 {
		t.Errorf("%d pages of 3 groups, want 4 for 10 groups", pages)
	}
	for _, r := range recs {
		if seen[r.ID] != 1 {
			t.Errorf("%s shown %d times, want once", r.ID, seen[r.ID])
		}
	}
}

// Documents that score the same are listed newest first.
func TestEqualScoresNewestFirst(t *testing.T) {
	rec := func(id, title, start string) ingest.Record {
		return ingest.Record{ID: id, Source: id + ".txt", DocType: ingest.TypeProject, Title: title, PeriodStart: start,
			Sections: []ingest.Section{{Text: "Coachning av unga."}}}
	}
	eng := testEngine(t, []ingest.Record{
		rec("a-aldst", "Unga i Umeå", "2011-01-01"),
		rec("b-nyast", "Unga i Pajala", "2021-01-01"),
		rec("c-mitten", "Unga i Boden", "2016-01-01"),
	})
	res, err := eng.Search(context.Background(), Request{Query: "coachning", Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if res.Hits[0].Score != res.Hits[2].Score {
		t.Fatalf("scores %v, %v: the fixture must tie", res.Hits[0].Score, res.Hits[2].Score)
	}
	var order []string
	for _, h := range res.Hits {
		order = append(order, h.ID)
	}
	if diff := cmp.Diff([]string{"b-nyast", "c-mitten", "a-aldst"}, order); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

// A page is never empty while another follows, even when one group's
// many versions fill the whole window of hits the page is cut from.
func TestGroupedPagingPastLargeGroup(t *testing.T) {
	var recs []ingest.Record
	for i := 0; i < 40; i++ {
		// one series of forty versions that outranks everything else
		recs = append(recs, ingest.Record{ID: fmt.Sprintf("serie-%02d", i), Source: "x.txt", DocType: ingest.TypeReport,
			Title:       fmt.Sprintf("Validering av validering %d", 1980+i),
			PeriodStart: fmt.Sprintf("%d-01-01", 1980+i),
			Sections:    []ingest.Section{{Text: "Validering, validering och validering."}}})
	}
	others := []string{"Kompetens i Umeå", "Stöd till nyanlända", "Coachning av unga"}
	for i, title := range others {
		recs = append(recs, ingest.Record{ID: fmt.Sprintf("annat-%d", i), Source: "y.txt", DocType: ingest.TypeProject,
			Title: title, PeriodStart: "2020-01-01",
			Sections: []ingest.Section{{Text: "Här nämns validering en gång bland mycket annat om arbete och kompetens."}}})
	}
	eng := testEngine(t, recs)
	var shown []string
	for from := 0; from < 10; from++ {
		res, err := eng.Search(context.Background(), Request{Query: "validering", From: from, Size: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			if res.More {
				t.Fatalf("page from=%d is empty but says more follow", from)
			}
			break
		}
		shown = append(shown, res.Hits[0].ID)
		if !res.More {
			break
		}
	}
	if len(shown) != 1+len(others) {
		t.Errorf("pages show %v: want the series once and each of the %d other documents", shown, len(others))
	}
}
