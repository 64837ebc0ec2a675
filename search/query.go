package search

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clause is one element of a parsed user query.
type Clause struct {
	// Field is "" for running text, "title", or a facet field name.
	Field  string
	Text   string
	Phrase bool // "quoted words"
	Negate bool // -word
	Prefix bool // word*
	Fuzzy  int  // word~ (1) or word~2; 0 when exact
	// Values are the facet values a field:value clause stands for, found
	// in the index by (*Engine).parse; nil for text clauses.
	Values []string
	// Folded are the terms with å/ä/ö (or other diacritics) in the text
	// fields that a word or prefix typed without them stands for
	// ("sokandelots": sökandelots), found by (*Engine).parse. For a phrase
	// typed without them, FoldedAt holds such terms per word position.
	Folded   []string
	FoldedAt [][]string
}

// Query is a parsed user query: every group in Must is required, and a
// group is satisfied by any one of its clauses (OR); no Not clause may
// match.
type Query struct {
	Must [][]Clause
	Not  []Clause
	// Min, when above 0, relaxes Must: a document needs only Min of the
	// groups that hold a word (not only stop words). The parser never
	// sets it; the engine does when no document holds every word
	// (relax.go).
	Min int
}

// Limits on the query language.
const (
	MaxClauses   = 32
	MinPrefixLen = 2
	MaxFuzzy     = 2
)

// fieldAliases maps what a user may write before ':' to a field.
var fieldAliases = map[string]string{
	"title": "title", "titel": "title",
	"region": "region",
	"county": "county", "lan": "county", "län": "county",
	"owner": "owner", "projektagare": "owner", "projektägare": "owner",
	"programme_area": "programme_area", "programomrade": "programme_area", "programområde": "programme_area",
	"municipality": "municipality", "kommun": "municipality",
	"phase": "phase", "fas": "phase", "projektfas": "phase",
	"doc_type": "doc_type", "typ": "doc_type",
	"methods": "methods", "metod": "methods",
	"target_groups": "target_groups", "malgrupp": "target_groups", "målgrupp": "target_groups",
	"year": "years", "ar": "years", "år": "years",
}

// ParseQuery parses the user's query language: words are all required,
// "exact phrase", -exclude, OR between words, field:value (or
// field:"two words") for title and the facet fields, word* for a prefix and
// word~ / word~2 for typos. Errors wrap ErrInvalid with a message in
// Swedish for the person who typed the query.
func ParseQuery(s string) (Query, error) {
	var q Query
	items, err := lex(s)
	if err != nil {
		return q, err
	}
	var group []Clause
	pendingOr := false
	for i, it := range items {
		if it.or {
			if i == 0 || i == len(items)-1 || items[i-1].or || items[i+1].or {
				return q, invalid("OR måste stå mellan två sökord, till exempel: coachning OR vägledning")
			}
			// an excluded word is never in a group: check the items
			if items[i-1].clause.Negate || items[i+1].clause.Negate {
				return q, invalid("OR kan bara stå mellan två sökord som inte är uteslutna")
			}
			pendingOr = true
			continue
		}
		c := it.clause
		switch {
		case c.Negate:
			if len(group) > 0 {
				q.Must = append(q.Must, group)
				group = nil
			}
			q.Not = append(q.Not, c)
		case pendingOr:
			group = append(group, c)
			pendingOr = false
		default:
			if len(group) > 0 {
				q.Must = append(q.Must, group)
			}
			group = []Clause{c}
		}
	}
	if len(group) > 0 {
		q.Must = append(q.Must, group)
	}
	n := len(q.Not)
	for _, g := range q.Must {
		n += len(g)
	}
	if n > MaxClauses {
		return q, invalidf("för många sökord (högst %d)", MaxClauses)
	}
	if len(q.Must) == 0 && len(q.Not) > 0 {
		return q, invalid("frågan måste innehålla minst ett sökord som inte är uteslutet med -")
	}
	return q, nil
}

type item struct {
	or     bool
	clause Clause
}

func lex(s string) ([]item, error) {
	var items []item
	i := 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += w
			continue
		}
		var c Clause
		if r == '-' || r == '+' {
			c.Negate = r == '-'
			i += w
			if i >= len(s) || isSpaceAt(s, i) {
				continue // a lone - or + is punctuation, not an operator
			}
		}
		if s[i] == '"' {
			text, next, err := quoted(s, i)
			if err != nil {
				return nil, err
			}
			c.Text, c.Phrase = text, true
			i = next
			if strings.TrimSpace(c.Text) == "" {
				continue
			}
			items = append(items, item{clause: c})
			continue
		}
		start := i
		for i < len(s) {
			r, w := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) || r == '"' {
				break
			}
			i += w
		}
		word := s[start:i]
		if word == "OR" && !c.Negate {
			items = append(items, item{or: true})
			continue
		}
		if name, val, ok := strings.Cut(word, ":"); ok {
			if field, known := fieldAliases[strings.ToLower(name)]; known {
				c.Field = field
				if val == "" {
					if i < len(s) && s[i] == '"' {
						text, next, err := quoted(s, i)
						if err != nil {
							return nil, err
						}
						i = next
						val = text
						c.Phrase = true
					}
					if strings.TrimSpace(val) == "" {
						return nil, invalidf("%s: saknar ett värde, till exempel %s:Västervik", name, name)
					}
				}
				word = val
			}
		}
		if !c.Phrase {
			var err error
			if word, err = operators(&c, word); err != nil {
				return nil, err
			}
		}
		c.Text = word
		if c.Text == "" {
			continue
		}
		items = append(items, item{clause: c})
	}
	return items, nil
}

func isSpaceAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

// quoted reads a "…" phrase starting at s[i] == '"'.
func quoted(s string, i int) (string, int, error) {
	end := strings.IndexByte(s[i+1:], '"')
	if end < 0 {
		return "", 0, invalid("citattecknet stängs aldrig: avsluta frasen med \"")
	}
	return s[i+1 : i+1+end], i + 2 + end, nil
}

// operators handles the word* and word~N suffixes and rejects wildcards
// elsewhere in the word.
func operators(c *Clause, word string) (string, error) {
	if k := strings.LastIndexByte(word, '~'); k >= 0 {
		n := 1
		if rest := word[k+1:]; rest != "" {
			v, err := strconv.Atoi(rest)
			if err != nil || v < 0 {
				return "", invalidf("%q: efter ~ kan bara stå 1 eller 2", word)
			}
			n = v
		}
		if n > MaxFuzzy {
			return "", invalidf("%q: högst ~%d stavfel tillåts", word, MaxFuzzy)
		}
		word = word[:k]
		c.Fuzzy = n
		if utf8.RuneCountInString(word) < 3 && n > 0 {
			return "", invalidf("%q: ordet är för kort för ~", word)
		}
	}
	if strings.HasSuffix(word, "*") {
		word = strings.TrimRight(word, "*")
		c.Prefix = true
		if c.Fuzzy > 0 {
			return "", invalid("* och ~ kan inte kombineras i samma ord")
		}
		if utf8.RuneCountInString(word) < MinPrefixLen {
			return "", invalidf("skriv minst %d tecken före *", MinPrefixLen)
		}
	}
	if strings.ContainsAny(word, "*?") {
		return "", invalid("* kan bara stå sist i ett ord, till exempel sökande*")
	}
	return word, nil
}
