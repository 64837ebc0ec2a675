package main

import (
	"fmt"
	"testing"

	"projektsok/index"
)

func TestRivals(t *testing.T) {
	mk := func(title, body string) doc {
		return doc{Title: title, Body: body, Hash: textHash(title + "\n" + body)}
	}
	docs := []doc{
		0:  mk("Uppdrag att sprida kunskaper om vatten", "Myndigheten ska sprida kunskaper."),
		1:  mk("Uppdrag att sprida kunskaper om skogen", "Myndigheten ska sprida kunskaper."),             // ties
		2:  mk("Sprida kunskaper om luften", "Myndigheten ska sprida kunskaper om luft."),                 // ties (shorter span is no worse)
		3:  mk("Uppdrag att sprida kunskap om jorden", "Myndigheten ska sprida kunskaper."),               // another form in the title: weaker
		4:  mk("Kunskaper att sprida om eld", "Myndigheten ska sprida kunskaper."),                        // out of order: weaker
		5:  mk("Uppdrag att sprida kunskaper om fjällen", "Inget här."),                                   // the body holds less: weaker
		6:  mk("Uppdrag att sprida kunskaper om vatten 2021", "Myndigheten ska sprida kunskaper."),        // the same group as 0
		7:  mk("Uppdrag att sprida kunskaper om vatten", "Myndigheten ska sprida kunskaper."),             // a copy of 0
		8:  mk("Uppdrag att sprida goda och nya kunskaper om havet", "Myndigheten ska sprida kunskaper."), // wider span: weaker
		9:  mk("Kunskapslyft", "Vi vill sprida kunskap och bjuda in alla. Sedan kom de med nya kunskaper."),
		10: mk("Kunskapslyft i norr", "Vi vill sprida kunskap och bjuda in alla till kunskaper."),
	}
	cases := []struct {
		it   knownItem
		want int
	}{
		{knownItem{Kind: kindTitle, Query: "sprida kunskaper", Target: 0}, 2},
		{knownItem{Kind: kindFolded, Query: "Sprida kunskaper", Target: 0}, 2},
		// the title's own form of the swapped word counts too
		{knownItem{Kind: kindInflection, Query: "sprida kunskapen", Target: 0, Swapped: "kunskapen", Original: "kunskaper"}, 2},
		{knownItem{Kind: kindInflection, Query: "sprida kunskaper", Target: 3, Swapped: "kunskaper", Original: "kunskap"}, 3},
		// 0 (and its copy and version), 1 and 2 hold the title's form
		// a body sentence: 10's words stand closer than 9's
		{knownItem{Kind: kindBody, Query: "sprida kunskap kunskaper", Target: 9}, 1},
		{knownItem{Kind: kindBody, Query: "sprida kunskap kunskaper", Target: 10}, 0},
	}
	sets := [][]knownItem{{}}
	for _, c := range cases {
		sets[0] = append(sets[0], c.it)
	}
	ceil := newCeiling(docs, sets, index.GroupKey)
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s %q %d", c.it.Kind, c.it.Query, c.it.Target), func(t *testing.T) {
			if got := ceil.rivals(c.it); got != c.want {
				t.Errorf("rivals = %d, want %d", got, c.want)
			}
		})
	}
}
