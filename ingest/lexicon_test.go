package ingest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRecognize(t *testing.T) {
	tests := []struct {
		text             string
		methods, targets []string
	}{
		{"Metoden för sökandelots har varit framgångsrik.", []string{"Sökandelots"}, nil},
		{"Sökandelotsen arbetade med 29 individer.", []string{"Sökandelots"}, nil},
		{"SE – supported employment och IPS-metoden", []string{"Supported employment"}, nil},
		{"vägledare i Delaktighetsmodellen (DMO)", []string{"Delaktighetsmodellen"}, nil},
		{"valideringsverktyget OCN (Open College Network)", []string{"OCN (Open College Network)", "Validering"}, nil},
		{"10 OCN-bedömare utbildades", []string{"OCN (Open College Network)"}, nil},
		{"Kompetensgarantier för arbetsmarknaden (KGA)", []string{"Kompetensgarantier för arbetsmarknaden (KGA)"}, nil},
		{"MI – motiverande samtal", []string{"Motiverande samtal (MI)"}, nil},
		{"utbildning i MI-samtal", []string{"Motiverande samtal (MI)"}, nil},
		{"Motiverande samtal används.", []string{"Motiverande samtal (MI)"}, nil},
		{"MI, supported employment", []string{"Supported employment"}, nil},
		{"Gruppen MIG och mi och KMI", nil, nil},
		{"lågaffektivt bemötande", []string{"Lågaffektivt bemötande"}, nil},
		{"Lågaffektiv bemötande", []string{"Lågaffektivt bemötande"}, nil},
		{"bedömning av arbetsförmåga", []string{"Arbetsförmågebedömning"}, nil},
		{"Arbetsförmågebedömning", []string{"Arbetsförmågebedömning"}, nil},
		{"matchning av lokal kompetens", []string{"Matchning"}, nil},
		{"kompetensmatchning och som matchar de 7 flaggskeppen", nil, nil},
		{"Fokusgrupperna har varit viktiga", []string{"Fokusgrupper"}, nil},
		{"studie- och yrkesvägledning", []string{"Studie- och yrkesvägledning"}, nil},
		{"SYV-nätverk", []string{"Studie- och yrkesvägledning"}, nil},
		{"praktikplatser saknades", []string{"Praktik"}, nil},
		{"unga (18–24 år) och nyanlända", nil, []string{"Nyanlända", "Unga"}},
		{"Långtidsarbetslösa", nil, []string{"Långtidsarbetslösa"}},
		{"personer med funktionsnedsättning", nil, []string{"Personer med funktionsnedsättning"}},
		{"har varit sjukskrivna", nil, []string{"Sjukskrivna"}},
		{"de utlandsfödda underströk", nil, []string{"Utrikes födda"}},
		{"utrikes födda kvinnor", nil, []string{"Utrikes födda"}},
		{"står långt ifrån arbetsmarknaden", nil, []string{"Personer långt från arbetsmarknaden"}},
		{"ungefär, ungdomligt, unganka", nil, nil},
		{"", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			m, g := Recognize(tt.text)
			if diff := cmp.Diff(tt.methods, m); diff != "" {
				t.Errorf("methods (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.targets, g); diff != "" {
				t.Errorf("targets (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLexiconData(t *testing.T) {
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	if len(lx.entries) < 20 {
		t.Errorf("only %d lexicon entries", len(lx.entries))
	}
	for _, bad := range []string{"method\tX", "foo\tX\tx", "method\tX\t(", "method\t\tx"} {
		if _, err := parseLexicon(bad); err == nil {
			t.Errorf("parseLexicon(%q) accepted", bad)
		}
	}
}

func TestApplyLexiconSkipsHorizontalPrinciples(t *testing.T) {
	r := Record{Sections: []Section{
		{Heading: "Tillgänglighet för personer med funktionsnedsättning", Text: "ta emot personer med funktionsnedsättning"},
		{Heading: "Bakgrund", Text: "Vi arbetar med nyanlända."},
	}}
	applyLexicon(&r)
	if diff := cmp.Diff([]string{"Nyanlända"}, r.TargetGroups); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
