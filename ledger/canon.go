package ledger

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// The canonical JSON encoding (docs/ledger.md, "Canonical JSON") is the
// subset of RFC 8785 (JCS) that a browser reproduces with JSON.stringify
// over objects whose keys are sorted:
//
//   - no insignificant whitespace;
//   - object keys sorted by their UTF-16 code units, each key once;
//   - strings escaped as JSON.stringify does: \" \\ \b \f \n \r \t, other
//     characters below U+0020 as \u00xx (lowercase hex), everything else
//     as literal UTF-8;
//   - numbers are integers between -(2^53-1) and 2^53-1 written in
//     shortest decimal form; fractions and exponents are refused;
//   - true, false and null as themselves.
//
// Parsing accepts any RFC 8259 JSON within these value limits (whitespace,
// escapes, key order are free) and refuses duplicate keys, invalid UTF-8,
// lone surrogates and nesting deeper than maxDepth.

// MaxSafeInteger is the largest integer canonical JSON carries: 2^53-1,
// the largest a JavaScript number holds exactly.
const MaxSafeInteger = 1<<53 - 1

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 32

// object is a parsed JSON object with its members sorted canonically.
type object []member

// member is one key and its value. Values are nil, bool, int64, string,
// []any or object.
type member struct {
	key string
	val any
}

// get returns the value of key and whether it is present.
func (o object) get(key string) (any, bool) {
	i, ok := slices.BinarySearchFunc(o, key, func(m member, k string) int { return compareUTF16(m.key, k) })
	if !ok {
		return nil, false
	}
	return o[i].val, true
}

// Canonical parses a JSON document and returns its canonical encoding. It
// is what a client must sign: see docs/ledger.md.
func Canonical(data []byte) ([]byte, error) {
	v, err := parseJSON(data)
	if err != nil {
		return nil, err
	}
	return appendCanonical(nil, v), nil
}

// parseJSON parses one JSON document within the canonical value limits.
func parseJSON(data []byte) (any, error) {
	p := &parser{data: data}
	p.space()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.data) {
		return nil, p.errorf("unexpected %s after the JSON value", p.describe())
	}
	return v, nil
}

// parser is a recursive-descent JSON parser over a byte slice.
type parser struct {
	data []byte
	pos  int
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("json: offset %d: %s", p.pos, fmt.Sprintf(format, args...))
}

func (p *parser) describe() string {
	if p.pos >= len(p.data) {
		return "end of input"
	}
	return strconv.QuoteRune(rune(p.data[p.pos]))
}

func (p *parser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, p.errorf("nesting deeper than %d", maxDepth)
	}
	if p.pos >= len(p.data) {
		return nil, p.errorf("unexpected end of input")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		return p.string()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == 'n':
		return nil, p.literal("null")
	}
	return nil, p.errorf("unexpected %s", p.describe())
}

func (p *parser) literal(word string) error {
	if !strings.HasPrefix(string(p.data[p.pos:min(len(p.data), p.pos+len(word))]), word) {
		return p.errorf("unexpected %s", p.describe())
	}
	p.pos += len(word)
	return nil
}

func (p *parser) object(depth int) (any, error) {
	p.pos++ // {
	obj := object{}
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return obj, nil
	}
	for {
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.errorf("expected a string key, found %s", p.describe())
		}
		key, err := p.string()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errorf("expected ':' after key %q, found %s", key, p.describe())
		}
		p.pos++
		p.space()
		val, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		obj = append(obj, member{key, val})
		p.space()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end of input in an object")
		}
		if p.data[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.data[p.pos] != '}' {
			return nil, p.errorf("expected ',' or '}', found %s", p.describe())
		}
		p.pos++
		break
	}
	slices.SortStableFunc(obj, func(a, b member) int { return compareUTF16(a.key, b.key) })
	for i := 1; i < len(obj); i++ {
		if obj[i].key == obj[i-1].key {
			return nil, fmt.Errorf("json: duplicate key %q", obj[i].key)
		}
	}
	return obj, nil
}

func (p *parser) array(depth int) (any, error) {
	p.pos++ // [
	arr := []any{}
	p.space()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return arr, nil
	}
	for {
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		arr = append(arr, v)
		p.space()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end of input in an array")
		}
		if p.data[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.data[p.pos] != ']' {
			return nil, p.errorf("expected ',' or ']', found %s", p.describe())
		}
		p.pos++
		return arr, nil
	}
}

func (p *parser) number() (any, error) {
	start := p.pos
	if p.data[p.pos] == '-' {
		p.pos++
	}
	digits := p.pos
	for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
		p.pos++
	}
	switch {
	case p.pos == digits:
		return nil, p.errorf("expected a digit, found %s", p.describe())
	case p.data[digits] == '0' && p.pos-digits > 1:
		return nil, p.errorf("a number cannot start with 0")
	}
	if p.pos < len(p.data) {
		if c := p.data[p.pos]; c == '.' || c == 'e' || c == 'E' {
			return nil, p.errorf("only integers are allowed (no fraction or exponent)")
		}
	}
	text := string(p.data[start:p.pos])
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || n > MaxSafeInteger || n < -MaxSafeInteger {
		return nil, fmt.Errorf("json: integer %s is outside ±(2^53-1)", text)
	}
	return n, nil
}

func (p *parser) string() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	// Fast path: no escapes.
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		if c == '"' {
			s := p.data[start:p.pos]
			if !utf8.Valid(s) {
				return "", p.errorf("invalid UTF-8 in a string")
			}
			p.pos++
			return string(s), nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		p.pos++
	}
	b := append([]byte(nil), p.data[start:p.pos]...)
	for {
		if p.pos >= len(p.data) {
			return "", p.errorf("unterminated string")
		}
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			if !utf8.Valid(b) {
				return "", p.errorf("invalid UTF-8 in a string")
			}
			return string(b), nil
		case c < 0x20:
			return "", p.errorf("control character %#02x in a string must be escaped", c)
		case c != '\\':
			b = append(b, c)
			p.pos++
			continue
		}
		p.pos++
		if p.pos >= len(p.data) {
			return "", p.errorf("unterminated escape")
		}
		e := p.data[p.pos]
		p.pos++
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, err := p.unicodeEscape()
			if err != nil {
				return "", err
			}
			b = utf8.AppendRune(b, r)
		default:
			return "", p.errorf("unknown escape \\%c", e)
		}
	}
}

// unicodeEscape reads the hex digits of \uXXXX (the \u already consumed)
// and, for a high surrogate, the low surrogate escape that must follow.
func (p *parser) unicodeEscape() (rune, error) {
	r1, ok := p.hex4()
	if !ok {
		return 0, p.errorf("\\u needs four hex digits")
	}
	if !utf16.IsSurrogate(r1) {
		return r1, nil
	}
	if r1 >= 0xdc00 || p.pos+2 > len(p.data) || p.data[p.pos] != '\\' || p.data[p.pos+1] != 'u' {
		return 0, p.errorf("lone surrogate \\u%04x", r1)
	}
	p.pos += 2
	r2, ok := p.hex4()
	if !ok {
		return 0, p.errorf("\\u needs four hex digits")
	}
	r := utf16.DecodeRune(r1, r2)
	if r == utf8.RuneError {
		return 0, p.errorf("lone surrogate \\u%04x", r1)
	}
	return r, nil
}

func (p *parser) hex4() (rune, bool) {
	if p.pos+4 > len(p.data) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(p.data[p.pos:p.pos+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	p.pos += 4
	return rune(n), true
}

// appendCanonical appends the canonical encoding of v.
func appendCanonical(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		return strconv.AppendBool(b, v)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case string:
		return appendString(b, v)
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendCanonical(b, e)
		}
		return append(b, ']')
	case object:
		b = append(b, '{')
		for i, m := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, m.key)
			b = append(b, ':')
			b = appendCanonical(b, m.val)
		}
		return append(b, '}')
	}
	panic(fmt.Sprintf("ledger: no canonical form for %T", v))
}

const hexDigits = "0123456789abcdef"

// appendString appends s quoted as JSON.stringify quotes it. s must be
// valid UTF-8 (the parser guarantees it).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// compareUTF16 orders strings by their UTF-16 code units, as JavaScript's
// default sort and RFC 8785 do. It differs from byte order only between
// characters above U+FFFF and those in U+E000..U+FFFF.
func compareUTF16(a, b string) int {
	for i, j := 0, 0; ; {
		if i == len(a) || j == len(b) {
			return (len(a) - i) - (len(b) - j) // shorter prefix first
		}
		if a[i] < utf8.RuneSelf && b[j] < utf8.RuneSelf {
			if a[i] != b[j] {
				return int(a[i]) - int(b[j])
			}
			i++
			j++
			continue
		}
		ra, na := utf8.DecodeRuneInString(a[i:])
		rb, nb := utf8.DecodeRuneInString(b[j:])
		ua, ub := firstUnit(ra), firstUnit(rb)
		if ua != ub {
			return int(ua) - int(ub)
		}
		if ra != rb { // same high surrogate: compare the low ones
			_, la := utf16.EncodeRune(ra)
			_, lb := utf16.EncodeRune(rb)
			return int(la) - int(lb)
		}
		i += na
		j += nb
	}
}

// firstUnit is the first UTF-16 code unit of r.
func firstUnit(r rune) rune {
	if r < 0x10000 {
		return r
	}
	hi, _ := utf16.EncodeRune(r)
	return hi
}
