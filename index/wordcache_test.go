package index

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFoldedFormsRemembered: the remembered answers of FoldedForms and
// FoldedBases are those of the look-ups themselves, at the first ask and
// the next, and a caller appending to one copies it (its capacity is its
// length).
func TestFoldedFormsRemembered(t *testing.T) {
	for _, w := range []string{"bockerna", "samhallet", "sokandelotsen", "storre", "skolbockerna", "arbete", "xyzzy"} {
		for _, c := range []struct {
			name         string
			cached, look func(string) []string
		}{{"FoldedForms", FoldedForms, foldedForms}, {"FoldedBases", FoldedBases, foldedBases}} {
			want := c.look(w)
			for ask := 1; ask <= 2; ask++ {
				got := c.cached(w)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s(%q), ask %d (-look-up +remembered):\n%s", c.name, w, ask, diff)
				}
				if cap(got) != len(got) {
					t.Errorf("%s(%q): capacity %d beyond its %d words: a caller's append would write into the shared list", c.name, w, cap(got), len(got))
				}
			}
		}
	}
}

// TestWordCacheBound: a shard that reaches its bound starts again, so the
// cache never holds more than cacheShards × perShard words.
func TestWordCacheBound(t *testing.T) {
	c := wordCache[[]string]{perShard: 2}
	calls := 0
	f := func(w string) []string { calls++; return []string{w} }
	for i := range 1000 {
		c.get(string(rune('a'+i%26))+string(rune('a'+i/26)), f)
	}
	n := 0
	for i := range c.shards {
		n += len(c.shards[i].m)
	}
	if n > cacheShards*2 {
		t.Errorf("the cache holds %d words, want at most %d", n, cacheShards*2)
	}
	before := calls
	if got := c.get("zz-new", f); len(got) != 1 || got[0] != "zz-new" || calls != before+1 {
		t.Errorf("get(zz-new) = %v after %d calls of f, want [zz-new] after one", got, calls-before)
	}
	if c.get("zz-new", f); calls != before+1 {
		t.Errorf("asked again, f ran again")
	}
}
