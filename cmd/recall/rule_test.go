package main

import "testing"

func TestGroundTruthRule(t *testing.T) {
	specs, err := parseWords(defaultWords)
	if err != nil {
		t.Fatal(err)
	}
	byWord := map[string]*wordSpec{}
	for i := range specs {
		byWord[specs[i].Word] = &specs[i]
	}
	cases := []struct {
		word, token string
		want        bool
	}{
		{"kommun", "kommun", true},
		{"kommun", "kommunerna", true},
		{"kommun", "grannkommunerna", true},
		{"kommun", "kommunförbundet", true},
		{"kommun", "kommunikation", false},
		{"kommun", "kommunist", false},
		{"kommun", "kommunal", false},
		{"arbetsmarknad", "arbetsmarknadspolitiken", true},
		{"arbetsmarknad", "arbetsmarknads", true}, // arbetsmarknads- och ...
		{"projekt", "projektil", false},
		{"projekt", "pilotprojektet", true},
		{"lag", "lagförslag", true},
		{"lag", "förslag", false},
		{"lag", "sekretesslagen", true},
		{"lag", "bolag", false},
		{"arm", "armé", false},
		{"arm", "larm", false},
		{"plan", "planet", false},
		{"plan", "handlingsplanen", true},
		{"utbildning", "lärarutbildningen", true},
		{"utbildning", "samutbildning", false}, // sam- is a prefix, not a part
		{"företag", "företagsamhet", false},
	}
	for _, c := range cases {
		s := byWord[c.word]
		if s == nil {
			t.Fatalf("no word %q", c.word)
		}
		if got := s.isForm(c.token); got != c.want {
			t.Errorf("%s.isForm(%q) = %v, want %v", c.word, c.token, got, c.want)
		}
	}
}
