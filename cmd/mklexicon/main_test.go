package main

import (
	"strings"
	"testing"

	"projektsok/index"
)

// A small dictionary in the Swedish Hunspell's own notation: the lexicon
// built from it must hold every form with its base and compound roles.
const testAff = `SET UTF-8
FORBIDDENWORD %
ONLYINCOMPOUND Z
COMPOUNDBEGIN X
COMPOUNDMIDDLE U
COMPOUNDEND Y
COMPOUNDPERMITFLAG W

SFX A Y 1
SFX A 0 s .

SFX D Y 2
SFX D 0 en [^a]
SFX D 0 ens [^a]

SFX E Y 2
SFX E 0 n [^m]
SFX E 0 ns [^m]

SFX G Y 4
SFX G a or a
SFX G a orna a
SFX G 0 ar [^ae]
SFX G 0 arna [^ae]

SFX J Y 2
SFX J 0 na r
SFX J 0 nas r

SFX x N 1
SFX x a o/WXZ a

SFX v N 1
SFX v 0 s/WXZ [^a]
`

const testDic = `14
Strömstad/Av
Bo/A
bo/ADY
stad/ADvY
storstad/ADv
storstäder/AJ
bok/ADXY
böcker/AJY
kvinna/AEGxY
projekt/ADXY
lots/DGXY
sökande/AEXY
arbets/UXZ
arbete/AEY
felstavning/%AD
`

func TestBuild(t *testing.T) {
	aff, err := readAff(strings.NewReader(testAff))
	if err != nil {
		t.Fatal(err)
	}
	dic, err := readDic(strings.NewReader(testDic))
	if err != nil {
		t.Fatal(err)
	}
	lx := build(aff, dic, false)
	base := func(form string, role uint8) string {
		best := ""
		var bestR reading
		for _, r := range lx.forms[form] {
			if r.roles&role != 0 && (best == "" || better(r, bestR)) {
				best, bestR = r.base, r
			}
		}
		return best
	}
	cases := []struct {
		form string
		role uint8
		want string
	}{
		{"staden", index.LexWord, "stad"},
		{"kvinnorna", index.LexWord, "kvinna"},
		{"projekten", index.LexWord, "projekt"},
		// vowel-changing plurals linked to their singular
		{"böckerna", index.LexWord, "bok"},
		{"storstäder", index.LexWord, "storstad"},
		// a head plural known only in compounds is given to the head
		{"städerna", index.LexWord, "stad"},
		// linking forms: made by an affix, or an entry of their own
		{"kvinno", index.LexBegin, "kvinna"},
		{"stads", index.LexBegin, "stad"},
		{"arbets", index.LexBegin, "arbete"},
		{"arbets", index.LexWord, ""}, // only inside compounds
		// forbidden words are left out
		{"felstavning", index.LexWord, ""},
	}
	for _, c := range cases {
		if got := base(c.form, c.role); got != c.want {
			t.Errorf("%s (roles %b): base %q, want %q", c.form, c.role, got, c.want)
		}
	}
	// names: forms of capitalised entries only
	for form, want := range map[string]bool{"strömstad": true, "strömstads": true, "stad": false, "bo": false, "bos": false} {
		if got := lx.isName(form); got != want {
			t.Errorf("isName(%q) = %v, want %v", form, got, want)
		}
	}
	if lx.forms["lots"][0].roles&index.LexEnd == 0 || lx.forms["lots"][0].roles&index.LexBegin == 0 {
		t.Errorf("lots/DGXY may begin and end compounds: roles %b", lx.forms["lots"][0].roles)
	}
	// the encoding is deterministic
	a, err := lx.encode()
	if err != nil {
		t.Fatal(err)
	}
	b, err := build(aff, dic, false).encode()
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Error("two builds of the same dictionary differ")
	}
}

func TestSingularCandidates(t *testing.T) {
	for plural, want := range map[string]string{
		"böcker":    "bok",
		"fötter":    "fot",
		"städer":    "stad",
		"bönder":    "bonde",
		"mödrar":    "moder",
		"farbröder": "farbror",
		"möss":      "mus",
		"gäss":      "gås",
		"döttrar":   "dotter",
		"män":       "man",
	} {
		if got := singularCandidates(plural); !contains(got, want) {
			t.Errorf("singularCandidates(%q) = %v, lacks %q", plural, got, want)
		}
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
