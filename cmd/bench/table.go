package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// check gives a row's target, whether a run meets it, and whether the
// target applies to that run.
type check func(r scaleResult) (target string, ok, applies bool)

// printTable writes the report as one table: a row per metric, a column
// per scale, the target of issue 7 and whether the first run meets it
// (the last run for the scale targets).
func printTable(w io.Writer, rep report) {
	m := rep.Machine
	fmt.Fprintf(w, "\nProjektsök benchmark — %s, %d cores, %.0f GB, %s, commit %s, load avg at start %s\n",
		m.CPU, m.Cores, m.MemGB, m.GoVersion, m.Commit, m.LoadAvg)
	if rep.AnswerCacheMB > 0 {
		fmt.Fprintf(w, "Answer cache ON (%d MiB): searches asked again are answered from it; -answer-cache-mb 0 measures without\n\n", rep.AnswerCacheMB)
	} else {
		fmt.Fprintf(w, "Answer cache OFF (-answer-cache-mb 0): every request is searched\n\n")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight|tabwriter.Debug)
	head := []string{"metric"}
	for _, r := range rep.Runs {
		head = append(head, fmt.Sprintf("%s docs (×%d)", thousands(r.Corpus.Files), r.Scale))
	}
	head = append(head, "target", "")
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")

	row := func(label string, val func(r scaleResult) string, c check) {
		cells := []string{label}
		for _, r := range rep.Runs {
			cells = append(cells, val(r))
		}
		target, status := "", ""
		if c != nil && len(rep.Runs) > 0 {
			for _, r := range rep.Runs {
				t, ok, applies := c(r)
				if t != "" {
					target = t
				}
				if applies {
					status = "ok"
					if !ok {
						status = "MISS"
					}
				}
			}
		}
		cells = append(cells, target, status)
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	first := func(r scaleResult) bool { return r.Scale == 1 }
	f1 := func(f string, v float64) string { return fmt.Sprintf(f, v) }

	if rep.Runs[0].Ingest.Docs > 0 { // not with -index
		row("corpus MB", func(r scaleResult) string { return f1("%.1f", float64(r.Corpus.Bytes)/1e6) }, nil)
		row("ingest wall s", func(r scaleResult) string { return f1("%.1f", r.Ingest.Seconds) }, nil)
		row("ingest: documents (files with distinct bytes)", func(r scaleResult) string {
			return fmt.Sprintf("%s (%s)", thousands(int(r.Ingest.Documents)), thousands(r.Corpus.Distinct))
		}, func(r scaleResult) (string, bool, bool) {
			return "= distinct files", int(r.Ingest.Documents) == r.Corpus.Distinct, true
		})
		row("ingest fates: indexed/updated/unchanged/duplicate/skipped/failed", func(r scaleResult) string {
			f := r.Ingest.Fates
			return fmt.Sprintf("%d/%d/%d/%d/%d/%d", f.Indexed, f.Updated, f.Unchanged, f.Duplicate, f.Skipped, f.Failed)
		}, func(r scaleResult) (string, bool, bool) {
			f := r.Ingest.Fates
			return "sum = files found = corpus", f.Sum() == f.Found && f.Found == r.Corpus.Files, true
		})
		row("ingest docs/s", func(r scaleResult) string { return f1("%.0f", r.Ingest.DocsPerSec) },
			func(r scaleResult) (string, bool, bool) { return "≥ 3000", r.Ingest.DocsPerSec >= 3000, first(r) })
		if len(rep.Runs) > 1 {
			base := rep.Runs[0].Ingest.DocsPerSec
			row("ingest rate vs ×1", func(r scaleResult) string { return f1("%.2f", r.Ingest.DocsPerSec/base) },
				func(r scaleResult) (string, bool, bool) {
					return "≥ 0.75 at ×10", r.Ingest.DocsPerSec/base >= 0.75, !first(r)
				})
		}
		row("ingest MB/s", func(r scaleResult) string { return f1("%.2f", r.Ingest.MBPerSec) }, nil)
		row("ingest CPU s (child)", func(r scaleResult) string { return f1("%.1f", r.Ingest.CPUSeconds) }, nil)
		row("ingest peak RSS MB", func(r scaleResult) string { return f1("%.0f", r.Ingest.PeakRSSMB) },
			func(r scaleResult) (string, bool, bool) { return "≤ 400", r.Ingest.PeakRSSMB <= 400, true })
		row("ingest RSS at its sampled peak: anon / file-backed MB", func(r scaleResult) string {
			return fmt.Sprintf("%.0f / %.0f", r.Ingest.AtPeakAnonMB, r.Ingest.AtPeakFileMB)
		}, nil)
		row("ingest max sampled anon / file-backed MB", func(r scaleResult) string {
			return fmt.Sprintf("%.0f / %.0f", r.Ingest.PeakAnonMB, r.Ingest.PeakFileMB)
		}, nil)
		row("index size MB", func(r scaleResult) string { return f1("%.0f", mb(r.Ingest.IndexBytes)) }, nil)
		if rep.Runs[0].Floor != nil {
			for i, fl := range rep.Runs[0].Floors {
				i := i
				fr := func(r scaleResult) floorResult {
					if i < len(r.Floors) {
						return r.Floors[i]
					}
					return floorResult{}
				}
				row(fmt.Sprintf("floor (%s) wall s", fl.Mapping), func(r scaleResult) string { return f1("%.1f", fr(r).Seconds) }, nil)
				row(fmt.Sprintf("floor (%s) CPU s", fl.Mapping), func(r scaleResult) string { return f1("%.1f", fr(r).CPUSeconds) }, nil)
				row(fmt.Sprintf("floor (%s) size MB", fl.Mapping), func(r scaleResult) string { return f1("%.0f", mb(fr(r).IndexBytes)) }, nil)
			}
			row("ours/floor wall time", func(r scaleResult) string { return f1("%.2f", r.TimeRatio) },
				func(r scaleResult) (string, bool, bool) { return "≤ 1.15", r.TimeRatio <= 1.15, first(r) })
			row("ours/floor CPU time", func(r scaleResult) string { return f1("%.2f", r.CPURatio) }, nil)
			row("ours/floor size", func(r scaleResult) string { return f1("%.2f", r.SizeRatio) },
				func(r scaleResult) (string, bool, bool) { return "≤ 1.5", r.SizeRatio <= 1.5, first(r) })
		}
	}
	row("serve: start → first answer ms", func(r scaleResult) string { return f1("%.0f", r.ReadyMS) },
		func(r scaleResult) (string, bool, bool) { return "< 1000", r.ReadyMS < 1000, first(r) })
	row("server RSS idle MB", func(r scaleResult) string { return f1("%.0f", r.IdleRSSMB) }, nil)
	row("workload requests", func(r scaleResult) string { return fmt.Sprint(r.WorkloadSize) }, nil)
	levels := rep.Runs[0].Levels
	for i, l := range levels {
		i, c := i, l.Concurrency
		lv := func(r scaleResult) *levelResult {
			if i < len(r.Levels) {
				return &r.Levels[i]
			}
			return &levelResult{}
		}
		var p99Check, rpsCheck check
		if c == 1 {
			p99Check = func(r scaleResult) (string, bool, bool) {
				if first(r) {
					return "≤ 20 (≤ 60 at ×10)", lv(r).P99 <= 20, true
				}
				return "", lv(r).P99 <= 60, true
			}
		}
		if c == 16 {
			rpsCheck = func(r scaleResult) (string, bool, bool) {
				if first(r) {
					return "≥ 2000 (≥ 600 at ×10)", lv(r).RPS >= 2000, true
				}
				return "", lv(r).RPS >= 600, true
			}
		}
		row(fmt.Sprintf("c=%d cpu s/1000 req", c), func(r scaleResult) string { return f1("%.2f", lv(r).CPUPer1000) }, nil)
		row(fmt.Sprintf("c=%d client cpu s/1000 req", c), func(r scaleResult) string { return f1("%.2f", lv(r).ClientCPUPer1000) }, nil)
		row(fmt.Sprintf("c=%d p50 ms", c), func(r scaleResult) string { return f1("%.1f", lv(r).P50) },
			func(r scaleResult) (string, bool, bool) {
				if c != 1 {
					return "", true, false
				}
				return "≤ 5", lv(r).P50 <= 5, first(r)
			})
		row(fmt.Sprintf("c=%d p95 ms", c), func(r scaleResult) string { return f1("%.1f", lv(r).P95) }, nil)
		row(fmt.Sprintf("c=%d p99 ms", c), func(r scaleResult) string { return f1("%.1f", lv(r).P99) }, p99Check)
		row(fmt.Sprintf("c=%d req/s", c), func(r scaleResult) string { return f1("%.1f", lv(r).RPS) }, rpsCheck)
		row(fmt.Sprintf("c=%d errors", c), func(r scaleResult) string { return fmt.Sprintf("%d/%d", lv(r).Errors, lv(r).Requests) },
			func(r scaleResult) (string, bool, bool) { return "0", lv(r).Errors == 0, true })
		row(fmt.Sprintf("c=%d server RSS max MB", c), func(r scaleResult) string { return f1("%.0f", lv(r).RSSMaxMB) }, nil)
		row(fmt.Sprintf("c=%d answer cache hit/shared/miss", c), func(r scaleResult) string { return cacheCounts(lv(r).AnswerCache) }, nil)
	}
	row("server RSS peak (VmHWM) MB", func(r scaleResult) string { return f1("%.0f", r.HWMMB) },
		func(r scaleResult) (string, bool, bool) {
			if first(r) {
				return "< 300 (≤ 700 at ×10)", r.HWMMB < 300, true
			}
			return "", r.HWMMB <= 700, true
		})
	if len(rep.Runs[0].LongTail) > 0 {
		longTailRows(row, rep.Runs[0].LongTail)
	}
	if rep.Runs[0].Mix != nil {
		mixRows(row)
	}
	row("load avg after the levels", func(r scaleResult) string { return r.LoadAvg }, nil)
	if rep.Runs[0].Reingest != nil {
		reingestRows(row)
	}
	tw.Flush()
	for _, r := range rep.Runs {
		if r.Reingest != nil && r.Reingest.Skipped != "" {
			fmt.Fprintf(w, "\n×%d re-ingest load skipped: %s\n", r.Scale, r.Reingest.Skipped)
		}
	}
	fmt.Fprintln(w)
}

// thousands formats n with thin separators: 44397 → 44,397.
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// reingestRows adds the rows of the -reingest-load test (issue 8).
func reingestRows(row func(string, func(scaleResult) string, check)) {
	ok := func(r scaleResult) bool { return r.Reingest != nil && r.Reingest.Skipped == "" }
	val := func(f func(rr *reingestResult) string) func(scaleResult) string {
		return func(r scaleResult) string {
			switch {
			case r.Reingest == nil:
				return "-"
			case r.Reingest.Skipped != "":
				return "skipped"
			}
			return f(r.Reingest)
		}
	}
	row("re-ingest: load seconds (c=16)", val(func(rr *reingestResult) string { return fmt.Sprintf("%.1f", rr.Seconds) }), nil)
	row("re-ingest: requests", val(func(rr *reingestResult) string { return fmt.Sprint(rr.Load.Requests) }), nil)
	row("re-ingest: req/s", val(func(rr *reingestResult) string { return fmt.Sprintf("%.1f", rr.Load.RPS) }), nil)
	row("re-ingest: req/s while the rebuild ran / long tail c=16 without", val(func(rr *reingestResult) string {
		if rr.BaseRPS == 0 {
			return fmt.Sprintf("%.1f / -", rr.RebuildRPS)
		}
		return fmt.Sprintf("%.1f / %.1f = %.2f", rr.RebuildRPS, rr.BaseRPS, rr.RebuildRPS/rr.BaseRPS)
	}), func(r scaleResult) (string, bool, bool) {
		measured := ok(r) && r.Reingest.BaseRPS > 0
		return "≥ 0.70", measured && r.Reingest.RebuildRPS >= 0.7*r.Reingest.BaseRPS, measured
	})
	row("re-ingest: p50 / p95 / p99 ms", val(func(rr *reingestResult) string {
		return fmt.Sprintf("%.1f / %.1f / %.1f", rr.Load.P50, rr.Load.P95, rr.Load.P99)
	}), nil)
	row("re-ingest: errors", val(func(rr *reingestResult) string { return fmt.Sprintf("%d/%d", rr.Load.Errors, rr.Load.Requests) }),
		func(r scaleResult) (string, bool, bool) {
			return "0", ok(r) && r.Reingest.Load.Errors == 0, r.Reingest != nil
		})
	row("re-ingest: rebuild status, wall s", val(func(rr *reingestResult) string {
		return fmt.Sprintf("%d, %.1f s", rr.Rebuild.Status, rr.Rebuild.Seconds)
	}), func(r scaleResult) (string, bool, bool) {
		return "200", ok(r) && r.Reingest.Rebuild.Status == 200, r.Reingest != nil
	})
	row("re-ingest: rebuild answered at s", val(func(rr *reingestResult) string {
		at := rr.Rebuild.StartS + rr.Rebuild.Seconds
		if at > rr.Seconds {
			return fmt.Sprintf("%.1f (after the load)", at)
		}
		return fmt.Sprintf("%.1f (swap under load)", at)
	}), nil)
	row("re-ingest: ingest passes after it", val(func(rr *reingestResult) string {
		var b strings.Builder
		fmt.Fprint(&b, len(rr.Ingests))
		for i, w := range rr.Ingests {
			sep := " ("
			if i > 0 {
				sep = ", "
			}
			fmt.Fprintf(&b, "%s%d %.1f s", sep, w.Status, w.Seconds)
		}
		if len(rr.Ingests) > 0 {
			b.WriteString(")")
		}
		return b.String()
	}), func(r scaleResult) (string, bool, bool) {
		return "all 200", ok(r) && r.Reingest.adminWritesOK(), r.Reingest != nil
	})
	row("re-ingest: writing during load s", val(func(rr *reingestResult) string {
		return fmt.Sprintf("%.1f of %.1f", rr.WriteSecs, rr.Seconds)
	}), nil)
	row("re-ingest: generation before → after", val(func(rr *reingestResult) string {
		return fmt.Sprintf("%d → %d", rr.GenBefore, rr.GenAfter)
	}), func(r scaleResult) (string, bool, bool) {
		return "+1", ok(r) && r.Reingest.GenAfter == r.Reingest.GenBefore+1, r.Reingest != nil
	})
	row("re-ingest: swaps_total before → after", val(func(rr *reingestResult) string {
		return fmt.Sprintf("%.0f → %.0f", rr.SwapsBefore, rr.SwapsAfter)
	}), nil)
	row("re-ingest: documents after", val(func(rr *reingestResult) string { return thousands(int(rr.DocsAfter)) }),
		func(r scaleResult) (string, bool, bool) {
			return "= distinct files", ok(r) && int(r.Reingest.DocsAfter) == r.Corpus.Distinct, r.Reingest != nil
		})
	row("re-ingest: server RSS max / VmHWM MB", val(func(rr *reingestResult) string {
		return fmt.Sprintf("%.0f / %.0f", rr.RSSMaxMB, rr.HWMMB)
	}), nil)
	row("re-ingest: load avg at end", val(func(rr *reingestResult) string { return rr.LoadAvg }), nil)
}

// longTailRows adds the long-tail levels (issue 19).
func longTailRows(row func(string, func(scaleResult) string, check), levels []levelResult) {
	first := func(r scaleResult) bool { return r.Scale == 1 }
	for i, l := range levels {
		i, c := i, l.Concurrency
		lv := func(r scaleResult) *levelResult {
			if i < len(r.LongTail) {
				return &r.LongTail[i]
			}
			return &levelResult{}
		}
		f := func(format string, v func(l *levelResult) float64) func(scaleResult) string {
			return func(r scaleResult) string { return fmt.Sprintf(format, v(lv(r))) }
		}
		var p50, p99, rps check
		switch c {
		case 1:
			p50 = func(r scaleResult) (string, bool, bool) { return "≤ 1.5", lv(r).P50 <= 1.5, first(r) }
			p99 = func(r scaleResult) (string, bool, bool) { return "≤ 6", lv(r).P99 <= 6, first(r) }
		case 16:
			p99 = func(r scaleResult) (string, bool, bool) {
				if first(r) {
					return "≤ 40 (≤ 100 at ×10)", lv(r).P99 <= 40, true
				}
				return "", lv(r).P99 <= 100, true
			}
			rps = func(r scaleResult) (string, bool, bool) {
				if first(r) {
					return "≥ 1500 (≥ 600 at ×10)", lv(r).RPS >= 1500, true
				}
				return "", lv(r).RPS >= 600, true
			}
		}
		row(fmt.Sprintf("long tail c=%d requests", c), func(r scaleResult) string { return fmt.Sprint(lv(r).Requests) }, nil)
		row(fmt.Sprintf("long tail c=%d p50 ms", c), f("%.1f", func(l *levelResult) float64 { return l.P50 }), p50)
		row(fmt.Sprintf("long tail c=%d p95 ms", c), f("%.1f", func(l *levelResult) float64 { return l.P95 }), nil)
		row(fmt.Sprintf("long tail c=%d p99 ms", c), f("%.1f", func(l *levelResult) float64 { return l.P99 }), p99)
		row(fmt.Sprintf("long tail c=%d req/s", c), f("%.1f", func(l *levelResult) float64 { return l.RPS }), rps)
		row(fmt.Sprintf("long tail c=%d cpu s/1000 req", c), f("%.2f", func(l *levelResult) float64 { return l.CPUPer1000 }), nil)
		row(fmt.Sprintf("long tail c=%d client cpu s/1000 req", c), f("%.2f", func(l *levelResult) float64 { return l.ClientCPUPer1000 }), nil)
		row(fmt.Sprintf("long tail c=%d errors", c), func(r scaleResult) string { return fmt.Sprintf("%d/%d", lv(r).Errors, lv(r).Requests) },
			func(r scaleResult) (string, bool, bool) { return "0", lv(r).Errors == 0, true })
		row(fmt.Sprintf("long tail c=%d answer cache hit/shared/miss", c), func(r scaleResult) string { return cacheCounts(lv(r).AnswerCache) }, nil)
	}
}

// mixRows adds the hostile mix (issue 19).
func mixRows(row func(string, func(scaleResult) string, check)) {
	val := func(f func(m *mixResult) string) func(scaleResult) string {
		return func(r scaleResult) string {
			if r.Mix == nil {
				return "-"
			}
			return f(r.Mix)
		}
	}
	row("mix: ordinary c=16 p50 / p99 ms", val(func(m *mixResult) string {
		return fmt.Sprintf("%.1f / %.1f", m.Ordinary.P50, m.Ordinary.P99)
	}), func(r scaleResult) (string, bool, bool) {
		return "p99 ≤ 100", r.Mix != nil && r.Mix.Ordinary.P99 <= 100, r.Mix != nil
	})
	row("mix: ordinary req/s", val(func(m *mixResult) string { return fmt.Sprintf("%.1f", m.Ordinary.RPS) }), nil)
	row("mix: server cpu s per 1000 ordinary req", val(func(m *mixResult) string { return fmt.Sprintf("%.2f", m.CPUPer1000) }), nil)
	row("mix: answer cache hit/shared/miss, ordinary | costly", val(func(m *mixResult) string {
		return cacheCounts(m.Ordinary.AnswerCache) + " | " + cacheCounts(m.Hostile.AnswerCache)
	}), nil)
	row("mix: ordinary statuses", val(func(m *mixResult) string { return statuses(m.Ordinary.Statuses) }),
		func(r scaleResult) (string, bool, bool) {
			return "all 200", r.Mix != nil && r.Mix.Ordinary.Errors == 0, r.Mix != nil
		})
	row("mix: costly c=16 p50 / p99 / max ms", val(func(m *mixResult) string {
		a := m.Hostile.Answered
		return fmt.Sprintf("%.1f / %.1f / %.1f", a.P50, a.P99, a.Max)
	}), func(r scaleResult) (string, bool, bool) {
		return "max ≤ deadline (2 s)", r.Mix != nil && r.Mix.Hostile.Answered.Max <= 2000, r.Mix != nil
	})
	row("mix: costly statuses", val(func(m *mixResult) string { return statuses(m.Hostile.Statuses) }),
		func(r scaleResult) (string, bool, bool) {
			ok := r.Mix != nil
			if ok {
				for code := range r.Mix.Hostile.Statuses {
					if code != "200" && code != "400" && code != "429" {
						ok = false
					}
				}
			}
			return "200, 400, 429 only", ok, r.Mix != nil
		})
	row("mix: costly 400/429 after ≥ 1 s", val(func(m *mixResult) string { return fmt.Sprint(m.Hostile.LateRefusals) }),
		func(r scaleResult) (string, bool, bool) {
			return "0 (turned away early)", r.Mix != nil && r.Mix.Hostile.LateRefusals == 0, r.Mix != nil
		})
}

// statuses formats status counts: "200×2990 429×10".
func statuses(m map[string]int) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s×%d", k, m[k]))
	}
	return strings.Join(parts, " ")
}

// cacheCounts shows a level's answers by X-Answer-Cache: hit/shared/miss.
func cacheCounts(m map[string]int) string {
	return fmt.Sprintf("%d/%d/%d", m["hit"], m["shared"], m["miss"])
}
