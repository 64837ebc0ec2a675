package ingest

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Errors wrapped by Parse, ParseFile and Files.
var (
	// ErrUnsupported: the file's extension is not one Parse reads.
	ErrUnsupported = errors.New("unsupported file type")
	// ErrNoText: the document holds no extractable text (empty file,
	// image-only or corrupt PDF).
	ErrNoText = errors.New("no text found")
	// ErrTooLarge: the file exceeds MaxFileSize.
	ErrTooLarge = errors.New("file too large")
)

// MaxFileSize is the largest file Parse accepts (64 MiB).
const MaxFileSize = 64 << 20

// MaxText bounds the text one document keeps and shows (1 MiB, some 350
// pages); MaxIndexed the text search finds in it (4 MiB). The text past
// MaxText, up to MaxIndexed, is Record.Rest: indexed, never stored or
// shown. A document cut at MaxText ends with a section headed
// TruncatedHeading that says what was kept. Text and HTML are cut before
// they are decoded and parsed (at 2 × MaxIndexed bytes), so memory and time
// stay bounded however large the file; snippets, the document page and
// similarity work on at most MaxText.
const (
	MaxText    = 1 << 20
	MaxIndexed = 4 << 20
)

// TruncatedHeading heads the note a document ends with when its text was
// cut at MaxText.
const TruncatedHeading = "Texten är avkortad"

// headOf returns the part of a text or HTML file that can yield
// MaxIndexed of text: its first 2 × MaxIndexed bytes (UTF-16 takes two
// bytes a character, markup more), cut where a line ends or, in UTF-8, at
// least where a character does.
func headOf(data []byte) []byte {
	limit := 2 * MaxIndexed
	if len(data) <= limit {
		return data
	}
	head := data[:limit]
	if bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE) {
		return head
	}
	if _, ok := looksUTF16(data); ok {
		return head
	}
	if i := bytes.LastIndexByte(head, '\n'); i > limit/2 {
		return head[:i+1]
	}
	for k := len(head) - 1; k >= 0 && k >= len(head)-utf8.UTFMax; k-- {
		if utf8.RuneStart(head[k]) {
			if !utf8.FullRune(head[k:]) {
				head = head[:k]
			}
			break
		}
	}
	return head
}

// noteTruncated ends rec with the note that its text was cut at MaxText
// (replacing an earlier one); all says whether the whole text is still
// searchable (it fit in MaxIndexed).
func noteTruncated(rec *Record, all bool) {
	text := "Texten är för lång för att visas i sin helhet: de första " + thousands(MaxText) +
		" byte visas. Resten går att söka i men visas inte; öppna originalfilen för att läsa den."
	if !all {
		text = "Texten är för lång för att visas i sin helhet: de första " + thousands(MaxText) +
			" byte visas och de första " + thousands(MaxIndexed) + " byte går att söka i. Resten finns bara i originalfilen."
	}
	note := Section{Heading: TruncatedHeading, Text: text}
	if n := len(rec.Sections); n > 0 && rec.Sections[n-1].Heading == TruncatedHeading {
		rec.Sections[n-1] = note
		return
	}
	rec.Sections = append(rec.Sections, note)
}

// capText splits text longer than MaxText where a line ends (or a word,
// or a character) before it: text is what a document keeps, rest what
// follows up to MaxIndexed in all (cut the same way), all whether rest
// reaches the end. Neither holds on to the longer text's memory.
func capText(s string) (text, rest string, all bool) {
	if len(s) <= MaxText {
		return s, "", true
	}
	end := cutBefore(s, MaxText)
	text = strings.Clone(s[:end])
	if len(s) <= MaxIndexed {
		return text, strings.Clone(s[end:]), true
	}
	return text, strings.Clone(s[end:cutBefore(s, MaxIndexed)]), false
}

// cutBefore returns where to cut s at or before n: after the last line
// break or space in the second half, else at a character boundary.
func cutBefore(s string, n int) int {
	if i := strings.LastIndexByte(s[:n], '\n'); i > n/2 {
		return i
	}
	if i := strings.LastIndexByte(s[:n], ' '); i > n/2 {
		return i
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// thousands writes n with spaces between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "\u00a0" + s[i:]
	}
	return s
}

// supported lists the extensions Parse reads (lower case).
var supported = map[string]bool{".txt": true, ".md": true, ".markdown": true, ".html": true, ".htm": true, ".pdf": true, ".docx": true, ".odt": true}

// Supported reports whether Parse reads files with this name's extension.
func Supported(name string) bool {
	return supported[strings.ToLower(filepath.Ext(name))]
}

// Parse turns the content of one file into a Record. name is the file's
// path relative to its ingest root (see File); it picks the parser by
// extension and gives the record its ID, Source, Hash and Format. Text and
// Markdown files are read as project-bank pages when they carry the page's
// labelled fields and as final reports otherwise. Errors name the file and
// wrap ErrUnsupported, ErrNoText or ErrTooLarge.
func Parse(name string, data []byte) (Record, error) {
	ext := strings.ToLower(filepath.Ext(name))
	if !supported[ext] {
		return Record{}, fmt.Errorf("%s: %w %q", name, ErrUnsupported, ext)
	}
	if len(data) > MaxFileSize {
		return Record{}, fmt.Errorf("%s: %w (%d bytes, limit %d)", name, ErrTooLarge, len(data), MaxFileSize)
	}
	var (
		rec Record
		err error
		enc string // the text encoding detected; "" for binary formats
	)
	switch ext {
	case ".txt", ".md", ".markdown":
		var text string
		text, enc = decodeText(headOf(data))
		syn := markdownText
		if ext == ".txt" {
			syn = plainText
		}
		rec, err = parseText(text, syn)
	case ".html", ".htm":
		var text string
		text, enc = decodeHTML(headOf(data))
		rec, err = parseHTML(text)
	case ".pdf":
		rec, err = parsePDF(data)
	case ".docx":
		rec, err = parseDOCX(data)
	case ".odt":
		rec, err = parseODT(data)
	}
	if err != nil {
		return Record{}, fmt.Errorf("%s: %w", name, err)
	}
	if (ext != ".pdf" && ext != ".docx" && ext != ".odt") && len(data) > 2*MaxIndexed {
		noteTruncated(&rec, false) // cut by headOf
	}
	rel := cleanRel(name)
	rec.ID = ID(rel)
	rec.Source = rel
	rec.Sources = []string{rel}
	rec.Hash = Hash(data)
	rec.Format = formats[ext]
	rec.Encoding = enc
	return rec, nil
}

// formats names the parser of each extension (Record.Format).
var formats = map[string]string{".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx", ".odt": "odt"}

// ParserVersion names what the parsers read from a file. Raise it with
// every change that reads some file differently (other text, facts or
// sections): the index keeps the version each document was parsed with,
// and the next ingest parses a file kept by an earlier version again
// (fate updated) instead of taking it as unchanged.
const ParserVersion = "2026-12-05"

// Hash is the content hash of Record.Hash: SHA-256, hex.
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// File is one file to ingest: where it is (Path) and its path relative to
// its ingest root (Rel, '/' separators), which gives the document its id
// and source.
type File struct {
	Path string
	Rel  string
}

// Parse reads and parses the file.
func (f File) Parse() (Record, error) {
	data, err := f.Read()
	if err != nil {
		return Record{}, err
	}
	return Parse(f.Rel, data)
}

// Read reads the file, refusing unsupported types, folders and files over
// MaxFileSize before reading them. Errors name the file.
func (f File) Read() ([]byte, error) {
	fi, err := os.Stat(f.Path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Path, err)
	}
	if !Supported(f.Path) {
		return nil, fmt.Errorf("%s: %w %q", f.Path, ErrUnsupported, filepath.Ext(f.Path))
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s: is a directory", f.Path)
	}
	if fi.Size() > MaxFileSize {
		return nil, fmt.Errorf("%s: %w (%d bytes, limit %d)", f.Path, ErrTooLarge, fi.Size(), MaxFileSize)
	}
	data, err := os.ReadFile(f.Path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Path, err)
	}
	return data, nil
}

// ParseFile reads and parses one file given on its own: its ingest root is
// its folder, so its source is its base name.
func ParseFile(name string) (Record, error) {
	return File{Path: name, Rel: filepath.Base(name)}.Parse()
}

// Files expands files and folders (walked recursively) into the files
// Parse supports, each with its ingest root: a folder given is the root of
// every file under it, a file given on its own has its folder as root (its
// source is its base name). Files are sorted by path; a file reached twice
// is listed once. Unsupported files are returned in skipped (paths as
// found); hidden files and folders (".git") are neither listed nor
// skipped. A path that does not exist is an error naming it.
func Files(paths []string) (files []File, skipped []string, err error) {
	seen := map[string]bool{}
	add := func(p, rel string) {
		if !Supported(p) {
			skipped = append(skipped, p)
			return
		}
		key := p
		if abs, err := filepath.Abs(p); err == nil {
			key = abs
		}
		if !seen[key] {
			seen[key] = true
			// The list lives as long as the ingest (444k files at ×10 the
			// benchmark corpus): a clean rel keeps sharing p's bytes.
			if c := cleanRel(filepath.ToSlash(rel)); c != rel {
				rel = c
			}
			files = append(files, File{Path: p, Rel: rel})
		}
	}
	for _, root := range paths {
		fi, err := os.Stat(root)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", root, err)
		}
		if !fi.IsDir() {
			p := filepath.Clean(root)
			add(p, filepath.Base(p))
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			if p != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			add(p, rel)
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	sort.Strings(skipped)
	return files, skipped, nil
}

//go:embed sample
var sampleFS embed.FS

// Sample returns the embedded sample corpus: the four seed documents as
// files at the root of the returned file system.
func Sample() fs.FS {
	sub, err := fs.Sub(sampleFS, "sample")
	if err != nil {
		return sampleFS
	}
	return sub
}

// SampleFiles parses every supported file of the embedded sample, in name
// order.
func SampleFiles() ([]Record, error) {
	return ParseFS(Sample())
}

// ParseFS parses every supported file in fsys (recursively), in path
// order. Record IDs and sources come from the paths within fsys.
func ParseFS(fsys fs.FS) ([]Record, error) {
	var recs []Record
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !Supported(p) {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		rec, err := Parse(path.Clean(p), data)
		if err != nil {
			return err
		}
		recs = append(recs, rec)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return recs, nil
}
