package search

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkSearchGrouped is one search with near-duplicate grouping at
// three depths: the first page, the tenth, and the deepest the API allows
// (from + size = MaxWindow), where the window holds every hit up to
// 10,000. Only the shown hits' stored documents are loaded; the group keys
// of the window come from the facet tables (index/window.go). With
// PROJEKTSOK_BENCH_INDEX set to the 44k index, "deep" must stay well
// within the 2 s deadline (Engine.Timeout).
func BenchmarkSearchGrouped(b *testing.B) {
	eng := engineForBench(b)
	for _, from := range []int{0, 90, MaxWindow - DefaultSize} {
		for _, sort := range []string{SortRelevance, SortNewest, SortBudget} {
			b.Run(fmt.Sprintf("from=%d/%s", from, sort), func(b *testing.B) {
				b.ReportAllocs()
				defer reportCPU(b)()
				for i := 0; b.Loop(); i++ {
					qs := []string{"arbetsmarknad", "rapport", "kommun"}
					req := Request{Query: qs[i%len(qs)], From: from, Size: DefaultSize, Sort: sort, Filters: map[string][]string{}}
					if _, err := eng.Search(context.Background(), req); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
