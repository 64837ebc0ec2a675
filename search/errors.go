package search

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"projektsok/index"
)

// Sentinel errors. Handlers wrap them with a message meant for the user
// (see userError); writeError maps them to statuses in one table.
var (
	ErrBadRequest = errors.New("bad request")
	ErrNotFound   = errors.New("not found")
	ErrMethod     = errors.New("method not allowed")
	ErrTimeout    = errors.New("search took too long")
	ErrDisabled   = errors.New("disabled")
	ErrAuth       = errors.New("unauthorized")
	ErrTooLarge   = errors.New("request too large")
	ErrURITooLong = errors.New("request URI too long")
	ErrMediaType  = errors.New("unsupported media type")
	ErrBusy       = errors.New("another index write is running")
	ErrNotReady   = errors.New("not ready")
)

var statusOf = []struct {
	err    error
	status int
}{
	{ErrBadRequest, http.StatusBadRequest},
	{ErrNotFound, http.StatusNotFound},
	{index.ErrNotFound, http.StatusNotFound},
	{ErrMethod, http.StatusMethodNotAllowed},
	{ErrTimeout, http.StatusServiceUnavailable},
	{ErrDisabled, http.StatusNotFound},
	{ErrAuth, http.StatusUnauthorized},
	{ErrTooLarge, http.StatusRequestEntityTooLarge},
	{ErrURITooLong, http.StatusRequestURITooLong},
	{ErrMediaType, http.StatusUnsupportedMediaType},
	{ErrBusy, http.StatusConflict},
	{index.ErrNoGenerations, http.StatusConflict},
	{ErrNotReady, http.StatusServiceUnavailable},
}

// userError is an error whose message may be shown to the client.
type userError struct {
	msg  string
	kind error
}

func (e *userError) Error() string { return e.msg }
func (e *userError) Unwrap() error { return e.kind }

// badRequest returns an ErrBadRequest with a message for the user.
func badRequest(msg string) error { return &userError{msg: msg, kind: ErrBadRequest} }

func notFound(msg string) error { return &userError{msg: msg, kind: ErrNotFound} }

// statusFor maps an error to its HTTP status.
func statusFor(err error) int {
	for _, s := range statusOf {
		if errors.Is(err, s.err) {
			return s.status
		}
	}
	return http.StatusInternalServerError
}

// writeError is the one place errors become HTTP responses. Only 5xx are
// logged; their internals never reach the client.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	status := statusFor(err)
	msg := http.StatusText(status)
	var ue *userError
	if errors.As(err, &ue) {
		msg = ue.msg
	}
	if status >= 500 {
		log.Error("request failed", "method", r.Method, "path", r.URL.Path, "status", status, "err", err,
			"request_id", RequestID(r.Context()))
		switch {
		case errors.Is(err, ErrTimeout):
			msg = "Sökningen tog för lång tid. Försök med en mer specifik fråga."
		case status == http.StatusServiceUnavailable:
			msg = "Tjänsten är inte redo. Försök igen om en stund."
		default:
			msg = "Internt fel. Försök igen senare."
		}
	}
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v interface{}) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
