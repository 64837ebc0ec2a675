package ingest

import (
	"math/rand"
	"os"
	"path/filepath"
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
