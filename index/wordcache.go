package index

import (
	"slices"
	"strings"
	"sync"
)

// wordCache remembers a pure function of one word (of the lexicon and
// word lists, which do not change while the process runs): sharded maps,
// each cleared when it reaches its bound, as the surface cache. The lists
// it returns are shared: callers read them (appending to one copies it,
// since its capacity is its length).
type wordCache struct {
	perShard int
	shards   [cacheShards]struct {
		mu sync.RWMutex
		m  map[string][]string
	}
}

// get returns f(w), from the cache when w was asked before.
func (c *wordCache) get(w string, f func(string) []string) []string {
	sh := &c.shards[fnv32(w)%cacheShards]
	sh.mu.RLock()
	v, ok := sh.m[w]
	sh.mu.RUnlock()
	if ok {
		return v
	}
	v = slices.Clip(f(w))
	sh.mu.Lock()
	if sh.m == nil || len(sh.m) >= c.perShard {
		sh.m = make(map[string][]string, 64)
	}
	sh.m[strings.Clone(w)] = v // not the string w was cut from
	sh.mu.Unlock()
	return v
}
