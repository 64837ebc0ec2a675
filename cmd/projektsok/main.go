// Command projektsok ingests Swedish ESF project documents into a search
// index and serves the search page and JSON API.
//
//	projektsok serve  [--index DIR] [--addr HOST:PORT]
//	projektsok ingest [--index DIR | --server URL] [--batch N] PATH...
//	projektsok help
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ec exitCode
		if !errors.As(err, &ec) {
			fmt.Fprintln(os.Stderr, "projektsok:", err)
		}
		os.Exit(exitStatus(err))
	}
}

// exitCode ends the program with a status and no further message (the
// command has already reported what went wrong).
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func exitStatus(err error) int {
	var ec exitCode
	if errors.As(err, &ec) {
		return int(ec)
	}
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

var errUsage = errors.New("usage")

const usage = `Projektsök – sök i Socialfondens projekt och slutrapporter.

Usage:
  projektsok serve  [--index DIR] [--addr HOST:PORT]
        Serve the search page and JSON API. Without an index at DIR, one is
        built first from the sample documents bundled in the binary.
  projektsok ingest [--index DIR | --server URL] [--batch N] PATH...
        Index files and folders (recursively): .txt, .md, .html, .htm, .pdf, .docx, .odt.
        Re-ingesting a file updates its document. Exit status 1 if any file
        failed. With --server, send them to a running serve instead (it is
        the only writer of its index).
  projektsok help
        Show this text. Every command also takes -h.

Environment:
  PROJEKTSOK_INDEX   index folder (default: $XDG_DATA_HOME/projektsok/index,
                     or ~/.local/share/projektsok/index)
  PROJEKTSOK_ADDR    listen address for serve (default 127.0.0.1:8080)
  PROJEKTSOK_ADMIN_TOKEN
                     enables serve's admin API (POST /api/admin/ingest and
                     /api/admin/rebuild, "Authorization: Bearer TOKEN") and
                     is the token ingest --server sends
  PROJEKTSOK_INGEST_ROOTS
                     colon-separated folders whose files the admin API may
                     read by path (default: none, uploads only)
`

// run is the whole program; main only supplies the process's environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: no command given", errUsage)
	}
	switch args[0] {
	case "serve":
		return runServe(ctx, args[1:], getenv, stdout, stderr)
	case "ingest":
		return runIngest(ctx, args[1:], getenv, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
	}
}
