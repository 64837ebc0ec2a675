package ingest

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed data/municipalities.csv
var municipalitiesCSV []byte

// Municipality is one row of the gazetteer: a Swedish municipality
// (kommun) with its county (län) and ESF region (NUTS 2).
type Municipality struct {
	Code       string // SCB code, e.g. "0880"
	Name       string // short name, e.g. "Kalmar"
	CountyCode string // e.g. "08"
	County     string // e.g. "Kalmar län"
	Region     string // ESF region, e.g. "Småland och öarna"
}

// gazetteer is the parsed municipality table with its lookup indexes.
type gazetteer struct {
	list     []Municipality
	byKey    map[string]int    // normalised name → index into list
	counties map[string]string // normalised county name → county as written
	regionOf map[string]string // county as written → ESF region
	// prose maps a lower-cased token sequence (joined by single spaces) to
	// a municipality; it holds the name and its genitive.
	prose  map[string]int
	maxLen int // longest name in tokens
	// long holds the lower-cased names of at least seven letters by first
	// letter, for the misspelling match.
	long map[rune][]longName
}

type longName struct {
	idx   int
	runes []rune
}

// commonWordNames are municipality names that are also ordinary Swedish
// words, first names or parts of other names. In prose they are only taken
// as municipalities in a clear context (see findMentions).
var commonWordNames = map[string]bool{
	"mark": true, "berg": true, "ale": true, "bjuv": true, "vara": true,
	"tanum": true, "kil": true, "sala": true, "nora": true, "hjo": true,
	"köping": true, "boden": true, "salem": true, "mora": true, "orsa": true,
	"lund": true, "flen": true, "åre": true, "habo": true, "heby": true,
	"ydre": true, "eda": true, "bräcke": true, "laxå": true, "skara": true,
	"ånge": true, "höör": true,
}

var loadGazetteer = sync.OnceValues(func() (*gazetteer, error) {
	return parseGazetteer(municipalitiesCSV)
})

// parseGazetteer reads the municipality CSV (code, municipality,
// county_code, county, esf_region with a header row).
func parseGazetteer(data []byte) (*gazetteer, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = 5
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("gazetteer: municipalities.csv: %w", err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("gazetteer: municipalities.csv: no rows")
	}
	g := &gazetteer{
		byKey:    map[string]int{},
		counties: map[string]string{},
		regionOf: map[string]string{},
		prose:    map[string]int{},
		long:     map[rune][]longName{},
	}
	for i, row := range rows[1:] {
		m := Municipality{Code: row[0], Name: row[1], CountyCode: row[2], County: row[3], Region: row[4]}
		if m.Name == "" || m.County == "" || m.Region == "" {
			return nil, fmt.Errorf("gazetteer: municipalities.csv line %d: empty field", i+2)
		}
		if prev, ok := g.regionOf[m.County]; ok && prev != m.Region {
			return nil, fmt.Errorf("gazetteer: municipalities.csv line %d: county %s in two regions", i+2, m.County)
		}
		g.regionOf[m.County] = m.Region
		g.counties[normKey(m.County)] = m.County
		g.counties[normKey(countyStem(m.County))] = m.County
		idx := len(g.list)
		key := normKey(m.Name)
		if _, dup := g.byKey[key]; dup {
			return nil, fmt.Errorf("gazetteer: municipalities.csv line %d: duplicate %s", i+2, m.Name)
		}
		g.list = append(g.list, m)
		g.byKey[key] = idx
		if rs := []rune(strings.ToLower(m.Name)); len(rs) >= 7 {
			g.long[rs[0]] = append(g.long[rs[0]], longName{idx, rs})
		}
		for _, form := range []string{key, genitive(key)} {
			if _, taken := g.prose[form]; !taken {
				g.prose[form] = idx
			}
			if n := len(strings.Fields(form)); n > g.maxLen {
				g.maxLen = n
			}
		}
	}
	return g, nil
}

// countyStem is the county name without "län" and without the genitive s:
// "Stockholms län" → "Stockholm", "Kalmar län" → "Kalmar", "Skåne län" → "Skåne".
func countyStem(county string) string {
	s := strings.TrimSuffix(county, " län")
	return strings.TrimSuffix(s, "s")
}

// genitive returns the Swedish genitive of a (normalised) name: "västervik"
// → "västerviks"; names ending in s, x or z take no extra s.
func genitive(name string) string {
	if strings.HasSuffix(name, "s") || strings.HasSuffix(name, "x") || strings.HasSuffix(name, "z") {
		return name
	}
	return name + "s"
}

// normKey lower-cases a name, treats hyphens as spaces and collapses white
// space, so that "Upplands-Väsby" and "upplands  väsby" share a key.
func normKey(s string) string {
	s = strings.ToLower(s)
	s = strings.Map(func(r rune) rune {
		if r == '-' || r == '‐' || r == '–' || unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// Municipalities returns all municipalities of the gazetteer in SCB code
// order. The slice is a copy.
func Municipalities() ([]Municipality, error) {
	g, err := loadGazetteer()
	if err != nil {
		return nil, err
	}
	return append([]Municipality(nil), g.list...), nil
}

// LookupMunicipality finds a municipality by name, case-insensitively. It
// accepts the short name ("Västervik"), "X kommun", the genitive "Xs
// kommun", "X stad" and "Xs stad" (Göteborgs Stad, Malmö stad), and treats
// hyphens like spaces (Upplands-Väsby). County names ("Kalmar län",
// "Region Kalmar") are not municipalities and are not found.
func LookupMunicipality(name string) (Municipality, bool) {
	g, err := loadGazetteer()
	if err != nil {
		return Municipality{}, false
	}
	i, ok := g.lookup(name)
	if !ok {
		return Municipality{}, false
	}
	return g.list[i], true
}

func (g *gazetteer) lookup(name string) (int, bool) {
	key := normKey(name)
	if key == "" || strings.HasPrefix(key, "region ") || strings.HasSuffix(key, " län") || strings.HasSuffix(key, " läns") {
		return 0, false
	}
	if i, ok := g.byKey[key]; ok {
		return i, true
	}
	for _, suffix := range []string{" kommun", " stad", " kommuns", " stads"} {
		stem, ok := strings.CutSuffix(key, suffix)
		if !ok {
			continue
		}
		if i, ok := g.byKey[stem]; ok {
			return i, true
		}
		if s, ok := strings.CutSuffix(stem, "s"); ok {
			if i, ok := g.byKey[s]; ok {
				return i, true
			}
		}
	}
	return 0, false
}

// LookupCounty normalises a county name: "Kalmar län", "kalmar län",
// "Region Kalmar län", "Region Kalmar" and "Stockholms län" are found and
// returned as written in the gazetteer ("Kalmar län").
func LookupCounty(name string) (string, bool) {
	g, err := loadGazetteer()
	if err != nil {
		return "", false
	}
	key := normKey(name)
	key = strings.TrimPrefix(key, "region ")
	if c, ok := g.counties[key]; ok {
		return c, true
	}
	if !strings.HasSuffix(key, " län") {
		if c, ok := g.counties[key+" län"]; ok {
			return c, true
		}
	}
	return "", false
}

// RegionOfCounty returns the ESF region of a county ("Kalmar län" →
// "Småland och öarna").
func RegionOfCounty(county string) (string, bool) {
	c, ok := LookupCounty(county)
	if !ok {
		return "", false
	}
	g, _ := loadGazetteer()
	r, ok := g.regionOf[c]
	return r, ok
}

// Counties returns the distinct counties, sorted.
func Counties() ([]string, error) {
	g, err := loadGazetteer()
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(g.regionOf))
	for c := range g.regionOf {
		out = append(out, c)
	}
	sort.Strings(out)
	return out, nil
}

// NormalizeMunicipality returns the gazetteer's name for a municipality
// written in any accepted form, or the input trimmed when it is unknown.
func NormalizeMunicipality(name string) string {
	if m, ok := LookupMunicipality(name); ok {
		return m.Name
	}
	return strings.Join(strings.Fields(name), " ")
}

// sharedArea derives county and region from a set of municipality names.
// County is set only when every known municipality lies in the same
// county; region when every known municipality lies in the same ESF region.
// Unknown names are ignored.
func sharedArea(names []string) (county, region string) {
	counties := map[string]bool{}
	regions := map[string]bool{}
	for _, n := range names {
		m, ok := LookupMunicipality(n)
		if !ok {
			continue
		}
		counties[m.County] = true
		regions[m.Region] = true
	}
	if len(counties) == 1 {
		for c := range counties {
			county = c
		}
	}
	if len(regions) == 1 {
		for r := range regions {
			region = r
		}
	}
	return county, region
}

// mention is one municipality found in prose.
type mention struct {
	idx      int  // index into gazetteer list
	strong   bool // written "X kommun"/"Xs kommun"/"X stad" or in a list of municipalities
	excluded bool // a place where something else happened ("Förbundsdagen i Oskarshamn")
}

// token is a word of prose with its position facts.
type token struct {
	text          string
	lower         string
	capital       bool // first letter upper case
	sentenceStart bool // first word of a sentence, line or list item
	sepBefore     string
}

// tokenize splits prose into words (letters, digits and inner hyphens) and
// records what separated each word from the previous one.
func tokenize(text string) []token {
	// About one word in seven bytes of Swedish prose; sizing the slice up
	// front saves its repeated growth on long reports.
	toks := make([]token, 0, len(text)/7+1)
	// sepBefore is text[sepStart:sepCut]: the separator's first runes,
	// until 16 bytes are taken (an invalid byte counts as the three of
	// utf8.RuneError, as it did when the separator was copied rune by rune).
	sepStart, sepCut, sepLen := 0, 0, 0
	start := true
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			j := i
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) {
					j += s2
					continue
				}
				if r2 == '-' && j+s2 < len(text) {
					r3, _ := utf8.DecodeRuneInString(text[j+s2:])
					if unicode.IsLetter(r3) {
						j += s2
						continue
					}
				}
				break
			}
			w := text[i:j]
			first, _ := utf8.DecodeRuneInString(w)
			toks = append(toks, token{
				text: w, lower: strings.ToLower(w), capital: unicode.IsUpper(first),
				sentenceStart: start, sepBefore: text[sepStart:sepCut],
			})
			sepStart, sepCut, sepLen = j, j, 0
			start = false
			i = j
			continue
		}
		switch r {
		case '.', '!', '?', '\n', '•', ':', ';':
			start = true
		}
		if sepLen < 16 {
			sepLen += utf8.RuneLen(r)
			sepCut = i + size
		}
		i += size
	}
	return toks
}

// placePrepositions mark a following name as a place.
var placePrepositions = map[string]bool{"i": true, "från": true, "till": true, "mot": true, "inom": true, "för": true}

// findMentions finds municipality names in prose.
//
// Rules: a name must be capitalised as in the text and match whole words
// (hyphens join words, so "Kalmar-Öland" is not Kalmar). "X län", "Xs
// län" and "Region X" name a county and are skipped. A name directly after
// another capitalised word that is not at a sentence start is part of a
// longer proper name ("P4 Kalmar", "Samordningsförbundet Umeå") and is
// skipped. "<Name> i X" where <Name> is a capitalised word in mid-sentence
// ("Förbundsdagen i Oskarshamn") is a place where something happened and
// the mention is marked excluded. Names that are also common words (Mark,
// Berg, Vara, …) count only as "X kommun"/"X stad" or next to another
// municipality in a list, or after a place preposition in mid-sentence.
// A capitalised word of at least seven letters that is one edit away from
// exactly one municipality name of at least seven letters (same first
// letter) is taken as a misspelling of it ("Hulfsfred" → Hultsfred).
func findMentions(text string) []mention {
	g, err := loadGazetteer()
	if err != nil {
		return nil
	}
	toks := tokenize(text)
	var out []mention
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.capital {
			continue
		}
		idx, n, ok := g.matchAt(toks, i)
		fuzzy := false
		if !ok {
			idx, ok = g.fuzzy(t.lower)
			n = 1
			fuzzy = true
		}
		if !ok {
			continue
		}
		// all words of a multi-word name must be capitalised like the name
		next := i + n
		nextLower := ""
		if next < len(toks) {
			nextLower = toks[next].lower
		}
		if nextLower == "län" || nextLower == "läns" || nextLower == "landsting" || nextLower == "region" {
			i = next
			continue
		}
		var prev *token
		if i > 0 {
			prev = &toks[i-1]
		}
		if prev != nil && prev.lower == "region" && strings.TrimSpace(prev.sepBefore+t.sepBefore) == "" {
			i = next - 1
			continue
		}
		m := mention{idx: idx}
		if nextLower == "kommun" || nextLower == "kommuns" || nextLower == "stad" || nextLower == "stads" {
			m.strong = true
		}
		inList := false
		if prev != nil && !t.sentenceStart && isListSep(t.sepBefore, prev.lower) {
			if _, _, pm := g.matchAt(toks, i-1); pm {
				inList = true
			}
		}
		if i >= 2 && (prev.lower == "och" || prev.lower == "samt") && strings.TrimSpace(t.sepBefore) == "" {
			if _, _, pm := g.matchAt(toks, i-2); pm && toks[i-2].capital {
				inList = true
			}
		}
		if next < len(toks) && (strings.Contains(toks[next].sepBefore, ",") || nextLower == "och") {
			j := next
			if nextLower == "och" {
				j++
			}
			if j < len(toks) && toks[j].capital {
				if _, _, nm := g.matchAt(toks, j); nm {
					inList = true
				}
			}
		}
		if inList {
			m.strong = true
		}
		// part of a longer proper name: "P4 Kalmar", "Samordningsförbundet Umeå"
		if prev != nil && prev.capital && !prev.sentenceStart && strings.TrimSpace(t.sepBefore) == "" && !inList {
			if _, _, pm := g.matchAt(toks, i-1); !pm {
				i = next - 1
				continue
			}
		}
		// "Förbundsdagen i Oskarshamn": an event or body placed in the town
		if i >= 2 && prev.lower == "i" && toks[i-2].capital && !toks[i-2].sentenceStart && !m.strong {
			if _, _, pm := g.matchAt(toks, i-2); !pm {
				m.excluded = true
			}
		}
		if commonWordNames[g.list[idx].lowerName()] && !m.strong {
			placed := prev != nil && placePrepositions[prev.lower] && !t.sentenceStart
			if !placed || fuzzy {
				i = next - 1
				continue
			}
		}
		if fuzzy && m.excluded {
			i = next - 1
			continue
		}
		out = append(out, m)
		i = next - 1
	}
	return out
}

func (m Municipality) lowerName() string { return normKey(m.Name) }

// isListSep reports whether sep (the characters between two words) or the
// previous word joins list items.
func isListSep(sep, prevLower string) bool {
	return strings.Contains(sep, ",") || strings.Contains(sep, "/")
}

// matchAt tries the longest municipality name (or genitive) starting at
// token i whose words are all capitalised. It returns the municipality
// index and the number of tokens used.
//
// The key is built the way normKey would build it from the words joined by
// spaces: words are already lower case and hold only letters, digits and
// single inner hyphens, so normKey would only turn hyphens into spaces.
func (g *gazetteer) matchAt(toks []token, i int) (int, int, bool) {
	if i >= len(toks) || !toks[i].capital {
		return 0, 0, false
	}
	var buf [128]byte
	for n := min(g.maxLen, len(toks)-i); n >= 1; n-- {
		key := buf[:0]
		okCap := true
		for k := 0; k < n; k++ {
			if k > 0 {
				if strings.TrimSpace(toks[i+k].sepBefore) != "" {
					okCap = false
					break
				}
				key = append(key, ' ')
			}
			for _, c := range []byte(toks[i+k].lower) {
				if c == '-' {
					c = ' '
				}
				key = append(key, c)
			}
		}
		if !okCap {
			continue
		}
		if idx, ok := g.prose[string(key)]; ok {
			return idx, n, true
		}
	}
	return 0, 0, false
}

// fuzzy maps a probable misspelling to a municipality: a word of at least
// seven letters, one edit (insert, delete, substitute or swap) from exactly
// one municipality name of at least seven letters with the same first
// letter. Short names are never guessed.
//
// lower is the word in lower case.
func (g *gazetteer) fuzzy(lower string) (int, bool) {
	if n := utf8.RuneCountInString(lower); n < 7 || n > 30 {
		return 0, false
	}
	w := []rune(lower)
	found, n := -1, 0
	for _, ln := range g.long[w[0]] {
		if abs(len(ln.runes)-len(w)) > 1 {
			continue
		}
		if oneEdit(w, ln.runes) {
			found = ln.idx
			n++
		}
	}
	if n == 1 {
		return found, true
	}
	return 0, false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// oneEdit reports whether a and b are one edit apart: one rune replaced,
// inserted or deleted, or two adjacent runes swapped (an optimal string
// alignment distance of exactly 1). It runs in one pass without
// allocating: it is asked for every long capitalised word of every report.
func oneEdit(a, b []rune) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	switch len(b) - len(a) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if i == len(a) {
			return false // equal
		}
		if i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && slices.Equal(a[i+2:], b[i+2:]) {
			return true // swapped neighbours
		}
		return slices.Equal(a[i+1:], b[i+1:]) // one replaced
	case 1:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		return slices.Equal(a[i:], b[i+1:]) // one inserted
	}
	return false
}

// ParticipatingMunicipalities finds the municipalities that take part in
// what a prose text describes, in gazetteer names, sorted. Mentions marked
// excluded by findMentions are dropped unless the same municipality is also
// mentioned elsewhere. When most municipalities share one county (or the
// county is given by home, e.g. from the owner "Kommunförbundet Kalmar
// län"), a municipality of another county mentioned only once is taken as
// a passing reference ("metoden har arbetats fram av Landskrona kommun")
// and dropped.
func ParticipatingMunicipalities(text, home string) []string {
	g, err := loadGazetteer()
	if err != nil {
		return nil
	}
	count := map[int]int{}
	for _, m := range findMentions(text) {
		if m.excluded {
			continue
		}
		count[m.idx]++
	}
	if len(count) == 0 {
		return nil
	}
	homeCounty := ""
	if home != "" {
		homeCounty, _ = LookupCounty(home)
	}
	if homeCounty == "" {
		perCounty := map[string]int{}
		for idx := range count {
			perCounty[g.list[idx].County]++
		}
		best, bestN, tie := "", 0, false
		for c, n := range perCounty {
			switch {
			case n > bestN:
				best, bestN, tie = c, n, false
			case n == bestN:
				tie = true
			}
		}
		if !tie && bestN*2 > len(count) {
			homeCounty = best
		}
	}
	var out []string
	for idx, n := range count {
		if homeCounty != "" && g.list[idx].County != homeCounty && n < 2 {
			continue
		}
		out = append(out, g.list[idx].Name)
	}
	sort.Strings(out)
	return out
}

// countyInText finds the first county named in a text ("Kalmar län",
// "Region Kalmar län", "Stockholms län").
func countyInText(text string) string {
	toks := tokenize(text)
	for i := 0; i+1 < len(toks); i++ {
		if toks[i+1].lower != "län" && toks[i+1].lower != "läns" {
			continue
		}
		for n := 3; n >= 1; n-- {
			if i-n+1 < 0 {
				continue
			}
			var parts []string
			for k := i - n + 1; k <= i; k++ {
				parts = append(parts, toks[k].text)
			}
			if c, ok := LookupCounty(strings.Join(parts, " ") + " län"); ok {
				return c
			}
		}
	}
	return ""
}
