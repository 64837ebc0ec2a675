package search

// Near-duplicate groups
//
// Documents whose titles differ only by a date, a number or a prefix such
// as "Remiss av promemorian" share a group key (index.GroupKey), and a
// result list shows each group once: at the place of its best-ranked
// member, as its newest member, with the others in Hit.Versions (newest
// first). Paging counts groups: the engine asks bleve for a window of
// hits larger than the page (windowFor; widened while it holds fewer
// groups than the page reaches and not every hit), groups them in rank
// order, and cuts the page out of the groups. Groups never straddle pages: a group
// sits where its first member ranks, and every later member joins it.
// When the window did not hold every hit, one more request (the same
// query, restricted to the page's group keys) completes the page's
// groups with their members further down the list, unless the index holds
// no more documents with those keys than the groups have members
// (index.FacetSnapshot.GroupSize). Response.Total stays
// the number of matching documents (what the facets count);
// Response.More says whether another page of groups follows.

import (
	"context"
	"sort"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"projektsok/index"
)

// Version is another version of a hit: a document with the same or nearly
// the same title.
type Version struct {
	ID          string  `json:"id"`
	Title       string  `json:"title"`
	PeriodStart string  `json:"period_start"`
	Score       float64 `json:"score"`
}

// member is one hit of a result window. Its title is read only when it
// is shown as a version (group.head).
type member struct {
	id, date string
	score    float64
	rank     int
	hit      *bsearch.DocumentMatch
}

// group is the members of one group key in a window, best-ranked first.
type group struct {
	key     string
	members []member
}

// maxCompletion bounds the members the completing request fetches.
const maxCompletion = 200

// windowFor is how many hits a page of groups is cut from: twice what the
// page reaches, and ten more, so that a page of duplicates still fills.
func windowFor(from, size int) int {
	if size == 0 {
		return 0
	}
	return min(2*(from+size)+10, MaxWindow)
}

// nextWindow is the window to search again when one of n hits held only
// groups of the need a page reaches: wide enough for need groups at the
// versions per group seen so far (and a quarter more), at least twice
// the last, so that one more search usually suffices. Each search reads
// every hit again: where most groups have many versions (a word in every
// document of a corpus of copies), widening by a fixed factor took three
// searches and ran past the deadline.
func nextWindow(window, need, n, groups int) int {
	perGroup := float64(n) / float64(max(groups, 1))
	want := int(float64(need)*perGroup*1.25) + 1
	return min(max(want, 2*window), MaxWindow)
}

// likelyWindow is the window to search first for a page that reaches
// need groups, when the narrowest that may hold them is window: the window
// nextWindow widens it to when it holds typical hits per group (the
// index's typical group size, index.FacetSnapshot.TypicalGroup), or window
// itself where most documents stand alone. Where every text has ten
// versions (cmd/bench -scale 10) a window sized for one hit per group held
// a tenth of the page's groups, and nearly every search ran twice. The
// narrower windows are the first hits of the wider one (firstHits), so
// the page is the same as from searching them one by one: sortOrder is a
// total order, and re-ranking (rerank.go) changes only the first
// rerankDepth hits, which every re-ranked window holds.
func likelyWindow(window, need, typical int) int {
	if typical <= 1 || window == 0 || window >= MaxWindow {
		return window
	}
	return nextWindow(window, need, typical, 1)
}

// firstHits is the first window hits of a wider window's search.
func firstHits(hits bsearch.DocumentMatchCollection, window int) bsearch.DocumentMatchCollection {
	return hits[:min(len(hits), window)]
}

// memberOf reads a window hit's group key and date from the snapshot's
// tables (index/window.go): no stored field is loaded.
func memberOf(snap *index.FacetSnapshot, dm *bsearch.DocumentMatch, rank int) (member, string, error) {
	f, err := snap.Facts(dm)
	if err != nil {
		return member{}, "", err
	}
	return member{id: dm.ID, date: f.PeriodStart, score: dm.Score, rank: rank, hit: dm}, f.Group, nil
}

// groupHits groups a window of hits in rank order.
func groupHits(snap *index.FacetSnapshot, hits bsearch.DocumentMatchCollection) ([]*group, error) {
	var out []*group
	byKey := map[string]*group{}
	for i, dm := range hits {
		m, k, err := memberOf(snap, dm, i)
		if err != nil {
			return nil, err
		}
		if k == "" {
			out = append(out, &group{members: []member{m}})
			continue
		}
		g := byKey[k]
		if g == nil {
			g = &group{key: k}
			byKey[k] = g
			out = append(out, g)
		}
		g.members = append(g.members, m)
	}
	return out, nil
}

// complete adds to the page's groups their members beyond the window: the
// same query, restricted to the groups' keys, on the same snapshot.
// counts are the query's matches per group key (nil: not counted).
func (e *Engine) complete(ctx context.Context, snap *index.FacetSnapshot, q query.Query, page []*group, counts *index.GroupCounts) error {
	// at most the documents with the key, at most those the query matched
	matched := func(key string) int {
		n := snap.GroupSize(key)
		if counts != nil {
			n = min(n, counts.Count(key))
		}
		return n
	}
	// Most groups are whole already: the query matches no more documents
	// with their key than the window found. Then the search is not run
	// (the answer would be the same).
	whole := true
	for _, g := range page {
		if g.key != "" && matched(g.key) > len(g.members) {
			whole = false
			break
		}
	}
	if whole {
		return nil
	}
	var keys []query.Query
	byKey := map[string]*group{}
	seen := map[string]bool{}
	// the search finds at most the documents that have the keys: its
	// window (bleve allocates a match per place in it) need be no wider
	size := 0
	for _, g := range page {
		if g.key == "" || byKey[g.key] != nil {
			continue
		}
		size += matched(g.key)
		byKey[g.key] = g
		tq := bleve.NewTermQuery(g.key)
		tq.SetField(index.FieldGroup)
		keys = append(keys, tq)
		for _, m := range g.members {
			seen[m.id] = true
		}
	}
	if len(keys) == 0 {
		return nil
	}
	// the keys restrict as a filter does: the query's documents that
	// have them, each scored as the window's search scores it (a
	// required clause would add the key's own weight), found by skipping
	// from one key's document to the next (filterquery.go)
	restrict := pushFilter(q, bleve.NewDisjunctionQuery(keys...))
	hits, _, err := snap.Search(ctx, restrict, min(size, maxCompletion), bsearch.SortOrder{&bsearch.SortScore{Desc: true}})
	if err != nil {
		return err
	}
	for i, dm := range hits {
		m, k, err := memberOf(snap, dm, len(seen)+i)
		if err != nil {
			return err
		}
		if g := byKey[k]; g != nil && !seen[m.id] {
			seen[m.id] = true
			g.members = append(g.members, m)
		}
	}
	return nil
}

// head returns the member to show for a group (its newest; equal dates:
// the best ranked) and the others, newest first, with their stored titles
// (the only stored field read for them).
func (g *group) head(snap *index.FacetSnapshot) (member, []Version, error) {
	ms := append([]member{}, g.members...)
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].date != ms[j].date {
			return ms[i].date > ms[j].date
		}
		return ms[i].rank < ms[j].rank
	})
	var vs []Version
	for _, m := range ms[1:] {
		title, err := snap.Title(m.hit)
		if err != nil {
			return member{}, nil, err
		}
		vs = append(vs, Version{ID: m.id, Title: title, PeriodStart: m.date, Score: m.score})
	}
	return ms[0], vs, nil
}

// best is the group's best score: its place in the list.
func (g *group) best() float64 { return g.members[0].score }
