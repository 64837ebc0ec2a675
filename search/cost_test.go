package search

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

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
// still runs, and so does a costly one once a slot is free (and, since a
// cheap one ran beside the costly one, the costly slots open again).
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
	slot, err := eng.gate.enter(ctx, true, time.Time{}) // every costly slot taken
	if err != nil {
		t.Fatal(err)
	}
	release := func() { eng.gate.exit(slot) }
	err = search("sökandelots~1")
	var ue *Error
	if !errors.Is(err, ErrTooManyCostly) || !errors.As(err, &ue) || !strings.Contains(ue.Msg, "Försök igen") {
		t.Errorf("costly search with no free slot: %v, want ErrTooManyCostly with a message", err)
	}
	if err := search("sökandelots"); err != nil {
		t.Errorf("cheap search with no free slot: %v", err)
	}
	release()
	eng.gate.mu.Lock()
	open := eng.gate.costlyFrom
	eng.gate.mu.Unlock()
	time.Sleep(time.Until(open))
	if err := search("sökandelots~1"); err != nil {
		t.Errorf("costly search after release: %v", err)
	}
}

// A costly query that finds nothing, or too little to fill its page, is
// not run again relaxed (relax.go): that would double its cost; a cheap
// one is.
func TestCostlyNotRelaxed(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	for _, tt := range []struct {
		query   string
		relaxed bool
	}{
		{"sökandelots xyzzyqq", true},
		{"sökandelots~1 xyzzyqq~1", false},
		{"arbetsmarknaden botkyrka unga", true},        // one match: the page is filled
		{"arbetsmarknaden~1 botkyrka~1 unga~1", false}, // the same, costly
	} {
		res, err := eng.Search(context.Background(), Request{Query: tt.query, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Relaxed != nil || res.Lacking > 0; got != tt.relaxed {
			t.Errorf("%q: relaxed = %v (lacking %d), want %v", tt.query, got, res.Lacking, tt.relaxed)
		}
	}
}

// costOf puts a costly request in the class of what makes it costly, with
// how much of it the request has; the costliest reason decides.
func TestCostOf(t *testing.T) {
	words := func(n int) string {
		var ws []string
		for i := 0; i < n; i++ {
			ws = append(ws, fmt.Sprintf("ord%d", i))
		}
		return strings.Join(ws, " OR ")
	}
	tests := []struct {
		name   string
		query  string
		from   int
		reason costReason
		units  float64
	}{
		{"ordinary", "arbetsmarknad", 0, reasonNone, 0},
		{"ordinary page", "arbetsmarknad", 980, reasonNone, 0},
		{"long prefix", "sökande*", 0, reasonNone, 0},
		{"one typo", "kompetensutveckling~1", 0, reasonFuzzy, 19},
		{"two typos count twice", "kompetensutveckling~2", 0, reasonFuzzy, 38},
		{"several fuzzy words add up", "alfa~1 beta~2", 0, reasonFuzzy, 12},
		{"short prefixes", "sö* ar* arbete*", 0, reasonPrefix, 2},
		{"many clauses", words(13), 0, reasonClauses, 13},
		{"32 clauses", words(32), 0, reasonClauses, 32},
		{"deep page", "projekt", 1990, reasonWindow, 2},
		{"fuzzy on a deep page is fuzzy", "projekt~1", 1990, reasonFuzzy, 7},
		{"prefix among many words is prefix", words(13) + " OR sö*", 0, reasonPrefix, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			c, err := costOf(Request{Query: tt.query, From: tt.from, Size: 10}, q)
			if err != nil {
				t.Fatal(err)
			}
			if c.costly != (tt.reason != reasonNone) || c.reason != tt.reason || c.units != tt.units {
				t.Errorf("cost = %+v, want reason %d, %v units", c, tt.reason, tt.units)
			}
		})
	}
}

// clock is a settable time for the cost book.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// The cost book predicts a request's time from its class's time per unit
// (pessimistic: mean plus twice the deviation), forgets it with its
// half-life, and knows the time alone only from a run alone.
func TestCostBook(t *testing.T) {
	clk := &clock{t: time.Date(2026, 12, 5, 4, 0, 0, 0, time.UTC)}
	b := newCostBook()
	b.now = clk.now
	fuzzy10 := cost{costly: true, reason: reasonFuzzy, units: 10}
	fuzzy20 := cost{costly: true, reason: reasonFuzzy, units: 20}
	if _, _, ok := b.predict(fuzzy10); ok {
		t.Fatal("a class never measured is predicted")
	}
	b.record(fuzzy10, time.Second, false) // 0.1 s per unit
	steps := []struct {
		name       string
		advance    time.Duration
		c          cost
		now, alone time.Duration
	}{
		{"twice the units", 0, fuzzy20, 3 * time.Second, 0}, // (0.1 + 2·0.025)·20
		{"one half-life later", costHalfLife, fuzzy20, 1500 * time.Millisecond, 0},
	}
	for _, s := range steps {
		clk.t = clk.t.Add(s.advance)
		now, alone, ok := b.predict(s.c)
		if !ok || !near(now, s.now) || !near(alone, s.alone) {
			t.Errorf("%s: predict = %v, %v, %v; want %v, %v", s.name, now, alone, ok, s.now, s.alone)
		}
	}
	if _, _, ok := b.predict(cost{costly: true, reason: reasonPrefix, units: 1}); ok {
		t.Error("another class is predicted from the fuzzy class's runs")
	}
	b.record(fuzzy10, 2*time.Second, true)
	if _, alone, _ := b.predict(fuzzy20); !near(alone, 4*time.Second) {
		t.Errorf("alone = %v after a run alone of 0.2 s per unit, want 4s for 20 units", alone)
	}
	if now, _, _ := b.predict(fuzzy10); now <= 1500*time.Millisecond/2 {
		t.Errorf("a slower run did not raise the prediction: %v", now)
	}
}

func near(a, b time.Duration) bool { return a-b < time.Millisecond && b-a < time.Millisecond }

// A costly request whose class takes longer than the time left is turned
// away before it starts — with a 429 saying what to change when that is
// so under the load of the moment, a 400 when even alone — and runs again
// once the measurement has faded.
func TestCostlyRefusedBeforeItStarts(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	clk := &clock{t: time.Now()}
	eng.costs.now = clk.now
	tests := []struct {
		query  string
		from   int
		advice string
	}{
		{"sökandelots~1", 0, "använd ~1 i stället för ~2"},
		{"sö*", 0, "Skriv fler tecken före *"},
		{"a1 b2 c3 d4 e5 f6 g7 h8 i9 j10 k11 l12 m13", 0, "Sök på färre ord"},
		{"projekt", 1990, "Välj en tidigare sida"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			req := Request{Query: tt.query, From: tt.from, Size: 10}
			q, err := ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			c, err := costOf(req, q)
			if err != nil || !c.costly {
				t.Fatalf("%q is not costly: %v", tt.query, err)
			}
			// weighed as the engine weighs it
			if err := eng.resolve(context.Background(), &q); err != nil {
				t.Fatal(err)
			}
			if err := eng.weigh(context.Background(), &c, q); err != nil {
				t.Fatal(err)
			}
			eng.costs.record(c, 2*eng.Timeout, false) // under load, twice the deadline
			before := eng.gate.count
			_, err = eng.Search(context.Background(), req)
			var ue *Error
			if !errors.Is(err, ErrTooManyCostly) || !errors.As(err, &ue) || !strings.Contains(ue.Msg, tt.advice) {
				t.Errorf("under load: %v, want ErrTooManyCostly saying %q", err, tt.advice)
			}
			if eng.gate.count != before {
				t.Error("the refused request took a slot")
			}

			eng.costs.record(c, 2*eng.Timeout, true) // alone, twice the deadline
			_, err = eng.Search(context.Background(), req)
			if !errors.Is(err, ErrInvalid) || !errors.As(err, &ue) || !strings.Contains(ue.Msg, tt.advice) {
				t.Errorf("alone: %v, want ErrInvalid saying %q", err, tt.advice)
			}

			clk.t = clk.t.Add(20 * aloneHalfLife) // both measurements fade
			if _, err := eng.Search(context.Background(), req); err != nil {
				t.Errorf("after the measurements faded: %v", err)
			}
		})
	}
}

// The gate hands a free slot to a waiting ordinary request before a
// costly one that waited longer, and lets no more costly requests search
// than its share.
func TestGateOrdinaryFirst(t *testing.T) {
	g := newGate(1, 1)
	ctx := context.Background()
	first, err := g.enter(ctx, false, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	type entered struct {
		who string
		t   ticket
	}
	got := make(chan entered, 2)
	waiting := func(n func() int, want int) {
		for {
			g.mu.Lock()
			k := n()
			g.mu.Unlock()
			if k == want {
				return
			}
			runtime.Gosched()
		}
	}
	go func() {
		tk, err := g.enter(ctx, true, time.Now().Add(time.Hour))
		if err != nil {
			t.Error(err)
		}
		got <- entered{"costly", tk}
	}()
	waiting(func() int { return len(g.waitCost) }, 1)
	go func() {
		tk, err := g.enter(ctx, false, time.Time{})
		if err != nil {
			t.Error(err)
		}
		got <- entered{"ordinary", tk}
	}()
	waiting(func() int { return len(g.ordinary) }, 1)
	g.exit(first)
	e := <-got
	if e.who != "ordinary" {
		t.Fatalf("%s request got the slot first, want the ordinary one", e.who)
	}
	g.exit(e.t)
	if e = <-got; e.who != "costly" {
		t.Fatalf("then %s, want the costly one", e.who)
	}
	g.exit(e.t)
	if g.busy != 0 || g.busyCost != 0 {
		t.Errorf("busy %d, costly %d after every exit", g.busy, g.busyCost)
	}
}

// Costly requests take at most their share of the slots: one more is
// turned away once its wait is over, while ordinary ones still enter; an
// ordinary request waits for a slot only until its deadline.
func TestGateCostlyShare(t *testing.T) {
	g := newGate(2, 1)
	ctx := context.Background()
	costly, err := g.enter(ctx, true, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.enter(ctx, true, time.Now()); !errors.Is(err, ErrTooManyCostly) {
		t.Errorf("second costly request: %v, want ErrTooManyCostly", err)
	}
	ordinary, err := g.enter(ctx, false, time.Time{})
	if err != nil {
		t.Fatalf("ordinary request beside a costly one: %v", err)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := g.enter(done, false, time.Time{}); !errors.Is(err, ErrTimeout) {
		t.Errorf("ordinary request with every slot taken past its deadline: %v, want ErrTimeout", err)
	}
	g.exit(ordinary)
	g.exit(costly)
	if len(g.ordinary) != 0 || len(g.waitCost) != 0 || g.busy != 0 {
		t.Errorf("gate not empty: %d, %d waiting, %d busy", len(g.ordinary), len(g.waitCost), g.busy)
	}
}

// While ordinary requests compete for the cores (here: four slots, two
// cores), a costly request that searched for d keeps the costly slots
// closed for costlyPause×d: the next costly one is turned away with the
// time until they open as its RetryAfter, and ordinary ones still enter.
// With an ordinary request beside it on the other core, or none, there is
// no pause.
func TestGateCostlyPause(t *testing.T) {
	ctx := context.Background()
	for _, ordinary := range []int{2, 1, 0} {
		served := ordinary == 2
		g := newGate(4, 1)
		costly, err := g.enter(ctx, true, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		var tickets []ticket
		for i := 0; i < ordinary; i++ {
			o, err := g.enter(ctx, false, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			tickets = append(tickets, o)
		}
		for _, o := range tickets {
			g.exit(o)
		}
		const took = 10 * time.Second
		costly.start = costly.start.Add(-took) // as if it had searched for 10 s
		g.exit(costly)
		_, err = g.enter(ctx, true, time.Now().Add(time.Millisecond))
		if !served {
			if err != nil {
				t.Errorf("costly request after a costly one beside %d ordinary: %v, want it started", ordinary, err)
			}
			continue
		}
		var ue *Error
		if !errors.Is(err, ErrTooManyCostly) || !errors.As(err, &ue) || ue.RetryAfter < costlyPause*took-time.Second || ue.RetryAfter > costlyPause*took {
			t.Errorf("costly request after a costly one beside an ordinary one: %v (retry after %v), want ErrTooManyCostly, retry after about %v", err, ue.RetryAfter, costlyPause*took)
		}
		o, err := g.enter(ctx, false, time.Time{})
		if err != nil {
			t.Errorf("ordinary request while the costly slots are closed: %v", err)
		}
		g.exit(o)
	}
}

// A class refused because its prediction does not fit the time left is
// refused until the prediction has faded enough (it halves every
// costHalfLife): that is the refusal's RetryAfter.
func TestNotNowRetryAfter(t *testing.T) {
	left := 2 * time.Second // fits: at most 1.5 s
	for _, tt := range []struct {
		pred, want time.Duration
	}{
		{3 * time.Second, costHalfLife},
		{6 * time.Second, 2 * costHalfLife},
		{1500 * time.Millisecond, 0},
	} {
		var ue *Error
		if err := notNow(reasonFuzzy, tt.pred, left); !errors.As(err, &ue) || !errors.Is(err, ErrTooManyCostly) {
			t.Fatalf("notNow: %v, want ErrTooManyCostly", err)
		}
		if d := ue.RetryAfter - tt.want; d < -time.Millisecond || d > time.Millisecond {
			t.Errorf("predicted %v with %v left: retry after %v, want %v", tt.pred, left, ue.RetryAfter, tt.want)
		}
	}
}

// A costly request waiting while the costly slots are closed gets a slot
// when they open, even if no other request ends then.
func TestGateCostlyPauseEnds(t *testing.T) {
	ctx := context.Background()
	g := newGate(4, 1)
	g.costlyFrom = time.Now().Add(20 * time.Millisecond)
	tk, err := g.enter(ctx, true, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatalf("costly request waiting for the slots to open: %v", err)
	}
	g.exit(tk)
}

// A costly request that runs out of time (its class not yet measured) is
// answered as too costly right now (ErrTooManyCostly with advice), not as
// a failure of the service, and its class is then known: the next one is
// refused before it starts. An ordinary request that runs out of time is
// still a timeout.
func TestCostlyOverrunIsTooCostly(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	eng.Timeout = time.Nanosecond // nothing finishes in time
	_, err := eng.Search(context.Background(), Request{Query: "sökandelots~1", Size: 10})
	var ue *Error
	if !errors.Is(err, ErrTooManyCostly) || errors.Is(err, ErrTimeout) || !errors.As(err, &ue) || !strings.Contains(ue.Msg, "~1 i stället för ~2") {
		t.Fatalf("costly search past its deadline: %v, want ErrTooManyCostly with advice", err)
	}
	before := eng.gate.count
	_, err = eng.Search(context.Background(), Request{Query: "förändring~1", Size: 10})
	if !errors.Is(err, ErrInvalid) || eng.gate.count != before {
		t.Errorf("the next of the class: %v (took a slot: %v), want it refused before it starts", err, eng.gate.count != before)
	}
	// and it names the stage that ran out of time, for the log
	if _, err := eng.Search(context.Background(), Request{Query: "sökandelots", Size: 10}); !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "(stage: ") {
		t.Errorf("ordinary search past its deadline: %v, want ErrTimeout naming its stage", err)
	}
}

// weigh counts a many-words request by the postings of its words in the
// index: words the index lacks weigh nothing, common ones much, and a word
// typed without å/ä/ö as much as the forms it stands for.
func TestWeigh(t *testing.T) {
	eng := testEngine(t, searchtest.Fixture())
	ctx := context.Background()
	weigh := func(query string) float64 {
		t.Helper()
		q, err := ParseQuery(query)
		if err != nil {
			t.Fatal(err)
		}
		c, err := costOf(Request{Query: query, Size: 10}, q)
		if err != nil || c.reason != reasonClauses {
			t.Fatalf("%q: %+v, %v; want the many-words class", query, c, err)
		}
		if err := eng.resolve(ctx, &q); err != nil {
			t.Fatal(err)
		}
		if err := eng.weigh(ctx, &c, q); err != nil {
			t.Fatal(err)
		}
		return c.units
	}
	filler := " OR xq1 OR xq2 OR xq3 OR xq4 OR xq5 OR xq6 OR xq7 OR xq8 OR xq9 OR xq10 OR xq11 OR xq12"
	absent := weigh("xq0" + filler)
	with := weigh("sökandelots" + filler)
	folded := weigh("sokandelots" + filler)
	if absent != 1 || with <= absent || folded != with {
		t.Errorf("units: absent words %v, with sökandelots %v, typed sokandelots %v; want 1, more, the same", absent, with, folded)
	}
}
