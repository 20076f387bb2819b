package ledger

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jirga/jirga"
)

// fields decodes a canonical JSON object into typed values, remembering
// the first error and refusing keys it was not asked about: whatever is
// signed must be understood.
type fields struct {
	obj  object
	what string
	used []string
	err  error
}

func newFields(v any, what string) *fields {
	f := &fields{what: what, used: make([]string, 0, 8)}
	obj, ok := v.(object)
	if !ok {
		f.err = invalidf("%s must be a JSON object", what)
		return f
	}
	f.obj = obj
	return f
}

func invalidf(format string, args ...any) *jirga.Error {
	return jirga.Errorf(jirga.EINVALID, format, args...)
}

func (f *fields) fail(key, format string, args ...any) {
	if f.err == nil {
		f.err = invalidf("%s: %s %s", f.what, key, fmt.Sprintf(format, args...))
	}
}

func (f *fields) lookup(key string, required bool) (any, bool) {
	f.used = append(f.used, key)
	if f.err != nil {
		return nil, false
	}
	v, ok := f.obj.get(key)
	if !ok && required {
		f.fail(key, "is required")
	}
	return v, ok
}

// str returns a string field; "" when absent and not required.
func (f *fields) str(key string, required bool) string {
	v, ok := f.lookup(key, required)
	if !ok {
		return ""
	}
	s, isStr := v.(string)
	if !isStr {
		f.fail(key, "must be a string")
		return ""
	}
	if required && s == "" {
		f.fail(key, "must not be empty")
	}
	return s
}

// uint returns a non-negative integer field.
func (f *fields) uint(key string, required bool) uint64 {
	v, ok := f.lookup(key, required)
	if !ok {
		return 0
	}
	n, isInt := v.(int64)
	if !isInt || n < 0 {
		f.fail(key, "must be a non-negative integer")
		return 0
	}
	return uint64(n)
}

// time returns an RFC 3339 time field.
func (f *fields) time(key string, required bool) time.Time {
	s := f.str(key, required)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		f.fail(key, "must be an RFC 3339 time such as 2026-05-01T12:00:00Z (got %q)", s)
		return time.Time{}
	}
	return t.UTC()
}

// value returns a raw field value.
func (f *fields) value(key string, required bool) (any, bool) {
	return f.lookup(key, required)
}

// list returns an array field.
func (f *fields) list(key string, required bool) []any {
	v, ok := f.lookup(key, required)
	if !ok {
		return nil
	}
	l, isList := v.([]any)
	if !isList {
		f.fail(key, "must be an array")
	}
	return l
}

// done reports the first error, or an unknown key.
func (f *fields) done() error {
	if f.err != nil {
		return f.err
	}
	for _, m := range f.obj {
		if !slices.Contains(f.used, m.key) {
			used := slices.Clone(f.used)
			slices.Sort(used)
			return invalidf("%s: unknown field %q (known: %s)", f.what, m.key, strings.Join(used, ", "))
		}
	}
	return nil
}
