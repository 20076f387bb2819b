package engine

import (
	"fmt"

	"github.com/jirga/jirga/charter"
)

// CheckNative evaluates every rule's native predicate and cel-go's program
// on each combination of facts and reports the first disagreement.
func CheckNative(e *Engine, persons, contexts []map[string]any) error {
	for _, p := range persons {
		for _, c := range contexts {
			f, err := e.Facts(p, c)
			if err != nil {
				return err
			}
			for _, r := range e.rules {
				cond := e.c.Condition(r.Rule)
				if cond == nil {
					continue
				}
				for _, t := range e.territories {
					en := env{facts: f, place: e.places[e.tIndex[t.ID]]}
					nv, nerr := r.pred(en)
					cv, cerr := e.celPred(cond)(en)
					if (nerr == nil) != (cerr == nil) || (nerr == nil && nv != cv) {
						return fmt.Errorf("rule %s (%s) on %v %v: native %v/%v, cel %v/%v", r.ID, cond.Text, p, c, nv, nerr, cv, cerr)
					}
				}
			}
		}
	}
	return nil
}

var _ = charter.PersonVar

// ParseFast exposes the fast parser to the fuzz test.
func ParseFast(e *Engine, data []byte, q *Question, f *Facts) ([]byte, bool) {
	return e.parseFast(data, q, f)
}

// SameQuestion reports whether two questions ask the same thing.
func SameQuestion(a, b *Question) bool {
	if a.Place != b.Place || a.Action != b.Action || len(a.Facts.comms) != len(b.Facts.comms) {
		return false
	}
	for i := range a.Facts.comms {
		if a.Facts.comms[i] != b.Facts.comms[i] {
			return false
		}
	}
	same := func(x, y []value) bool {
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i].k != y[i].k || x[i].b != y[i].b || x[i].i != y[i].i || x[i].f != y[i].f || x[i].s != y[i].s || fmt.Sprint(x[i].l) != fmt.Sprint(y[i].l) {
				return false
			}
		}
		return true
	}
	return same(a.Facts.person, b.Facts.person) && same(a.Facts.context, b.Facts.context)
}

// TraceJSONSlow renders a trace entry by entry through TraceEntry, the
// path appendStep's pre-rendered fragments must reproduce.
func TraceJSONSlow(e *Engine, ans *Answer) string {
	var b []byte
	for i, s := range ans.Trace {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendEntry(b, e.entry(s))
	}
	return string(b)
}
