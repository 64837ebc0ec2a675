package search

import (
	"context"
	"fmt"
	"runtime"
	"time"
	"unicode/utf8"
)

// Costly queries.
//
// Most of what a search costs is known from the request before any work
// starts: a word with ~ builds a Levenshtein automaton and walks three
// dictionaries with it (twice: for the hits and for the facet scan), a
// short prefix expands to thousands of terms, many OR-ed words are many
// searchers, a deep page keeps a large heap. estimate classifies a parsed
// request so that
//
//   - what cannot finish in reasonable time is refused at once with a 400
//     that says what to change (limits below);
//   - what is accepted but costly runs only while fewer than
//     DefaultMaxCostly (Engine.SetMaxCostly) costly requests are in
//     flight; another waits at most admissionWait for a slot and is then
//     turned away with ErrTooManyCostly (429), so that a burst of them
//     cannot starve everyone else of the CPU;
//   - everything else runs freely.
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

// DefaultMaxCostly is how many costly requests run at once: one per core.
// Ordinary searches still get most of the CPU (the scheduler shares it
// among all requests in flight), and no burst of costly ones can hold
// more.
var DefaultMaxCostly = max(1, runtime.GOMAXPROCS(0))

// estimate refuses a request the service will not run (an ErrBadRequest
// with a message for the user) and otherwise reports whether it is
// costly. It reads only the request and the parsed query.
func estimate(req Request, q Query) (costly bool, err error) {
	fuzzy, prefixes, clauses := 0, 0, len(q.Not)
	check := func(c Clause) error {
		switch {
		case c.Fuzzy > 0:
			fuzzy++
			if n := utf8.RuneCountInString(c.Text); n > MaxFuzzyRunes {
				return invalidf("%q: stavfelssökning (~) fungerar på ord med högst %d tecken; ta bort ~ eller använd * efter ordets början", c.Text, MaxFuzzyRunes)
			}
			costly = true
		case c.Prefix:
			prefixes++
			if utf8.RuneCountInString(c.Text) < costlyPrefixRunes {
				costly = true
			}
		}
		return nil
	}
	for _, g := range q.Must {
		clauses += len(g)
		for _, c := range g {
			if err := check(c); err != nil {
				return false, err
			}
		}
	}
	for _, c := range q.Not {
		if err := check(c); err != nil {
			return false, err
		}
	}
	if fuzzy > MaxFuzzyClauses {
		return false, invalidf("högst %d ord med ~ (stavfelssökning) i en fråga", MaxFuzzyClauses)
	}
	if prefixes > MaxPrefixClauses {
		return false, invalidf("högst %d ord med * i en fråga; skriv fler tecken före * eller sök på färre ord", MaxPrefixClauses)
	}
	if clauses > costlyClauses || req.From+req.Size > costlyWindow {
		costly = true
	}
	return costly, nil
}

// admissionWait is how long a costly request waits for a slot before it
// is turned away: long enough to absorb a few at once, short against the
// deadline.
const admissionWait = 250 * time.Millisecond

// admission limits the costly requests in flight.
type admission chan struct{}

func newAdmission(n int) admission { return make(admission, max(n, 1)) }

// admit takes a slot for a costly request, waiting at most admissionWait
// (or until ctx ends), or returns ErrTooManyCostly; release gives the slot
// back.
func (a admission) admit(ctx context.Context) (release func(), err error) {
	select {
	case a <- struct{}{}:
		return func() { <-a }, nil
	default:
	}
	t := time.NewTimer(admissionWait)
	defer t.Stop()
	select {
	case a <- struct{}{}:
		return func() { <-a }, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: waiting for a costly-query slot", ErrTimeout)
	case <-t.C:
		return nil, &Error{Kind: ErrTooManyCostly, Msg: "För många krävande sökningar (stavfel med ~, korta prefix med *, många ord eller djupa sidor) pågår just nu. Försök igen om en stund, eller gör frågan mer specifik."}
	}
}
