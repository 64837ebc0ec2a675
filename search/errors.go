package search

import (
	"errors"
	"fmt"
	"time"
)

// Domain errors. The engine says what went wrong, never how to answer it:
// the HTTP adapter (search/web) maps these to statuses in one table.
var (
	// ErrInvalid: the request cannot be run as given (a bad parameter,
	// query syntax, a wildcard matching too many words); the person who
	// asked can change it.
	ErrInvalid = errors.New("invalid request")
	// ErrNotFound: no such document or facet.
	ErrNotFound = errors.New("not found")
	// ErrTimeout: the search did not finish within Engine.Timeout.
	ErrTimeout = errors.New("search took too long")
	// ErrTooManyCostly: too many costly requests (cost.go) are in flight;
	// the person may try again in a moment.
	ErrTooManyCostly = errors.New("too many costly requests")
)

// Error is a failure the person who asked can act on: Msg says what is
// wrong, in Swedish, and may be shown to them; Kind is the sentinel it
// wraps (ErrInvalid, ErrNotFound, or one of the adapter's). Format and
// Args are what Msg was made of, so that an adapter can say the same in
// another language (Localize); Format is empty when the message was not
// written in the engine.
type Error struct {
	Kind   error
	Msg    string
	Format string
	Args   []any
	// RetryAfter, for ErrTooManyCostly, is how long the same request
	// would be refused again (0: not known).
	RetryAfter time.Duration
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Kind }

// Localize says the message in another language: translate maps the
// Swedish format to the other language's, with the same verbs in the same
// order, or returns it unchanged when it has no translation (then the
// Swedish message is kept).
func (e *Error) Localize(translate func(sv string) string) string {
	if e.Format == "" {
		return e.Msg
	}
	f := translate(e.Format)
	if f == e.Format {
		return e.Msg
	}
	if e.Args == nil {
		return f
	}
	return fmt.Sprintf(f, e.Args...)
}

// msgTooManyTerms: a wildcard or fuzzy word expands to more index terms
// than a search may hold, found while building the query or by bleve.
const msgTooManyTerms = "för många ord matchar jokertecknet eller stavfelssökningen: skriv fler tecken"

// invalid returns an ErrInvalid with a message for the user. The message
// is a constant (a test collects every one for translation).
func invalid(msg string) error { return &Error{Kind: ErrInvalid, Msg: msg, Format: msg} }

// invalidf returns an ErrInvalid with a message for the user made from a
// constant format and its arguments.
func invalidf(format string, args ...any) error {
	return &Error{Kind: ErrInvalid, Msg: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// tooCostlyf returns an ErrTooManyCostly with a message for the user made
// from a constant format and its arguments.
func tooCostlyf(format string, args ...any) *Error {
	return &Error{Kind: ErrTooManyCostly, Msg: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// notFoundf returns an ErrNotFound with a message for the user made from a
// constant format and its arguments.
func notFoundf(format string, args ...any) error {
	return &Error{Kind: ErrNotFound, Msg: fmt.Sprintf(format, args...), Format: format, Args: args}
}
