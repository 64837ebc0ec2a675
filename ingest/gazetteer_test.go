package ingest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGazetteerData(t *testing.T) {
	ms, err := Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 290 {
		t.Errorf("%d municipalities, want 290", len(ms))
	}
	names, codes := map[string]bool{}, map[string]bool{}
	regionOf := map[string]string{}
	regions := map[string]bool{}
	for _, m := range ms {
		if names[m.Name] || codes[m.Code] {
			t.Errorf("duplicate %s %s", m.Code, m.Name)
		}
		names[m.Name], codes[m.Code] = true, true
		if r, ok := regionOf[m.County]; ok && r != m.Region {
			t.Errorf("county %s in regions %s and %s", m.County, r, m.Region)
		}
		regionOf[m.County] = m.Region
		regions[m.Region] = true
	}
	if len(regionOf) != 21 {
		t.Errorf("%d counties, want 21", len(regionOf))
	}
	want := map[string]bool{"Övre Norrland": true, "Mellersta Norrland": true, "Norra Mellansverige": true,
		"Stockholm": true, "Östra Mellansverige": true, "Västsverige": true, "Småland och öarna": true, "Sydsverige": true}
	if diff := cmp.Diff(want, regions); diff != "" {
		t.Errorf("regions (-want +got):\n%s", diff)
	}
	cs, err := Counties()
	if err != nil || len(cs) != 21 {
		t.Errorf("Counties() = %d, %v", len(cs), err)
	}
}

func TestLookupMunicipality(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"Västervik", "Västervik", true},
		{"västervik", "Västervik", true},
		{"Västerviks kommun", "Västervik", true},
		{"Västervik kommun", "Västervik", true},
		{"Göteborgs Stad", "Göteborg", true},
		{"Malmö stad", "Malmö", true},
		{"Borås Stad", "Borås", true},
		{"Stockholms stad", "Stockholm", true},
		{"Upplands-Väsby", "Upplands Väsby", true},
		{"Vännäs kommun", "Vännäs", true},
		{"  Kalmar  ", "Kalmar", true},
		{"Kalmar län", "", false},
		{"Region Kalmar län", "", false},
		{"Region Gotland", "", false},
		{"Kalmarsund", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m, ok := LookupMunicipality(tt.in)
			if ok != tt.ok || m.Name != tt.want {
				t.Errorf("LookupMunicipality(%q) = %q, %v; want %q, %v", tt.in, m.Name, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestLookupCountyAndRegion(t *testing.T) {
	tests := []struct{ in, county, region string }{
		{"Kalmar län", "Kalmar län", "Småland och öarna"},
		{"Region Kalmar län", "Kalmar län", "Småland och öarna"},
		{"stockholms län", "Stockholms län", "Stockholm"},
		{"Västra Götalands län", "Västra Götalands län", "Västsverige"},
		{"Region Skåne", "Skåne län", "Sydsverige"},
		{"Norrbottens län", "Norrbottens län", "Övre Norrland"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, ok := LookupCounty(tt.in)
			if !ok || c != tt.county {
				t.Errorf("LookupCounty(%q) = %q, %v; want %q", tt.in, c, ok, tt.county)
			}
			r, ok := RegionOfCounty(tt.in)
			if !ok || r != tt.region {
				t.Errorf("RegionOfCounty(%q) = %q, %v; want %q", tt.in, r, ok, tt.region)
			}
		})
	}
	if _, ok := LookupCounty("Västervik"); ok {
		t.Error("Västervik found as a county")
	}
}

func mentionNames(text string) (found, excluded []string) {
	g, _ := loadGazetteer()
	for _, m := range findMentions(text) {
		if m.excluded {
			excluded = append(excluded, g.list[m.idx].Name)
		} else {
			found = append(found, g.list[m.idx].Name)
		}
	}
	return found, excluded
}

func TestFindMentions(t *testing.T) {
	tests := []struct {
		name, text    string
		want, exclude []string
	}{
		{"plain", "Projektet har drivits i Västervik och Nybro.", []string{"Västervik", "Nybro"}, nil},
		{"genitive", "Västerviks arbetsmarknadsenhet deltog.", []string{"Västervik"}, nil},
		{"kommun form", "Borgholms kommun har implementerat verktyget.", []string{"Borgholm"}, nil},
		{"county", "Arbetet i Kalmar län och Region Kalmar län har utvecklats.", nil, nil},
		{"county genitive", "publicerats på kommunförbundet i Kalmar läns hemsida", nil, nil},
		{"owner name", "Kommunförbundet Kalmar län har varit projektägare.", nil, nil},
		{"proper name", "Vi pratade i P4 Kalmar och med Samordningsförbundet Umeå.", nil, nil},
		{"event place", "Modellen presenterades vid Förbundsdagen i Oskarshamn 4 maj 2022.", nil, []string{"Oskarshamn"}},
		{"list", "fyra kommuner; Emmaboda, Mönsterås, Torsås och Västervik.", []string{"Emmaboda", "Mönsterås", "Torsås", "Västervik"}, nil},
		{"misspelling", "följt av Västervik (82 deltagare) och Hulfsfred (65 deltagare).", []string{"Västervik", "Hultsfred"}, nil},
		{"inside words", "Kalmarsund, Umeåregionen och Stockholmsmodellen nämns.", nil, nil},
		{"hyphenated", "Kalmar-Öland är en turistregion.", nil, nil},
		{"lower case", "västervik skrivet med liten bokstav", nil, nil},
		{"common word sentence start", "Mark och vatten. Berg finns. Vara med är viktigt.", nil, nil},
		{"common word lower", "det ska vara bra, på berg och mark", nil, nil},
		{"common word kommun", "Marks kommun och Bergs kommun deltog, liksom Ale kommun.", []string{"Mark", "Berg", "Ale"}, nil},
		{"common word place", "Deltagarna kom från Hjo och Tidaholm.", []string{"Hjo", "Tidaholm"}, nil},
		{"common word in list", "Kommunerna Tanum, Strömstad och Sotenäs deltog.", []string{"Tanum", "Strömstad", "Sotenäs"}, nil},
		{"short misspelling not guessed", "Kalmer och Nybra samt Bodn", nil, nil},
		{"multi word", "Deltagare från Upplands Väsby, Lilla Edet och Upplands-Bro.", []string{"Upplands Väsby", "Lilla Edet", "Upplands-Bro"}, nil},
		// a common-word name counts after each place preposition, and
		// only there
		{"common word after i", "Projektet drevs i Mark under två år.", []string{"Mark"}, nil},
		{"common word after från", "Deltagarna kom från Vara.", []string{"Vara"}, nil},
		{"common word after till", "Två coacher flyttade till Sala.", []string{"Sala"}, nil},
		{"common word after mot", "Arbetet riktades mot Mora.", []string{"Mora"}, nil},
		{"common word after inom", "Praktik fanns inom Åre.", []string{"Åre"}, nil},
		{"common word after för", "En modell för Lund togs fram.", []string{"Lund"}, nil},
		{"common word after another word", "Stödet gav Mark en ny roll.", nil, nil},
		{"common word stad", "Lunds stad deltog.", []string{"Lund"}, nil},
		// a capitalised word starting a sentence is no name before a
		// municipality; in mid-sentence it is
		{"sentence start before a name", "Arbetet började i Norrbotten. Även Luleå deltog.", []string{"Luleå"}, nil},
		{"first word before a name", "Även Piteå deltog.", []string{"Piteå"}, nil},
		{"name part in mid-sentence", "Arbetet leddes av Samordningsförbundet Umeå.", nil, nil},
		{"after a line break", "Kommuner:\nBoden\nKalix", []string{"Kalix"}, nil},
		{"region with a name", "Region Uppsala och Uppsala kommun samverkade.", []string{"Uppsala"}, nil},
		{"landsting", "Örebro läns landsting och Örebro landsting", nil, nil},
		{"list with a slash", "Kommunerna Kumla/Hallsberg deltog.", []string{"Kumla", "Hallsberg"}, nil},
		{"common word after och with a name before", "Arbetet omfattade Tidaholm och Hjo.", []string{"Tidaholm", "Hjo"}, nil},
		{"common word after samt with a name before", "Arbetet omfattade Tidaholm samt Vara.", []string{"Tidaholm", "Vara"}, nil},
		{"common word after och without a name before", "Arbetet omfattade skolor och Vara.", nil, nil},
		{"event place in a list is a place", "Möten hölls i Gävle, Sandviken och Ockelbo.", []string{"Gävle", "Sandviken", "Ockelbo"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, excl := mentionNames(tt.text)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("found (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.exclude, excl); diff != "" {
				t.Errorf("excluded (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParticipatingMunicipalities(t *testing.T) {
	text := `Mönsterås haft flest deltagare följt av Västervik. Metoden har arbetats fram av
Landskrona kommun i ESF-projektet Enkla jobb. Modellen presenterades vid Förbundsdagen i Oskarshamn.
Emmaboda och Nybro deltog också.`
	want := []string{"Emmaboda", "Mönsterås", "Nybro", "Västervik"}
	got := ParticipatingMunicipalities(text, "Kalmar län")
	sortSwedish(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// An excluded mention counts when the place is named elsewhere too.
	got = ParticipatingMunicipalities(text+" Oskarshamn deltog med två handläggare.", "Kalmar län")
	sortSwedish(got)
	if diff := cmp.Diff([]string{"Emmaboda", "Mönsterås", "Nybro", "Oskarshamn", "Västervik"}, got); diff != "" {
		t.Errorf("excluded and named again (-want +got):\n%s", diff)
	}
	// A municipality of another county named twice is taken.
	got = ParticipatingMunicipalities(text+" Landskrona deltog också.", "Kalmar län")
	sortSwedish(got)
	if diff := cmp.Diff([]string{"Emmaboda", "Landskrona", "Mönsterås", "Nybro", "Västervik"}, got); diff != "" {
		t.Errorf("another county twice (-want +got):\n%s", diff)
	}
	// A tie between counties keeps every one.
	got = ParticipatingMunicipalities("Projektet drevs i Falun och i Umeå.", "")
	sortSwedish(got)
	if diff := cmp.Diff([]string{"Falun", "Umeå"}, got); diff != "" {
		t.Errorf("tie (-want +got):\n%s", diff)
	}
	// Without a home county the majority county (Kalmar län) decides.
	got = ParticipatingMunicipalities(text, "")
	sortSwedish(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("no home (-want +got):\n%s", diff)
	}
}

// editDistance is the optimal string alignment distance (Levenshtein with
// adjacent transpositions), the reference oneEdit is checked against.
func editDistance(a, b []rune) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func TestOneEdit(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"hulfsfred", "hultsfred", true},
		{"ab", "ba", true},
		{"kalmar", "kalmar", false},
		{"", "abc", false},
		{"västervik", "vastervik", true},
		{"kalmar", "kalmr", true},
		{"kalmar", "kalmarx", true},
		{"xkalmar", "kalmar", true},
		{"kalmar", "klamra", false},
		{"abc", "bca", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			if got := oneEdit([]rune(tt.a), []rune(tt.b)); got != tt.want {
				t.Errorf("oneEdit = %v, want %v", got, tt.want)
			}
		})
	}
	// every pair of short strings over a small alphabet agrees with the
	// distance computed in full
	alpha := []rune("abå")
	var words [][]rune
	var gen func(w []rune)
	gen = func(w []rune) {
		words = append(words, append([]rune{}, w...))
		if len(w) < 4 {
			for _, r := range alpha {
				gen(append(w, r))
			}
		}
	}
	gen(nil)
	for _, a := range words {
		for _, b := range words {
			if got, want := oneEdit(a, b), editDistance(a, b) == 1; got != want {
				t.Fatalf("oneEdit(%q, %q) = %v, distance %d", string(a), string(b), got, editDistance(a, b))
			}
		}
	}
}

func TestSharedArea(t *testing.T) {
	c, r := sharedArea([]string{"Solna", "Nacka"})
	if c != "Stockholms län" || r != "Stockholm" {
		t.Errorf("one county: %q %q", c, r)
	}
	c, r = sharedArea([]string{"Umeå", "Luleå"})
	if c != "" || r != "Övre Norrland" {
		t.Errorf("two counties, one region: %q %q", c, r)
	}
	c, r = sharedArea([]string{"Umeå", "Malmö"})
	if c != "" || r != "" {
		t.Errorf("two regions: %q %q", c, r)
	}
}
