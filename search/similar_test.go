package search

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"projektsok/ingest"
)

// similarFixture is a small corpus where the most similar document is known:
// three pairs that share text and structure, and two unrelated documents.
func similarFixture() []ingest.Record {
	sec := func(summary, body string) []ingest.Section {
		return []ingest.Section{{Heading: "Sammanfattning", Text: summary}, {Heading: "Genomförande", Text: body}}
	}
	return []ingest.Record{
		{ID: "lots-vastervik", DocType: ingest.TypeReport, Title: "Sökandelotsar i Västervik",
			Owner: "Västerviks kommun", ProgrammeArea: "Programområde 2", County: "Kalmar län",
			Municipalities: []string{"Västervik"}, Methods: []string{"Sökandelots"},
			TargetGroups: []string{"Långtidsarbetslösa"},
			Sections: sec("Sökandelotsar stöttade långtidsarbetslösa med försörjningsstöd på vägen till arbete.",
				"Varje sökandelots hade täta arbetsgivarkontakter och ordnade praktikplatser. Sökandelotsarna "+
					"följde deltagarna hela vägen till anställning och gav stöd även efter anställningen.")},
		{ID: "lots-vastervik-2", DocType: ingest.TypeProject, Title: "Sökandelots – fortsättning",
			Owner: "Västerviks kommun", ProgrammeArea: "Programområde 2", County: "Kalmar län",
			Municipalities: []string{"Västervik", "Hultsfred"}, Methods: []string{"Sökandelots"},
			TargetGroups: []string{"Långtidsarbetslösa"},
			Sections: sec("Fortsättningen sprider metoden sökandelots till Hultsfred.",
				"Sökandelotsen bygger arbetsgivarkontakter och praktikplatser för personer med försörjningsstöd.")},
		{ID: "validering-umea", DocType: ingest.TypeProject, Title: "Validering av yrkeskompetens i Umeå",
			Owner: "Umeå kommun", ProgrammeArea: "Programområde 1", County: "Västerbottens län",
			Municipalities: []string{"Umeå"}, Methods: []string{"Validering", "OCN"},
			TargetGroups: []string{"Nyanlända"},
			Sections: sec("Nyanlända får sin yrkeskompetens validerad med OCN-metoden.",
				"Valideringen dokumenterar kunskaper från hemlandet. Handledare på arbetsplatsen bedömer "+
					"yrkeskunskaperna och deltagarna får intyg.")},
		{ID: "validering-skelleftea", DocType: ingest.TypeProject, Title: "Validering inom vård och omsorg",
			Owner: "Skellefteå kommun", ProgrammeArea: "Programområde 1", County: "Västerbottens län",
			Municipalities: []string{"Skellefteå"}, Methods: []string{"Validering"},
			TargetGroups: []string{"Nyanlända"},
			Sections: sec("Nyanlända undersköterskor får sin yrkeskompetens validerad.",
				"Handledare bedömer yrkeskunskaperna på arbetsplatsen och valideringen ger ett intyg.")},
		{ID: "unga-botkyrka", DocType: ingest.TypeProject, Title: "Unga vuxna i arbete",
			Owner: "Botkyrka kommun", ProgrammeArea: "Programområde 2", County: "Stockholms län",
			Municipalities: []string{"Botkyrka", "Huddinge"}, Methods: []string{"Motiverande samtal (MI)"},
			TargetGroups: []string{"Unga"},
			Sections: sec("Unga som varken arbetar eller studerar får studie- och yrkesvägledning.",
				"Coacherna använder motiverande samtal och möter ungdomarna i fritidsgårdar.")},
		{ID: "unga-huddinge", DocType: ingest.TypeProject, Title: "Ungdomar mot studier",
			Owner: "Huddinge kommun", ProgrammeArea: "Programområde 2", County: "Stockholms län",
			Municipalities: []string{"Huddinge", "Botkyrka"}, TargetGroups: []string{"Unga"},
			Sections: sec("Ungdomar som varken arbetar eller studerar får vägledning tillbaka till studier.",
				"Vi möter ungdomarna i fritidsgårdar och skolor.")},
		{ID: "kultur-gotland", DocType: ingest.TypeProject, Title: "Kulturarv och besöksnäring på Gotland",
			Owner: "Region Gotland", ProgrammeArea: "Programområde 3", County: "Gotlands län",
			Municipalities: []string{"Gotland"},
			Sections: sec("Museer och hembygdsföreningar utvecklar guidade turer.",
				"Besöksnäringen på ön ska locka turister även vintertid.")},
		{ID: "digital-lulea", DocType: ingest.TypeProject, Title: "Digital kompetens i industrin",
			Owner: "Luleå tekniska universitet", ProgrammeArea: "Programområde 1", County: "Norrbottens län",
			Municipalities: []string{"Luleå"},
			Sections: sec("Anställda i processindustrin lär sig automation och digitala verktyg.",
				"Kurserna hålls på distans och i företagens lokaler.")},
	}
}

func TestSimilar(t *testing.T) {
	eng := testEngine(t, similarFixture())
	tests := []struct {
		id      string
		first   string
		reasons []string // each must be a substring of some reason of the first hit
	}{
		{"lots-vastervik", "lots-vastervik-2", []string{"båda använder sökandelots", "samma kommun: Västervik",
			"samma målgrupp: långtidsarbetslösa", "samma projektägare: Västerviks kommun", "samma programområde",
			"gemensamma nyckelord: ", "arbetsgivarkontakter"}},
		{"lots-vastervik-2", "lots-vastervik", []string{"båda använder sökandelots", "samma kommun: Västervik"}},
		{"validering-umea", "validering-skelleftea", []string{"båda använder validering", "samma målgrupp: nyanlända",
			"gemensamma nyckelord: ", "yrkeskompetens"}},
		{"validering-skelleftea", "validering-umea", []string{"båda använder validering", "nyanlända"}},
		{"unga-botkyrka", "unga-huddinge", []string{"samma målgrupp: unga", "samma kommuner: Botkyrka, Huddinge",
			"fritidsgårdar"}},
		{"unga-huddinge", "unga-botkyrka", []string{"samma målgrupp: unga", "samma kommuner: Huddinge, Botkyrka"}},
		// shares one ordinary word with one document and nothing else
		{"kultur-gotland", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			hits, err := eng.Similar(context.Background(), tt.id, 5)
			if err != nil {
				t.Fatal(err)
			}
			if tt.first == "" {
				if len(hits) > 0 {
					t.Errorf("unrelated document has similar documents %v", similarIDs(hits))
				}
				return
			}
			if len(hits) == 0 {
				t.Fatal("no similar documents")
			}
			if hits[0].ID != tt.first {
				t.Errorf("first = %s, want %s (hits %v)", hits[0].ID, tt.first, similarIDs(hits))
			}
			all := strings.Join(hits[0].Reasons, " | ")
			for _, want := range tt.reasons {
				if !strings.Contains(all, want) {
					t.Errorf("reasons %q lack %q", all, want)
				}
			}
			for i := 1; i < len(hits); i++ {
				if hits[i].Score > hits[i-1].Score {
					t.Errorf("hits not ordered by score: %v", hits)
				}
			}
		})
	}
}

func TestSimilarNeverSelfAndSize(t *testing.T) {
	recs := similarFixture()
	eng := testEngine(t, recs)
	for _, r := range recs {
		for _, size := range []int{1, 2, 5, 20} {
			hits, err := eng.Similar(context.Background(), r.ID, size)
			if err != nil {
				t.Fatalf("%s size %d: %v", r.ID, size, err)
			}
			if len(hits) > size {
				t.Errorf("%s: %d hits for size %d", r.ID, len(hits), size)
			}
			seen := map[string]bool{}
			for _, h := range hits {
				if h.ID == r.ID {
					t.Errorf("%s: similar lists the document itself", r.ID)
				}
				if seen[h.ID] {
					t.Errorf("%s: %s listed twice", r.ID, h.ID)
				}
				seen[h.ID] = true
				if len(h.Reasons) == 0 {
					t.Errorf("%s → %s: no reasons", r.ID, h.ID)
				}
			}
		}
	}
	// size is honoured: a smaller size gives the start of the longer list
	for _, r := range similarFixture() {
		all, err := eng.Similar(context.Background(), r.ID, 20)
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range []int{1, 2} {
			hits, err := eng.Similar(context.Background(), r.ID, size)
			if err != nil {
				t.Fatal(err)
			}
			want := all[:min(size, len(all))]
			if len(hits) != len(want) {
				t.Fatalf("%s size %d: %d hits, want %d", r.ID, size, len(hits), len(want))
			}
			for i := range want {
				if hits[i].ID != want[i].ID {
					t.Errorf("%s size %d: hit %d is %s, want %s", r.ID, size, i, hits[i].ID, want[i].ID)
				}
			}
		}
	}
}

func TestSimilarReasonsOrderedByStrength(t *testing.T) {
	eng := testEngine(t, similarFixture())
	hits, err := eng.Similar(context.Background(), "unga-huddinge", 1)
	if err != nil || len(hits) != 1 {
		t.Fatalf("hits %v, err %v", hits, err)
	}
	// Text share is high (most key terms shared): the key terms are the
	// strongest reason; the programme area (0.05) is the weakest.
	r := hits[0].Reasons
	if !strings.HasPrefix(r[0], "gemensamma nyckelord") || !strings.HasPrefix(r[len(r)-1], "samma programområde") {
		t.Errorf("reasons not ordered by strength: %q", r)
	}
}

func TestSimilarErrors(t *testing.T) {
	eng := testEngine(t, similarFixture())
	if _, err := eng.Similar(context.Background(), "finns-inte", 5); statusFor(err) != 404 {
		t.Errorf("unknown id: err %v, want a 404", err)
	}
	for _, size := range []int{0, -1, MaxSimilar + 1} {
		if _, err := eng.Similar(context.Background(), "lots-vastervik", size); statusFor(err) != 400 {
			t.Errorf("size %d: err %v, want a 400", size, err)
		}
	}
}

func TestSimilarHTTP(t *testing.T) {
	srv := httptest.NewServer(NewServer(testEngine(t, similarFixture()), slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(srv.Close)
	tests := []struct {
		path   string
		status int
		hits   int // -1: don't check
	}{
		{"/api/documents/lots-vastervik/similar", 200, -1},
		{"/api/documents/lots-vastervik/similar?size=1", 200, 1},
		{"/api/documents/lots-vastervik/similar?size=20", 200, -1},
		{"/api/documents/finns-inte/similar", 404, 0},
		{"/api/documents/Bad%20Id/similar", 404, 0},
		{"/api/documents/lots-vastervik/similar?size=0", 400, 0},
		{"/api/documents/lots-vastervik/similar?size=21", 400, 0},
		{"/api/documents/lots-vastervik/similar?size=fem", 400, 0},
		{"/api/documents/lots-vastervik/similar?q=x", 400, 0},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, err := http.Get(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			if tt.status != 200 {
				var e struct{ Error string }
				if json.Unmarshal(body, &e) != nil || e.Error == "" {
					t.Errorf("error body %s", body)
				}
				return
			}
			var got struct {
				ID   string                       `json:"id"`
				Hits []map[string]json.RawMessage `json:"hits"`
			}
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			if got.ID != "lots-vastervik" || len(got.Hits) == 0 {
				t.Fatalf("body %s", body)
			}
			if tt.hits >= 0 && len(got.Hits) != tt.hits {
				t.Errorf("%d hits, want %d", len(got.Hits), tt.hits)
			}
			for _, k := range []string{"id", "title", "score", "municipalities", "methods", "reasons"} {
				if _, ok := got.Hits[0][k]; !ok {
					t.Errorf("hit lacks %q: %s", k, body)
				}
			}
		})
	}
}

// TestSimilarSample runs similar for every bundled sample document. The
// sample's parsed fields are not asserted (the parser is being rewritten).
func TestSimilarSample(t *testing.T) {
	recs, err := ingest.SampleFiles()
	if err != nil {
		t.Fatal(err)
	}
	eng := testEngine(t, recs)
	for _, r := range recs {
		t.Run(r.ID, func(t *testing.T) {
			hits, err := eng.Similar(context.Background(), r.ID, 5)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hits {
				if h.ID == r.ID {
					t.Errorf("lists itself")
				}
			}
		})
	}
}

func TestNaturalCase(t *testing.T) {
	tests := map[string]string{
		"Sökandelots":                       "sökandelots",
		"Motiverande samtal (MI)":           "motiverande samtal (MI)",
		"OCN":                               "OCN",
		"Supported Employment (IPS)":        "supported employment (IPS)",
		"Personer med funktionsnedsättning": "personer med funktionsnedsättning",
		"KGA":                               "KGA",
		"":                                  "",
	}
	for in, want := range tests {
		if got := naturalCase(in); got != want {
			t.Errorf("naturalCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestJoinList(t *testing.T) {
	if got := joinList([]string{"a", "b", "c", "d", "e", "f", "g"}); got != "a, b, c, d, e och 2 till" {
		t.Errorf("joinList = %q", got)
	}
	if got := joinAnd([]string{"validering", "OCN"}); got != "validering och OCN" {
		t.Errorf("joinAnd = %q", got)
	}
}

func similarIDs(hits []SimilarHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

func BenchmarkSimilar(b *testing.B) {
	recs := similarFixture()
	eng := testEngine(b, recs)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := eng.Similar(ctx, recs[i%len(recs)].ID, 5); err != nil {
			b.Fatal(err)
		}
	}
}
