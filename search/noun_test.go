package search

import "testing"

// Similar-project reasons name nouns, never verbs, adjectives or
// function words. Key terms are base forms (the analyzer's terms).
func TestNounLike(t *testing.T) {
	for _, w := range []string{"utvecklingsarbete", "metod", "jobb", "kvinna", "deltagare", "försörjningsstöd",
		"utbildning", "arbetsgivarkontakt", "sökandelots", "samverkan", "kommun", "projekt"} {
		if !nounLike(w) {
			t.Errorf("nounLike(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"regional", "bedrivits", "bedriva", "båda", "norr", "arbeta", "genomförde",
		"viktig", "gemensam", "tillsammans", "snabbt"} {
		if nounLike(w) {
			t.Errorf("nounLike(%q) = true, want false", w)
		}
	}
}
