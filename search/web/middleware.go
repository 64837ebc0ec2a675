package web

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/gorilla/mux"
)

// Request limits applied before routing.
const (
	// MaxURLBytes caps path plus query string; longer requests get 414.
	MaxURLBytes = 4 << 10
	// MaxPublicBody caps the body of every non-admin request (the public
	// API is GET only).
	MaxPublicBody = 64 << 10
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	routeInfoKey
)

// RequestID returns the id of the request ctx belongs to ("" outside one).
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// routeInfo is filled in by the router (see routeTemplate) and read by
// observe, which runs outside the router.
type routeInfo struct{ template string }

var requestIDRe = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

func newRequestID() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "unknown"
	}
	return hex.EncodeToString(b[:])
}

// routeTemplate is router middleware: it records the matched route's path
// template for the access log and the metrics labels.
func routeTemplate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ri, ok := r.Context().Value(routeInfoKey).(*routeInfo); ok {
			if route := mux.CurrentRoute(r); route != nil {
				if t, err := route.GetPathTemplate(); err == nil {
					ri.template = t
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// observe is the outermost middleware: it gives every request an id
// (a sane incoming X-Request-ID is kept, otherwise one is made), echoes it
// in the response, logs one structured line per request and records the
// request metrics.
func observe(log *slog.Logger, m *metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-ID")
		if !requestIDRe.MatchString(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-ID", id)
		ri := &routeInfo{}
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		ctx = context.WithValue(ctx, routeInfoKey, ri)
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(ctx))

		status := rec.status
		if status == 0 {
			status = http.StatusOK
		}
		route := ri.template
		if route == "" {
			route = "unmatched"
		}
		d := time.Since(start)
		m.observeRequest(route, status, d)
		log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", id),
			slog.String("method", r.Method),
			slog.String("route", route),
			slog.String("path", r.URL.Path),
			slog.Int("status", status),
			slog.Int64("bytes", rec.bytes),
			slog.Float64("duration_ms", float64(d.Microseconds())/1000),
		)
	})
}

// limits refuses over-long URLs and caps the body of public requests; the
// admin routes set their own, larger cap.
func limits(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n := len(r.URL.EscapedPath()) + len(r.URL.RawQuery); n > MaxURLBytes || len(r.RequestURI) > MaxURLBytes {
			writeError(w, r, log, userError(ErrURITooLong, "adressen är för lång"))
			return
		}
		if !strings.HasPrefix(r.URL.Path, "/api/admin/") && r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, MaxPublicBody)
		}
		next.ServeHTTP(w, r)
	})
}

// hardening adds the headers securityHeaders does not set: cross-origin
// isolation and a browser-feature policy for a page that needs none.
func hardening(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status and size of a response. Unwrap lets
// http.ResponseController reach the connection (the admin routes extend
// their deadlines).
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += int64(n)
	return n, err
}

func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *statusRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := s.ResponseWriter.(http.Hijacker); ok {
		return h.Hijack()
	}
	return nil, nil, errors.New("hijack not supported")
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
