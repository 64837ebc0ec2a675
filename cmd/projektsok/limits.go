package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
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

// answerCacheFlag is serve's --answer-cache-mb: the size of the cache of
// whole search answers (search/web/answers.go), PROJEKTSOK_ANSWER_CACHE_MB
// when that is set. It returns the size in bytes once the flags are
// parsed.
func answerCacheFlag(fs *flag.FlagSet, getenv func(string) string) func() (int64, error) {
	def := strconv.Itoa(web.DefaultAnswerCache >> 20)
	if v := getenv("PROJEKTSOK_ANSWER_CACHE_MB"); v != "" {
		def = v
	}
	s := fs.String("answer-cache-mb", def, "MiB of whole search answers kept for searches asked again; 0 turns the cache off (env PROJEKTSOK_ANSWER_CACHE_MB)")
	return func() (int64, error) {
		n, err := strconv.Atoi(strings.TrimSpace(*s))
		if err != nil || n < 0 || n > 1<<20 {
			return 0, fmt.Errorf("%w: serve: --answer-cache-mb (or PROJEKTSOK_ANSWER_CACHE_MB) %q: want a whole number of MiB, 0 for no cache", errUsage, *s)
		}
		return int64(n) << 20, nil
	}
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
