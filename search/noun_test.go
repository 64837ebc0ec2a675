package search

import (
	"context"
	"strings"
	"testing"

	"projektsok/ingest"
)

// Similar-project reasons name nouns, never verbs, adjectives or
// function words. Key terms are base forms (the analyzer's terms).
func TestNounLike(t *testing.T) {
	for _, w := range []string{"utvecklingsarbete", "metod", "jobb", "kvinna", "deltagare", "försörjningsstöd",
		"utbildning", "arbetsgivarkontakt", "sökandelots", "samverkan", "kommun", "projekt"} {
		if !nounLike(w) {
			t.Errorf("nounLike(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"regional", "bedrivits", "bedriva", "båda", "norr", "arbeta", "genomförde",
		"viktig", "gemensam", "tillsammans", "snabbt"} {
		if nounLike(w) {
			t.Errorf("nounLike(%q) = true, want false", w)
		}
	}
}

// The keyword reason of a similar project names the shared nouns, never
// the shared verbs and adjectives, though they count in the score.
func TestSimilarReasonsNameNouns(t *testing.T) {
	rec := func(id, title, text string) ingest.Record {
		return ingest.Record{ID: id, Source: id + ".txt", DocType: ingest.TypeProject, Title: title,
			Sections: []ingest.Section{{Heading: "Sammanfattning", Text: text}}}
	}
	shared := "Projektet bedrev regionalt utvecklingsarbete med sökandelotsar och arbetsgivarkontakter. Båda kommunerna bedrev det gemensamt."
	eng := testEngine(t, []ingest.Record{
		rec("a", "Lotsar i norr", shared),
		rec("b", "Lotsar i söder", shared+" Deltagarna fick praktik."),
		rec("c", "Fiske", "Fisket i sjön var gott i år."),
		rec("d", "Musik", "Körsång för äldre på dagverksamhet."),
		rec("e", "Skog", "Skogsbruk och virke i länet."),
		rec("f", "Båtar", "Segling och båtbygge vid kusten."),
	})
	hits, err := eng.Similar(context.Background(), "a", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].ID != "b" {
		t.Fatalf("similar to a: %+v, want b first", hits)
	}
	var kw string
	for _, r := range hits[0].Reasons {
		if rest, ok := strings.CutPrefix(r, "gemensamma nyckelord: "); ok {
			kw = rest
		}
	}
	if !strings.Contains(kw, "utvecklingsarbete") || !strings.Contains(kw, "arbetsgivarkontakter") {
		t.Errorf("reason %q: want the shared nouns", kw)
	}
	for _, w := range []string{"bedrev", "regional", "båda", "gemensam"} {
		if strings.Contains(kw, w) {
			t.Errorf("reason %q names %q", kw, w)
		}
	}
}
