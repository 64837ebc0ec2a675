package ingest

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
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

// supported lists the extensions Parse reads (lower case).
var supported = map[string]bool{".txt": true, ".md": true, ".markdown": true, ".html": true, ".htm": true, ".pdf": true}

// Supported reports whether Parse reads files with this name's extension.
func Supported(name string) bool {
	return supported[strings.ToLower(filepath.Ext(name))]
}

// Parse turns the content of one file into a Record. name is the file's
// path; it picks the parser by extension and gives the record its ID and
// Source. Text and Markdown files are read as project-bank pages when they
// carry the page's labelled fields and as final reports otherwise.
// Errors name the file and wrap ErrUnsupported, ErrNoText or ErrTooLarge.
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
		text, enc = decodeText(data)
		rec, err = parseText(text, ext != ".txt")
	case ".html", ".htm":
		var text string
		text, enc = decodeHTML(data)
		rec, err = parseHTML(text)
	case ".pdf":
		rec, err = parsePDF(data)
	}
	if err != nil {
		return Record{}, fmt.Errorf("%s: %w", name, err)
	}
	_ = enc
	rec.ID = ID(name)
	rec.Source = filepath.Base(name)
	return rec, nil
}

// ParseFile reads and parses one file.
func ParseFile(name string) (Record, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return Record{}, fmt.Errorf("%s: %w", name, err)
	}
	if !Supported(name) {
		return Record{}, fmt.Errorf("%s: %w %q", name, ErrUnsupported, filepath.Ext(name))
	}
	if fi.IsDir() {
		return Record{}, fmt.Errorf("%s: is a directory", name)
	}
	if fi.Size() > MaxFileSize {
		return Record{}, fmt.Errorf("%s: %w (%d bytes, limit %d)", name, ErrTooLarge, fi.Size(), MaxFileSize)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return Record{}, fmt.Errorf("%s: %w", name, err)
	}
	return Parse(name, data)
}

// Files expands files and folders (walked recursively) into the sorted,
// de-duplicated list of files Parse supports. Other files are counted in
// skipped; hidden files and folders (".git") are neither listed nor
// counted. A path that does not exist is an error naming it.
func Files(paths []string) (files []string, skipped int, err error) {
	seen := map[string]bool{}
	add := func(p string) {
		if !Supported(p) {
			skipped++
			return
		}
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, root := range paths {
		fi, err := os.Stat(root)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", root, err)
		}
		if !fi.IsDir() {
			add(filepath.Clean(root))
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
			add(p)
			return nil
		})
		if err != nil {
			return nil, 0, err
		}
	}
	sort.Strings(files)
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
