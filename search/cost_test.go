package search

import (
	"context"
	"errors"
	"strings"
	"testing"

	"projektsok/search/searchtest"
)

func TestEstimate(t *testing.T) {
	long := strings.Repeat("a", MaxFuzzyRunes+1)
	tests := []struct {
		name   string
		query  string
		from   int
		costly bool
		refuse string // part of the 400 message; "" = accepted
	}{
		{"one word", "arbetsmarknad", 0, false, ""},
		{"two words", "sökandelots västervik", 0, false, ""},
		{"phrase", `"lokal samverkan"`, 0, false, ""},
		{"500-letter word", strings.Repeat("arbetsmarknad", 38), 0, false, ""},
		{"long prefix", "sökande*", 0, false, ""},
		{"short prefix", "sö*", 0, true, ""},
		{"fuzzy", "kompetensutveckling~2", 0, true, ""},
		{"excluded fuzzy", "projekt -kompetens~1", 0, true, ""},
		{"many words", "a1 b2 c3 d4 e5 f6 g7 h8 i9 j10 k11 l12 m13", 0, true, ""},
		{"deep page", "projekt", 995, true, ""},
		{"fuzzy on a long word", long + "~1", 0, false, "högst 30 tecken"},
		{"too many fuzzy words", "alfa~1 beta~1 gamma~1 delta~1 epsilon~1", 0, false, "högst 4 ord med ~"},
		{"too many prefixes", "al* be* ga* de* ep*", 0, false, "högst 4 ord med *"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			costly, err := estimate(Request{Query: tt.query, From: tt.from, Size: 10}, q)
			if tt.refuse != "" {
				if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.refuse) {
					t.Fatalf("err = %v, want a bad request saying %q", err, tt.refuse)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if costly != tt.costly {
				t.Errorf("costly = %v, want %v", costly, tt.costly)
			}
		})
	}
}

// A costly search finding every admission slot taken is turned away
// after a short wait with ErrTooManyCostly and a message; a cheap one
// still runs, and so does a costly one once a slot is free.
func TestCostlyAdmission(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	eng.SetMaxCostly(1)
	ctx := context.Background()
	search := func(q string) error {
		_, err := eng.Search(ctx, Request{Query: q, Size: 10})
		return err
	}
	if err := search("sökandelots~1"); err != nil {
		t.Fatalf("costly search with a free slot: %v", err)
	}
	release, err := eng.costly.admit(ctx) // every slot taken
	if err != nil {
		t.Fatal(err)
	}
	err = search("sökandelots~1")
	var ue *Error
	if !errors.Is(err, ErrTooManyCostly) || !errors.As(err, &ue) || !strings.Contains(ue.Msg, "Försök igen") {
		t.Errorf("costly search with no free slot: %v, want ErrTooManyCostly with a message", err)
	}
	if err := search("sökandelots"); err != nil {
		t.Errorf("cheap search with no free slot: %v", err)
	}
	release()
	if err := search("sökandelots~1"); err != nil {
		t.Errorf("costly search after release: %v", err)
	}
}

// A costly query that finds nothing is not run again without each of its
// words (relax.go): that would multiply its cost; a cheap one is.
func TestCostlyNotRelaxed(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	for _, tt := range []struct {
		query   string
		relaxed bool
	}{
		{"sökandelots xyzzyqq", true},
		{"sökandelots~1 xyzzyqq~1", false},
	} {
		res, err := eng.Search(context.Background(), Request{Query: tt.query, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Relaxed != nil; got != tt.relaxed {
			t.Errorf("%q: relaxed = %v, want %v", tt.query, got, tt.relaxed)
		}
	}
}
