package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"
)

// progress reports how far an ingest has come: a bar redrawn in place on a
// terminal, a plain line now and then otherwise (logs, pipes, CI).
type progress struct {
	w        io.Writer
	tty      bool
	total    int
	done     int
	start    time.Time
	lastDraw time.Time
	lastLine int
	acked    atomic.Int64
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, tty: isTerminal(w), total: total, start: time.Now()}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progress) add(n int) {
	p.done += n
	now := time.Now()
	if p.tty {
		if now.Sub(p.lastDraw) >= 100*time.Millisecond || p.done == p.total {
			p.draw()
			p.lastDraw = now
		}
		return
	}
	// plain: one line per 10% of a large job
	if p.total >= 1000 && p.done-p.lastLine >= p.total/10 {
		fmt.Fprintf(p.w, "ingest: %d/%d files (%.0f files/s)\n", p.done, p.total, p.rate())
		p.lastLine = p.done
	}
}

// acknowledged reports a persisted batch. It runs on the writer's
// goroutine, so it only prints (one line per batch, not on a terminal).
func (p *progress) acknowledged(records int) {
	if p.tty {
		return
	}
	n := p.acked.Add(int64(records))
	fmt.Fprintf(p.w, "ingest: %d documents acknowledged\n", n)
}

func (p *progress) rate() float64 {
	s := time.Since(p.start).Seconds()
	if s <= 0 {
		return 0
	}
	return float64(p.done) / s
}

func (p *progress) draw() {
	const width = 30
	filled := width
	if p.total > 0 {
		filled = width * p.done / p.total
	}
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d files %.0f/s", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), p.done, p.total, p.rate())
}

// clear removes the bar so that a message can be printed on its own line.
func (p *progress) clear() {
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func (p *progress) finish() {
	if p.tty && p.total > 0 {
		p.draw()
		fmt.Fprintln(p.w)
	}
}
