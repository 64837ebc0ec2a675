package index

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"projektsok/ingest"
)

// Every JSON key of ingest.Record has its entry in recordFields, pointing
// at the field of that key: a field added to Record without one would
// still decode (through json.Unmarshal) but slowly.
func TestRecordFieldsCoverRecord(t *testing.T) {
	var r ingest.Record
	v := reflect.ValueOf(&r).Elem()
	keys := 0
	for i := 0; i < v.NumField(); i++ {
		key, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		if key == "-" {
			continue
		}
		keys++
		field, ok := recordFields[key]
		if !ok {
			t.Errorf("recordFields lacks %q (Record.%s)", key, v.Type().Field(i).Name)
			continue
		}
		if got, want := reflect.ValueOf(field(&r)).Pointer(), v.Field(i).Addr().Pointer(); got != want {
			t.Errorf("recordFields[%q] points at another field than Record.%s", key, v.Type().Field(i).Name)
		}
	}
	if keys != len(recordFields) {
		t.Errorf("recordFields has %d keys, Record %d", len(recordFields), keys)
	}
}

// fullRecord has every field set, with text that JSON escapes.
func fullRecord() ingest.Record {
	return ingest.Record{
		ID: "001_a", Source: "rapporter/a \"b\".md", Sources: []string{"rapporter/a \"b\".md", "kopia/a.md"},
		Hash: "ab12", Format: "markdown", Encoding: "utf-8", Ingested: "2026-12-05T01:00:00Z",
		DocType: ingest.TypeReport, Title: "Sökandelotsar i <Umeå> & Piteå", ProgrammeArea: "PO 1",
		Phase: "avslutat", Owner: "Umeå kommun", ProjectNumber: "2019/00123",
		ContactPerson: "Åsa Öberg", ContactEmail: "asa@example.se", ContactPhone: "+46 90 12 34 56",
		ESFSupportSEK: 1_234_567, TotalBudgetSEK: -5, PeriodStart: "2019-03-01", PeriodEnd: "2021-12-31",
		Region: "Övre Norrland", County: "Västerbottens län", Municipalities: []string{"Umeå", "Piteå"},
		Partners: []string{"Arbetsförmedlingen"}, Participants: []string{}, Methods: []string{"sökandelots"},
		TargetGroups: []string{"unga"}, HasReport: true,
		Sections: []ingest.Section{
			{Text: "Inledning\tmed tab,\nradbrytning, \\ och \"citat\", \u2028 och 😀 och \x01."},
			{Heading: "Sammanfattning", Text: strings.Repeat("Projektet arbetade med sökandelotsar. ", 50)},
		},
	}
}

// decodeRecord gives what json.Unmarshal gives, for the records json.Marshal
// writes and for anything else (which it hands to json.Unmarshal).
func TestDecodeRecordAsJSON(t *testing.T) {
	full, err := json.Marshal(fullRecord())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, in string }{
		{"every field", string(full)},
		{"empty record", `{}`},
		{"as the index writes one", `{"id":"x","source":"x.md","doc_type":"projekt","title":"T","sections":[{"heading":"","text":"a"}]}`},
		{"white space", " {\n \"id\" : \"x\" ,\t\"sections\" : [ ] , \"methods\":[ \"a\" , \"b\" ] } \n"},
		{"escapes", `{"title":"a\u00e9\n\/\b\f\r\t\"\\ \ud83d\ude00 \u003c"}`},
		{"lone surrogate", `{"title":"a\ud83d b"}`},
		{"reversed pair", `{"title":"\ude00\ud83d"}`},
		{"invalid UTF-8", "{\"title\":\"a\xff\"}"},
		{"invalid UTF-8 after an escape", "{\"title\":\"\\n\xff\"}"},
		{"unknown key", `{"id":"x","extra":{"a":[1,2]},"title":"T"}`},
		{"key in other case", `{"ID":"x","Title":"T"}`},
		{"null string", `{"id":null}`},
		{"null list", `{"methods":null,"sections":null}`},
		{"duplicate key", `{"id":"a","id":"b"}`},
		{"number forms", `{"esf_support_sek":-0,"total_budget_sek":12}`},
		{"fraction", `{"esf_support_sek":1.5}`},
		{"exponent", `{"esf_support_sek":1e3}`},
		{"too large", `{"esf_support_sek":99999999999999999999}`},
		{"leading zero", `{"esf_support_sek":012}`},
		{"string for number", `{"esf_support_sek":"12"}`},
		{"bool", `{"has_report":false}`},
		{"bad bool", `{"has_report":tru}`},
		{"section with unknown key", `{"sections":[{"heading":"h","text":"t","x":1}]}`},
		{"control character", "{\"title\":\"a\x01\"}"},
		{"bad escape", `{"title":"\x"}`},
		{"short unicode escape", `{"title":"\u12"}`},
		{"truncated", `{"id":"x","title":"T`},
		{"trailing comma", `{"id":"x",}`},
		{"trailing garbage", `{"id":"x"} x`},
		{"not an object", `["x"]`},
		{"empty", ``},
	} {
		t.Run(tc.name, func(t *testing.T) { sameAsJSON(t, []byte(tc.in)) })
	}
	// what json.Marshal writes never needs json.Unmarshal
	for _, in := range []string{string(full), `{}`, `{"title":"a\u00e9\n\ud83d\ude00 \u003c","methods":[]}`} {
		d := rawDecoder{s: []byte(in)}
		var rec ingest.Record
		if err := d.record(&rec); err != nil {
			t.Errorf("%.60q… went to json.Unmarshal", in)
		}
	}
}

func sameAsJSON(t *testing.T, in []byte) {
	t.Helper()
	var want ingest.Record
	wantErr := json.Unmarshal(in, &want)
	got, err := decodeRecord(in)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("decodeRecord(%q) error %v, json.Unmarshal %v", in, err, wantErr)
	}
	if err != nil {
		return
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decodeRecord(%q) differs from json.Unmarshal (-want +got):\n%s", in, diff)
	}
}

func FuzzDecodeRecord(f *testing.F) {
	full, err := json.Marshal(fullRecord())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(full)
	f.Add([]byte(`{"title":"a\ud83d\ude00","sections":[{"text":"x"}],"esf_support_sek":7}`))
	f.Fuzz(sameAsJSON)
}

// BenchmarkDecodeRecord decodes a stored record of the usual size, as a
// shown hit does (FacetSnapshot.Record), and with encoding/json.
func BenchmarkDecodeRecord(b *testing.B) {
	r := fullRecord()
	r.Sections[1].Text = strings.Repeat("Projektet arbetade med sökandelotsar i Umeå & Piteå. ", 40)
	raw, err := json.Marshal(r)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("decodeRecord", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			if _, err := decodeRecord(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			var rec ingest.Record
			if err := json.Unmarshal(raw, &rec); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// plainRun stops where a byte-by-byte scan stops, wherever the quote,
// backslash or control character falls within eight bytes, and with
// bytes of every value around it.
func TestPlainRun(t *testing.T) {
	naive := func(s []byte, i int) int {
		for i < len(s) && s[i] != '"' && s[i] != '\\' && s[i] >= 0x20 {
			i++
		}
		return i
	}
	for _, stop := range []byte{'"', '\\', 0x00, 0x1f, '\n'} {
		for _, fill := range []byte{'a', ' ', 0x20, 0x21, 0x7f, 0x80, 0xc3, 0xff, '"' + 1, '\\' - 1} {
			for n := 0; n < 20; n++ {
				for at := 0; at <= n; at++ {
					s := bytes.Repeat([]byte{fill}, n)
					if at < n {
						s[at] = stop
					}
					for start := 0; start <= min(n, 3); start++ {
						if got, want := plainRun(s, start), naive(s, start); got != want {
							t.Fatalf("plainRun(%q, %d) = %d, want %d", s, start, got, want)
						}
					}
				}
			}
		}
	}
}
