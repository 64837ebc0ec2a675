package ingest

import (
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// checkPeriodAgrees fails when the candidate-driven search differs from
// FindStringSubmatchIndex of the patterns over the whole text.
func checkPeriodAgrees(t *testing.T, s string) {
	t.Helper()
	if got, want := firstISORange(s), isoRangeRe.FindStringSubmatchIndex(s); !slices.Equal(got, want) {
		t.Errorf("iso range in %q: %v, want %v", clip(s), got, want)
	}
	if got, want := firstSweRange(s), sweRangeRe.FindStringSubmatchIndex(s); !slices.Equal(got, want) {
		t.Errorf("Swedish range in %q: %v, want %v", clip(s), got, want)
	}
}

var periodProbes = []string{
	"", "2014-01-02 till 2014-12-31", "12014-01-02 - 2014-12-31x", "2014-01-02t.o.m.2014-12-31",
	"2014-01-02 — 2014-1-31, 2015-01-01 – 2016-01-01", "1 mars – 30 juni 2021", "123 mars 2020 - 4 april 2020",
	"15 augusti 2020 – 31 december 2022", "15 AUGUSTI 2020 till 31 December 2022", "1\t\n ſeptember 2020 - 2 oktober 2020",
	"1 o\u212atober 2020 - 2 oktober 2020", "1 maj 2020 - 2 maj", "1 maj - 2 maj 2020 och 2020-01-01 - 2020-02-02",
	"9 9 9 mars 2020 - 1 maj 2021", "99 mars\n2020 t.o.m 1 maj 2021", "1 mars 2020 – 31 maj 2019",
}

func TestPeriodSearchAgreesWithRegexp(t *testing.T) {
	for _, p := range periodProbes {
		checkPeriodAgrees(t, p)
	}
	paths, _ := filepath.Glob("sample/*.txt")
	rng := rand.New(rand.NewSource(11))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		checkPeriodAgrees(t, text)
		checkPeriodAgrees(t, strings.ToUpper(text))
		for range 300 {
			i := rng.Intn(len(text))
			checkPeriodAgrees(t, text[i:min(len(text), i+rng.Intn(2000))])
		}
	}
}

func FuzzPeriodSearch(f *testing.F) {
	for _, p := range periodProbes {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkPeriodAgrees(t, s)
	})
}

var numberRe = regexp.MustCompile(numberPattern)

var numberProbes = []string{
	"", "Projektnr: 2019/00123", "PROJEKT NR 2019/00123", "projekt\tnr.:  2020-00152", "Dnr 123", "xdnr 1234",
	"diarienummer: 2016/00387 och projektnummer 2017/1", "projektprojektnr 12a4", "proje\u212at nr 1234",
	"projekt projektnummer 1234 dnr 99", "Projektnummer: abc, dnr 2017/1",
}

func TestPrefixedRegexps(t *testing.T) {
	// No prefix may occur inside another (see newPrefixedRegexp).
	prefixes := []string{"projekt", "diarienummer", "dnr"}
	for _, a := range prefixes {
		for _, b := range prefixes {
			if a != b && strings.Contains(foldString(a), foldString(b)) {
				t.Errorf("prefix %q inside %q", b, a)
			}
		}
	}
	check := func(s string) {
		if got, want := numberAt.FindStringSubmatch(s), numberRe.FindStringSubmatch(s); !slices.Equal(got, want) {
			t.Errorf("number in %q: %q, want %q", clip(s), got, want)
		}
	}
	for _, p := range numberProbes {
		check(p)
	}
	paths, _ := filepath.Glob("sample/*.txt")
	rng := rand.New(rand.NewSource(5))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		check(text)
		for range 300 {
			i := rng.Intn(len(text))
			check(text[i:min(len(text), i+rng.Intn(3000))])
		}
	}
}

func FuzzPrefixedRegexp(f *testing.F) {
	for _, p := range numberProbes {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := numberAt.FindStringSubmatchIndex(s), numberRe.FindStringSubmatchIndex(s); !slices.Equal(got, want) {
			t.Errorf("number in %q: %v, want %v", s, got, want)
		}
	})
}
