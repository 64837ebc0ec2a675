package ingest

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Fate is what became of one file in an ingest. Every file found ends
// with exactly one of Indexed, Updated, Unchanged, Duplicate, Skipped or
// Failed; Pruned is told of documents whose files were not found (with
// --prune).
type Fate string

// The fates.
const (
	Indexed   Fate = "indexed"   // a new document
	Updated   Fate = "updated"   // the file changed: its document was replaced
	Unchanged Fate = "unchanged" // same bytes as when last ingested: nothing written
	Duplicate Fate = "duplicate" // the same bytes as another file: one document lists both paths
	Skipped   Fate = "skipped"   // not a type Parse reads
	Failed    Fate = "failed"    // could not be read, or holds no usable text
	Pruned    Fate = "pruned"    // the file was not found again: removed from its document
)

// Outcome is the fate of one file, as one line of an ingest report.
type Outcome struct {
	// Path is the file as found (on disk, or as uploaded).
	Path string `json:"path"`
	// Source is the path relative to the ingest root; ID the document
	// that holds it (for a duplicate: the document it joined).
	Source   string `json:"source,omitempty"`
	ID       string `json:"id,omitempty"`
	Fate     Fate   `json:"fate"`
	Reason   string `json:"reason,omitempty"`
	Format   string `json:"format,omitempty"`
	Encoding string `json:"encoding,omitempty"`
	// Chars counts the characters of text extracted (title and body).
	Chars int `json:"chars"`
}

// Describe fills the outcome's format, encoding and character count from
// the record parsed from the file.
func (o *Outcome) Describe(r *Record) {
	o.Format, o.Encoding = r.Format, r.Encoding
	if o.Format == "" {
		o.Format = formats[strings.ToLower(extOf(r.Source))]
	}
	o.Chars = Chars(r)
}

// Chars counts the characters of text of a record: title, headings and
// section text.
func Chars(r *Record) int {
	n := utf8.RuneCountInString(r.Title)
	for _, s := range r.Sections {
		n += utf8.RuneCountInString(s.Heading) + utf8.RuneCountInString(s.Text)
	}
	return n
}

// FailedOutcome is the outcome of a file that could not be ingested: the
// reason is the error without the file name it starts with, worded so
// that a person knows what to do.
func FailedOutcome(path, source string, err error) Outcome {
	o := Outcome{Path: path, Source: source, Fate: Failed, Reason: Reason(err, path, source)}
	if errors.Is(err, ErrUnsupported) {
		o.Fate = Skipped
	}
	if source != "" {
		o.Format = formats[strings.ToLower(extOf(source))]
	}
	return o
}

// Reason is err's message without the leading file name(s), with a hint
// for a file that yields no text.
func Reason(err error, names ...string) string {
	msg := err.Error()
	for changed := true; changed; {
		changed = false
		for _, n := range names {
			if n != "" && strings.HasPrefix(msg, n+": ") {
				msg, changed = msg[len(n)+2:], true
			}
		}
	}
	if errors.Is(err, ErrNoText) && !strings.Contains(msg, "—") {
		msg += " — an empty file, or a scan without a text layer?"
	}
	return msg
}

func extOf(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 && !strings.Contains(name[i:], "/") {
		return name[i:]
	}
	return ""
}

// Tally counts the fates of an ingest.
type Tally struct {
	Found     int `json:"found"`
	Indexed   int `json:"indexed"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Duplicate int `json:"duplicate"`
	Skipped   int `json:"skipped"`
	Failed    int `json:"failed"`
	// Pruned counts documents' paths removed (--prune); Kept the paths
	// in the index not found in this ingest and kept (no --prune). Neither
	// is a file found.
	Pruned int `json:"pruned"`
	Kept   int `json:"kept"`
}

// Add counts one fate; every fate but Pruned is a file found.
func (t *Tally) Add(f Fate) {
	switch f {
	case Indexed:
		t.Indexed++
	case Updated:
		t.Updated++
	case Unchanged:
		t.Unchanged++
	case Duplicate:
		t.Duplicate++
	case Skipped:
		t.Skipped++
	case Failed:
		t.Failed++
	case Pruned:
		t.Pruned++
		return
	}
	t.Found++
}

// String is the summary line of an ingest:
// "found 6: 3 indexed, 0 updated, 0 unchanged, 1 duplicate, 1 skipped, 1 failed".
func (t Tally) String() string {
	s := fmt.Sprintf("found %d: %d indexed, %d updated, %d unchanged, %d duplicate, %d skipped, %d failed",
		t.Found, t.Indexed, t.Updated, t.Unchanged, t.Duplicate, t.Skipped, t.Failed)
	if t.Pruned > 0 {
		s += fmt.Sprintf("; %d pruned", t.Pruned)
	}
	if t.Kept > 0 {
		s += fmt.Sprintf("; %d not found again and kept (--prune removes them)", t.Kept)
	}
	return s
}

// Sum is the number of files the fates count; it equals Found.
func (t Tally) Sum() int {
	return t.Indexed + t.Updated + t.Unchanged + t.Duplicate + t.Skipped + t.Failed
}
