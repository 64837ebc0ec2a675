package index

// # Decoding the stored record
//
// Every shown hit decodes its stored record (the raw field: json.Marshal
// of ingest.Record). encoding/json spent about 10 % of the server's CPU
// under the long-tail workload on it: a validity pass over the whole
// value before decoding, then reflection per field. decodeRecord reads
// that one shape directly, taking every string that needs no unescaping
// as a substring of one copy of the value, and hands anything it does not
// expect (a key it does not know, a null, a number that is not an
// integer, invalid UTF-8, a syntax error) to json.Unmarshal, so the
// result is always what json.Unmarshal gives.

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"projektsok/ingest"
)

// recordFields maps each JSON key of ingest.Record to the field it fills
// (TestRecordFieldsCoverRecord checks that none is missing).
var recordFields = map[string]func(r *ingest.Record) any{
	"id":               func(r *ingest.Record) any { return &r.ID },
	"source":           func(r *ingest.Record) any { return &r.Source },
	"sources":          func(r *ingest.Record) any { return &r.Sources },
	"hash":             func(r *ingest.Record) any { return &r.Hash },
	"format":           func(r *ingest.Record) any { return &r.Format },
	"encoding":         func(r *ingest.Record) any { return &r.Encoding },
	"ingested":         func(r *ingest.Record) any { return &r.Ingested },
	"doc_type":         func(r *ingest.Record) any { return &r.DocType },
	"title":            func(r *ingest.Record) any { return &r.Title },
	"programme_area":   func(r *ingest.Record) any { return &r.ProgrammeArea },
	"phase":            func(r *ingest.Record) any { return &r.Phase },
	"owner":            func(r *ingest.Record) any { return &r.Owner },
	"project_number":   func(r *ingest.Record) any { return &r.ProjectNumber },
	"contact_person":   func(r *ingest.Record) any { return &r.ContactPerson },
	"contact_email":    func(r *ingest.Record) any { return &r.ContactEmail },
	"contact_phone":    func(r *ingest.Record) any { return &r.ContactPhone },
	"esf_support_sek":  func(r *ingest.Record) any { return &r.ESFSupportSEK },
	"total_budget_sek": func(r *ingest.Record) any { return &r.TotalBudgetSEK },
	"period_start":     func(r *ingest.Record) any { return &r.PeriodStart },
	"period_end":       func(r *ingest.Record) any { return &r.PeriodEnd },
	"region":           func(r *ingest.Record) any { return &r.Region },
	"county":           func(r *ingest.Record) any { return &r.County },
	"municipalities":   func(r *ingest.Record) any { return &r.Municipalities },
	"partners":         func(r *ingest.Record) any { return &r.Partners },
	"participants":     func(r *ingest.Record) any { return &r.Participants },
	"methods":          func(r *ingest.Record) any { return &r.Methods },
	"target_groups":    func(r *ingest.Record) any { return &r.TargetGroups },
	"sections":         func(r *ingest.Record) any { return &r.Sections },
	"has_report":       func(r *ingest.Record) any { return &r.HasReport },
}

// errUnexpected sends a value to json.Unmarshal.
var errUnexpected = errors.New("unexpected")

// decodeRecord decodes a stored record exactly as json.Unmarshal into a
// zero ingest.Record would.
func decodeRecord(data []byte) (ingest.Record, error) {
	var rec ingest.Record
	d := rawDecoder{s: data}
	if err := d.record(&rec); err == nil {
		return rec, nil
	}
	rec = ingest.Record{}
	err := json.Unmarshal(data, &rec)
	return rec, err
}

// rawDecoder reads JSON from s at i.
type rawDecoder struct {
	s []byte
	i int
}

func (d *rawDecoder) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// next skips white space and consumes c.
func (d *rawDecoder) next(c byte) bool {
	d.space()
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *rawDecoder) peek() byte {
	d.space()
	if d.i < len(d.s) {
		return d.s[d.i]
	}
	return 0
}

func (d *rawDecoder) record(r *ingest.Record) error {
	err := d.object(func(key []byte) error {
		field, ok := recordFields[string(key)]
		if !ok {
			return errUnexpected
		}
		switch p := field(r).(type) {
		case *string:
			return d.str(p)
		case *[]string:
			return d.strs(p)
		case *int64:
			return d.int(p)
		case *bool:
			return d.bool(p)
		case *[]ingest.Section:
			return d.sections(p)
		}
		return errUnexpected
	})
	if err != nil {
		return err
	}
	if d.space(); d.i != len(d.s) {
		return errUnexpected
	}
	return nil
}

// object reads {"key": value, …}, calling value for each key with d at
// its value.
func (d *rawDecoder) object(value func(key []byte) error) error {
	if !d.next('{') {
		return errUnexpected
	}
	if d.next('}') {
		return nil
	}
	for {
		key, err := d.key()
		if err != nil {
			return err
		}
		if !d.next(':') {
			return errUnexpected
		}
		if err := value(key); err != nil {
			return err
		}
		if d.next('}') {
			return nil
		}
		if !d.next(',') {
			return errUnexpected
		}
	}
}

// array reads [value, …], calling elem with d at each value; it reports
// whether the array was empty.
func (d *rawDecoder) array(elem func() error) (empty bool, err error) {
	if !d.next('[') {
		return false, errUnexpected
	}
	if d.next(']') {
		return true, nil
	}
	for {
		if err := elem(); err != nil {
			return false, err
		}
		if d.next(']') {
			return false, nil
		}
		if !d.next(',') {
			return false, errUnexpected
		}
	}
}

func (d *rawDecoder) strs(p *[]string) error {
	var out []string
	empty, err := d.array(func() error {
		var s string
		err := d.str(&s)
		out = append(out, s)
		return err
	})
	if empty {
		out = []string{} // as json.Unmarshal: an empty array is not nil
	}
	*p = out
	return err
}

func (d *rawDecoder) sections(p *[]ingest.Section) error {
	var out []ingest.Section
	empty, err := d.array(func() error {
		var sec ingest.Section
		err := d.object(func(key []byte) error {
			switch string(key) {
			case "heading":
				return d.str(&sec.Heading)
			case "text":
				return d.str(&sec.Text)
			}
			return errUnexpected
		})
		out = append(out, sec)
		return err
	})
	if empty {
		out = []ingest.Section{}
	}
	*p = out
	return err
}

func (d *rawDecoder) int(p *int64) error {
	d.space()
	start := d.i
	if d.i < len(d.s) && d.s[d.i] == '-' {
		d.i++
	}
	for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
		d.i++
	}
	digits := string(d.s[start:d.i])
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || digits != strconv.FormatInt(n, 10) {
		return errUnexpected // leading zeros, "-0", fractions, exponents
	}
	*p = n
	return nil
}

func (d *rawDecoder) bool(p *bool) error {
	d.space()
	switch {
	case bytes.HasPrefix(d.s[d.i:], []byte("true")):
		*p, d.i = true, d.i+4
	case bytes.HasPrefix(d.s[d.i:], []byte("false")):
		*p, d.i = false, d.i+5
	default:
		return errUnexpected
	}
	return nil
}

// key reads an object's key: one of the shape's, so a key that needs
// unescaping is not (and goes to json.Unmarshal).
func (d *rawDecoder) key() ([]byte, error) {
	if d.peek() != '"' {
		return nil, errUnexpected
	}
	start := d.i + 1
	end := plainRun(d.s, start)
	if end == len(d.s) || d.s[end] != '"' {
		return nil, errUnexpected
	}
	d.i = end + 1
	return d.s[start:end], nil
}

// plainRun is how far from i the bytes of a string need no decoding:
// up to a quote, a backslash or a control character.
func plainRun(s []byte, i int) int {
	// eight bytes at a time while none of them is one of those
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for i+8 <= len(s) {
		x := binary.LittleEndian.Uint64(s[i:])
		quote, backslash := x^(ones*'"'), x^(ones*'\\')
		// a zero byte in v: (v - ones) &^ v & highs; a byte below 0x20
		// in x: (x - ones*0x20) &^ x & highs
		if ((quote-ones)&^quote|(backslash-ones)&^backslash|(x-ones*0x20)&^x)&highs != 0 {
			break
		}
		i += 8
	}
	for i < len(s) {
		if c := s[i]; c == '"' || c == '\\' || c < 0x20 {
			break
		}
		i++
	}
	return i
}

// str reads a string (a copy: d.s may be a buffer its owner reuses).
func (d *rawDecoder) str(p *string) error {
	if d.peek() != '"' {
		return errUnexpected
	}
	d.i++
	start := d.i
	d.i = plainRun(d.s, d.i)
	if d.i < len(d.s) && d.s[d.i] == '\\' {
		return d.escaped(p, start)
	}
	if d.i == len(d.s) || d.s[d.i] != '"' {
		return errUnexpected // the end, or a control character
	}
	s := d.s[start:d.i]
	d.i++
	if !utf8.Valid(s) {
		return errUnexpected // json.Unmarshal replaces bad bytes
	}
	*p = string(s)
	return nil
}

// escaped reads the rest of a string that holds escapes, from start (just
// after its opening quote); d.i is at the first backslash.
func (d *rawDecoder) escaped(p *string, start int) error {
	// the unescaped string is no longer than the escaped one
	end := d.i
	for end < len(d.s) && d.s[end] != '"' {
		if end = plainRun(d.s, end); end < len(d.s) && d.s[end] == '\\' {
			end += 2
		} else if end < len(d.s) && d.s[end] < 0x20 {
			return errUnexpected
		}
	}
	var b strings.Builder
	b.Grow(min(end, len(d.s)) - start)
	b.Write(d.s[start:d.i])
	for d.i < len(d.s) {
		switch c := d.s[d.i]; {
		case c == '"':
			d.i++
			s := b.String()
			if !utf8.ValidString(s) {
				return errUnexpected
			}
			*p = s
			return nil
		case c < 0x20:
			return errUnexpected
		case c != '\\':
			end := plainRun(d.s, d.i)
			b.Write(d.s[d.i:end])
			d.i = end
			continue
		}
		if d.i+1 >= len(d.s) {
			return errUnexpected
		}
		e := d.s[d.i+1]
		d.i += 2
		switch e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := d.hex4()
			if !ok {
				return errUnexpected
			}
			if utf16.IsSurrogate(r) {
				// a pair, or json.Unmarshal's replacement rules: leave
				// those to it
				if !bytes.HasPrefix(d.s[d.i:], []byte(`\u`)) {
					return errUnexpected
				}
				d.i += 2
				r2, ok := d.hex4()
				if !ok {
					return errUnexpected
				}
				if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
					return errUnexpected
				}
			}
			b.WriteRune(r)
		default:
			return errUnexpected
		}
	}
	return errUnexpected
}

func (d *rawDecoder) hex4() (rune, bool) {
	if d.i+4 > len(d.s) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(d.s[d.i:d.i+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	d.i += 4
	return rune(n), true
}
