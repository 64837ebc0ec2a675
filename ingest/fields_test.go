package ingest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// keyFields is the part of a Record the seed documents state explicitly;
// every value below was read off the seed by hand.
type keyFields struct {
	DocType, Title, ProgrammeArea, Phase, Owner, ProjectNumber string
	ContactPerson, ContactEmail, ContactPhone                  string
	ESF, Budget                                                int64
	PeriodStart, PeriodEnd, Region, County                     string
	Municipalities, Partners, Participants                     []string
	Headings                                                   []string
}

func key(r Record) keyFields {
	k := keyFields{
		DocType: r.DocType, Title: r.Title, ProgrammeArea: r.ProgrammeArea, Phase: r.Phase,
		Owner: r.Owner, ProjectNumber: r.ProjectNumber, ContactPerson: r.ContactPerson,
		ContactEmail: r.ContactEmail, ContactPhone: r.ContactPhone, ESF: r.ESFSupportSEK,
		Budget: r.TotalBudgetSEK, PeriodStart: r.PeriodStart, PeriodEnd: r.PeriodEnd,
		Region: r.Region, County: r.County, Municipalities: r.Municipalities,
		Partners: r.Partners, Participants: r.Participants,
	}
	for _, s := range r.Sections {
		k.Headings = append(k.Headings, s.Heading)
	}
	return k
}

var norrland29 = []string{
	"Arjeplog", "Arvidsjaur", "Bjurholm", "Boden", "Dorotea", "Gällivare", "Haparanda",
	"Jokkmokk", "Kalix", "Kiruna", "Luleå", "Lycksele", "Malå", "Nordmaling", "Norsjö",
	"Pajala", "Piteå", "Robertsfors", "Skellefteå", "Sorsele", "Storuman", "Umeå",
	"Vilhelmina", "Vindeln", "Vännäs", "Åsele", "Älvsbyn", "Överkalix", "Övertorneå",
}

var seedWant = map[string]keyFields{
	"001_bb93deab17c6a93d.txt": {
		DocType: TypeProject, Title: "Socialfonden i de regionala kompetensplattformarna",
		ProgrammeArea: "Programområde 2 Ökat arbetskraftsutbud", Phase: "Genomförande",
		Owner: "APeL Forskning och utveckling", ContactPerson: "Camilla Werderitsch",
		ContactEmail: "fredrik.jonsson@apel-fou.se", ContactPhone: "070-388 17 20",
		ESF: 450000, Budget: 450000, PeriodStart: "2014-04-01", PeriodEnd: "2014-10-31",
		Region: "Övre Norrland", Municipalities: norrland29,
		Partners: []string{"Regionförbundet i Västerbottens län", "Social hållbarhet"},
		Headings: []string{"Sammanfattning", "Bakgrund", "Målsättning", "Tillgänglighet för personer med funktionsnedsättning"},
	},
	"002_b8b164406977b26c.txt": {
		DocType: TypeReport, Title: "Fortsatt Samverkan Leder till Arbete",
		Owner: "Kommunförbundet Kalmar län", ProjectNumber: "2020/00152",
		PeriodStart: "2020-08-15", PeriodEnd: "2022-12-31",
		Region: "Småland och öarna", County: "Kalmar län",
		Municipalities: []string{"Borgholm", "Emmaboda", "Hultsfred", "Mönsterås", "Nybro", "Torsås", "Vimmerby", "Västervik"},
		Headings: []string{
			"", "Sammanfattning", "Vad har vi jobbat med?", "Projektidé och förväntade resultat",
			"Projektets mål", "Antal män och kvinnor som deltagit i projektet från primär målgrupp",
			"Projektets resultat, mål och indikatorer", "Samverkan", "Insatser", "Resultat på individnivå",
			"Resultat på organisationsnivå", "Samverkansstruktur och projektstruktur", "Strategisk ledningsgrupp",
			"Projektledning", "Lokala projektledare", "Genomförd kartläggning samverkanstruktur", "Metoder",
			"Arbetsgrupper", "Sökandelots", "Matchning", "Fokusgrupper – kommunövergripande",
			"Tematräffar och utbildningar för kunskapshöjning", "Valideringsverktyg", "Delaktighetsmodellen",
			"Självskattning", "Lokal budget", "Uppföljning och utvärdering",
			"Kommunikation, spridning och påverkningsarbete", "Utmaningar - Det vi inte kunde förutse",
			"Pandemin", "Arbetsförmedlingen", "Arbete med deltagare", "Struktur på lokal nivå",
			"Arbetsgivararbetet", "Fortsatt samverkan", "Bilagor",
		},
	},
	"003_4bbc70af2d9de5f2.txt": {
		DocType:       TypeProject,
		Title:         "Improve - Samordnad och förbättrad planering, styrning och implementering av projektresultat",
		ProgrammeArea: "Programområde 2 Ökat arbetskraftsutbud", Phase: "Genomförande",
		Owner: "Samordningsförbundet", ContactPerson: "Stellan Berglund",
		ContactEmail: "stellan.berglund@skelleftea.se", ContactPhone: "0910-734624",
		ESF: 1292580, Budget: 1292580, PeriodStart: "2014-01-02", PeriodEnd: "2014-12-31",
		Region: "Övre Norrland", Municipalities: norrland29,
		Partners: []string{"Arbetsmarknadsenheten", "Samordningsförbundet Skellefteå", "Samordningsförbundet Umeå"},
		Headings: []string{"Sammanfattning", "Bakgrund", "Målsättning", "Tillgänglighet för personer med funktionsnedsättning", "Transnationellt samarbete"},
	},
	"004_f14d881db3e8d82e.txt": {
		DocType: TypeProject, Title: "Inclusive Europe - Working Life Development",
		ProgrammeArea: "Programområde 1 Kompetensförsörjning", Phase: "Genomförande",
		Owner: "Arbetsmiljöforum i Norden AB", ContactPerson: "Anne Marie Flood",
		ContactEmail: "annemarie.flood@arbetsmiljoforum.se", ContactPhone: "08-4424638",
		ESF: 8562409, Budget: 8562409, PeriodStart: "2011-06-14", PeriodEnd: "2014-05-31",
		Region: "Stockholm", County: "Stockholms län",
		Municipalities: []string{
			"Botkyrka", "Danderyd", "Ekerö", "Haninge", "Huddinge", "Järfälla", "Lidingö", "Nacka",
			"Norrtälje", "Nykvarn", "Nynäshamn", "Salem", "Sigtuna", "Sollentuna", "Solna", "Stockholm",
			"Sundbyberg", "Södertälje", "Tyresö", "Täby", "Upplands-Bro", "Upplands Väsby", "Vallentuna",
			"Vaxholm", "Värmdö", "Österåker",
		},
		Partners: []string{
			"Almega Serviceentreprenörerna", "Avd för arbetsgivarpol", "Sida",
			"Sv Fritids- & Kulturchefsfören", "Yrkesutbindningsenheten",
		},
		Participants: []string{
			"Arbetsförmedlingen Avdelningen BM Sekritariat och avd. Rehab CFAR är i Stockholm",
			"Basta", "European Minds AB, Luleå", "Handisam", "LFC Sthlm Södertörn",
			"Länsstyrelsen, enheten för lokal och social utveckling", "Södertälje kommun",
			"Värmdö kommun, Central förvaltning",
		},
		Headings: []string{
			"Sammanfattning", "Bakgrund", "Syfte", "Målsättning",
			"Tillgänglighet för personer med funktionsnedsättning", "Jämställdhetsintegrering",
			"Transnationellt samarbete",
		},
	},
}

func TestSeedFields(t *testing.T) {
	recs, err := SampleFiles()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(seedWant) {
		t.Fatalf("SampleFiles: %d records, want %d", len(recs), len(seedWant))
	}
	for _, r := range recs {
		t.Run(r.Source, func(t *testing.T) {
			want, ok := seedWant[r.Source]
			if !ok {
				t.Fatalf("unexpected sample %s", r.Source)
			}
			if diff := cmp.Diff(want, key(r)); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s", diff)
			}
			if r.ID != ID(r.Source) {
				t.Errorf("ID = %q, want %q", r.ID, ID(r.Source))
			}
		})
	}
}

// TestSeedLexicon checks the methods and target groups of the final report,
// which names them explicitly.
func TestSeedLexicon(t *testing.T) {
	data, err := sampleFS.ReadFile("sample/002_b8b164406977b26c.txt")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Parse("002_b8b164406977b26c.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"Sökandelots", "Supported employment", "Delaktighetsmodellen", "OCN (Open College Network)",
		"Kompetensgarantier för arbetsmarknaden (KGA)", "Motiverande samtal (MI)", "Lågaffektivt bemötande",
		"Arbetsförmågebedömning", "Matchning", "Fokusgrupper", "Validering"} {
		if !contains(r.Methods, m) {
			t.Errorf("methods %q lack %q", r.Methods, m)
		}
	}
	for _, g := range []string{"Unga", "Nyanlända", "Långtidsarbetslösa", "Personer med funktionsnedsättning", "Sjukskrivna"} {
		if !contains(r.TargetGroups, g) {
			t.Errorf("target groups %q lack %q", r.TargetGroups, g)
		}
	}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
