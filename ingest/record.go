// Package ingest turns files (project-bank pages as text or saved HTML,
// final reports as Markdown, text or PDF) into Records: the plain,
// engine-independent description of one ESF document that the index stores
// and the API returns. It imports nothing else from this module.
package ingest

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Document types.
const (
	TypeProject = "projekt"     // a project-bank page
	TypeReport  = "slutrapport" // a final report
)

// Record is one document with its extracted metadata. Field names in JSON
// are the API's names; empty values are omitted.
type Record struct {
	ID string `json:"id"`
	// Source is the path of the file the record came from, relative to
	// its ingest root, with '/' separators; ID is derived from it.
	Source string `json:"source"`
	// Sources lists every path whose file holds exactly these bytes,
	// Source first (one document per distinct content).
	Sources []string `json:"sources,omitempty"`
	// Hash is the SHA-256 of the file's bytes (hex): an unchanged file
	// is recognised by it, and files with the same bytes become one
	// document.
	Hash string `json:"hash,omitempty"`
	// Format is the parser that read the file ("text", "markdown",
	// "html", "pdf"); Encoding the character encoding the text was read
	// in ("utf-8", "windows-1252", …), empty where it does not apply.
	Format   string `json:"format,omitempty"`
	Encoding string `json:"encoding,omitempty"`
	// Ingested is when the index took this content in (RFC 3339, UTC),
	// set by the index; empty before.
	Ingested string `json:"ingested,omitempty"`
	// DocType is TypeProject or TypeReport.
	DocType string `json:"doc_type"`
	Title   string `json:"title"`

	ProgrammeArea string `json:"programme_area,omitempty"`
	Phase         string `json:"phase,omitempty"`
	Owner         string `json:"owner,omitempty"`
	ProjectNumber string `json:"project_number,omitempty"`

	ContactPerson string `json:"contact_person,omitempty"`
	ContactEmail  string `json:"contact_email,omitempty"`
	ContactPhone  string `json:"contact_phone,omitempty"`

	// Whole SEK; 0 when unknown.
	ESFSupportSEK  int64 `json:"esf_support_sek,omitempty"`
	TotalBudgetSEK int64 `json:"total_budget_sek,omitempty"`

	// YYYY-MM-DD; empty when unknown.
	PeriodStart string `json:"period_start,omitempty"`
	PeriodEnd   string `json:"period_end,omitempty"`

	Region         string   `json:"region,omitempty"`
	County         string   `json:"county,omitempty"`
	Municipalities []string `json:"municipalities,omitempty"`
	Partners       []string `json:"partners,omitempty"`
	Participants   []string `json:"participants,omitempty"`

	Methods      []string `json:"methods,omitempty"`
	TargetGroups []string `json:"target_groups,omitempty"`

	Sections []Section `json:"sections,omitempty"`

	// Rest is the text of a long file past MaxText, up to MaxIndexed in
	// all: indexed so that search finds it, never shown or in the JSON
	// (the last section says the text was cut).
	Rest string `json:"-"`

	// HasReport: the project has a final report in the index (a report
	// itself, or a page linked to one; see Lineage). Kept by the index.
	HasReport bool `json:"has_report,omitempty"`
}

// Section is a headed part of a document's text. The first section of a
// document may have an empty heading (text before any heading).
type Section struct {
	Heading string `json:"heading"`
	Text    string `json:"text"`
}

// Summary returns the text of the summary section ("Sammanfattning"), or
// the first section's text when there is none.
func (r *Record) Summary() string {
	for _, s := range r.Sections {
		if strings.EqualFold(s.Heading, "Sammanfattning") {
			return s.Text
		}
	}
	if len(r.Sections) > 0 {
		return r.Sections[0].Text
	}
	return ""
}

// Body returns all section text, headings included, one section per
// paragraph.
func (r *Record) Body() string {
	var b strings.Builder
	for i, s := range r.Sections {
		if i > 0 {
			b.WriteString("\n\n")
		}
		if s.Heading != "" {
			b.WriteString(s.Heading)
			b.WriteString("\n")
		}
		b.WriteString(s.Text)
	}
	return b.String()
}

// MaxIDLen bounds the readable part of an id; a longer one is cut and
// made unique with a hash suffix.
const MaxIDLen = 100

// ID derives a document's id from its source: the file's path relative to
// its ingest root, with '/' separators ("skr/skr-200405161.md"). The id
// is stable (a function of that path alone), unique, URL-safe and
// readable:
//
//   - a path of lower-case letters, digits, '-' and '_' with one '.'
//     before the extension is its own id, folders joined by '.'
//     ("skr/skr-200405161.md" → "skr.skr-200405161.md"); this spelling
//     maps back to exactly one path;
//   - any other path (capitals, å/ä/ö, spaces, other punctuation, more
//     dots) is spelt the same way with å/ä/ö folded and every other
//     character run made '-', then gets '~' and 10 hex digits of the
//     SHA-256 of the exact path: "Skr.-200405161.md" →
//     "skr-200405161.md~1f0c…". '~' never occurs in the first kind, so the
//     two kinds never meet, and two paths meet only if their hashes do;
//   - a spelling longer than MaxIDLen is cut at a word boundary and gets
//     the hash suffix too.
//
// So x.txt and x.html, the same name in two folders, names that differ
// only in punctuation and long names sharing their first 100 characters
// all get different ids.
func ID(rel string) string {
	rel = cleanRel(rel)
	id, exact := slug(rel)
	if exact && len(id) <= MaxIDLen {
		return id
	}
	if len(id) > MaxIDLen {
		cut := MaxIDLen
		for cut > MaxIDLen/2 && id[cut] != '-' && id[cut] != '.' && id[cut] != '_' {
			cut--
		}
		id = strings.TrimRight(id[:cut], "-._")
	}
	sum := sha256.Sum256([]byte(rel))
	return id + "~" + hex.EncodeToString(sum[:5])
}

// slug spells rel as an id (see ID); exact reports whether the spelling
// maps back to rel alone.
func slug(rel string) (id string, exact bool) {
	dir, file := path.Split(rel)
	ext := path.Ext(file)
	stem := strings.TrimSuffix(file, ext)
	exact = ext != "" && len(ext) > 1
	var b strings.Builder
	dash := false
	put := func(s string) {
		for _, r := range s {
			lr := unicode.ToLower(r)
			switch lr {
			case 'å', 'ä', 'á', 'à', 'â':
				lr = 'a'
			case 'ö', 'ø', 'ó', 'ò', 'ô':
				lr = 'o'
			case 'é', 'è', 'ê', 'ë':
				lr = 'e'
			case 'ü', 'ú':
				lr = 'u'
			}
			if lr != r {
				exact = false
			}
			if lr < unicode.MaxASCII && (lr >= 'a' && lr <= 'z' || lr >= '0' && lr <= '9' || lr == '_' || lr == '-') {
				b.WriteRune(lr)
				dash = lr == '-'
				continue
			}
			exact = false
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	part := func(s, sep string) {
		if s == "" {
			exact = false
			return
		}
		n := b.Len()
		put(s)
		if b.Len() == n {
			exact = false
		}
		if sep != "" {
			b.WriteString(sep)
			dash = false
		}
	}
	if dir != "" {
		for _, d := range strings.Split(strings.TrimSuffix(dir, "/"), "/") {
			part(d, ".")
		}
	}
	part(stem, "")
	if ext != "" {
		b.WriteByte('.')
		dash = false
		part(ext[1:], "")
	}
	id = strings.Trim(b.String(), "-.")
	if id != b.String() {
		exact = false
	}
	if id == "" {
		id = "doc"
		exact = false
	}
	return id, exact
}

// cleanRel returns rel with '/' separators, cleaned, without a leading
// "./" or "/", in Unicode NFC: a name macOS stores decomposed ("A" and a
// combining ring) is the same source, and id, as the composed "Å".
func cleanRel(rel string) string {
	rel = norm.NFC.String(strings.ReplaceAll(rel, "\\", "/"))
	rel = path.Clean("/" + rel)
	return strings.TrimPrefix(rel, "/")
}

// LegacyID is the id earlier versions gave a file: its base name without
// extension, lower-cased, with å/ä/ö folded, every other character outside
// [a-z0-9_-] made '-', cut at 100 characters. Such ids are not unique (the
// same name in two folders, x.txt beside x.html); the index keeps them so
// that old links can be redirected where they are unambiguous.
func LegacyID(name string) string {
	base := path.Base(cleanRel(name))
	base = strings.TrimSuffix(base, path.Ext(base))
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(base) {
		switch r {
		case 'å', 'ä':
			r = 'a'
		case 'ö':
			r = 'o'
		case 'é', 'è':
			r = 'e'
		case 'ü':
			r = 'u'
		}
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_') {
			b.WriteRune(r)
			dash = false
			continue
		}
		if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	id := strings.TrimRight(b.String(), "-")
	if len(id) > 100 {
		id = strings.TrimRight(id[:100], "-")
	}
	if id == "" {
		sum := sha1.Sum([]byte(base))
		id = "doc-" + hex.EncodeToString(sum[:6])
	}
	return id
}
