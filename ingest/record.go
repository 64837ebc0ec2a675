// Package ingest turns files (project-bank pages as text or saved HTML,
// final reports as Markdown, text or PDF) into Records: the plain,
// engine-independent description of one ESF document that the index stores
// and the API returns. It imports nothing else from this module.
package ingest

import (
	"crypto/sha1"
	"encoding/hex"
	"path/filepath"
	"strings"
	"unicode"
)

// Document types.
const (
	TypeProject = "projekt"     // a project-bank page
	TypeReport  = "slutrapport" // a final report
)

// Record is one document with its extracted metadata. Field names in JSON
// are the API's names; empty values are omitted.
type Record struct {
	ID     string `json:"id"`
	Source string `json:"source"` // file name the record came from
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

// ID derives a stable, URL-safe document id from a file path: the file's
// base name without extension, lower-cased, with å/ä/ö folded and every
// other character outside [a-z0-9_-] replaced by '-'. Ingesting the same
// file name again therefore updates the same document. An empty result
// falls back to a hash of the name.
func ID(path string) string {
	base := filepath.Base(path)
	base = strings.TrimSuffix(base, filepath.Ext(base))
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
