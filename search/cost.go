package search

import (
	"context"
	"errors"
	"fmt"
	"math"

	"runtime"
	"sync"
	"time"
	"unicode/utf8"

	"projektsok/index"
)

// Costly queries.
//
// Most of what a search costs is known from the request before any work
// starts: a word with ~ builds a Levenshtein automaton and walks three
// dictionaries with it (twice: for the hits and for the facet scan), a
// short prefix expands to thousands of terms, many OR-ed words are many
// searchers, a deep page keeps a large heap. What it costs on the index
// being served, under the load of the moment, is learnt: every costly
// request is put in a class by what makes it costly, with a measure of
// how much of it it has (costOf), and the engine keeps the recent service
// time per unit of each class (costBook). A request is then
//
//   - refused at once with a 400 that says what to change when it breaks a
//     fixed limit (below), or when its class took longer than the deadline
//     even with nothing else running (it can never run on this index);
//   - turned away at once with ErrTooManyCostly (429) and a message that
//     says what to change when its class takes longer than the deadline
//     leaves right now: never started and timed out;
//   - otherwise run through the engine's gate (gate): at most
//     DefaultSearchSlots requests search at once, costly ones take at
//     most DefaultMaxCostly of those slots, and a free slot goes to an
//     ordinary request before a costly one. A costly request waits for a
//     slot only as long as its class still fits in the deadline after
//     the wait (at most admissionWait), and is then turned away with a
//     429.
//
// Some of bleve's work cannot be interrupted (building a fuzzy automaton
// happens before the search checks its deadline), which is why these
// bounds come before the work rather than from the deadline.

// Limits of accepted queries.
const (
	// MaxFuzzyRunes is the longest word ~ may follow: the automaton of a
	// long word with two typos is large, and such words are compounds a
	// prefix finds better.
	MaxFuzzyRunes = 30
	// MaxFuzzyClauses is how many words with ~ one query may have.
	MaxFuzzyClauses = 4
	// MaxPrefixClauses is how many words with * one query may have.
	MaxPrefixClauses = 4
	// costlyPrefixRunes: a prefix shorter than this expands widely.
	costlyPrefixRunes = 4
	// costlyClauses: more clauses than this make a query costly.
	costlyClauses = 12
	// costlyWindow: a page this deep (from + size) makes a request costly.
	costlyWindow = 1000
)

// DefaultMaxCostly is how many costly requests search at once: half the
// cores, at least one, so that ordinary searches always keep the rest of
// the CPU.
var DefaultMaxCostly = max(1, runtime.GOMAXPROCS(0)/2)

// DefaultSearchSlots is how many requests search at once (gate): two per
// core keep every core busy while some wait on memory, and a request in
// flight is slowed down by at most one other per core, not by dozens
// sharing the CPU (the Go scheduler shares it evenly among goroutines).
// At 443,970 documents with 16 clients of the long tail and 16 costly,
// 4 slots gave no 503 of 3,000 ordinary requests where 8 gave 6 (the
// slowest ordinary requests, a word in every document, cost 150–260 ms
// alone and were stretched past the deadline).
var DefaultSearchSlots = max(4, 2*runtime.GOMAXPROCS(0))

// costReason is what makes a request costly; it chooses the advice of a
// refusal.
type costReason int

const (
	reasonNone costReason = iota
	reasonWindow
	reasonClauses
	reasonPrefix
	reasonFuzzy
)

// String names the class in profiles.
func (r costReason) String() string {
	switch r {
	case reasonWindow:
		return "deep page"
	case reasonClauses:
		return "many words"
	case reasonPrefix:
		return "short prefix"
	case reasonFuzzy:
		return "fuzzy"
	}
	return "ordinary"
}

// cost is what estimate knows of a request before it runs.
type cost struct {
	costly bool
	// reason is the costliest thing about the request: its class, and
	// the advice of a refusal.
	reason costReason
	// units is how much of it the request has: the letters of its ~ words
	// times their fuzziness, its short prefixes, its clauses, or the
	// thousands of hits its page lies behind; for the last two, weigh
	// then counts the postings of its words in the index served instead.
	// A class's time is learnt per unit.
	units float64
}

// estimate refuses a request the service will not run (an ErrBadRequest
// with a message for the user) and otherwise reports whether it is
// costly. It reads only the request and the parsed query.
func estimate(req Request, q Query) (costly bool, err error) {
	c, err := costOf(req, q)
	return c.costly, err
}

// costOf classifies a request by what it will cost (see cost).
func costOf(req Request, q Query) (c cost, err error) {
	fuzzy, fuzzyRunes, prefixes, short, clauses := 0, 0, 0, 0, len(q.Not)
	check := func(cl Clause) error {
		switch {
		case cl.Fuzzy > 0:
			fuzzy++
			n := utf8.RuneCountInString(cl.Text)
			if n > MaxFuzzyRunes {
				return invalidf("%q: stavfelssökning (~) fungerar på ord med högst %d tecken; ta bort ~ eller använd * efter ordets början", cl.Text, MaxFuzzyRunes)
			}
			// the automaton grows with the word and its typos
			fuzzyRunes += n * cl.Fuzzy
		case cl.Prefix:
			prefixes++
			if utf8.RuneCountInString(cl.Text) < costlyPrefixRunes {
				short++
			}
		}
		return nil
	}
	for _, g := range q.Must {
		clauses += len(g)
		for _, cl := range g {
			if err := check(cl); err != nil {
				return c, err
			}
		}
	}
	for _, cl := range q.Not {
		if err := check(cl); err != nil {
			return c, err
		}
	}
	if fuzzy > MaxFuzzyClauses {
		return c, invalidf("högst %d ord med ~ (stavfelssökning) i en fråga", MaxFuzzyClauses)
	}
	if prefixes > MaxPrefixClauses {
		return c, invalidf("högst %d ord med * i en fråga; skriv fler tecken före * eller sök på färre ord", MaxPrefixClauses)
	}
	window := req.From + req.Size
	switch {
	case fuzzy > 0:
		c.reason, c.units = reasonFuzzy, float64(fuzzyRunes)
	case short > 0:
		c.reason, c.units = reasonPrefix, float64(short)
	case clauses > costlyClauses:
		c.reason, c.units = reasonClauses, float64(clauses)
	case window > costlyWindow:
		c.reason, c.units = reasonWindow, float64(window)/costlyWindow
	default:
		return c, nil
	}
	c.costly = true
	return c, nil
}

// weigh measures a request of the many-words or deep-page class by the
// postings its words hold in the index served (in thousands, plus one):
// such a request costs what its searchers walk and its hits weigh, which
// grows with the index. Other classes keep the measure of costOf. q must
// be resolved (its words typed without å/ä/ö count as the forms they
// stand for).
func (e *Engine) weigh(ctx context.Context, c *cost, q Query) error {
	if c.reason != reasonClauses && c.reason != reasonWindow {
		return nil
	}
	adv, err := e.idx.Bleve().Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	var postings uint64
	add := func(term string) error {
		tfr, err := r.TermFieldReader(ctx, []byte(term), index.FieldBody, false, false, false)
		if err != nil {
			return err
		}
		postings += tfr.Count()
		return tfr.Close()
	}
	weighClause := func(cl Clause) error {
		if cl.Field != "" && cl.Field != "title" || cl.Prefix || cl.Fuzzy > 0 {
			return nil
		}
		toks, err := index.Analyze(index.AnalyzerTextQuery, cl.Text)
		if err != nil {
			return err
		}
		for _, p := range positions(toks) {
			if err := add(p[0]); err != nil {
				return err
			}
		}
		for _, t := range cl.Folded {
			if err := add(t); err != nil {
				return err
			}
		}
		for _, p := range cl.FoldedAt {
			for _, t := range p {
				if err := add(t); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, g := range q.Must {
		for _, cl := range g {
			if err := weighClause(cl); err != nil {
				return err
			}
		}
	}
	for _, cl := range q.Not {
		if err := weighClause(cl); err != nil {
			return err
		}
	}
	c.units = 1 + float64(postings)/1000
	return nil
}

// Learning what a class costs.
const (
	// fitShare: a costly request starts only when its class's predicted
	// time is at most this share of the time left before the deadline.
	fitShare = 0.75
	// costHalfLife: a class's measured time counts half as much after
	// this long without a new measurement, so that a class refused while
	// the machine was busy is tried again once it is quiet.
	costHalfLife = 20 * time.Second
	// aloneHalfLife is the same for the time a class took with nothing
	// else searching (which says whether it can ever run on this index).
	aloneHalfLife = 10 * time.Minute
	// costWeight is the weight of a new measurement in a class's mean.
	costWeight = 0.3
)

// costBook keeps the recent service time per unit of each class of
// costly request (cost.units): the time from getting a slot to giving it
// back.
type costBook struct {
	mu      sync.Mutex
	classes map[costReason]*meter
	now     func() time.Time
}

// meter is one class's times per unit, in seconds: an exponentially
// weighted mean and mean deviation of all runs, and the last run with
// nothing else searching.
type meter struct {
	mean, dev float64
	at        time.Time
	alone     float64
	aloneAt   time.Time
}

func newCostBook() *costBook {
	return &costBook{classes: map[costReason]*meter{}, now: time.Now}
}

// decayed is v after age with the given half-life.
func decayed(v float64, age, halfLife time.Duration) float64 {
	if age <= 0 {
		return v
	}
	return v * math.Exp2(-float64(age)/float64(halfLife))
}

// predict returns what a request is expected to take now (its class's
// mean plus twice its deviation, a pessimistic estimate) and with nothing
// else running (0 when not known); ok is false for a class never
// measured.
func (b *costBook) predict(c cost) (now, alone time.Duration, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	m := b.classes[c.reason]
	if m == nil {
		return 0, 0, false
	}
	t := b.now()
	now = seconds(c.units * decayed(m.mean+2*m.dev, t.Sub(m.at), costHalfLife))
	if !m.aloneAt.IsZero() {
		alone = seconds(c.units * decayed(m.alone, t.Sub(m.aloneAt), aloneHalfLife))
	}
	return now, alone, true
}

// record adds a run of a request that took d; alone says whether nothing
// else searched meanwhile.
func (b *costBook) record(c cost, d time.Duration, alone bool) {
	if c.units <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	t, s := b.now(), d.Seconds()/c.units
	m := b.classes[c.reason]
	if m == nil {
		m = &meter{mean: s, dev: s / 4}
		b.classes[c.reason] = m
	} else {
		// the old values count as they have decayed
		mean := decayed(m.mean, t.Sub(m.at), costHalfLife)
		dev := decayed(m.dev, t.Sub(m.at), costHalfLife)
		m.dev = (1-costWeight)*dev + costWeight*math.Abs(s-mean)
		m.mean = (1-costWeight)*mean + costWeight*s
	}
	m.at = t
	if alone {
		m.alone, m.aloneAt = s, t
	}
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// admissionWait is the longest a costly request waits for a slot before
// it is turned away: long enough to absorb a few at once, short against
// the deadline.
const admissionWait = 250 * time.Millisecond

// admit lets a request search: it refuses a costly one that cannot
// finish in time (see the file comment) and waits for a slot of the
// gate. release (never nil when err is nil) gives the slot back and, for
// a costly request, records what it took.
func (e *Engine) admit(ctx context.Context, c cost) (release func(), err error) {
	if !c.costly {
		t, err := e.gate.enter(ctx, false, time.Time{})
		if err != nil {
			return nil, err
		}
		return func() { e.gate.exit(t) }, nil
	}
	now := time.Now()
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = now.Add(e.Timeout)
	}
	left := deadline.Sub(now)
	pred, alone, known := e.costs.predict(c)
	if known && alone.Seconds() > fitShare*e.Timeout.Seconds() {
		return nil, neverFits(c.reason, alone, e.Timeout)
	}
	// wait for a slot no later than the last start from which the class
	// still fits
	until := now.Add(min(admissionWait, left/4))
	if known {
		latest := deadline.Add(-time.Duration(float64(pred) / fitShare))
		if !latest.After(now) {
			return nil, notNow(c.reason, pred, left)
		}
		until = minTime(until, latest)
	}
	t, err := e.gate.enter(ctx, true, until)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	return func() {
		took := time.Since(start)
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			// it ran out of time: it would have taken longer
			took = took * 3 / 2
		}
		e.costs.record(c, took, e.gate.exit(t))
	}, nil
}

// overran turns the timeout of a costly request into the refusal it
// would have had had its cost been known (a 429 that says what to
// change): the deadline ran out on what the person asked, not on a
// failure of the service. Its time is in the cost book now, so that the
// next such request is turned away before it starts. Any other error is
// returned as it is.
func (e *Engine) overran(req Request, q Query, took time.Duration, err error) error {
	if !errors.Is(err, ErrTimeout) {
		return err
	}
	c, cerr := costOf(req, q)
	if cerr != nil || !c.costly {
		return err
	}
	return notNow(c.reason, took*3/2, e.Timeout)
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// The gate: slots for requests that search, ordinary ones first.
type gate struct {
	mu             sync.Mutex
	slots, costly  int // how many may search at once, and of those costly
	busy, busyCost int
	count          uint64 // requests that have taken a slot
	// crowded counts the ordinary requests that had to wait for a slot,
	// or took one while half the slots (as many as there are cores) were
	// taken: those that competed for the CPU
	crowded uint64
	// costlyFrom: no costly request starts before then (costlyPause)
	costlyFrom time.Time
	// waiting requests, first come first served within each kind
	ordinary, waitCost []chan ticket
}

// costlyPause: a costly request that searched for d while ordinary ones
// were served (or waited) keeps the costly slots closed for costlyPause×d
// after it. Ordinary requests then have the cores to themselves two
// thirds of the time: a costly request holds its slot far longer than an
// ordinary one, and the Go scheduler gives it as much of the CPU as any
// other, so with a costly slot always taken (clients sending nothing but
// costly queries) it took a quarter of the CPU, and the ordinary
// requests of the hostile mix half again their latency. On an idle
// server, or one answering only costly requests, there is no pause.
const costlyPause = 4

// ticket is a slot taken.
type ticket struct {
	costly bool
	// alone: no other request held a slot when this one took it; count
	// is the gate's count then (see exit)
	alone bool
	count uint64
	// crowded is the gate's then, and start when it was taken
	crowded uint64
	start   time.Time
}

func newGate(slots, costly int) *gate {
	slots = max(slots, 1)
	return &gate{slots: slots, costly: min(max(costly, 1), slots)}
}

// enter takes a slot, waiting while none is free: an ordinary request
// until ctx ends (then ErrTimeout), a costly one until until or ctx ends
// (then ErrTooManyCostly). exit gives the slot back.
func (g *gate) enter(ctx context.Context, costly bool, until time.Time) (ticket, error) {
	g.mu.Lock()
	now := time.Now()
	if g.startable(costly, now) && len(g.ordinary) == 0 && (!costly || len(g.waitCost) == 0) {
		t := g.take(costly, now)
		g.mu.Unlock()
		return t, nil
	}
	ch := make(chan ticket, 1)
	if costly {
		g.waitCost = append(g.waitCost, ch)
		g.wakeAt(now)
	} else {
		g.ordinary = append(g.ordinary, ch)
		g.crowded++
	}
	g.mu.Unlock()

	var expired <-chan time.Time
	if costly {
		timer := time.NewTimer(time.Until(until))
		defer timer.Stop()
		expired = timer.C
	}
	var fail error
	select {
	case t := <-ch:
		return t, nil
	case <-ctx.Done():
		fail = fmt.Errorf("%w: waiting for a search slot: %v", ErrTimeout, ctx.Err())
		if costly {
			fail = g.refusal()
		}
	case <-expired:
		fail = g.refusal()
	}
	g.mu.Lock()
	if g.remove(ch, costly) {
		g.mu.Unlock()
		return ticket{}, fail
	}
	g.mu.Unlock()
	// a slot was handed over meanwhile
	t := <-ch
	if ctx.Err() != nil {
		g.exit(t)
		return ticket{}, fail
	}
	return t, nil
}

// refusal is the answer to a costly request that found no slot in time:
// try again when the costly slots open (at least a second).
func (g *gate) refusal() error {
	g.mu.Lock()
	wait := time.Until(g.costlyFrom)
	g.mu.Unlock()
	return busyNow(wait)
}

// startable reports whether a request of the kind could take a slot now.
func (g *gate) startable(costly bool, now time.Time) bool {
	if !costly {
		return g.busy < g.slots
	}
	return g.busy < g.slots && g.busyCost < g.costly && !now.Before(g.costlyFrom)
}

func (g *gate) take(costly bool, now time.Time) ticket {
	g.busy++
	g.count++
	if costly {
		g.busyCost++
	} else if g.busy > g.slots/2 {
		g.crowded++
	}
	return ticket{costly: costly, alone: g.busy == 1, count: g.count, crowded: g.crowded, start: now}
}

// remove takes a waiter out of its queue; false when it is no longer
// there (a slot was handed to it).
func (g *gate) remove(ch chan ticket, costly bool) bool {
	q := &g.ordinary
	if costly {
		q = &g.waitCost
	}
	for i, c := range *q {
		if c == ch {
			*q = append((*q)[:i], (*q)[i+1:]...)
			return true
		}
	}
	return false
}

// exit gives a slot back and hands free slots to waiters, ordinary ones
// first. It reports whether the request searched alone: no other held a
// slot from its start to its end.
func (g *gate) exit(t ticket) (alone bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := time.Now()
	g.busy--
	if t.costly {
		g.busyCost--
		crowded := g.crowded != t.crowded || len(g.ordinary) > 0
		if from := now.Add(costlyPause * now.Sub(t.start)); crowded && from.After(g.costlyFrom) {
			g.costlyFrom = from
			g.wakeAt(now)
		}
	}
	alone = t.alone && g.count == t.count && g.busy == 0
	g.handOff(now)
	return alone
}

// handOff hands free slots to waiters, ordinary ones first, costly ones
// only when the costly slots are open.
func (g *gate) handOff(now time.Time) {
	for g.busy < g.slots {
		var q *[]chan ticket
		costly := false
		switch {
		case len(g.ordinary) > 0:
			q = &g.ordinary
		case len(g.waitCost) > 0 && g.startable(true, now):
			q, costly = &g.waitCost, true
		default:
			return
		}
		ch := (*q)[0]
		*q = (*q)[1:]
		ch <- g.take(costly, now)
	}
}

// wakeAt makes sure that costly requests waiting when the costly slots
// open are handed a slot then, even if no request ends to do it.
func (g *gate) wakeAt(now time.Time) {
	if len(g.waitCost) == 0 || !now.Before(g.costlyFrom) {
		return
	}
	time.AfterFunc(g.costlyFrom.Sub(now), func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		g.handOff(time.Now())
	})
}

// Refusals. Each says what to change, by what makes the request costly.

// busyNow: every costly slot stayed taken; they open again in about
// wait.
func busyNow(wait time.Duration) error {
	err := tooCostlyf("För många krävande sökningar (stavfel med ~, korta prefix med *, många ord eller djupa sidor) pågår just nu. Försök igen om en stund, eller gör frågan mer specifik.")
	err.RetryAfter = wait
	return err
}

// notNow: the class takes longer than the time left right now.
func notNow(r costReason, pred, left time.Duration) error {
	p, l := pred.Seconds(), left.Seconds()
	var err *Error
	switch r {
	case reasonFuzzy:
		err = tooCostlyf("Sökningen skulle just nu ta omkring %.1f s, mer än de %.1f s den får ta. Ta bort ~ från något ord eller använd ~1 i stället för ~2, eller försök igen om en stund.", p, l)
	case reasonPrefix:
		err = tooCostlyf("Sökningen skulle just nu ta omkring %.1f s, mer än de %.1f s den får ta. Skriv fler tecken före *, eller försök igen om en stund.", p, l)
	case reasonClauses:
		err = tooCostlyf("Sökningen skulle just nu ta omkring %.1f s, mer än de %.1f s den får ta. Sök på färre ord, eller försök igen om en stund.", p, l)
	default:
		err = tooCostlyf("Sökningen skulle just nu ta omkring %.1f s, mer än de %.1f s den får ta. Välj en tidigare sida eller smalna av sökningen med filter, eller försök igen om en stund.", p, l)
	}
	err.RetryAfter = untilFits(pred, left)
	return err
}

// untilFits is how long a class predicted to take pred now, refused with
// left before the deadline, stays refused without a new measurement: its
// prediction halves every costHalfLife (costBook.predict) and it starts
// again once it is at most fitShare of the time left.
func untilFits(pred, left time.Duration) time.Duration {
	fits := fitShare * float64(left)
	if fits <= 0 || float64(pred) <= fits {
		return 0
	}
	return time.Duration(float64(costHalfLife) * math.Log2(float64(pred)/fits))
}

// neverFits: the class takes longer than the deadline even alone.
func neverFits(r costReason, alone, limit time.Duration) error {
	a, l := alone.Seconds(), limit.Seconds()
	switch r {
	case reasonFuzzy:
		return invalidf("Sökningen tar omkring %.1f s i det här indexet, mer än de %.1f s en sökning får ta. Ta bort ~ från något ord eller använd ~1 i stället för ~2.", a, l)
	case reasonPrefix:
		return invalidf("Sökningen tar omkring %.1f s i det här indexet, mer än de %.1f s en sökning får ta. Skriv fler tecken före *.", a, l)
	case reasonClauses:
		return invalidf("Sökningen tar omkring %.1f s i det här indexet, mer än de %.1f s en sökning får ta. Sök på färre ord.", a, l)
	default:
		return invalidf("Sökningen tar omkring %.1f s i det här indexet, mer än de %.1f s en sökning får ta. Välj en tidigare sida eller smalna av sökningen med filter.", a, l)
	}
}
