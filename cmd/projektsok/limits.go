package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"projektsok/search/web"
)

// serveLimits are the timeouts serve takes from flags.
type serveLimits struct {
	read, write, search time.Duration
}

func limitFlags(fs *flag.FlagSet) *serveLimits {
	l := &serveLimits{}
	fs.DurationVar(&l.read, "read-timeout", 10*time.Second, "longest time to read a request (admin uploads get longer)")
	fs.DurationVar(&l.write, "write-timeout", 60*time.Second, "longest time to handle a request and write its response (admin writes get longer)")
	fs.DurationVar(&l.search, "search-timeout", 2*time.Second, "deadline of one search, facet counts included")
	return l
}

func (l *serveLimits) check() error {
	if l.read <= 0 || l.write <= 0 || l.search <= 0 {
		return fmt.Errorf("%w: serve: timeouts must be positive", errUsage)
	}
	return nil
}

// adminConfig reads the admin API's settings from the environment:
// PROJEKTSOK_ADMIN_TOKEN (unset: no admin API) and PROJEKTSOK_INGEST_ROOTS
// (colon-separated folders that JSON "paths" may name). Admin writes stop
// when ctx ends (SIGTERM).
func adminConfig(ctx context.Context, getenv func(string) string) web.AdminConfig {
	var roots []string
	for _, r := range strings.Split(getenv("PROJEKTSOK_INGEST_ROOTS"), string(os.PathListSeparator)) {
		if r = strings.TrimSpace(r); r != "" {
			roots = append(roots, filepath.Clean(r))
		}
	}
	return web.AdminConfig{Token: getenv("PROJEKTSOK_ADMIN_TOKEN"), Roots: roots, Stop: ctx}
}
