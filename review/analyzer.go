package review

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
)

// Holds is what the analyser can say of whether conditions can hold
// together.
type Holds uint8

const (
	// Never: no person, context and place satisfies the conditions.
	Never Holds = iota
	// Can: some do; the Example shows one.
	Can
	// Unknown: the conditions fall outside the fragment the analyser
	// decides, and it found no example it can vouch for.
	Unknown
)

// String returns "never", "can" or "unknown".
func (h Holds) String() string {
	switch h {
	case Never:
		return "never"
	case Can:
		return "can"
	}
	return "unknown"
}

// Example is a situation in which conditions hold: values of the variables
// they constrain and, when the place matters, a territory.
type Example struct {
	// Place is the id of a territory where the conditions hold, or "" when
	// any place will do.
	Place string
	// Facts maps each constrained variable (person.age, context.ramadan,
	// place.region...) to a value: int64, float64, string, bool or
	// []string. A variable the conditions do not constrain is absent: any
	// value will do.
	Facts map[string]any
}

// String formats an example for people: "context.hour = 8, context.ramadan
// = true in AF-KAB". Place attributes are implied by the place and left out.
func (x Example) String() string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(x.Facts)) {
		if strings.HasPrefix(k, charter.PlaceVar+".") {
			continue
		}
		parts = append(parts, k+" = "+formatValue(x.Facts[k]))
	}
	s := strings.Join(parts, ", ")
	if x.Place != "" {
		if s == "" {
			return "anyone in " + x.Place
		}
		return s + " in " + x.Place
	}
	if s == "" {
		return "anyone"
	}
	return s
}

func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		if x == "" {
			return `""`
		}
		return x
	case []string:
		return "[" + strings.Join(x, ", ") + "]"
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

// Analyzer decides statically whether conditions of a charter can hold,
// together or alone. Conditions are translated into propositional formulas
// over atoms (comparisons of an attribute with a constant, membership of a
// list, the place's position in the territory tree); whatever else a
// condition says is an opaque atom, which makes a positive answer Unknown
// but keeps a negative one exact. An Analyzer memoises translations and is
// not safe for concurrent use.
type Analyzer struct {
	types map[string]string
	enums map[string][]string
	comms map[string]bool

	territories []*jirga.Territory
	tIndex      map[string]int32
	// Territory i covers preorder positions [pre[i], post[i]); order maps a
	// preorder position back to a territory.
	pre, post []int32
	order     []int32
	parent    []int32          // -1 for a root
	place     []map[string]any // place facts per territory

	forms     map[*charter.Condition]*form
	normals   [2]map[*charter.Condition]*dnf
	opaqueSeq int

	clauseBuf, litBuf clause // scratch space for solve
}

// NewAnalyzer prepares the analysis of the conditions of the charter an
// engine was built from.
func NewAnalyzer(e *engine.Engine) *Analyzer {
	c := e.Charter()
	an := &Analyzer{
		types:   map[string]string{},
		enums:   map[string][]string{},
		comms:   map[string]bool{},
		tIndex:  map[string]int32{},
		forms:   map[*charter.Condition]*form{},
		normals: [2]map[*charter.Condition]*dnf{{}, {}},
	}
	if env := c.Env(); env != nil {
		an.types, an.enums = env.Types, env.Enums
	}
	for _, m := range c.Communities {
		an.comms[m.ID] = true
	}
	an.indexTerritories(c, e)
	return an
}

// indexTerritories numbers the territory tree in preorder, so that "place
// lies inside t" is an interval test, and computes each place's facts.
func (an *Analyzer) indexTerritories(c *charter.Charter, e *engine.Engine) {
	an.territories = c.Territories
	n := len(an.territories)
	children := make([][]int32, n)
	var roots []int32
	for i, t := range an.territories {
		an.tIndex[t.ID] = int32(i)
	}
	an.parent = make([]int32, n)
	for i, t := range an.territories {
		an.parent[i] = -1
		if p, ok := an.tIndex[t.Parent]; ok && t.Parent != t.ID {
			children[p] = append(children[p], int32(i))
			an.parent[i] = p
		} else {
			roots = append(roots, int32(i))
		}
	}
	an.pre, an.post = make([]int32, n), make([]int32, n)
	an.order = make([]int32, 0, n)
	seen := make([]bool, n)
	var visit func(i int32)
	visit = func(i int32) {
		seen[i] = true
		an.pre[i] = int32(len(an.order))
		an.order = append(an.order, i)
		for _, ch := range children[i] {
			if !seen[ch] {
				visit(ch)
			}
		}
		an.post[i] = int32(len(an.order))
	}
	for _, r := range roots {
		visit(r)
	}
	// Territories on a cycle (which Load rejects) are left out of the tree.
	an.place = make([]map[string]any, n)
	for i, t := range an.territories {
		an.place[i] = e.PlaceFacts(t.ID)
	}
}

// ancestors returns t and the territories above it, nearest first. It
// stops after as many steps as there are territories, in case of a cycle.
func (an *Analyzer) ancestors(t int32) []int32 {
	var chain []int32
	for t >= 0 && len(chain) <= len(an.parent) {
		chain = append(chain, t)
		t = an.parent[t]
	}
	return chain
}

// contains reports whether territory outer is inner or lies above it.
func (an *Analyzer) contains(outer, inner int32) bool {
	return an.pre[outer] <= an.pre[inner] && an.pre[inner] < an.post[outer]
}

// normal returns the memoised normal form of a condition (nil: always
// true), or of its negation.
func (an *Analyzer) normal(cond *charter.Condition, negate bool) *dnf {
	if cond == nil || cond.AST == nil {
		if negate {
			return dnfFalse
		}
		return dnfTrue
	}
	i := 0
	if negate {
		i = 1
	}
	if d, ok := an.normals[i][cond]; ok {
		return d
	}
	f, ok := an.forms[cond]
	if !ok {
		f = an.build(cond)
		an.forms[cond] = f
	}
	d := normal(f, negate)
	if negate && !d.tooLarge {
		d = weaken(d)
	}
	an.normals[i][cond] = d
	return d
}

// weaken marks every literal of a negated condition as weak. In CEL, a
// condition reading a missing attribute is neither true nor false but an
// error (&& and || absorb errors like Kleene's logic); a rule whose
// condition errs does not apply. So "q does not hold" means NNF(!q) is true
// or erroneous, which, the normal form being monotone, is NNF(!q) with
// every erroneous literal read as true.
func weaken(d *dnf) *dnf {
	out := &dnf{clauses: make([]clause, len(d.clauses))}
	for i, c := range d.clauses {
		w := make(clause, len(c))
		for j, l := range c {
			w[j] = lit{a: l.a, neg: l.neg, weak: true}
		}
		out.clauses[i] = w
	}
	return out
}

// CanHold reports whether all the conditions can hold at once, for some
// person, context and place; a nil condition always holds.
func (an *Analyzer) CanHold(conds ...*charter.Condition) (Holds, Example) {
	parts := make([]*dnf, len(conds))
	for i, c := range conds {
		parts[i] = an.normal(c, false)
	}
	h, x, _ := an.solve(parts, nil, true)
	return h, x
}

// Implies reports whether p implies q: Can when it certainly does (q holds
// in every situation where p holds), Never when a counter-example exists
// (returned: p holds there, and q is false or cannot be evaluated, as when
// the place lacks an attribute q reads), Unknown when the analyser cannot
// tell.
func (an *Analyzer) Implies(p, q *charter.Condition) (Holds, Example) {
	h, x, _ := an.solve([]*dnf{an.normal(p, false), an.normal(q, true)}, nil, true)
	switch h {
	case Never:
		return Can, Example{}
	case Can:
		return Never, x
	}
	return Unknown, Example{}
}

// maxCombinations bounds the clauses a conjunction of normal forms is
// expanded into; beyond, the answer is Unknown.
const maxCombinations = 4096

// solve decides the conjunction of normal forms and extra literals, with
// an example if asked for one. blame names the one variable that every
// clause failed on, if there is one.
func (an *Analyzer) solve(parts []*dnf, extra clause, example bool) (h Holds, x Example, blame string) {
	total := 1
	for _, p := range parts {
		if !p.tooLarge && len(p.clauses) == 0 {
			return Never, Example{}, ""
		}
	}
	for _, p := range parts {
		if p.tooLarge {
			return Unknown, Example{}, ""
		}
		total *= len(p.clauses)
		if total > maxCombinations {
			return Unknown, Example{}, ""
		}
	}
	h = Never
	blame, blames := "", 0
	var rec func(i int, c clause) bool
	rec = func(i int, c clause) bool {
		if i == len(parts) {
			ch, cx, cb := an.solveClause(append(c, extra...), example)
			switch ch {
			case Can:
				h, x = Can, cx
				return true
			case Unknown:
				h = Unknown
			default:
				if blames == 0 || cb != blame {
					blames++
				}
				blame = cb
			}
			return false
		}
		for _, cl := range parts[i].clauses {
			if rec(i+1, append(c, cl...)) {
				return true
			}
		}
		return false
	}
	rec(0, an.clauseBuf[:0])
	if h != Never || blames != 1 {
		blame = ""
	}
	return h, x, blame
}

// solveClause decides one conjunction of literals. Variables are
// independent of each other, except those of the place, which one
// territory fixes together.
func (an *Analyzer) solveClause(c clause, example bool) (Holds, Example, string) {
	lits := append(an.litBuf[:0], c...)
	slices.SortStableFunc(lits, func(x, y lit) int { return strings.Compare(x.a.key, y.a.key) })
	an.litBuf = lits
	var x Example
	if example {
		x.Facts = map[string]any{}
	}
	opaque := false
	var place []lit
	for i := 0; i < len(lits); {
		j := i + 1
		for j < len(lits) && lits[j].a.key == lits[i].a.key {
			j++
		}
		run := lits[i:j]
		i = j
		switch a := run[0].a; {
		case a.kind == atomOpaque:
			opaque = true
			if !opaqueConsistent(run) {
				return Never, Example{}, ""
			}
		case isPlace(a):
			place = run
		default:
			v, ok := an.solveVar(a.v, a.vk, run, example)
			if !ok {
				return Never, Example{}, a.v
			}
			if example {
				x.Facts[a.v] = v
			}
		}
	}
	if len(place) > 0 {
		t, ok := an.solvePlace(place)
		if !ok {
			return Never, Example{}, charter.PlaceVar
		}
		x.Place = an.territories[t].ID
		for _, l := range place {
			if v, ok := an.place[t][l.a.v]; ok && example && l.a.kind != atomInside {
				x.Facts[l.a.v] = v
			}
		}
	}
	if opaque {
		return Unknown, x, ""
	}
	return Can, x, ""
}

// opaqueConsistent reports whether the literals on one opaque expression
// can all hold. A strong literal needs the expression to be true (or
// false); a weak one, from a negated condition, holds also where the
// expression cannot be evaluated (an overflow, a missing fact), so weak
// literals of both polarities are consistent with each other, but not with
// a strong literal of the other polarity.
func opaqueConsistent(run []lit) bool {
	var strong, weak [2]bool // [polarity] seen; polarity 1 is negated
	for _, l := range run {
		i := 0
		if l.neg {
			i = 1
		}
		if l.weak {
			weak[i] = true
		} else {
			strong[i] = true
		}
	}
	switch {
	case strong[0] && strong[1]:
		return false
	case strong[0] && weak[1], strong[1] && weak[0]:
		return false
	}
	return true
}

// solveVar finds a value of one free variable satisfying every literal;
// the value itself is computed only for an example.
func (an *Analyzer) solveVar(name string, k kind, lits []lit, example bool) (any, bool) {
	switch k {
	case kindInt:
		v, ok := solveRange(lits, math.MinInt64, math.MaxInt64, false)
		return v, ok
	case kindDouble:
		v, ok := solveRange(lits, minDoubleKey, maxDoubleKey, true)
		return keyDouble(v), ok
	case kindString:
		return solveString(lits, an.enums[name])
	case kindBool:
		want, set := false, false
		for _, l := range lits {
			v := l.a.b != l.neg
			if set && v != want {
				return nil, false
			}
			want, set = v, true
		}
		return want, true
	case kindList:
		for i, l := range lits {
			for _, m := range lits[:i] {
				if m.a.s == l.a.s && m.neg != l.neg {
					return nil, false
				}
			}
		}
		if !example {
			return nil, true
		}
		members := []string{}
		for _, l := range lits {
			if !l.neg && !slices.Contains(members, l.a.s) {
				members = append(members, l.a.s)
			}
		}
		slices.Sort(members)
		return members, true
	}
	return nil, false
}

// solveRange finds a key in [lowest, highest] inside every positive range and
// outside every negated one: the one nearest zero (for doubles, a whole
// number if there is one), so that examples read naturally.
func solveRange(lits []lit, lowest, highest int64, double bool) (int64, bool) {
	lo, hi := lowest, highest
	var buf [8][2]int64
	holes := buf[:0]
	for _, l := range lits {
		if l.neg {
			if l.a.lo <= l.a.hi {
				holes = append(holes, [2]int64{l.a.lo, l.a.hi})
			}
			continue
		}
		lo, hi = max(lo, l.a.lo), min(hi, l.a.hi)
	}
	if lo > hi {
		return 0, false
	}
	slices.SortFunc(holes, func(x, y [2]int64) int { return compare(x[0], y[0]) })
	best, found := int64(0), false
	consider := func(a, b int64) {
		v := pick(a, b, double)
		if !found || nearer(v, best, double) {
			best, found = v, true
		}
	}
	cur := lo
	for _, h := range holes {
		if h[1] < cur {
			continue
		}
		if h[0] > hi {
			break
		}
		if h[0] > cur {
			consider(cur, h[0]-1)
		}
		if h[1] >= hi {
			return best, found
		}
		cur = h[1] + 1
	}
	consider(cur, hi)
	return best, found
}

// pick chooses the key in [a, b] nearest zero, preferring a whole number
// for doubles.
func pick(a, b int64, double bool) int64 {
	v := max(a, min(b, 0))
	if !double {
		return v
	}
	f := keyDouble(v)
	if f == math.Trunc(f) {
		return v
	}
	// Round towards zero, then away, within the interval.
	for _, w := range []float64{math.Trunc(f), math.Ceil(f), math.Floor(f)} {
		if k := doubleKey(w); k >= a && k <= b && !math.IsInf(w, 0) {
			return k
		}
	}
	return v
}

func nearer(v, w int64, double bool) bool {
	if double {
		return math.Abs(keyDouble(v)) < math.Abs(keyDouble(w))
	}
	return abs(v) < abs(w)
}

func abs(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}

// solveString finds a string in every positive set, outside every negated
// one, and among the declared values if there are any: the first of the
// first positive set, else the first declared value, else a made-up one.
func solveString(lits []lit, enum []string) (any, bool) {
	fits := func(s string) bool {
		if len(enum) > 0 && !slices.Contains(enum, s) {
			return false
		}
		for _, l := range lits {
			if slices.Contains(l.a.set, s) == l.neg {
				return false
			}
		}
		return true
	}
	for _, l := range lits {
		if !l.neg {
			for _, s := range l.a.set {
				if fits(s) {
					return s, true
				}
			}
			return nil, false
		}
	}
	for _, s := range enum {
		if fits(s) {
			return s, true
		}
	}
	if len(enum) > 0 {
		return nil, false
	}
	// Any string will do: make one up that no literal excludes.
	for i := 0; ; i++ {
		s := "other"
		if i > 0 {
			s += strconv.Itoa(i)
		}
		if fits(s) {
			return s, true
		}
	}
}

// solvePlace finds a territory, in preorder, satisfying every place
// literal: inside or outside given territories, and conditions on place
// attributes, which a territory lacking the attribute never satisfies (the
// condition could not be evaluated there).
func (an *Analyzer) solvePlace(lits []lit) (int32, bool) {
	lo, hi := int32(0), int32(len(an.order))
	for _, l := range lits {
		if l.a.kind == atomInside && !l.neg {
			lo, hi = max(lo, an.pre[l.a.t]), min(hi, an.post[l.a.t])
		}
	}
	for p := lo; p < hi; p++ {
		t := an.order[p]
		if an.placeSatisfies(t, p, lits) {
			return t, true
		}
	}
	return 0, false
}

func (an *Analyzer) placeSatisfies(t, p int32, lits []lit) bool {
	for _, l := range lits {
		if l.a.kind == atomInside {
			in := p >= an.pre[l.a.t] && p < an.post[l.a.t]
			if in == l.neg {
				return false
			}
			continue
		}
		v, ok := an.place[t][l.a.v]
		if !ok {
			if l.weak {
				continue
			}
			return false
		}
		if holdsOn(l.a, v) == l.neg {
			return false
		}
	}
	return true
}

// holdsOn evaluates an atom on a concrete value of its variable.
func holdsOn(a *atom, v any) bool {
	switch a.kind {
	case atomRange:
		var k int64
		switch x := v.(type) {
		case int64:
			k = x
		case float64:
			if math.IsNaN(x) {
				return false
			}
			k = doubleKey(x)
		default:
			return false
		}
		return k >= a.lo && k <= a.hi
	case atomSet:
		s, ok := v.(string)
		return ok && slices.Contains(a.set, s)
	case atomBool:
		b, ok := v.(bool)
		return ok && b == a.b
	case atomHas:
		l, ok := v.([]string)
		return ok && slices.Contains(l, a.s)
	}
	return false
}
