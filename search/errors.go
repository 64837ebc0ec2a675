package search

import "errors"

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
// wraps (ErrInvalid, ErrNotFound, or one of the adapter's).
type Error struct {
	Kind error
	Msg  string
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Kind }

// invalid returns an ErrInvalid with a message for the user.
func invalid(msg string) error { return &Error{Kind: ErrInvalid, Msg: msg} }

// notFound returns an ErrNotFound with a message for the user.
func notFound(msg string) error { return &Error{Kind: ErrNotFound, Msg: msg} }
