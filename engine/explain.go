package engine

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jirga/jirga"
)

// TraceEntry is the wire form of a trace step.
type TraceEntry struct {
	Kind      string `json:"kind"` // rule, right or default
	Law       string `json:"law,omitempty"`
	Rule      string `json:"rule,omitempty"`
	Right     string `json:"right,omitempty"`
	Effect    string `json:"effect,omitempty"`
	Scope     string `json:"scope,omitempty"`
	Condition string `json:"condition,omitempty"`
	Outcome   string `json:"outcome"`
	Reason    string `json:"reason"`
	By        string `json:"by,omitempty"`
	File      string `json:"file,omitempty"`
	Line      int    `json:"line,omitempty"`
	Col       int    `json:"col,omitempty"`
}

// Entries renders a trace for people and JSON.
func (e *Engine) Entries(ans *Answer) []TraceEntry {
	out := make([]TraceEntry, len(ans.Trace))
	for i, s := range ans.Trace {
		out[i] = e.entry(s)
	}
	return out
}

func (e *Engine) entry(s Step) TraceEntry {
	te := TraceEntry{Outcome: string(s.Outcome), Reason: e.reason(s)}
	switch {
	case s.Rule != nil:
		r := s.Rule
		te.Kind, te.Law, te.Rule, te.Effect, te.Condition = "rule", r.Law.ID, r.ID, r.Effect, r.When
		te.Scope = scopeOf(r.Law)
		te.File, te.Line, te.Col = r.Source.File, r.Source.Line, r.Source.Col
		if s.Right != nil {
			te.Right = s.Right.ID
		}
		if s.By != nil {
			te.By = s.By.ref
		}
	case s.Right != nil:
		te.Kind, te.Right = "right", s.Right.ID
		te.File, te.Line, te.Col = s.Right.Source.File, s.Right.Source.Line, s.Right.Source.Col
	default:
		te.Kind = "default"
	}
	return te
}

func scopeOf(l *jirga.Law) string {
	if l.Territory != "" {
		return l.Territory
	}
	return "community:" + l.Community
}

func (e *Engine) reason(s Step) string {
	switch s.Outcome {
	case Applied:
		if s.Rule.When == "" {
			return "it applies unconditionally"
		}
		return "its condition holds"
	case ConditionFalse:
		return "its condition does not hold"
	case VoidUltraVires, VoidRight:
		return s.Rule.voidReason
	case Overridden:
		return s.By.overrides
	case Bounded:
		return s.By.bounds
	case EvalError:
		return "not applied: the condition cannot be evaluated: " + s.Err.Error()
	case RightProtects:
		return "protects this action: no law may forbid it"
	case RightConscience:
		return "non-coercion: in this belief domain no rule binds a non-member"
	case DefaultApplies:
		return "no rule applies: the charter's default is " + e.c.Default
	}
	return string(s.Outcome)
}

// AppendJSON appends the compact JSON form of an answer — {"verdict":...,
// "trace":[...]} plus the question's id if it has one — without reflection,
// for batch throughput.
func (e *Engine) AppendJSON(b []byte, id []byte, ans *Answer) []byte {
	b = append(b, '{')
	if len(id) > 0 {
		b = append(b, `"id":`...)
		b = append(b, id...)
		b = append(b, ',')
	}
	b = append(b, `"verdict":`...)
	b = appendString(b, string(ans.Verdict))
	b = append(b, `,"trace":[`...)
	for i, s := range ans.Trace {
		if i > 0 {
			b = append(b, ',')
		}
		b = e.appendStep(b, s)
	}
	b = append(b, ']')
	if missing := Missing(ans); len(missing) > 0 {
		b = append(b, `,"missing":[`...)
		for i, m := range missing {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, m)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendEntry(b []byte, te TraceEntry) []byte {
	b = append(b, `{"kind":`...)
	b = appendString(b, te.Kind)
	for _, f := range [...]struct{ k, v string }{
		{"law", te.Law}, {"rule", te.Rule}, {"right", te.Right}, {"effect", te.Effect}, {"scope", te.Scope},
		{"condition", te.Condition}, {"outcome", te.Outcome}, {"reason", te.Reason}, {"by", te.By}, {"file", te.File},
	} {
		if f.v == "" && f.k != "outcome" && f.k != "reason" {
			continue
		}
		b = append(b, ',', '"')
		b = append(b, f.k...)
		b = append(b, '"', ':')
		b = appendString(b, f.v)
	}
	if te.Line > 0 {
		b = append(b, `,"line":`...)
		b = strconv.AppendInt(b, int64(te.Line), 10)
		b = append(b, `,"col":`...)
		b = strconv.AppendInt(b, int64(te.Col), 10)
	}
	return append(b, '}')
}

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\t':
				b = append(b, '\\', 't')
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// AppendVerdict appends {"id":...,"verdict":...}, the answer without its
// trace.
func AppendVerdict(b []byte, id []byte, v jirga.Verdict) []byte {
	b = append(b, '{')
	if len(id) > 0 {
		b = append(b, `"id":`...)
		b = append(b, id...)
		b = append(b, ',')
	}
	b = append(b, `"verdict":`...)
	b = appendString(b, string(v))
	return append(b, '}')
}

// appendStep appends one trace entry as JSON: what appendEntry writes for
// e.entry(s), but a rule's fixed fields come pre-rendered (see
// renderRule), so a batch answer costs a few copies per rule.
func (e *Engine) appendStep(b []byte, s Step) []byte {
	r := s.Rule
	if r == nil || r.jsonHead == nil {
		return appendEntry(b, e.entry(s))
	}
	b = append(b, r.jsonHead...)
	b = append(b, `,"outcome":`...)
	b = appendString(b, string(s.Outcome))
	b = append(b, `,"reason":`...)
	b = appendString(b, e.reason(s))
	if s.By != nil {
		b = append(b, `,"by":`...)
		b = appendString(b, s.By.ref)
	}
	return append(b, r.jsonTail...)
}

// renderRule pre-renders the fields of a rule's trace entries that do not
// depend on the question: those before the outcome, and those after it.
func (e *Engine) renderRule(r *Rule) {
	full := appendEntry(nil, e.entry(Step{Rule: r, Right: r.Right, Outcome: "\x00"}))
	head, rest, ok := strings.Cut(string(full), `,"outcome":"\u0000"`)
	if !ok {
		return
	}
	_, tail, ok := strings.Cut(rest, `,"reason":`)
	if !ok {
		return
	}
	// tail is the reason's JSON string, then the rest: skip the string.
	end := jsonStringEnd(tail)
	if end < 0 {
		return
	}
	r.jsonHead, r.jsonTail = []byte(head), []byte(tail[end:])
}

// jsonStringEnd returns the index just past the JSON string s starts with,
// or -1.
func jsonStringEnd(s string) int {
	if !strings.HasPrefix(s, `"`) {
		return -1
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}
