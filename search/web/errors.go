package web

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"projektsok/index"
	"projektsok/search"
)

// The adapter's own sentinels, beside the engine's (search.ErrInvalid,
// search.ErrNotFound, search.ErrTimeout) and the index's. Handlers wrap
// them with a message meant for the user (userError); writeError maps
// every one of them to a status in the one table below.
var (
	ErrMethod     = errors.New("method not allowed")
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
	{search.ErrInvalid, http.StatusBadRequest},
	{search.ErrNotFound, http.StatusNotFound},
	{index.ErrNotFound, http.StatusNotFound},
	{ErrMethod, http.StatusMethodNotAllowed},
	{search.ErrTimeout, http.StatusServiceUnavailable},
	{ErrDisabled, http.StatusNotFound},
	{ErrAuth, http.StatusUnauthorized},
	{ErrTooLarge, http.StatusRequestEntityTooLarge},
	{ErrURITooLong, http.StatusRequestURITooLong},
	{ErrMediaType, http.StatusUnsupportedMediaType},
	{ErrBusy, http.StatusConflict},
	{index.ErrNoGenerations, http.StatusConflict},
	{ErrNotReady, http.StatusServiceUnavailable},
	{search.ErrTooManyCostly, http.StatusTooManyRequests},
}

// userError returns an error of the given kind whose message may be shown
// to the client; msg is a constant, translated where it is shown
// (userMessage).
func userError(kind error, msg string) error {
	return &search.Error{Kind: kind, Msg: msg, Format: msg}
}

// userErrorf is userError with a message made from a constant format and
// its arguments.
func userErrorf(kind error, format string, args ...any) error {
	return &search.Error{Kind: kind, Msg: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// badRequest returns a search.ErrInvalid with a message for the user.
func badRequest(msg string) error { return userError(search.ErrInvalid, msg) }

// badRequestf returns a search.ErrInvalid with a message for the user.
func badRequestf(format string, args ...any) error {
	return userErrorf(search.ErrInvalid, format, args...)
}

// notFoundf returns a search.ErrNotFound with a message for the user.
func notFoundf(format string, args ...any) error {
	return userErrorf(search.ErrNotFound, format, args...)
}

// userMessage is the message of a user error in lang, or "" for any other
// error. The engine's messages are translated through the catalogue
// (i18n.go) from the Swedish format they were made with.
func userMessage(err error, lang string) string {
	var ue *search.Error
	if errors.As(err, &ue) {
		return ue.Localize(func(sv string) string { return tr(lang, sv) })
	}
	return ""
}

// apiLang is the language of a JSON answer's error message: English with
// lang=en, else Swedish. The API does not follow Accept-Language, so a
// script's answers do not change with the machine it runs on.
func apiLang(r *http.Request) string {
	if r.URL.Query().Get("lang") == langEN {
		return langEN
	}
	return langSV
}

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
	lang := apiLang(r)
	if m := userMessage(err, lang); m != "" {
		msg = m
	}
	if status >= 500 {
		log.Error("request failed", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery, "status", status, "err", err,
			"request_id", RequestID(r.Context()))
		switch {
		case errors.Is(err, search.ErrTimeout):
			msg = tr(lang, "Sökningen tog för lång tid. Försök med en mer specifik fråga.")
		case status == http.StatusServiceUnavailable:
			msg = tr(lang, "Tjänsten är inte redo. Försök igen om en stund.")
		default:
			msg = tr(lang, "Internt fel. Försök igen senare.")
		}
	}
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter(err)))
	}
	writeJSON(w, status, map[string]string{"error": msg})
}

// retryAfter is the Retry-After of a 429, in whole seconds (at least
// one): how long the engine expects the same request to be refused.
func retryAfter(err error) int {
	var se *search.Error
	if errors.As(err, &se) && se.RetryAfter > time.Second {
		return int(math.Ceil(se.RetryAfter.Seconds()))
	}
	return 1
}

func writeJSON(w http.ResponseWriter, status int, v interface{}) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	encodeJSON(w, v)
}
