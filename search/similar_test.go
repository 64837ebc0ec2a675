package search

import (
	"context"
	"errors"
	"strings"
	"testing"

	"projektsok/ingest"
	"projektsok/search/searchtest"
)

func TestSimilar(t *testing.T) {
	eng := testEngine(t, searchtest.SimilarFixture())
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
	recs := searchtest.SimilarFixture()
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
	for _, r := range searchtest.SimilarFixture() {
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
	eng := testEngine(t, searchtest.SimilarFixture())
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
	eng := testEngine(t, searchtest.SimilarFixture())
	if _, err := eng.Similar(context.Background(), "finns-inte", 5); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: err %v, want ErrNotFound", err)
	}
	for _, size := range []int{0, -1, MaxSimilar + 1} {
		if _, err := eng.Similar(context.Background(), "lots-vastervik", size); !errors.Is(err, ErrInvalid) {
			t.Errorf("size %d: err %v, want ErrInvalid", size, err)
		}
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
	recs := searchtest.SimilarFixture()
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
