package search

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
)

// References and numbers as people type them find the documents that
// carry them, and only those.
func TestReferencesAsTyped(t *testing.T) {
	rec := func(id, title, text string) ingest.Record {
		return ingest.Record{ID: id, Source: id + ".txt", DocType: ingest.TypeReport, Title: title,
			Sections: []ingest.Section{{Text: text}}}
	}
	eng := testEngine(t, []ingest.Record{
		rec("sou", "Betänkande om validering", "Utredningen lämnade SOU 2019:24 i mars."),
		rec("sou-other", "Betänkande om vägledning", "Se SOU 2019:2 och kapitel 24 i SOU 2018:19."),
		rec("prop", "Proposition om arbetsmarknaden", "Regeringen lämnade Prop. 2004/05:22 till riksdagen."),
		rec("dnr", "Beslut om stöd", "Dnr 2017/00123. Projektnummer 2020/00152."),
		rec("year", "Årsrapport", "Under 2017 fick 123 deltagare stöd."),
		// the parts, next to each other, but not the reference
		rec("numbers", "Lägesrapport", "Under 2019: 24 deltagare. Inför 2004/05 22 nya platser."),
	})
	tests := []struct {
		query string
		want  []string
	}{
		{"SOU 2019:24", []string{"sou"}},
		{"2019:24", []string{"sou"}},
		{"Prop. 2004/05:22", []string{"prop"}},
		{"2004/05:22", []string{"prop"}},
		{"Dnr 2017/00123", []string{"dnr"}},
		{"2020/00152", []string{"dnr"}},
		{"2017", []string{"dnr", "year"}}, // a year finds the reference that holds it too
		{"SOU", []string{"sou", "sou-other"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := eng.Search(context.Background(), Request{Query: tt.query, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			if res.Relaxed != nil {
				t.Fatalf("relaxed to %q: the reference found nothing", res.Relaxed.Query)
			}
			if diff := cmp.Diff(tt.want, ids(res)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
