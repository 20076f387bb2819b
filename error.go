package jirga

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. They are stable: HTTP statuses and exit codes derive from
// them at the edges, never the other way round.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EINTERNAL     = "internal"
)

// Error is jirga's one error type: a stable code, a message for people and,
// for input errors, the diagnostics that say where.
type Error struct {
	Code        string
	Message     string
	Diagnostics []Diagnostic
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Diagnostics) == 0 {
		return e.Message
	}
	var b strings.Builder
	b.WriteString(e.Message)
	for _, d := range e.Diagnostics {
		b.WriteString("\n")
		b.WriteString(d.String())
	}
	return b.String()
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err if it is or wraps an *Error, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of err if it is or wraps an *Error, and a
// generic message otherwise, so internal details never leak to users.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// Pos is a position in a source file. Line and Col count from 1; zero means
// unknown.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// String formats p as file:line:col.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Diagnostic is one problem found in input, with where it is and, when one
// helps, a hint on how to fix it.
type Diagnostic struct {
	Pos
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

// String formats d as "file:line:col: message (hint)".
func (d Diagnostic) String() string {
	s := d.Pos.String() + ": " + d.Message
	if d.Hint != "" {
		s += " (" + d.Hint + ")"
	}
	return s
}

// Diagnostics is a list of problems; as an error it reports them all.
type Diagnostics []Diagnostic

// Error implements error, one diagnostic per line.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}
