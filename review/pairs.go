package review

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
)

// actionGroup holds the rules that can bind on one action, indexed so that
// only rules whose scopes overlap are compared.
type actionGroup struct {
	byTerritory map[int32][]*ruleInfo // territorial rules, in load order
	territorial []*ruleInfo
	communal    []*ruleInfo
}

// pairs compares the rules on each action whose scopes overlap: a
// territorial rule with the rules of its own territory and of the
// territories above it (the only territorial rules that reach the same
// places), and community rules with each other (anyone may belong to
// several communities) and with territorial rules. Rules on different
// actions or disjoint territories are never compared.
func (rv *reviewer) pairs() {
	groups := map[string]*actionGroup{}
	var actions []string
	for _, r := range rv.live {
		g := groups[r.Action]
		if g == nil {
			g = &actionGroup{byTerritory: map[int32][]*ruleInfo{}}
			groups[r.Action] = g
			actions = append(actions, r.Action)
		}
		if r.t >= 0 {
			g.byTerritory[r.t] = append(g.byTerritory[r.t], r)
			g.territorial = append(g.territorial, r)
		} else {
			g.communal = append(g.communal, r)
		}
	}
	sh := &shadowing{implied: map[[2]*ruleInfo]bool{}, by: map[*ruleInfo][]*ruleInfo{}}
	for _, action := range actions {
		g := groups[action]
		for _, r := range g.territorial {
			for _, anc := range rv.an.ancestors(r.t) {
				for _, s := range g.byTerritory[anc] {
					if anc == r.t && s.order >= r.order {
						break
					}
					rv.pair(s, r, sh)
				}
			}
		}
		for i, r := range g.communal {
			for _, s := range g.communal[:i] {
				rv.pair(s, r, sh)
			}
			for _, s := range g.territorial {
				rv.pair(s, r, sh)
			}
		}
	}
	rv.reportShadows(sh)
	rv.reportBounds()
}

// shadowing records which rules make which others redundant.
type shadowing struct {
	implied map[[2]*ruleInfo]bool     // {a, b}: a shadows b
	by      map[*ruleInfo][]*ruleInfo // b -> the rules shadowing it
}

// pair examines two rules on one action with overlapping scopes.
func (rv *reviewer) pair(a, b *ruleInfo, sh *shadowing) {
	if contradicts(a.Effect, b.Effect) {
		rv.conflict(a, b)
	}
	rv.tryShadow(a, b, sh)
	rv.tryShadow(b, a, sh)
}

// contradicts reports whether two effects cannot both be obeyed: permit
// and forbid, oblige and forbid.
func contradicts(x, y string) bool {
	return x != y && (x == jirga.Forbid || y == jirga.Forbid)
}

// conflict reports two contradicting rules that can apply to one person
// at one place at once. Under concurrent competence, rules of different
// levels do not conflict: the higher bounds the lower, which is recorded
// and reported once per lower rule (see reportBounds).
func (rv *reviewer) conflict(a, b *ruleInfo) {
	h, x := rv.together(a, b)
	if h == Never {
		return
	}
	if a.concurrent && a.Level >= 0 && b.Level >= 0 && a.Level != b.Level {
		higher, lower := a, b
		if b.Level < a.Level {
			higher, lower = b, a
		}
		rv.bounds[lower] = append(rv.bounds[lower], bound{higher, h, x})
		return
	}
	anchor, other := a, b
	if comparePos(a.Pos(), b.Pos()) < 0 {
		anchor, other = b, a
	}
	f := Finding{
		Severity: Warning, Code: CodeConflict, Law: anchor.Law.ID, Rule: anchor.ID, Pos: anchor.Pos(), Certainty: Certain,
		Related: []jirga.Pos{other.Pos()},
	}
	outcome := "forbid overrides permit, so there the permit has no effect"
	if h == Unknown {
		outcome = "where they do, forbid overrides permit"
	}
	if anchor.Effect == jirga.Oblige || other.Effect == jirga.Oblige {
		f.Severity = Error
		outcome = "there ask answers conflict, since no one can be obliged and forbidden at once"
		if h == Unknown {
			outcome = "where they do, ask answers conflict"
		}
	}
	if h == Unknown {
		f.Severity, f.Code, f.Certainty = Warning, CodePossibleConflict, Possible
	}
	f.Message = fmt.Sprintf("rule %s %s %s where rule %s %s it; %s; %s",
		anchor.ID, verb(anchor.Effect), anchor.Action, rv.other(other, anchor), verb(other.Effect), bothApply(h, x), outcome)
	rv.add(f)
}

// bound is a higher-level rule that bounds a lower one where both apply.
type bound struct {
	by *ruleInfo
	h  Holds
	x  Example
}

// reportBounds reports each rule that higher levels bound under
// concurrent competence, once, naming the first higher rule (preferring
// one proved to apply with it) and relating all of them.
func (rv *reviewer) reportBounds() {
	for _, lower := range rv.live {
		bs := rv.bounds[lower]
		if len(bs) == 0 {
			continue
		}
		sort.Slice(bs, func(i, j int) bool { return bs[i].by.order < bs[j].by.order })
		first := bs[0]
		for _, b := range bs {
			if b.h == Can {
				first = b
				break
			}
		}
		related := make([]jirga.Pos, len(bs))
		for i, b := range bs {
			related[i] = b.by.Pos()
		}
		certainty := Certain
		if first.h != Can {
			certainty = Possible
		}
		msg := fmt.Sprintf("rule %s %s %s where rule %s %s it; %s; %s is concurrent, so there the higher level's rule prevails and this one does not apply",
			lower.ID, verb(lower.Effect), lower.Action, rv.other(first.by, lower), verb(first.by.Effect), bothApply(first.h, first.x), lower.Law.Domain)
		if n := len(bs) - 1; n > 0 {
			msg += fmt.Sprintf(" (%d more higher-level %s bound it too: see related)", n, plural(n, "rule", "rules"))
		}
		rv.add(Finding{Severity: Info, Code: CodeBounded, Law: lower.Law.ID, Rule: lower.ID, Pos: lower.Pos(), Certainty: certainty, Related: related, Message: msg})
	}
}

// pairKey identifies the solving of two conditions in two scopes. A scope
// is a territory's index when a condition reads the place, -1 for any
// territory when none does, or -2-i for the i-th community.
type pairKey struct {
	a, b   *charter.Condition
	sa, sb int32
	kind   question
}

// question is what a memoised solving decided.
type question uint8

const (
	canHold  question = iota // a alone can hold in scope sa
	together                 // a and b can hold together
	implies                  // a without b can hold in scope sa
)

type pairResult struct {
	h     Holds
	x     Example
	blame string
}

// scopeKey is a rule's scope as far as the pair's conditions can tell.
func (rv *reviewer) scopeKey(r *ruleInfo, placeMatters bool) int32 {
	switch {
	case r.t < 0:
		return -2 - r.community
	case placeMatters:
		return r.t
	}
	return -1
}

// together decides whether two rules' conditions can hold for one person
// at one place within both scopes. Real charters repeat conditions (the
// same law text enacted by many provinces), so results are memoised by
// conditions and scopes, with the example's place filled in afterwards
// when the conditions do not read the place.
func (rv *reviewer) together(a, b *ruleInfo) (Holds, Example) {
	placeMatters := a.readsPlace || b.readsPlace
	key := pairKey{a: a.cond, b: b.cond, sa: rv.scopeKey(a, placeMatters), sb: rv.scopeKey(b, placeMatters), kind: together}
	res, ok := rv.memo[key]
	if !ok {
		res.h, res.x, _ = rv.an.solve([]*dnf{rv.an.normal(a.cond, false), rv.an.normal(b.cond, false)}, clause{a.scope, b.scope}, true)
		rv.memo[key] = res
	}
	x := res.x
	if !placeMatters {
		x.Place = ""
		switch {
		case a.t >= 0 && b.t >= 0 && rv.an.contains(a.t, b.t):
			x.Place = rv.an.territories[b.t].ID
		case a.t >= 0 && b.t >= 0:
			x.Place = rv.an.territories[a.t].ID
		case a.t >= 0:
			x.Place = rv.an.territories[a.t].ID
		case b.t >= 0:
			x.Place = rv.an.territories[b.t].ID
		}
	}
	return res.h, x
}

// readsPlace reports whether a condition reads a place.* variable.
func (rv *reviewer) readsPlace(cond *charter.Condition) bool {
	if cond == nil {
		return false
	}
	reads, ok := rv.placeReaders[cond]
	if !ok {
		for _, c := range rv.an.normal(cond, false).clauses {
			for _, l := range c {
				reads = reads || isPlace(l.a)
			}
		}
		reads = reads || rv.an.normal(cond, false).tooLarge
		rv.placeReaders[cond] = reads
	}
	return reads
}

// bothApply describes when two rules apply together.
func bothApply(h Holds, x Example) string {
	if h == Unknown {
		return "both may apply (review cannot decide statically whether their conditions hold together)"
	}
	return "both apply " + situation(x)
}

// situation describes an example for a sentence: "when person.age = 18 and
// person.sex = female, in AF-KAN".
func situation(x Example) string {
	var facts []string
	for _, k := range slices.Sorted(maps.Keys(x.Facts)) {
		if !strings.HasPrefix(k, "place.") {
			facts = append(facts, k+" = "+formatValue(x.Facts[k]))
		}
	}
	var s string
	switch len(facts) {
	case 0:
		s = "to anyone"
	case 1:
		s = "when " + facts[0]
	default:
		s = "when " + strings.Join(facts[:len(facts)-1], ", ") + " and " + facts[len(facts)-1]
	}
	if x.Place != "" {
		if len(facts) == 0 {
			return s + " in " + x.Place
		}
		return s + ", in " + x.Place
	}
	return s
}

// other names rule r as seen from rule from: its id, and its law when the
// law differs.
func (rv *reviewer) other(r, from *ruleInfo) string {
	if r.Law == from.Law {
		return r.ID
	}
	return fmt.Sprintf("%s of law %s (%s)", r.ID, r.Law.ID, scopeName(r.Law))
}

// tryShadow records whether rule a shadows rule b: a's scope contains b's,
// a is of the same or a higher level, whenever b applies a does too, and
// a's effect makes b's redundant (the same effect; or b permits and a
// forbids, which overrides it, or obliges, which implies it).
func (rv *reviewer) tryShadow(a, b *ruleInfo, sh *shadowing) {
	if !redundant(b.Effect, a.Effect) || !rv.covers(a, b) || (a.Level >= 0 && b.Level >= 0 && a.Level > b.Level) {
		return
	}
	placeMatters := a.readsPlace || b.readsPlace
	key := pairKey{a: b.cond, b: a.cond, sa: rv.scopeKey(b, placeMatters), kind: implies}
	res, ok := rv.memo[key]
	if !ok {
		res.h, _, _ = rv.an.solve([]*dnf{rv.an.normal(b.cond, false), rv.an.normal(a.cond, true)}, clause{b.scope}, false)
		rv.memo[key] = res
	}
	if res.h != Never {
		return
	}
	sh.implied[[2]*ruleInfo{a, b}] = true
	sh.by[b] = append(sh.by[b], a)
}

// redundant reports whether a rule of effect x changes no answer when a
// rule of effect y always applies with it.
func redundant(x, y string) bool {
	return x == y || (x == jirga.Permit && (y == jirga.Forbid || y == jirga.Oblige))
}

// covers reports whether a's scope contains b's: a territory above or
// equal to b's, the same community, or a territory containing every place.
func (rv *reviewer) covers(a, b *ruleInfo) bool {
	switch {
	case a.t >= 0 && b.t >= 0:
		return rv.an.contains(a.t, b.t)
	case a.t < 0 && b.t < 0:
		return a.Law.Community == b.Law.Community
	case a.t >= 0:
		return rv.an.pre[a.t] == 0 && int(rv.an.post[a.t]) == len(rv.an.order)
	}
	return false
}

// reportShadows reports each shadowed rule once, naming the first rule (in
// load order) that shadows it. Of two rules that shadow each other (the
// same effect, scope and condition), only the later is reported.
func (rv *reviewer) reportShadows(sh *shadowing) {
	for _, b := range rv.live {
		var by []*ruleInfo
		for _, a := range sh.by[b] {
			if sh.implied[[2]*ruleInfo{b, a}] && b.order < a.order {
				continue
			}
			by = append(by, a)
		}
		if len(by) == 0 {
			continue
		}
		sort.Slice(by, func(i, j int) bool { return by[i].order < by[j].order })
		a := by[0]
		why := "also " + verb(a.Effect) + " " + a.Action
		switch {
		case a.Effect == jirga.Forbid && b.Effect == jirga.Permit:
			why = "forbids " + a.Action + ", which overrides this permit"
		case a.Effect == jirga.Oblige && b.Effect == jirga.Permit:
			why = "obliges " + a.Action + ", which already makes it permitted"
		}
		rv.add(Finding{
			Severity: Warning, Code: CodeShadowed, Law: b.Law.ID, Rule: b.ID, Pos: b.Pos(), Certainty: Certain,
			Related: []jirga.Pos{a.Pos()},
			Message: fmt.Sprintf("rule %s never changes an answer: wherever it applies, rule %s applies too and %s",
				b.ID, rv.other(a, b), why),
		})
	}
}
