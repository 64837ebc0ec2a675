package search

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
)

// Relaxed tells that no document matched the query as typed, why, and
// which search was run instead: the did-you-mean spelling when one finds
// something, else the query without the word that excluded everything.
type Relaxed struct {
	Query   string   `json:"query"`             // what the hits are for
	Dropped []string `json:"dropped,omitempty"` // words left out
	Reason  string   `json:"reason"`            // for the person, in Swedish
}

// relax finds the nearest query to q that finds something: the respelled
// query (suggestion) when there is one, else q without one of its
// required words — of the queries that find something that way, the one
// that finds the fewest documents, so that the most telling words stay.
// It costs one count per required word, and runs only when a search
// found nothing. nil when no such query exists.
func (e *Engine) relax(ctx context.Context, req Request, q Query, suggestion string) *Relaxed {
	if suggestion != "" {
		return &Relaxed{Query: suggestion, Reason: fmt.Sprintf("Inga träffar för %s. Visar träffar för %s.", quoted2(req.Query), quoted2(suggestion))}
	}
	if len(q.Must) < 2 {
		return nil
	}
	count := func(rq Query) uint64 {
		bq, _, err := buildQuery(req, rq, "")
		if err != nil {
			return 0
		}
		res, err := e.idx.Bleve().SearchInContext(ctx, bleve.NewSearchRequestOptions(bq, 0, 0, false))
		if err != nil {
			return 0
		}
		return res.Total
	}
	best, bestN := -1, uint64(0)
	for i := range q.Must {
		rest := Query{Must: append(append([][]Clause{}, q.Must[:i]...), q.Must[i+1:]...), Not: q.Not}
		if n := count(rest); n > 0 && (best < 0 || n < bestN) {
			best, bestN = i, n
		}
	}
	if best < 0 {
		return nil
	}
	rest := Query{Must: append(append([][]Clause{}, q.Must[:best]...), q.Must[best+1:]...), Not: q.Not}
	var dropped []string
	for _, c := range q.Must[best] {
		dropped = append(dropped, clauseString(c))
	}
	word := strings.Join(dropped, " OR ")
	reason := fmt.Sprintf("Inget dokument innehåller alla orden: %s finns inte tillsammans med de andra. Visar träffar utan %s.", quoted2(word), quoted2(word))
	if count(Query{Must: q.Must[best : best+1]}) == 0 {
		reason = fmt.Sprintf("%s finns inte i något dokument. Visar träffar utan %s.", quoted2(word), quoted2(word))
	}
	return &Relaxed{Query: queryString(rest), Dropped: dropped, Reason: reason}
}

func quoted2(s string) string { return "”" + s + "”" }

// queryString writes a parsed query back in the query language.
func queryString(q Query) string {
	var parts []string
	for _, g := range q.Must {
		var alts []string
		for _, c := range g {
			alts = append(alts, clauseString(c))
		}
		parts = append(parts, strings.Join(alts, " OR "))
	}
	for _, c := range q.Not {
		parts = append(parts, "-"+clauseString(c))
	}
	return strings.Join(parts, " ")
}

// clauseString writes one clause back in the query language (without its
// minus sign).
func clauseString(c Clause) string {
	s := c.Text
	if c.Phrase {
		s = `"` + s + `"`
	}
	if c.Prefix {
		s += "*"
	}
	if c.Fuzzy > 0 {
		s += "~" + strconv.Itoa(c.Fuzzy)
	}
	switch c.Field {
	case "":
	case "years":
		s = "år:" + s
	default:
		s = c.Field + ":" + s
	}
	return s
}
