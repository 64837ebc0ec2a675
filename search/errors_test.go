package search

import (
	"errors"
	"testing"
)

func TestErrorLocalize(t *testing.T) {
	en := map[string]string{
		"skriv minst %d tecken före *":       "type at least %d letters before *",
		"active_from är senare än active_to": "active_from is later than active_to",
	}
	translate := func(sv string) string {
		if s, ok := en[sv]; ok {
			return s
		}
		return sv
	}
	for _, tt := range []struct {
		err     error
		sv, en  string
		invalid bool
	}{
		{invalidf("skriv minst %d tecken före *", 2), "skriv minst 2 tecken före *", "type at least 2 letters before *", true},
		{invalid("active_from är senare än active_to"), "active_from är senare än active_to", "active_from is later than active_to", true},
		{notFoundf("dokumentet %q finns inte", "x"), `dokumentet "x" finns inte`, `dokumentet "x" finns inte`, false}, // no translation: the Swedish stays
		{&Error{Kind: ErrInvalid, Msg: "100% fel"}, "100% fel", "100% fel", true},                                     // not made here
	} {
		var e *Error
		if !errors.As(tt.err, &e) {
			t.Fatalf("%v is no *Error", tt.err)
		}
		if e.Error() != tt.sv {
			t.Errorf("Error() = %q, want %q", e.Error(), tt.sv)
		}
		if got := e.Localize(translate); got != tt.en {
			t.Errorf("Localize = %q, want %q", got, tt.en)
		}
		if errors.Is(tt.err, ErrInvalid) != tt.invalid || errors.Is(tt.err, ErrNotFound) == tt.invalid {
			t.Errorf("%q wraps the wrong kind", tt.sv)
		}
	}
}
