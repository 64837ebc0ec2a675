package ingest

// TEMPORARY stand-ins until the ingest branch lands.

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

//go:embed sample
var sampleFS embed.FS

var ErrUnsupported = errors.New("unsupported file type")

func SampleRecords() ([]Record, error) {
	ents, err := fs.ReadDir(sampleFS, "sample")
	if err != nil {
		return nil, err
	}
	var out []Record
	for _, e := range ents {
		b, err := fs.ReadFile(sampleFS, "sample/"+e.Name())
		if err != nil {
			return nil, err
		}
		r, err := Parse(e.Name(), b)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func ParseFile(path string) (Record, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Record{}, err
	}
	return Parse(path, b)
}

func Files(paths []string) ([]string, int, error) {
	var files []string
	skipped := 0
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".txt", ".md":
				files = append(files, path)
			default:
				skipped++
			}
			return nil
		})
		if err != nil {
			return nil, 0, err
		}
	}
	sort.Strings(files)
	return files, skipped, nil
}

func Parse(name string, data []byte) (Record, error) {
	ext := strings.ToLower(filepath.Ext(name))
	if ext != ".txt" && ext != ".md" {
		return Record{}, fmt.Errorf("%s: %w", name, ErrUnsupported)
	}
	r := Record{ID: ID(name), Source: filepath.Base(name), DocType: TypeProject}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(nil, 1<<20)
	var sec *Section
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		line = strings.TrimLeft(line, "# ")
		if line == "" {
			continue
		}
		if r.Title == "" && line != "Logotyp på utskrifter" && line != "Slutrapport" && line != "Stäng" {
			r.Title = line
			continue
		}
		for _, l := range []struct {
			label string
			dst   *string
		}{{"Projektägare", &r.Owner}, {"Region", &r.Region}, {"Projektfas", &r.Phase}} {
			if strings.HasPrefix(line, l.label) && *l.dst == "" {
				*l.dst = strings.TrimPrefix(line, l.label)
			}
		}
		if len(line) < 60 && !strings.HasSuffix(line, ".") {
			r.Sections = append(r.Sections, Section{Heading: line})
			sec = &r.Sections[len(r.Sections)-1]
			continue
		}
		if sec == nil {
			r.Sections = append(r.Sections, Section{})
			sec = &r.Sections[len(r.Sections)-1]
		}
		if sec.Text != "" {
			sec.Text += "\n"
		}
		sec.Text += line
	}
	if strings.Contains(string(data), "Slutrapport") {
		r.DocType = TypeReport
	}
	return r, nil
}
