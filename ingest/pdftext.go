package ingest

import (
	"bytes"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text of a PDF page is rebuilt from where its glyphs are drawn, not from
// the order or grouping of the text operators: producers cut words at
// kerning (Chromium draws "Bor" and "gholm" as two strings), draw a line
// in pieces, and run two columns side by side. For every glyph the
// interpreter records its position, advance (from the font's widths) and
// size in page space; the layout then groups glyphs into words (a gap of
// about a space), words into lines (a shared baseline), lines into
// columns (a gutter that no word crosses) and paragraphs (a larger gap or
// a change of size), drops running headers, footers and page numbers, and
// joins words hyphenated at a line end.

// pdfGlyph is one shown character code.
type pdfGlyph struct {
	x, y  float64 // start of the baseline, page space
	w     float64 // advance, page space
	size  float64 // font size, page space
	text  string
	space bool // the glyph is white space
	exact bool // w comes from the font's widths
}

type pdfMatrix [6]float64

var identity = pdfMatrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (apply m, then n).
func (m pdfMatrix) mul(n pdfMatrix) pdfMatrix {
	return pdfMatrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// glyphState is the graphics and text state of a content stream.
type glyphState struct {
	ctm                        pdfMatrix
	font                       *pdfFont
	size, cs, ws, hscale, lead float64
	rise                       float64
}

// glyphInterp runs content streams and collects glyphs.
type glyphInterp struct {
	p      *pdfFile
	glyphs []pdfGlyph
	bytes  int // text collected, bounded by pdfMaxTextBytes
	ops    int // operators run, bounded
}

// run interprets one content stream with its resources under ctm.
func (gi *glyphInterp) run(content []byte, res pdfDict, ctm pdfMatrix, depth int) {
	fonts := map[string]*pdfFont{}
	fontDict := gi.p.dict(res["Font"])
	getFont := func(name string) *pdfFont {
		if f, ok := fonts[name]; ok {
			return f
		}
		f := gi.p.font(fontDict[name])
		fonts[name] = f
		return f
	}
	st := glyphState{ctm: ctm, hscale: 1}
	var stack []glyphState
	tm, tlm := identity, identity
	lx := &pdfLexer{b: content}
	var ops []any
	for ; gi.ops < 50_000_000 && gi.bytes <= pdfMaxTextBytes; gi.ops++ {
		tok, ok := lx.object(0)
		if !ok {
			return
		}
		kw, isKw := tok.(keyword)
		if !isKw || kw == "[" || kw == "<<" {
			if len(ops) < 64 {
				ops = append(ops, tok)
			}
			continue
		}
		last := len(ops) - 1
		num := func(i int) float64 {
			if i < 0 || i >= len(ops) {
				return 0
			}
			switch v := ops[i].(type) {
			case int:
				return float64(v)
			case float64:
				return v
			}
			return 0
		}
		switch kw {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, st)
			}
		case "Q":
			if n := len(stack); n > 0 {
				st = stack[n-1]
				stack = stack[:n-1]
			}
		case "cm":
			if last >= 5 {
				st.ctm = pdfMatrix{num(last - 5), num(last - 4), num(last - 3), num(last - 2), num(last - 1), num(last)}.mul(st.ctm)
			}
		case "BI":
			if i := bytes.Index(content[lx.pos:], []byte("EI")); i >= 0 {
				lx.pos += i + 2
			} else {
				return
			}
		case "BT":
			tm, tlm = identity, identity
		case "Tf":
			if last >= 1 {
				if name, ok := ops[last-1].(pdfName); ok {
					st.font = getFont(string(name))
				}
				st.size = num(last)
			}
		case "Tc":
			st.cs = num(last)
		case "Tw":
			st.ws = num(last)
		case "Tz":
			st.hscale = num(last) / 100
		case "TL":
			st.lead = num(last)
		case "Ts":
			st.rise = num(last)
		case "Td":
			tlm = pdfMatrix{1, 0, 0, 1, num(last - 1), num(last)}.mul(tlm)
			tm = tlm
		case "TD":
			st.lead = -num(last)
			tlm = pdfMatrix{1, 0, 0, 1, num(last - 1), num(last)}.mul(tlm)
			tm = tlm
		case "Tm":
			if last >= 5 {
				tlm = pdfMatrix{num(last - 5), num(last - 4), num(last - 3), num(last - 2), num(last - 1), num(last)}
				tm = tlm
			}
		case "T*":
			tlm = pdfMatrix{1, 0, 0, 1, 0, -st.lead}.mul(tlm)
			tm = tlm
		case "'", "\"":
			if kw == "\"" && last >= 2 {
				st.ws, st.cs = num(last-2), num(last-1)
			}
			tlm = pdfMatrix{1, 0, 0, 1, 0, -st.lead}.mul(tlm)
			tm = tlm
			if last >= 0 {
				if s, ok := ops[last].([]byte); ok {
					gi.show(s, &st, &tm)
				}
			}
		case "Tj":
			if last >= 0 {
				if s, ok := ops[last].([]byte); ok {
					gi.show(s, &st, &tm)
				}
			}
		case "TJ":
			if last >= 0 {
				arr, _ := ops[last].([]any)
				for _, e := range arr {
					switch v := e.(type) {
					case []byte:
						gi.show(v, &st, &tm)
					case int:
						tm = pdfMatrix{1, 0, 0, 1, -float64(v) / 1000 * st.size * st.hscale, 0}.mul(tm)
					case float64:
						tm = pdfMatrix{1, 0, 0, 1, -v / 1000 * st.size * st.hscale, 0}.mul(tm)
					}
				}
			}
		case "Do":
			if last >= 0 && depth < 8 {
				if name, ok := ops[last].(pdfName); ok {
					gi.form(gi.p.dict(res["XObject"])[string(name)], res, st.ctm, depth)
				}
			}
		}
		ops = ops[:0]
	}
}

// form runs a form XObject (text inside forms is page text too).
func (gi *glyphInterp) form(v any, parentRes pdfDict, ctm pdfMatrix, depth int) {
	s, ok := gi.p.resolve(v).(pdfStream)
	if !ok || gi.p.name(s.dict["Subtype"]) != "Form" {
		return
	}
	data, err := gi.p.decode(s)
	if err != nil {
		return
	}
	m := identity
	if a := gi.p.array(s.dict["Matrix"]); len(a) == 6 {
		for i := range m {
			m[i] = gi.p.number(a[i])
		}
	}
	res := gi.p.dict(s.dict["Resources"])
	if res == nil {
		res = parentRes
	}
	gi.run(data, res, m.mul(ctm), depth+1)
}

// show records the glyphs of a string and advances the text matrix.
func (gi *glyphInterp) show(s []byte, st *glyphState, tm *pdfMatrix) {
	f := st.font
	if f == nil {
		f = &pdfFont{}
	}
	for _, code := range f.codes(s) {
		text := f.text(code)
		w0, exact := f.width(code)
		trm := pdfMatrix{st.size * st.hscale, 0, 0, st.size, 0, st.rise}.mul(*tm).mul(st.ctm)
		sizeY := math.Hypot(trm[2], trm[3])
		scaleX := math.Hypot(trm[0], trm[1]) / math.Max(st.size*st.hscale, 1e-9)
		tx := w0*st.size + st.cs
		if code == 32 && !f.twoByte {
			tx += st.ws
		}
		tx *= st.hscale
		if text != "" {
			space := strings.TrimSpace(text) == ""
			gi.glyphs = append(gi.glyphs, pdfGlyph{
				x: trm[4], y: trm[5], w: tx * scaleX * signOf(trm[0]), size: sizeY,
				text: text, space: space, exact: exact,
			})
			gi.bytes += len(text)
		}
		*tm = pdfMatrix{1, 0, 0, 1, tx, 0}.mul(*tm)
	}
}

func signOf(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

// ---- layout ----

// pdfWord is a run of glyphs drawn next to each other on one baseline.
type pdfWord struct {
	x0, x1, y, size float64
	text            strings.Builder
	spaceAfter      bool
}

// pdfLine is a line of text in reading order.
type pdfLine struct {
	x0, x1, y, size float64
	text            string
	breakBefore     bool // a paragraph starts here
	cont            bool // continues a list item wrapped onto this line
}

// words groups glyphs into words: the next glyph continues the word when
// it starts on the same baseline where the word ends, give or take a
// fraction of a space (kerning), and the word does not end in a space.
func words(glyphs []pdfGlyph) []*pdfWord {
	var out []*pdfWord
	var cur *pdfWord
	for _, g := range glyphs {
		if !(g.size > 0) || !finite(g.x) || !finite(g.y) || !finite(g.w) || g.size > 1e5 {
			continue
		}
		if g.space {
			if cur != nil {
				cur.spaceAfter = true
				cur = nil
			}
			continue
		}
		x1 := g.x + math.Abs(g.w)
		if cur != nil {
			gap := g.x - cur.x1
			// Without the font's widths the gap is what a TJ adjustment
			// or a move added to the estimated advances; producers that
			// leave widths out put word spaces there.
			tol := 0.12 * g.size
			if !g.exact {
				tol = 0.15 * g.size
			}
			if math.Abs(g.y-cur.y) < 0.2*g.size && gap < tol && gap > -0.4*g.size {
				cur.text.WriteString(g.text)
				cur.x1 = math.Max(cur.x1, x1)
				continue
			}
		}
		cur = &pdfWord{x0: g.x, x1: x1, y: g.y, size: g.size}
		cur.text.WriteString(g.text)
		out = append(out, cur)
	}
	return out
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// pdfRow is the words of one baseline of a page.
type pdfRow struct {
	y     float64
	words []*pdfWord
}

// rows clusters words by baseline, top of the page first.
func rows(ws []*pdfWord) []*pdfRow {
	sorted := append([]*pdfWord(nil), ws...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].y > sorted[j].y })
	var out []*pdfRow
	for _, w := range sorted {
		if n := len(out); n > 0 && math.Abs(out[n-1].y-w.y) < 0.35*w.size {
			out[n-1].words = append(out[n-1].words, w)
			continue
		}
		out = append(out, &pdfRow{y: w.y, words: []*pdfWord{w}})
	}
	for _, r := range out {
		sort.SliceStable(r.words, func(i, j int) bool { return r.words[i].x0 < r.words[j].x0 })
	}
	return out
}

// joinWords makes one line of words sorted left to right.
func joinWords(ws []*pdfWord) pdfLine {
	var b strings.Builder
	l := pdfLine{x0: ws[0].x0, y: ws[0].y}
	sizes := 0.0
	for i, w := range ws {
		if i > 0 {
			prev := ws[i-1]
			if prev.spaceAfter || w.x0-prev.x1 > 0.15*w.size {
				b.WriteByte(' ')
			}
		}
		b.WriteString(w.text.String())
		l.x1 = math.Max(l.x1, w.x1)
		sizes += w.size
	}
	l.size = sizes / float64(len(ws))
	l.text = strings.TrimSpace(b.String())
	return l
}

// rowSides splits a row's words at x: the words left and right of it,
// whether a word crosses it, and the gap there.
func rowSides(r *pdfRow, x float64) (nL, nR int, lEnd, rStart float64, crosses bool) {
	lEnd, rStart = math.Inf(-1), math.Inf(1)
	for _, w := range r.words {
		switch {
		case w.x1 <= x:
			nL++
			lEnd = math.Max(lEnd, w.x1)
		case w.x0 >= x:
			nR++
			rStart = math.Min(rStart, w.x0)
		default:
			crosses = true
		}
	}
	return nL, nR, lEnd, rStart, crosses
}

// columns is a run of rows read as two columns split at x.
type columns struct {
	x          float64
	start, end int // rows[start:end]
}

// gutter finds the gap between two columns: an x in the middle of the
// text that no word crosses for a run of at least five rows of column
// text — two words or more ending near it on the left or starting near it
// on the right, as lines filling a column do (a table's cells and the
// chance gaps of one column do not) — with at least two such rows on each
// side. A row crossing x (a title, a full-width table), or with only a
// word space there, ends a run. The
// run then takes in the rows next to it that continue either column: as
// close to that column's last line as lines are, and, if they have words
// on both sides, with a gap as wide as the gutter.
func gutter(rs []*pdfRow) (columns, bool) {
	left, right := math.Inf(1), math.Inf(-1)
	for _, r := range rs {
		for _, w := range r.words {
			left, right = math.Min(left, w.x0), math.Max(right, w.x1)
		}
	}
	width := right - left
	if len(rs) < 5 || width <= 0 {
		return columns{}, false
	}
	var best columns
	bestRun := 0
	step := math.Max(1, 0.4*width/150) // at most 150 positions tried (a gutter is wider than a step)
	for x := left + 0.3*width; x <= left+0.7*width; x += step {
		run, nLeft, nRight, first := 0, 0, 0, -1
		for i, r := range rs {
			nL, nR, lEnd, rStart, crosses := rowSides(r, x)
			if crosses || nL > 0 && nR > 0 && rStart-lEnd < 0.7*r.words[0].size {
				// a word crosses x, or x falls in a space between words
				run, nLeft, nRight, first = 0, 0, 0, -1
				continue
			}
			fillsLeft := nL >= 2 && x-lEnd < 0.2*(x-left)
			fillsRight := nR >= 2 && rStart-x < 0.2*(right-x)
			if fillsLeft {
				nLeft++
			}
			if fillsRight {
				nRight++
			}
			if fillsLeft || fillsRight {
				if first < 0 {
					first = i
				}
				run++
			}
			if nLeft >= 2 && nRight >= 2 && run > bestRun {
				best, bestRun = columns{x: x, start: first, end: i + 1}, run
			}
		}
	}
	if bestRun < 5 {
		return columns{}, false
	}
	// The narrowest gap of the run's two-sided rows is the gutter's width.
	gap := math.Inf(1)
	var lastL, lastR, firstL, firstR, size float64 = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1), 0
	for _, r := range rs[best.start:best.end] {
		nL, nR, lEnd, rStart, _ := rowSides(r, best.x)
		if nL > 0 && nR > 0 {
			gap = math.Min(gap, rStart-lEnd)
		}
		if nL > 0 {
			lastL, firstL = math.Min(lastL, r.y), math.Max(firstL, r.y)
		}
		if nR > 0 {
			lastR, firstR = math.Min(lastR, r.y), math.Max(firstR, r.y)
		}
		size = math.Max(size, r.words[0].size)
	}
	fits := func(r *pdfRow, down bool) bool {
		nL, nR, lEnd, rStart, crosses := rowSides(r, best.x)
		if crosses || (nL > 0 && nR > 0 && rStart-lEnd < 0.8*gap) {
			return false
		}
		near := func(y, last, first float64) bool {
			if down {
				return !math.IsInf(last, 0) && last-y <= 2.2*size
			}
			return !math.IsInf(first, 0) && y-first <= 2.2*size
		}
		if nL > 0 && !near(r.y, lastL, firstL) || nR > 0 && !near(r.y, lastR, firstR) {
			return false
		}
		if nL > 0 {
			lastL, firstL = math.Min(lastL, r.y), math.Max(firstL, r.y)
		}
		if nR > 0 {
			lastR, firstR = math.Min(lastR, r.y), math.Max(firstR, r.y)
		}
		return true
	}
	for best.end < len(rs) && fits(rs[best.end], true) {
		best.end++
	}
	for best.start > 0 && fits(rs[best.start-1], false) {
		best.start--
	}
	return best, true
}

// layout puts one page's rows into lines in reading order: rows outside
// a run of two columns line by line, the left column of a run before its
// right.
func layout(rs []*pdfRow) []pdfLine {
	if len(rs) == 0 {
		return nil
	}
	var out []pdfLine
	full := func(rows []*pdfRow) {
		var ls []pdfLine
		for _, r := range rows {
			ls = append(ls, joinWords(r.words))
		}
		out = append(out, paragraphs(ls)...)
	}
	c, ok := gutter(rs)
	if !ok {
		full(rs)
		return out
	}
	full(rs[:c.start])
	var lefts, rights []pdfLine
	for _, r := range rs[c.start:c.end] {
		var l, rt []*pdfWord
		for _, w := range r.words {
			if w.x1 <= c.x {
				l = append(l, w)
			} else {
				rt = append(rt, w)
			}
		}
		if len(l) > 0 {
			lefts = append(lefts, joinWords(l))
		}
		if len(rt) > 0 {
			rights = append(rights, joinWords(rt))
		}
	}
	out = append(out, paragraphs(lefts)...)
	rights = paragraphs(rights)
	if len(lefts) > 0 && len(rights) > 0 {
		// A paragraph continued at the top of the right column.
		r, _ := utf8.DecodeRuneInString(rights[0].text)
		rights[0].breakBefore = !unicode.IsLower(r)
	}
	out = append(out, rights...)
	// More columns may follow further down.
	out = append(out, layout(rs[c.end:])...)
	return out
}

// paragraphs marks where paragraphs start in a run of lines of one flow:
// a vertical gap clearly above the usual line spacing, a change of font
// size (a heading), or a first-line indent after a full line.
func paragraphs(ls []pdfLine) []pdfLine {
	if len(ls) == 0 {
		return ls
	}
	var gaps []float64
	for i := 1; i < len(ls); i++ {
		if d := ls[i-1].y - ls[i].y; d > 0 {
			gaps = append(gaps, d/ls[i].size)
		}
	}
	usual := 1.2
	if len(gaps) > 0 {
		sort.Float64s(gaps)
		usual = gaps[(len(gaps)-1)/2]
	}
	left, right := ls[0].x0, ls[0].x1
	for _, l := range ls {
		left, right = math.Min(left, l.x0), math.Max(right, l.x1)
	}
	ls[0].breakBefore = true
	item := -1 // the line of the list item being read
	for i := 1; i < len(ls); i++ {
		if listMarkerRe.MatchString(ls[i-1].text) {
			item = i - 1
		}
		if l := &ls[i]; item >= 0 && !listMarkerRe.MatchString(l.text) &&
			l.x0-ls[item].x0 > 0.3*l.size && l.x0-ls[item].x0 < 4*l.size && (ls[i-1].y-l.y)/l.size < 2 {
			l.cont = true // hanging indent under the item's text
			continue
		}
		item = -1
		prev, l := ls[i-1], &ls[i]
		d := (prev.y - l.y) / l.size
		sizeChange := math.Abs(prev.size-l.size) > 0.12*math.Max(prev.size, l.size)
		indent := l.x0-left > 0.8*l.size && l.x0-left < 4*l.size && right-prev.x1 < 2*l.size && prev.x0-left < 0.5*l.size
		if d > usual*1.3+0.1 || d < -0.5 || sizeChange || indent {
			l.breakBefore = true
		}
	}
	return ls
}

// ---- running headers, footers and page numbers ----

var (
	listMarkerRe = regexp.MustCompile(`^(?:[•·▪○◦–-]|\d{1,2}[.)])\s`)
	pageNumberRe = regexp.MustCompile(`(?i)^(?:(?:sida|sid|s\.|page|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:av|of|/|\(|)\s*\d{1,4}\)?)?$`)
	urlLineRe    = regexp.MustCompile(`^(?:file|https?)://\S+$`)
	digitsRe     = regexp.MustCompile(`\d+`)
)

// dropFurniture removes from each page the rows at its top or bottom
// edge that are running headers or footers: text that recurs at the edge
// of other pages (page numbers made equal), a page number, a bare URL, or
// (at the very edge) print much smaller than the page's text, like the
// date, title and address a browser prints.
func dropFurniture(pages [][]*pdfRow, heights []float64) [][]*pdfRow {
	key := func(r *pdfRow) string {
		return strings.ToLower(digitsRe.ReplaceAllString(collapse(joinWords(r.words).text), "#"))
	}
	// Up to three rows at each end, within 12% of the edge (rows are
	// sorted top first).
	edges := func(rs []*pdfRow, h float64) []int {
		var out []int
		for k := 0; k < len(rs) && k < 3; k++ {
			if rs[k].y >= h*0.88 {
				out = append(out, k)
			}
		}
		for k := len(rs) - 1; k >= 0 && k >= len(rs)-3 && k >= 3; k-- {
			if rs[k].y <= h*0.12 {
				out = append(out, k)
			}
		}
		return out
	}
	count := map[string]int{}
	for p, rs := range pages {
		seen := map[string]bool{}
		for _, i := range edges(rs, heights[p]) {
			if k := key(rs[i]); !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	out := make([][]*pdfRow, len(pages))
	for p, rs := range pages {
		h := heights[p]
		median := medianSize(rs)
		drop := map[int]bool{}
		for _, i := range edges(rs, h) {
			r := rs[i]
			l := joinWords(r.words)
			t := collapse(l.text)
			veryEdge := r.y >= h*0.93 || r.y <= h*0.07
			if (len(pages) > 1 && count[key(r)] >= 2) || pageNumberRe.MatchString(t) || urlLineRe.MatchString(t) ||
				(veryEdge && l.size < 0.8*median) {
				drop[i] = true
			}
		}
		for i, r := range rs {
			if !drop[i] {
				out[p] = append(out[p], r)
			}
		}
	}
	return out
}

// medianSize is the font size of most of a page's text (weighted by
// characters).
func medianSize(rs []*pdfRow) float64 {
	type sz struct {
		size float64
		n    int
	}
	var all []sz
	total := 0
	for _, r := range rs {
		for _, w := range r.words {
			n := utf8.RuneCountInString(w.text.String())
			all = append(all, sz{w.size, n})
			total += n
		}
	}
	if total == 0 {
		return 0
	}
	sort.Slice(all, func(i, j int) bool { return all[i].size < all[j].size })
	acc := 0
	for _, s := range all {
		acc += s.n
		if acc*2 >= total {
			return s.size
		}
	}
	return all[len(all)-1].size
}

// ---- text ----

// suspendedHyphenWords follow a hyphen that ends a word part shared with
// the next word ("arbets- och näringsliv"): the hyphen stays.
var suspendedHyphenWords = map[string]bool{"och": true, "eller": true, "samt": true, "som": true, "till": true, "resp": true}

// writeLines writes the pages' lines: a line per line, a blank line
// between paragraphs, a word hyphenated at a line end joined (the hyphen
// dropped between lower-case letters, kept after a capital or a digit:
// "ESF-rådet").
func writeLines(pages [][]pdfLine, out *strings.Builder) {
	var prev string
	started := false
	for _, ls := range pages {
		for i, l := range ls {
			t := l.text
			if t == "" {
				continue
			}
			br := l.breakBefore
			if i == 0 && started {
				// A paragraph runs on over the page break when the page
				// starts in lower case.
				r, _ := utf8.DecodeRuneInString(t)
				br = !unicode.IsLower(r)
			}
			if started && !br && hyphenJoin(prev, t) {
				if p, ok := strings.CutSuffix(prev, "\u00ad"); ok {
					prev = p
				} else if lowerBeforeHyphen(prev) {
					prev = prev[:len(prev)-1]
				}
				prev += t
				continue
			}
			if started && !br && l.cont {
				prev += " " + t
				continue
			}
			if started {
				out.WriteString(prev)
				if br {
					out.WriteString("\n\n")
				} else {
					out.WriteByte('\n')
				}
			}
			prev, started = t, true
		}
		if out.Len() > pdfMaxTextBytes {
			break
		}
	}
	if started {
		out.WriteString(prev)
	}
}

// hyphenJoin reports whether line a ends in a hyphen that splits a word
// continued at the start of line b.
func hyphenJoin(a, b string) bool {
	if !strings.HasSuffix(a, "-") && !strings.HasSuffix(a, "\u00ad") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(b)
	if !unicode.IsLetter(r) {
		return false
	}
	if !unicode.IsLower(r) {
		return false
	}
	first := b
	if i := strings.IndexAny(b, " ,.;:"); i > 0 {
		first = b[:i]
	}
	if suspendedHyphenWords[first] {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(strings.TrimRight(strings.TrimSuffix(a, "\u00ad"), "-"))
	return unicode.IsLetter(before) || unicode.IsDigit(before)
}

// lowerBeforeHyphen: the hyphen at the end of a follows a lower-case
// letter, so it was put there to break the word.
func lowerBeforeHyphen(a string) bool {
	s := strings.TrimSuffix(a, "-")
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLower(r)
}
