package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/vellum"
	"github.com/google/go-cmp/cmp"
)

// A transform made from a form and its base turns the form into the base,
// whichever is the longer and whatever letters they share.
func TestMakeLexTransformRoundTrip(t *testing.T) {
	for _, c := range []struct{ form, base string }{
		{"barnen", "barn"},   // base is a prefix of the form
		{"hus", "husen"},     // form is a prefix of the base
		{"hus", "hus"},       // the same
		{"böcker", "bok"},    // a vowel change inside
		{"kvinno", "kvinna"}, // a compound form
		{"gåtts", "gå"},      // multi-byte letters
		{"", "å"}, {"å", ""}, // empty sides
	} {
		tr := MakeLexTransform(c.form, c.base)
		if got := tr.apply(c.form, false); got != c.base {
			t.Errorf("MakeLexTransform(%q, %q) = %+v: applied gives %q", c.form, c.base, tr, got)
		}
	}
}

// A lexicon written by EncodeLexicon reads back with every entry's
// roles, class and both base forms.
func TestEncodeLexiconRoundTrip(t *testing.T) {
	pairs := [][2]string{{"", ""}, {"barnen", "barn"}, {"kvinno", "kvinna"}, {"böcker", "bok"}}
	var trs []LexTransform
	for _, p := range pairs {
		trs = append(trs, MakeLexTransform(p[0], p[1]))
	}
	classes := []string{"", "ABD", "AEG"}
	entries := []LexEntry{ // sorted by form
		{Form: "barnen", Word: 1, Roles: LexWord, Class: 1},
		{Form: "böcker", Word: 3, Roles: LexWord | LexVowelPlural, Class: 2},
		{Form: "kvinno", Comp: 2, Roles: LexBegin | LexMiddle},
		{Form: "kvinnor", Word: 0, Comp: 0, Roles: LexWord | LexEnd | LexStem, Class: 2},
	}
	var buf bytes.Buffer
	if err := EncodeLexicon(&buf, trs, classes, entries); err != nil {
		t.Fatal(err)
	}
	l, err := decodeLexicon(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	want := []LexForm{
		{Form: "barnen", Base: "barn", Roles: LexWord, Class: "ABD"},
		{Form: "böcker", Base: "bok", Roles: LexWord | LexVowelPlural, Class: "AEG"},
		{Form: "kvinno", CompBase: "kvinna", Roles: LexBegin | LexMiddle},
		{Form: "kvinnor", Base: "kvinnor", Roles: LexWord | LexEnd | LexStem, Class: "AEG"},
	}
	var got []LexForm
	for _, e := range entries {
		v, ok := l.get(e.Form)
		if !ok {
			t.Fatalf("%q not found", e.Form)
		}
		got = append(got, l.form(e.Form, v))
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("decoded (-want +got):\n%s", d)
	}
	var all []LexForm
	if err := eachLexiconForm(func() (*lexicon, error) { return l, nil }, func(f LexForm) { all = append(all, f) }); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, all); d != "" {
		t.Errorf("eachLexiconForm (-want +got):\n%s", d)
	}
}

func TestEncodeLexiconErrors(t *testing.T) {
	if err := EncodeLexicon(&bytes.Buffer{}, make([]LexTransform, 1<<lexTransformBits), nil, nil); err == nil {
		t.Error("4096 transforms (more than the value's 12 bits hold): no error")
	}
	if err := EncodeLexicon(&bytes.Buffer{}, nil, make([]string, 1<<lexClassBits), nil); err == nil {
		t.Error("4096 classes: no error")
	}
	// A writer that fails at any point (a full disk) is an error.
	var whole bytes.Buffer
	entries := []LexEntry{{Form: "hus"}, {Form: "husen"}}
	if err := EncodeLexicon(&whole, []LexTransform{{}}, []string{""}, entries); err != nil {
		t.Fatal(err)
	}
	for room := range whole.Len() {
		if err := EncodeLexicon(&fullWriter{room: room}, []LexTransform{{}}, []string{""}, entries); err == nil {
			t.Errorf("a writer full after %d of %d bytes: no error", room, whole.Len())
		}
	}
}

// fullWriter takes room bytes, then fails.
type fullWriter struct{ room int }

func (w *fullWriter) Write(p []byte) (int, error) {
	if len(p) > w.room {
		n := w.room
		w.room = 0
		return n, errors.New("disk full")
	}
	w.room -= len(p)
	return len(p), nil
}

// rawLexicon builds lexicon bytes by hand: nt transforms, nc classes, a
// set of the other readings given (transform, class), if any, and a valid
// FST of one form, so that only the tables can be wrong.
func rawLexicon(t *testing.T, nt, nc int, readings ...[2]uint64) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(lexMagic)
	b.Write(binary.AppendUvarint(nil, uint64(nt)))
	for range nt {
		b.Write([]byte{0, 0}) // strip 0, add ""
	}
	b.Write(binary.AppendUvarint(nil, uint64(nc)))
	for range nc {
		b.WriteByte(0)
	}
	if len(readings) == 0 {
		b.WriteByte(0)
	} else {
		b.Write([]byte{1, byte(len(readings))}) // one set
		for _, r := range readings {
			b.Write(binary.AppendUvarint(nil, r[0]))
			b.Write(binary.AppendUvarint(nil, r[1]))
		}
	}
	var fst bytes.Buffer
	vb, err := vellum.New(&fst, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := vb.Insert([]byte("hus"), 0); err != nil {
		t.Fatal(err)
	}
	if err := vb.Close(); err != nil {
		t.Fatal(err)
	}
	b.Write(binary.AppendUvarint(nil, uint64(fst.Len())))
	b.Write(fst.Bytes())
	return b.Bytes()
}

// Corrupt or oversized embedded data is an error, never a lexicon whose
// values point outside its tables.
func TestDecodeLexiconBad(t *testing.T) {
	// the largest tables the value's 12-bit indexes reach
	max := 1<<12 - 1
	if _, err := decodeLexicon(rawLexicon(t, max, max)); err != nil {
		t.Fatalf("valid data with %d transforms and classes: %v", max, err)
	}
	if l, err := decodeLexicon(rawLexicon(t, 2, 2, [2]uint64{1, 1})); err != nil || len(l.others) != 2 || len(l.others[1]) != 1 {
		t.Fatalf("valid data with another reading: %v", err)
	}
	good := rawLexicon(t, 1, 1)
	for name, data := range map[string][]byte{
		"no header":                   []byte("PSLEX0\n"),
		"4096 transforms":             rawLexicon(t, 1<<lexTransformBits, 1),
		"4096 classes":                rawLexicon(t, 1, 1<<lexClassBits),
		"reading past the transforms": rawLexicon(t, 2, 2, [2]uint64{2, 0}),
		"reading past the classes":    rawLexicon(t, 2, 2, [2]uint64{1, 2}),
		"truncated":                   good[:len(lexMagic)+4],
	} {
		if l, err := decodeLexicon(data); err == nil {
			t.Errorf("%s: no error (lexicon %v)", name, l != nil)
		}
	}
}

func TestEachLexiconForm(t *testing.T) {
	bad := errors.New("swedish lexicon: bad header")
	called := false
	if err := eachLexiconForm(func() (*lexicon, error) { return nil, bad }, func(LexForm) { called = true }); !errors.Is(err, bad) || called {
		t.Errorf("a lexicon that does not load: err %v, fn called %v", err, called)
	}
	// The embedded lexicon: every form, in byte order, each as LookupLexicon
	// gives it.
	n := 0
	prev := ""
	seen := map[string]LexForm{}
	err := EachLexiconForm(func(f LexForm) {
		if n > 0 && f.Form <= prev {
			t.Fatalf("%q after %q: not in byte order", f.Form, prev)
		}
		prev = f.Form
		n++
		if n%100000 == 1 || f.Form == "kvinno" || f.Form == "barnen" {
			seen[f.Form] = f
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 500000 {
		t.Errorf("%d forms, want the whole dictionary's (over 800,000)", n)
	}
	for form, f := range seen {
		if g, ok := LookupLexicon(form); !ok || !cmp.Equal(g, f) {
			t.Errorf("%q: each gave %+v, LookupLexicon %+v %v", form, f, g, ok)
		}
	}
	for _, form := range []string{"kvinno", "barnen"} {
		if _, ok := seen[form]; !ok {
			t.Errorf("%q not visited", form)
		}
	}
}

// A form that may begin a compound has its base as a compound part, and
// a plain word its base as a word (kvinno- is kvinna; barnen is barn).
func TestLookupLexiconBases(t *testing.T) {
	for _, c := range []struct{ form, base, comp string }{
		{"kvinno", "", "kvinna"},
		{"arbets", "", "arbete"},
		{"barnen", "barn", ""},
		{"kvinnor", "kvinna", ""},
		{"gick", "gå", ""}, // the base adds a letter with a diacritic, kept as written
	} {
		f, ok := LookupLexicon(c.form)
		if !ok || f.Base != c.base || f.CompBase != c.comp {
			t.Errorf("LookupLexicon(%q) = %+v %v, want base %q, compound base %q", c.form, f, ok, c.base, c.comp)
		}
	}
	if _, ok := LookupLexicon("sökandelotsxyz"); ok {
		t.Error("a non-word found")
	}
}

// formsAt gives, at every position, exactly the lexicon forms that begin
// there, are at least minPartRunes letters and leave nothing or at least
// minPartRunes letters: checked against plain look-ups of every prefix.
func TestFormsAtAgainstLookups(t *testing.T) {
	l, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"sökandelotsmetoden", "kvinnoprojekt", "arbetsmarknadsåtgärder", "husen",
		"båtgå", "utgå", "fågelsjö", "sjöå", "kvinnoförening", "ögonblick",
	} {
		for i := range w {
			if !utf8.RuneStart(w[i]) {
				continue
			}
			s := w[i:]
			left := utf8.RuneCountInString(s)
			var want []prefixHit
			for j := 1; j <= len(s); j++ {
				if j < len(s) && !utf8.RuneStart(s[j]) {
					continue
				}
				n := utf8.RuneCountInString(s[:j])
				if rest := left - n; n < minPartRunes || rest > 0 && rest < minPartRunes {
					continue
				}
				if v, ok := l.get(s[:j]); ok {
					want = append(want, prefixHit{n: j, v: v})
				}
			}
			for round := range 2 { // the second from the cache
				got := l.formsAt(w, i)
				if d := cmp.Diff(want, got, cmp.AllowUnexported(prefixHit{})); d != "" {
					t.Errorf("formsAt(%q, %d) round %d (%q) (-want +got):\n%s", w, i, round, s, d)
				}
			}
		}
	}
}

// A lexicon whose FST is damaged inside (its header and footer intact) is
// an error from eachLexiconForm, not a lexicon that ends early: tried with
// every byte of a small one overwritten in turn, at least one damage must
// be reported (vellum finds addresses outside the data while iterating).
func TestEachLexiconFormCorrupt(t *testing.T) {
	var buf bytes.Buffer
	entries := []LexEntry{{Form: "barnen"}, {Form: "böcker"}, {Form: "kvinno"}, {Form: "kvinnor"}}
	if err := EncodeLexicon(&buf, []LexTransform{{}}, []string{""}, entries); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	reported := 0
	for i := len(lexMagic); i < len(good); i++ {
		data := append([]byte(nil), good...)
		data[i] = 0xff
		func() {
			defer func() { _ = recover() }() // vellum may panic on some damage; not what this test is about
			l, err := decodeLexicon(data)
			if err != nil {
				return
			}
			if eachLexiconForm(func() (*lexicon, error) { return l, nil }, func(LexForm) {}) != nil {
				reported++
			}
		}()
	}
	if reported == 0 {
		t.Error("no damaged FST reported by eachLexiconForm")
	}
}
