package engine

import (
	"strconv"
)

// The batch path parses questions with a small single-pass scanner that
// knows the question's shape and the charter's schema, so that a question
// costs no reflection and almost no allocation. It accepts only plain
// input — no escapes in keys, ids or enumerated values, integers written as
// integers — and gives up on anything else, falling back to ParseQuestion,
// which accepts every valid question and explains every invalid one.
// FuzzFastParse checks that both agree whenever the fast path succeeds.

// scanner walks a JSON text.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) peek() byte {
	s.ws()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *scanner) eat(c byte) bool {
	if s.peek() == c {
		s.i++
		return true
	}
	return false
}

// plainString reads a string without escapes or control characters and
// returns its bytes, or ok=false.
func (s *scanner) plainString() ([]byte, bool) {
	if !s.eat('"') {
		return nil, false
	}
	start := s.i
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			s.i++
			return s.b[start : s.i-1], true
		case c == '\\' || c < 0x20 || c >= 0x80:
			return nil, false
		}
		s.i++
	}
	return nil, false
}

// integer reads an integer literal (no fraction or exponent).
func (s *scanner) integer() (int64, bool) {
	s.ws()
	start := s.i
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	digits := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	if s.i == digits || s.i-digits > 15 || (s.b[digits] == '0' && s.i-digits > 1) {
		return 0, false
	}
	if s.i < len(s.b) && (s.b[s.i] == '.' || s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		return 0, false
	}
	n, err := strconv.ParseInt(string(s.b[start:s.i]), 10, 64)
	return n, err == nil
}

func (s *scanner) literal(word string) bool {
	s.ws()
	if len(s.b)-s.i >= len(word) && string(s.b[s.i:s.i+len(word)]) == word {
		s.i += len(word)
		return true
	}
	return false
}

// skipID captures a simple id value: a plain string or an integer.
func (s *scanner) id() ([]byte, bool) {
	s.ws()
	start := s.i
	if s.peek() == '"' {
		if _, ok := s.plainString(); !ok {
			return nil, false
		}
		return s.b[start:s.i], true
	}
	if _, ok := s.integer(); ok {
		return s.b[start:s.i], true
	}
	return nil, false
}

// parseFast fills q and f from data, reusing their storage, and returns
// the question's raw id. ok=false means "use ParseQuestion".
func (e *Engine) parseFast(data []byte, q *Question, f *Facts) (id []byte, ok bool) {
	s := scanner{b: data}
	f.reset(e)
	q.Facts = f
	var haveAt, haveAction bool
	if !s.eat('{') {
		return nil, false
	}
	if s.eat('}') {
		return nil, false
	}
	for {
		key, ok := s.plainString()
		if !ok || !s.eat(':') {
			return nil, false
		}
		switch string(key) {
		case "id":
			if id, ok = s.id(); !ok {
				return nil, false
			}
		case "at":
			v, ok := s.plainString()
			t, known := e.tIndex[string(v)]
			if !ok || !known {
				return nil, false
			}
			q.Place, haveAt = t, true
		case "action":
			v, ok := s.plainString()
			a, known := e.aIndex[string(v)]
			if !ok || !known {
				return nil, false
			}
			q.Action, haveAction = a, true
		case "person":
			if !e.fastObject(&s, e.schema.person, f.person, f) {
				return nil, false
			}
		case "context":
			if !e.fastObject(&s, e.schema.context, f.context, f) {
				return nil, false
			}
		default:
			return nil, false
		}
		if s.eat(',') {
			continue
		}
		if !s.eat('}') {
			return nil, false
		}
		break
	}
	s.ws()
	f.defaultCommunities()
	return id, s.i == len(s.b) && haveAt && haveAction && f.sortComms()
}

// fastObject reads a person or context object into dst.
func (e *Engine) fastObject(s *scanner, slots []*slot, dst []value, f *Facts) bool {
	if !s.eat('{') {
		return false
	}
	if s.eat('}') {
		return true
	}
	for {
		key, ok := s.plainString()
		if !ok || !s.eat(':') {
			return false
		}
		var sl *slot
		for _, c := range slots {
			if c.attr == string(key) {
				sl = c
				break
			}
		}
		if sl == nil || !e.fastValue(s, sl, dst, f) {
			return false
		}
		if s.eat(',') {
			continue
		}
		return s.eat('}')
	}
}

func (e *Engine) fastValue(s *scanner, sl *slot, dst []value, f *Facts) bool {
	switch sl.kind {
	case kindBool:
		switch {
		case s.literal("true"):
			dst[sl.idx] = value{k: kindBool, b: true}
		case s.literal("false"):
			dst[sl.idx] = value{k: kindBool}
		default:
			return false
		}
	case kindInt:
		n, ok := s.integer()
		if !ok {
			return false
		}
		dst[sl.idx] = value{k: kindInt, i: n}
	case kindString:
		v, ok := s.plainString()
		if !ok {
			return false
		}
		dst[sl.idx] = value{k: kindString, s: intern(v, sl.values)}
		if len(sl.values) > 0 && dst[sl.idx].s == "" {
			return false
		}
	case kindList:
		return e.fastList(s, sl, dst, f)
	default:
		return false // doubles take the general path
	}
	return true
}

// intern returns the declared value equal to v without allocating, or a
// new string when the attribute declares no values ("" if v is not one of
// them).
func intern(v []byte, values []string) string {
	if len(values) == 0 {
		return string(v)
	}
	for _, d := range values {
		if d == string(v) {
			return d
		}
	}
	return ""
}

func (e *Engine) fastList(s *scanner, sl *slot, dst []value, f *Facts) bool {
	if !s.eat('[') {
		return false
	}
	comms := sl.scope == scopePerson && sl.idx == communitiesSlot
	v := value{k: kindList}
	if comms {
		f.comms = f.comms[:0]
		f.names = f.names[:0]
	}
	if !s.eat(']') {
		for {
			el, ok := s.plainString()
			if !ok {
				return false
			}
			if comms {
				bit, known := e.schema.comm[string(el)]
				if !known {
					return false
				}
				f.comms = append(f.comms, bit)
				f.names = append(f.names, e.schema.commIDs[bit])
			} else {
				v.l = append(v.l, string(el))
			}
			if s.eat(',') {
				continue
			}
			if !s.eat(']') {
				return false
			}
			break
		}
	}
	if comms {
		// The declared ids, in the order given, for conditions that cel-go
		// evaluates; native ones test membership through f.comms.
		v.l = f.names
		if v.l == nil {
			v.l = []string{}
		}
	}
	dst[sl.idx] = v
	return true
}

// reset clears f for reuse, sizing it for the engine's schema.
func (f *Facts) reset(e *Engine) {
	if cap(f.person) < len(e.schema.person) {
		f.person = make([]value, len(e.schema.person))
	}
	if cap(f.context) < len(e.schema.context) {
		f.context = make([]value, len(e.schema.context))
	}
	f.person = f.person[:len(e.schema.person)]
	f.context = f.context[:len(e.schema.context)]
	clear(f.person)
	clear(f.context)
	f.comms = f.comms[:0]
}

// sortComms sorts the community indices (insertion sort: lists are
// short) and reports true.
func (f *Facts) sortComms() bool {
	c := f.comms
	for i := 1; i < len(c); i++ {
		for j := i; j > 0 && c[j] < c[j-1]; j-- {
			c[j], c[j-1] = c[j-1], c[j]
		}
	}
	return true
}

// ParseQuestionInto parses a JSON question into q and f, reusing their
// storage when the input is plain, and otherwise as ParseQuestion does.
// It returns the question's raw id.
func (e *Engine) ParseQuestionInto(data []byte, q *Question, f *Facts) ([]byte, error) {
	if id, ok := e.parseFast(data, q, f); ok {
		return id, nil
	}
	pq, qj, err := e.ParseQuestion(data)
	var id []byte
	if qj != nil {
		id = qj.ID
	}
	if err != nil {
		return id, err
	}
	*q = *pq
	return id, nil
}
