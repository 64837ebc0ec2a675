package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/gorilla/mux"

	"projektsok/ingest"
	"projektsok/search"
)

// handleSearch serves GET /api/search: through the answer cache
// (answers.go) when it is on.
func handleSearch(eng *search.Engine, log *slog.Logger, cache *answers) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f, ok := r.URL.Query()["format"]; ok {
			handleExport(eng, log, w, r, strings.Join(f, ","))
			return
		}
		req, err := search.ParseRequest(r.URL.Query())
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		if cache.on() {
			cache.serveSearch(w, r, log, eng, req)
			return
		}
		res, err := eng.Search(r.Context(), req)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeJSON(w, http.StatusOK, res)
	})
}

func handleFacet(eng *search.Engine, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := r.URL.Query()
		req, err := search.ParseRequest(v)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		prefix := v.Get("prefix")
		if len(prefix) > search.MaxValueLen {
			writeError(w, r, log, badRequest("prefix är för långt"))
			return
		}
		res, err := eng.FacetAll(r.Context(), mux.Vars(r)["field"], prefix, req)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeJSON(w, http.StatusOK, res)
	})
}

func handleSuggest(eng *search.Engine, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := r.URL.Query()
		for k := range v {
			if k != "q" && k != "lang" {
				writeError(w, r, log, badRequestf("okänd parameter %q", k))
				return
			}
		}
		res, err := eng.Suggest(r.Context(), v.Get("q"))
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		w.Header().Set("Cache-Control", "max-age=60")
		writeJSON(w, http.StatusOK, map[string]interface{}{"suggestions": res})
	})
}

func handleDocument(eng *search.Engine, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := mux.Vars(r)["id"]
		if !validID(id) {
			writeError(w, r, log, notFoundf("okänt dokument-id"))
			return
		}
		rec, done, err := documentOrFormer(w, r, eng, id, "/api/documents/", func(choices []search.Facts) {
			writeJSON(w, http.StatusMultipleChoices, map[string]any{
				"error":      fmt.Sprintf(tr(apiLang(r), "id %q gavs förr åt %d filer som nu är egna dokument; välj ett"), id, len(choices)),
				"candidates": choices,
			})
		})
		if done {
			return
		}
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		rel, err := eng.Related(r.Context(), &rec)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeJSON(w, http.StatusOK, struct {
			ingest.Record
			Related search.Related `json:"related"`
		}{rec, rel})
	})
}

// handleSimilar serves GET /api/documents/{id}/similar?size=N.
func handleSimilar(eng *search.Engine, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := mux.Vars(r)["id"]
		if !validID(id) {
			writeError(w, r, log, notFoundf("okänt dokument-id"))
			return
		}
		v := r.URL.Query()
		for key := range v {
			if key != "size" && key != "lang" {
				writeError(w, r, log, badRequestf("okänd parameter %q", key))
				return
			}
		}
		size, err := search.IntParam(v, "size", search.DefaultSimilar, 1, search.MaxSimilar)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		hits, err := eng.Similar(r.Context(), id, size)
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeJSON(w, http.StatusOK, struct {
			ID   string              `json:"id"`
			Hits []search.SimilarHit `json:"hits"`
		}{id, hits})
	})
}

// redirectMoved answers a request for an id an earlier version gave out
// with a permanent redirect to the document's id now (prefix + id), the
// query kept.
// documentOrFormer reads the document id names. When no document has
// that id but an earlier version gave it out, it redirects to the one
// document that has it now (under prefix) or lets ambiguous answer with
// the several; done says the answer is written.
func documentOrFormer(w http.ResponseWriter, r *http.Request, eng *search.Engine, id, prefix string, ambiguous func([]search.Facts)) (rec ingest.Record, done bool, err error) {
	rec, err = eng.Document(id)
	if !errors.Is(err, search.ErrNotFound) {
		return rec, false, err
	}
	choices, ferr := eng.FormerID(r.Context(), id)
	switch {
	case ferr != nil:
		return rec, false, ferr
	case len(choices) == 1:
		redirectMoved(w, r, prefix, choices[0].ID)
		return rec, true, nil
	case len(choices) > 1:
		ambiguous(choices)
		return rec, true, nil
	}
	return rec, false, err
}

func redirectMoved(w http.ResponseWriter, r *http.Request, prefix, id string) {
	to := prefix + url.PathEscape(id)
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, to, http.StatusMovedPermanently)
}

// validID accepts the ids ingest.ID (and ingest.LegacyID) make, so
// nothing else reaches the index (and nothing ever reaches the file
// system).
func validID(id string) bool {
	if id == "" || len(id) > 200 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
			return false
		}
	}
	return true
}

func handleHealth(eng *search.Engine, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := eng.Index().Count()
		if err != nil {
			writeError(w, r, log, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]interface{}{"status": "ok", "documents": n})
	})
}

// handleNotFound answers an unknown path: a page for a browser, JSON for
// an API client (and for anything under /api/).
func handleNotFound(log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if wantsHTML(r) {
			renderError(w, r, log, "", notFoundf("Det finns ingen sida på adressen %s.", r.URL.Path))
			return
		}
		writeError(w, r, log, notFoundf("sidan finns inte: %s", r.URL.Path))
	})
}

// wantsHTML reports whether a request comes from a browser showing a page:
// it accepts text/html and is not for the API.
func wantsHTML(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		return false
	}
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}

// handleFavicon sends browsers that ask for /favicon.ico to the icon.
func handleFavicon() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, assetURL("favicon.svg"), http.StatusFound)
	})
}

func handleMethodNotAllowed(log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, r, log, userErrorf(ErrMethod, "metoden %s stöds inte här", r.Method))
	})
}

// securityHeaders sets the headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}

type recoveryLogger struct{ log *slog.Logger }

func (l recoveryLogger) Println(v ...interface{}) {
	l.log.Error("panic in handler", "panic", v)
}
