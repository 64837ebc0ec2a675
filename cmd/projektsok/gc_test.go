package main

import "testing"

// The ingest's soft heap limit bounds the garbage, not the live heap: a
// live heap that grows with the corpus (the session's per-file tables)
// must never sit at the limit, where the collector runs without pause.
func TestIngestLimit(t *testing.T) {
	tests := []struct {
		name string
		live uint64
		want int64
	}{
		{"nothing live yet", 0, ingestMemLimit},
		{"small corpus: the least limit", ingestMemLimit / 2, ingestMemLimit},
		{"at the boundary", ingestMemLimit * 2 / 3, ingestMemLimit},
		{"large corpus: half as much again as live", 600 << 20, 900 << 20},
		{"ten times the corpus", 1 << 30, 3 << 29},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ingestLimit(tt.live); got != tt.want {
				t.Errorf("ingestLimit(%d MiB) = %d MiB, want %d MiB", tt.live>>20, got>>20, tt.want>>20)
			}
			if got := ingestLimit(tt.live); uint64(got) <= tt.live {
				t.Errorf("limit %d at or below the live heap %d", got, tt.live)
			}
		})
	}
}
