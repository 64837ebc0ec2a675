package index

import (
	"strings"
	"sync"
)

// wordCache remembers a pure function of one word (of the lexicon, the
// analyzers and word lists, which do not change while the process runs):
// sharded maps, each cleared when it reaches its bound, so memory stays
// bounded while the frequent words (Zipf) stay cached. The values it
// returns are shared: callers read them. The surface cache
// (lookupSurface) has the same shape but is looked up by bytes and has a
// bound that SetSurfaceCache changes.
type wordCache[V any] struct {
	perShard int
	shards   [cacheShards]struct {
		mu sync.RWMutex
		m  map[string]V
	}
}

// get returns f(w), from the cache when w was asked before.
func (c *wordCache[V]) get(w string, f func(string) V) V {
	sh := &c.shards[fnv32(w)%cacheShards]
	sh.mu.RLock()
	v, ok := sh.m[w]
	sh.mu.RUnlock()
	if ok {
		return v
	}
	v = f(w)
	sh.mu.Lock()
	if sh.m == nil || len(sh.m) >= c.perShard {
		sh.m = make(map[string]V, min(c.perShard, 1024))
	}
	sh.m[strings.Clone(w)] = v // not the string w was cut from
	sh.mu.Unlock()
	return v
}

// clear empties the cache (benchmarks measure the first ask with it).
func (c *wordCache[V]) clear() {
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		sh.m = nil
		sh.mu.Unlock()
	}
}
