package search

import (
	"context"
	"math"
	"strings"
	"testing"

	"projektsok/ingest"
)

// TestSimilarStructureWeights pins the fixed amounts the similarity score
// adds for shared structure (README, search/similar.go). Every document has
// the same text, so no word is characteristic of any (each is in all of
// them) and the text share is 0: a candidate's score is exactly what it
// shares besides, a candidate below 0.1 is left out, and the reasons say
// it in the singular or the plural. (The owner's name is in every text
// too: it is indexed as text, and would otherwise be a shared word.)
func TestSimilarStructureWeights(t *testing.T) {
	text := "Deltagarna fick stöd av en coach och praktik hos arbetsgivare i regionen. Validering av yrkeskunskaper gav intyg som arbetsgivarna kände igen. Arbetet leddes av Umeå kommun."
	rec := func(id string, edit func(*ingest.Record)) ingest.Record {
		r := ingest.Record{ID: id, Source: id + ".txt", DocType: ingest.TypeProject, Title: "Vägen till arbete",
			Sections: []ingest.Section{{Heading: "Sammanfattning", Text: text}}}
		if edit != nil {
			edit(&r)
		}
		return r
	}
	src := rec("src", func(r *ingest.Record) {
		r.Methods = []string{"Validering", "Coachning", "Praktik"}
		r.TargetGroups = []string{"Unga", "Nyanlända"}
		r.Municipalities = []string{"Umeå", "Vindeln", "Vännäs", "Robertsfors", "Nordmaling", "Bjurholm"}
		r.Owner, r.ProgrammeArea = "Umeå kommun", "Programområde 2"
	})
	tests := []struct {
		id     string
		edit   func(*ingest.Record)
		extra  float64
		reason string
	}{
		{"none", nil, -1, ""},
		{"method", func(r *ingest.Record) { r.Methods = []string{"Validering"} }, 0.30, "båda använder validering"},
		{"methods", func(r *ingest.Record) { r.Methods = []string{"Validering", "Coachning", "Praktik"} }, 0.60, "båda använder "},
		{"target", func(r *ingest.Record) { r.TargetGroups = []string{"Unga"} }, 0.15, "samma målgrupp: unga"},
		{"targets", func(r *ingest.Record) { r.TargetGroups = []string{"Unga", "Nyanlända"} }, 0.30, "samma målgrupper: "},
		{"municipality", func(r *ingest.Record) { r.Municipalities = []string{"Umeå"} }, 0.15, "samma kommun: Umeå"},
		{"municipalities", func(r *ingest.Record) { r.Municipalities = []string{"Vindeln", "Umeå"} }, 0.20, "samma kommuner: Umeå, Vindeln"},
		{"many municipalities", func(r *ingest.Record) {
			r.Municipalities = []string{"Umeå", "Vindeln", "Vännäs", "Robertsfors", "Nordmaling"}
		}, 0.30, "samma kommuner: "},
		{"target and area", func(r *ingest.Record) {
			r.TargetGroups, r.ProgrammeArea = []string{"Unga"}, "Programområde 2"
		}, 0.20, "samma programområde: Programområde 2"},
		{"programme area alone", func(r *ingest.Record) { r.ProgrammeArea = "Programområde 2" }, -1, ""},
		{"other owner and area", func(r *ingest.Record) { r.Owner, r.ProgrammeArea = "Region Västerbotten", "Programområde 1" }, -1, ""},
		{"owner and method", func(r *ingest.Record) { r.Owner, r.Methods = "UMEÅ KOMMUN", []string{"Praktik"} }, 0.45, "samma projektägare: Umeå kommun"},
	}
	recs := []ingest.Record{src}
	for _, tt := range tests {
		recs = append(recs, rec(tt.id, tt.edit))
	}
	eng := testEngine(t, recs)
	hits, err := eng.Similar(context.Background(), "src", 20)
	if err != nil {
		t.Fatal(err)
	}
	score, reasons := map[string]float64{}, map[string]string{}
	for _, h := range hits {
		score[h.ID] = h.Score
		reasons[h.ID] = strings.Join(h.Reasons, " | ")
	}
	for _, tt := range tests {
		got, ok := score[tt.id]
		switch {
		case tt.extra == -1: // under the threshold
			if ok {
				t.Errorf("%s: listed with score %.3f, want left out", tt.id, got)
			}
			continue
		case !ok:
			t.Errorf("%s: not among the similar documents", tt.id)
			continue
		case tt.extra >= 0 && math.Abs(got-tt.extra) > 0.0015:
			t.Errorf("%s: score %.3f, want %.2f", tt.id, got, tt.extra)
		}
		if !strings.Contains(reasons[tt.id], tt.reason) {
			t.Errorf("%s: reasons %q lack %q", tt.id, reasons[tt.id], tt.reason)
		}
	}
	if _, ok := score["none"]; ok {
		t.Error("a candidate sharing nothing characteristic is listed")
	}
	if hits[0].ID != "methods" {
		t.Errorf("first = %s, want a candidate sharing the most", hits[0].ID)
	}
}

// TestKeyTermRules: which words can be key terms, and when a capital
// letter only marks the start of a sentence (the word is shown in lower
// case) rather than a name.
func TestKeyTermRules(t *testing.T) {
	for term, want := range map[string]bool{
		"lag": true, "validering": true, // three letters and more
		"ab": false, "å": false, // shorter
		"2020": false, "po2": false, // numbers
	} {
		if got := usableTerm(term); got != want {
			t.Errorf("usableTerm(%q) = %v, want %v", term, got, want)
		}
	}
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"Umeå", true},
		{"Arbetet i Umeå", false},
		{"Slut. Umeå", true},
		{"Slut. (Umeå", true},
		{"arbetet i (Umeå", false},
		{"Slut!  \"Umeå", true},
		{"rubrik\nUmeå", true},
		{"Mål: Umeå", true},
		{"- Umeå", true},
		{"arbete ”Umeå", false},
		{"arbete ” Umeå", false},
	} {
		if got := sentenceStart(tt.text, strings.Index(tt.text, "Umeå")); got != tt.want {
			t.Errorf("sentenceStart(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
