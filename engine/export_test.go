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
