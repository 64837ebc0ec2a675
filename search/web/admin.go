package web

// # Admin API: ingest while serving
//
// The serving process is the only writer of its index (bleve allows one
// writer; see index/generation.go for the folder lock). Documents reach a
// running server through two authenticated routes, which exist only when
// AdminConfig.Token is set (PROJEKTSOK_ADMIN_TOKEN):
//
//	POST /api/admin/ingest   add or update documents in the live index,
//	                         one persisted batch at a time
//	POST /api/admin/rebuild  build a complete new index generation from the
//	                         given documents only, then swap it in
//
// Both take "Authorization: Bearer TOKEN" and a body that is either
// multipart/form-data with one or more "file" parts, or JSON
// {"paths": ["/srv/docs", ...]} naming files or folders on the server
// inside AdminConfig.Roots (PROJEKTSOK_INGEST_ROOTS). Both answer
// {"indexed","updated","failed":[{"file","error"}],"skipped",...}: a file
// that cannot be read or parsed is listed in failed, never a 5xx. Writes
// are serialised: an ingest waits for a running write, a second rebuild
// gets 409.

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"time"

	"projektsok/index"
	"projektsok/ingest"
	"projektsok/search"
)

// Admin limits.
const (
	// DefaultAdminMaxBody caps an admin request body.
	DefaultAdminMaxBody = 256 << 20
	// AdminTimeout is how long an admin request may read and write: a
	// rebuild of a large corpus outlasts the server's usual timeouts.
	AdminTimeout = time.Hour
	// MaxAdminPaths caps the entries of a JSON "paths" list.
	MaxAdminPaths = 1000
)

// AdminConfig configures the admin API.
type AdminConfig struct {
	// Token is the bearer token; empty disables the admin routes (404).
	Token string
	// Roots are the folders JSON "paths" may name (files inside them,
	// symlinks resolved); none disables JSON paths.
	Roots []string
	// MaxBody caps the request body; 0 means DefaultAdminMaxBody.
	MaxBody int64
	// Stop, when done, aborts admin writes in progress (server shutdown);
	// an aborted rebuild leaves the index as it was.
	Stop context.Context
}

// AdminResult is the answer of both admin routes: the fates of the files
// (found = indexed + updated + unchanged + duplicate + skipped + failed),
// the files that failed with why, and every file's outcome.
type AdminResult struct {
	ingest.Tally
	FailedFiles []FileError      `json:"failed_files"`
	Files       []ingest.Outcome `json:"files"`
	Documents   uint64           `json:"documents"`
	Generation  int              `json:"generation"`
}

// FileError is one file that could not be indexed, and why.
type FileError struct {
	File  string `json:"file"`
	Error string `json:"error"`
}

// add counts one outcome and lists it.
func (r *AdminResult) add(o ingest.Outcome) {
	r.Tally.Add(o.Fate)
	r.Files = append(r.Files, o)
	if o.Fate == ingest.Failed {
		r.FailedFiles = append(r.FailedFiles, FileError{File: o.Path, Error: o.Reason})
	}
}

type admin struct {
	cfg   AdminConfig
	token [sha256.Size]byte
	roots []string
	eng   *search.Engine
	log   *slog.Logger
	m     *metrics
	busy  chan struct{} // one admin write at a time
	// lastServed is when the server last took a public request (unix
	// nanoseconds; see watch and pace); pauses counts the pauses pace
	// asked for.
	lastServed atomic.Int64
	pauses     atomic.Int64
}

func newAdmin(cfg AdminConfig, eng *search.Engine, log *slog.Logger, m *metrics) *admin {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultAdminMaxBody
	}
	a := &admin{cfg: cfg, token: sha256.Sum256([]byte(cfg.Token)), eng: eng, log: log, m: m, busy: make(chan struct{}, 1)}
	if idx := eng.Index(); idx != nil {
		idx.SetPacer(a.pace)
	}
	for _, r := range cfg.Roots {
		if r == "" {
			continue
		}
		abs, err := filepath.Abs(r)
		if err == nil {
			if real, err := filepath.EvalSymlinks(abs); err == nil {
				abs = real
			}
			a.roots = append(a.roots, abs)
		}
	}
	return a
}

// paceWindow is how recent a public request must be for admin writes to
// pause between batches.
const paceWindow = time.Second

// watch notes the time of every public request (not the admin API's own,
// nor health checks and metrics scrapes) for pace.
func (a *admin) watch(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case strings.HasPrefix(p, "/api/admin/"), p == "/healthz", p == "/readyz", p == "/metrics":
		default:
			a.lastServed.Store(time.Now().UnixNano())
		}
		next.ServeHTTP(w, r)
	})
}

// pauseFactor is how long an admin write pauses per unit of time worked
// while the server answers searches.
const pauseFactor = 2

// pace is the index's Pacer (index.SetPacer) while the admin API is on: a
// write (ingest or rebuild) pauses pauseFactor times as long as it has
// worked since its last pause when the server took a public request
// within paceWindow, so that searches keep most of the cores (on two
// cores a rebuild at full speed took a third of the long tail's
// throughput); on an idle server writes run at full speed.
func (a *admin) pace() float64 {
	if time.Since(time.Unix(0, a.lastServed.Load())) > paceWindow {
		return 0
	}
	a.pauses.Add(1)
	return pauseFactor
}

// authorized compares the bearer token in constant time: both sides are
// hashed first, so neither the content nor the length leaks through timing.
func (a *admin) authorized(r *http.Request) bool {
	h := r.Header.Get("Authorization")
	const prefix = "Bearer "
	if len(h) <= len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return false
	}
	got := sha256.Sum256([]byte(h[len(prefix):]))
	return subtle.ConstantTimeCompare(got[:], a.token[:]) == 1
}

// upload is one file sent in a multipart body.
type upload struct {
	name string
	data []byte
}

// adminInput is what one admin request asks to index.
type adminInput struct {
	uploads  []upload
	files    []ingest.File // server paths, inside the roots
	outcomes []ingest.Outcome
	prune    bool
}

func (a *admin) handle(source string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.authorized(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="projektsok admin"`)
			writeError(w, r, a.log, userError(ErrAuth, "ogiltig eller saknad token"))
			return
		}
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Now().Add(AdminTimeout))
		_ = rc.SetWriteDeadline(time.Now().Add(AdminTimeout))
		r.Body = http.MaxBytesReader(w, r.Body, a.cfg.MaxBody)

		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		if a.cfg.Stop != nil {
			defer context.AfterFunc(a.cfg.Stop, cancel)()
		}

		in, err := a.readInput(r)
		if err != nil {
			writeError(w, r, a.log, err)
			return
		}
		res, err := a.write(ctx, source, in)
		if err != nil {
			if a.cfg.Stop != nil && a.cfg.Stop.Err() != nil {
				err = fmt.Errorf("%w: server is stopping: %v", ErrNotReady, err)
			}
			writeError(w, r, a.log, err)
			return
		}
		a.log.Info("admin write", "source", source, "indexed", res.Indexed, "updated", res.Updated,
			"found", res.Found, "unchanged", res.Unchanged, "duplicate", res.Duplicate, "failed", res.Failed, "skipped", res.Skipped, "documents", res.Documents,
			"generation", res.Generation, "request_id", RequestID(r.Context()))
		writeJSON(w, http.StatusOK, res)
	})
}

// readInput reads a multipart upload or a JSON list of server paths.
func (a *admin) readInput(r *http.Request) (*adminInput, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		mt = ""
	}
	switch mt {
	case "multipart/form-data":
		return a.readUploads(r)
	case "application/json":
		return a.readPaths(r)
	}
	return nil, userError(ErrMediaType, "skicka multipart/form-data med fält \"file\" eller JSON {\"paths\": [...]}")
}

func bodyError(err error, what string) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return userErrorf(ErrTooLarge, "begäran är större än %d byte", mbe.Limit)
	}
	return badRequestf("kunde inte läsa %s: %v", what, err)
}

func (a *admin) readUploads(r *http.Request) (*adminInput, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, badRequestf("ogiltig multipart-kropp: %v", err)
	}
	in := &adminInput{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, bodyError(err, "multipart-kroppen")
		}
		if part.FormName() != "file" {
			part.Close()
			return nil, badRequestf("okänt fält %q: filer skickas i fältet \"file\"", part.FormName())
		}
		name := uploadName(part) // a relative path: never used on the file system
		data, err := io.ReadAll(io.LimitReader(part, ingest.MaxFileSize+1))
		part.Close()
		if err != nil {
			return nil, bodyError(err, name)
		}
		switch {
		case name == "" || name == "." || name == "/":
			in.outcomes = append(in.outcomes, ingest.Outcome{Path: name, Fate: ingest.Failed, Reason: "filen saknar namn"})
		case !ingest.Supported(name):
			in.outcomes = append(in.outcomes, ingest.FailedOutcome(name, name, fmt.Errorf("%w %q", ingest.ErrUnsupported, filepath.Ext(name))))
		default:
			in.uploads = append(in.uploads, upload{name: name, data: data})
		}
	}
	if len(in.uploads)+len(in.outcomes) == 0 {
		return nil, badRequest("inga filer i fältet \"file\"")
	}
	return in, nil
}

// uploadName is the source of an uploaded file: the file name the client
// sent, which may be a path relative to the client's ingest root
// ("projekt-1/slutrapport.pdf", as ingest --server sends), cleaned of
// "..", leading "/" and "\\" separators. (multipart.Part.FileName keeps
// only the base name.)
func uploadName(part *multipart.Part) string {
	_, params, err := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
	name := params["filename"]
	if err != nil || name == "" {
		return part.FileName()
	}
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Clean("/" + name)
	return strings.TrimPrefix(name, "/")
}

func (a *admin) readPaths(r *http.Request) (*adminInput, error) {
	if len(a.roots) == 0 {
		return nil, badRequest("sökvägar på servern är avstängda (PROJEKTSOK_INGEST_ROOTS är inte satt); ladda upp filerna i stället")
	}
	var body struct {
		Paths []string `json:"paths"`
		Prune bool     `json:"prune"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		return nil, bodyError(err, "JSON")
	}
	if len(body.Paths) == 0 || len(body.Paths) > MaxAdminPaths {
		return nil, badRequestf("\"paths\" ska ha 1–%d sökvägar", MaxAdminPaths)
	}
	var roots []string
	for _, p := range body.Paths {
		real, err := a.inRoots(p)
		if err != nil {
			return nil, err
		}
		roots = append(roots, real)
	}
	files, skipped, err := ingest.Files(roots)
	if err != nil {
		return nil, badRequestf("%v", err)
	}
	in := &adminInput{prune: body.Prune}
	for _, p := range skipped {
		in.outcomes = append(in.outcomes, ingest.FailedOutcome(p, "", fmt.Errorf("%w %q", ingest.ErrUnsupported, filepath.Ext(p))))
	}
	for _, f := range files {
		// Symlinks inside a root may point anywhere: check each file.
		if _, err := a.inRoots(f.Path); err != nil {
			in.outcomes = append(in.outcomes, ingest.Outcome{Path: f.Path, Source: f.Rel, Fate: ingest.Failed, Reason: "utanför de tillåtna mapparna"})
			continue
		}
		in.files = append(in.files, f)
	}
	return in, nil
}

// inRoots resolves p (absolute, symlinks followed) and checks that it lies
// inside one of the roots.
func (a *admin) inRoots(p string) (string, error) {
	if !filepath.IsAbs(p) || strings.ContainsRune(p, 0) {
		return "", badRequestf("%q är ingen absolut sökväg", p)
	}
	real, err := filepath.EvalSymlinks(filepath.Clean(p))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", badRequestf("%s finns inte", p)
		}
		return "", badRequestf("%s: %v", p, err)
	}
	for _, root := range a.roots {
		rel, err := filepath.Rel(root, real)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return real, nil
		}
	}
	return "", badRequestf("%s ligger utanför de tillåtna mapparna (PROJEKTSOK_INGEST_ROOTS)", p)
}

// write indexes the input into the live index (ingest) or into a new
// generation that is swapped in (rebuild).
func (a *admin) write(ctx context.Context, source string, in *adminInput) (AdminResult, error) {
	if source == sourceRebuild {
		select {
		case a.busy <- struct{}{}:
		default:
			return AdminResult{}, userError(ErrBusy, "en annan indexering pågår; försök igen senare")
		}
	} else {
		select {
		case a.busy <- struct{}{}:
		case <-ctx.Done():
			return AdminResult{}, ctx.Err()
		}
	}
	defer func() { <-a.busy }()

	idx := a.eng.Index()
	var res AdminResult
	var err error
	// The write's goroutines (parsing, batches, the new generation's
	// merger and persister, all started from here) carry the label
	// admin_write=SOURCE in CPU profiles, so that what a write takes from
	// the searches can be told apart (go tool pprof -tagfocus).
	defer pprof.SetGoroutineLabels(ctx)
	ctx = pprof.WithLabels(ctx, pprof.Labels("admin_write", source))
	pprof.SetGoroutineLabels(ctx)
	if source == sourceRebuild {
		err = idx.Rebuild(ctx, func(g *index.Index) error {
			var lerr error
			res, lerr = load(ctx, g, in)
			if lerr == nil && res.Indexed+res.Updated == 0 {
				return badRequest("inga dokument kunde läsas; indexet är oförändrat")
			}
			return lerr
		})
	} else {
		res, err = load(ctx, idx, in)
	}
	a.m.countIngest(source, res)
	if err != nil {
		return res, err
	}
	if res.Documents, err = idx.Count(); err != nil {
		return res, err
	}
	res.Generation = idx.Generation()
	return res, nil
}

// load parses the input and writes it to idx in persisted batches,
// deciding every file's fate in an ingest session (index.Session).
func load(ctx context.Context, idx *index.Index, in *adminInput) (AdminResult, error) {
	res := AdminResult{FailedFiles: []FileError{}, Files: []ingest.Outcome{}}
	for _, o := range in.outcomes {
		res.add(o)
	}
	sess, err := idx.Begin(ctx)
	if err != nil {
		if errors.Is(err, index.ErrOldIndex) {
			return res, userError(ErrBusy, "indexet är byggt av en äldre version; bygg om det med POST /api/admin/rebuild")
		}
		return res, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	recs := make(chan ingest.Record)
	loaded := make(chan struct{})
	var loadErr error
	go func() {
		defer close(loaded)
		_, loadErr = idx.Load(ctx, recs, index.DefaultBatch, nil)
	}()
	var planErr error
	// plan decides one file's fate and sends its record on if it must be
	// written; false: stop.
	plan := func(rec *ingest.Record, path string) bool {
		out, write, err := sess.Plan(rec, path)
		if err != nil {
			planErr = err
			return false
		}
		res.add(out)
		if !write {
			return true
		}
		select {
		case recs <- *rec:
			return true
		case <-loaded:
			return false
		}
	}
	stopped := false
	for _, u := range in.uploads {
		rec, err := ingest.Parse(u.name, u.data)
		if err != nil {
			sess.Failed(u.name)
			res.add(ingest.FailedOutcome(u.name, u.name, err))
			continue
		}
		if !plan(&rec, u.name) {
			stopped = true
			break
		}
	}
	if !stopped && len(in.files) > 0 {
		for r := range ingest.Stream(ctx, in.files, runtime.GOMAXPROCS(0), sess.Known) {
			if stopped {
				continue // drain
			}
			if r.Err != nil {
				sess.Failed(r.Rel)
				res.add(ingest.FailedOutcome(r.Path, r.Rel, r.Err))
				continue
			}
			if !plan(&r.Record, r.Path) {
				stopped = true
				cancel()
			}
		}
	}
	close(recs)
	<-loaded
	if loadErr != nil {
		return res, fmt.Errorf("write index: %w", loadErr)
	}
	if planErr != nil {
		return res, fmt.Errorf("write index: %w", planErr)
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	pruned, kept, err := sess.Finish(ctx, in.prune)
	for _, o := range pruned {
		res.add(o)
	}
	res.Kept = kept
	if err != nil {
		return res, fmt.Errorf("write index: %w", err)
	}
	return res, nil
}
