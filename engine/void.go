package engine

import (
	"fmt"

	"github.com/jirga/jirga"
)

// voidness decides statically whether a rule can ever bind, following
// docs/semantics.md: competence first (a law outside its enacting level's
// competence is ultra vires), then rights (a rule forbidding a protected
// action, or a territorial rule in a belief domain under non-coercion, is
// void).
func (e *Engine) voidness(law *jirga.Law, r *jirga.Rule) (Outcome, string, *jirga.Right) {
	if why := e.UltraVires(law); why != "" {
		return VoidUltraVires, why, nil
	}
	for _, b := range e.Breaches(law, r) {
		if b.Protects {
			return VoidRight, fmt.Sprintf("right %q protects %q: no law may forbid it", b.Right.ID, r.Action), b.Right
		}
		return VoidRight, fmt.Sprintf("right %q: in the belief domain %q no rule binds a non-member, and a territorial law binds everyone in %s", b.Right.ID, law.Domain, law.Territory), b.Right
	}
	return "", "", nil
}

// Breach is a right a rule breaches.
type Breach struct {
	Right *jirga.Right
	// Protects: the rule forbids an action the right protects. Otherwise
	// it is a territorial rule in a belief domain under the right's
	// non-coercion clause, binding non-members.
	Protects bool
}

// Breaches lists the rights a rule breaches, in charter order, whether or
// not its law is also ultra vires: each alone makes the rule void.
func (e *Engine) Breaches(law *jirga.Law, r *jirga.Rule) []Breach {
	a, ok := e.aIndex[r.Action]
	if !ok {
		return nil
	}
	var out []Breach
	if r.Effect == jirga.Forbid {
		for _, right := range e.protect[a] {
			out = append(out, Breach{Right: right, Protects: true})
		}
	}
	if law.Territory != "" {
		for _, right := range e.belief[a] {
			out = append(out, Breach{Right: right})
		}
	}
	return out
}

// UltraVires returns why a law was enacted without competence, or "" if it
// is within competence.
func (e *Engine) UltraVires(law *jirga.Law) string {
	d := e.c.Domain(law.Domain)
	if d == nil {
		return fmt.Sprintf("domain %q is unknown", law.Domain)
	}
	if law.Community != "" {
		if d.Competence == jirga.CompetenceCommunity {
			return ""
		}
		return fmt.Sprintf("domain %q is %s; a community's personal law cannot reach it", d.ID, competenceText(d))
	}
	t := e.c.Territory(law.Territory)
	if t == nil {
		return fmt.Sprintf("territory %q is unknown", law.Territory)
	}
	level := e.c.LevelIndex(t.Level)
	switch d.Competence {
	case jirga.CompetenceCommunity:
		return fmt.Sprintf("domain %q is communal: only a community's own law reaches it, for its members", d.ID)
	case jirga.CompetenceConcurrent:
		for _, lv := range d.Levels {
			if e.c.LevelIndex(lv) == level {
				return ""
			}
		}
		return fmt.Sprintf("domain %q is %s, and %s is a %s", d.ID, competenceText(d), t.ID, t.Level)
	}
	if e.c.LevelIndex(d.Competence) == level {
		return ""
	}
	return fmt.Sprintf("domain %q is %s, but %s is a %s", d.ID, competenceText(d), t.ID, t.Level)
}

func competenceText(d *jirga.Domain) string {
	switch d.Competence {
	case jirga.CompetenceCommunity:
		return "communal"
	case jirga.CompetenceConcurrent:
		return fmt.Sprintf("concurrent between %v", d.Levels)
	}
	return "reserved to the " + d.Competence + " level"
}
