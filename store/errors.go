package store

import (
	"errors"
	"unicode/utf8"
)

// Sentinel errors about the input and the database rather than the data.
var (
	// ErrInvalidText: a string holds a NUL byte or is not valid UTF-8; no
	// database accepts such text everywhere, so no store stores or looks it up.
	ErrInvalidText = errors.New("text holds a NUL byte or invalid UTF-8")
	// ErrUnavailable: the database cannot be reached or did not answer in
	// time (refused or lost connection, timeout, too many connections, busy).
	// Trying again later may succeed.
	ErrUnavailable = errors.New("the database is unavailable")
)

// ValidText reports whether s can be stored as text: valid UTF-8 without NUL.
func ValidText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return false
		}
	}
	return true
}
