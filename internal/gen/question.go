package gen

import (
	"math/rand/v2"
	"strconv"

	"github.com/jirga/jirga"
)

// Question asks whether a person may do an action in a district at an hour,
// in an emergency or not.
type Question struct {
	Person    int // index into Workload.Persons
	Place     int // index into Workload.Territories: a district
	Action    string
	Hour      int // 0..23
	Emergency bool
}

// Questions samples n questions with a PRNG seeded by seed. Half are drawn
// uniformly (a random person, district, action, hour and emergency flag);
// the other half are aimed at a random rule, so that the rules' conditions,
// the forbids and the interplay of the two levels are exercised often
// rather than only in the rare districts that carry a rule: the place is
// the rule's district (or a district of its province), the action is the
// rule's, and for a forbid an emergency is declared and the person is a
// member of the forbidden community.
func (w *Workload) Questions(n int, seed uint64) []Question {
	rng := rand.New(rand.NewPCG(seed, 0x7175657374))
	districts := w.Districts()
	members := w.members()
	qs := make([]Question, n)
	for i := range qs {
		q := Question{
			Person:    rng.IntN(len(w.Persons)),
			Place:     districts[rng.IntN(len(districts))],
			Action:    w.Actions[rng.IntN(len(w.Actions))],
			Hour:      rng.IntN(24),
			Emergency: rng.IntN(2) == 1,
		}
		if len(w.Rules) > 0 && i%2 == 1 {
			r := w.Rules[rng.IntN(len(w.Rules))]
			q.Action = r.Action
			q.Place = r.Territory
			if w.Territories[r.Territory].Level == Province {
				q.Place = w.district(r.Territory-1, rng.IntN(w.Config.Districts))
			}
			if ms := members[r.Community]; r.Effect == jirga.Forbid && len(ms) > 0 {
				q.Person = ms[rng.IntN(len(ms))]
				q.Emergency = true
			}
		}
		qs[i] = q
	}
	return qs
}

// members lists the persons of each community.
func (w *Workload) members() map[string][]int {
	m := map[string][]int{}
	for i, p := range w.Persons {
		m[p.Community] = append(m[p.Community], i)
	}
	return m
}

// Holds reports whether rule r's condition holds for question q.
func (w *Workload) Holds(r *Rule, q Question) bool {
	if r.Effect == jirga.Forbid {
		return q.Emergency && w.Persons[q.Person].Community == r.Community
	}
	return w.Persons[q.Person].Age >= AdultAge && q.Hour >= OpenHour && q.Hour <= CloseHour
}

// Applies reports whether rule r is a candidate for q: it acts on q's action
// and its territory is q's place or an ancestor of it.
func (w *Workload) Applies(r *Rule, q Question) bool {
	if r.Action != q.Action {
		return false
	}
	for t := q.Place; t >= 0; t = w.Territories[t].Parent {
		if t == r.Territory {
			return true
		}
	}
	return false
}

// Allowed is the reference answer to q, computed from the rules by brute
// force with the engine's semantics for this charter (default forbidden,
// one domain of concurrent competence): the rules that apply and whose
// condition holds bind, except that a rule contradicted by a binding rule
// of a higher level is bounded by it and drops out; then any forbid denies,
// and otherwise any permit allows; with no rule the default denies.
func (w *Workload) Allowed(q Question) bool {
	var binding []*Rule
	for i := range w.Rules {
		r := &w.Rules[i]
		if w.Applies(r, q) && w.Holds(r, q) {
			binding = append(binding, r)
		}
	}
	permit := false
	for _, r := range binding {
		if w.bounded(r, binding) {
			continue
		}
		if r.Effect == jirga.Forbid {
			return false
		}
		permit = true
	}
	return permit
}

// bounded reports whether a binding rule of a higher level contradicts r.
func (w *Workload) bounded(r *Rule, binding []*Rule) bool {
	level := w.Territories[r.Territory].Level
	for _, h := range binding {
		if w.Territories[h.Territory].Level < level && h.Effect != r.Effect {
			return true
		}
	}
	return false
}

// PersonFacts returns the person of q as the engine reads it: age and
// communities.
func (w *Workload) PersonFacts(q Question) map[string]any {
	p := w.Persons[q.Person]
	return map[string]any{"age": float64(p.Age), "communities": []any{p.Community}}
}

// ContextFacts returns the context of q: hour and emergency.
func (w *Workload) ContextFacts(q Question) map[string]any {
	return map[string]any{"hour": float64(q.Hour), "emergency": q.Emergency}
}

// AppendJSON appends q as one line of `jirga ask --batch` input:
// {"at","action","person":{"age","communities"},"context":{"hour","emergency"}}
// and a newline.
func (w *Workload) AppendJSON(b []byte, q Question) []byte {
	p := w.Persons[q.Person]
	b = append(b, `{"at":`...)
	b = strconv.AppendQuote(b, w.Territories[q.Place].ID)
	b = append(b, `,"action":`...)
	b = strconv.AppendQuote(b, q.Action)
	b = append(b, `,"person":{"age":`...)
	b = strconv.AppendInt(b, int64(p.Age), 10)
	b = append(b, `,"communities":[`...)
	b = strconv.AppendQuote(b, p.Community)
	b = append(b, `]},"context":{"hour":`...)
	b = strconv.AppendInt(b, int64(q.Hour), 10)
	b = append(b, `,"emergency":`...)
	b = strconv.AppendBool(b, q.Emergency)
	return append(b, "}}\n"...)
}
