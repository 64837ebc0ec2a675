package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// defaultIndex is where the index lives unless --index or PROJEKTSOK_INDEX
// says otherwise: the user's data folder, so that every run finds it.
func defaultIndex(getenv func(string) string) string {
	if p := getenv("PROJEKTSOK_INDEX"); p != "" {
		return p
	}
	if d := getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "projektsok", "index")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share", "projektsok", "index")
	}
	return "projektsok-index"
}

func defaultAddr(getenv func(string) string) string {
	if a := getenv("PROJEKTSOK_ADDR"); a != "" {
		return a
	}
	return "127.0.0.1:8080"
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: projektsok %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; -h prints usage and ends the command without error.
func parseFlags(fs *flag.FlagSet, args []string) (help bool, err error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return true, nil
		}
		return false, fmt.Errorf("%w: %s: %v", errUsage, fs.Name(), strings.TrimSpace(err.Error()))
	}
	return false, nil
}
