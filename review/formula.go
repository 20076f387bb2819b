package review

import (
	"math"
	"slices"
	"strconv"
	"strings"

	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/parser"
	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
)

// kind is the type of a variable a condition reads.
type kind uint8

const (
	kindOther kind = iota
	kindInt
	kindDouble
	kindString
	kindBool
	kindList
)

func kindOf(typ string) kind {
	switch typ {
	case jirga.TypeInt:
		return kindInt
	case jirga.TypeDouble:
		return kindDouble
	case jirga.TypeString:
		return kindString
	case jirga.TypeBool:
		return kindBool
	case jirga.TypeStringList:
		return kindList
	}
	return kindOther
}

// atomKind is the shape of an atomic proposition.
type atomKind uint8

const (
	// atomRange: the variable's key lies in [lo, hi]. Integers are their
	// own keys; doubles are mapped to ordered keys (see doubleKey).
	atomRange atomKind = iota
	// atomSet: the string variable is one of set.
	atomSet
	// atomBool: the boolean variable is b.
	atomBool
	// atomHas: the list variable contains the string s.
	atomHas
	// atomInside: the place is territory t or lies below it.
	atomInside
	// atomOpaque: an expression outside the fragment, named by its text.
	atomOpaque
)

// atom is an atomic proposition about one variable (or the place, or an
// opaque expression).
type atom struct {
	kind   atomKind
	key    string // groups the literals a clause solves together (see groupKey)
	v      string // variable's full name: person.age
	vk     kind
	lo, hi int64
	set    []string
	b      bool
	s      string
	t      int32
}

// lit is an atom or its negation. A weak literal belongs to the negation
// of a condition in an implication (p and not q): "q does not hold" is
// also true where q cannot be evaluated, so a weak literal on a place
// attribute the territory lacks counts as satisfied.
type lit struct {
	a    *atom
	neg  bool
	weak bool
}

// clause is a conjunction of literals.
type clause []lit

// dnf is a disjunction of clauses. A condition whose normal form would
// exceed maxClauses is too complex: the analyser answers Unknown for it.
type dnf struct {
	clauses  []clause
	tooLarge bool
}

// maxClauses bounds the disjunctive normal forms the analyser builds: a
// condition of a few dozen comparisons joined by || and && stays well
// inside; a pathological one is reported as outside the fragment.
const maxClauses = 256

var (
	dnfTrue  = &dnf{clauses: []clause{{}}}
	dnfFalse = &dnf{}
	dnfHuge  = &dnf{tooLarge: true}
)

// formOp is the connective of a formula node.
type formOp uint8

const (
	formConst formOp = iota
	formAtom
	formAnd
	formOr
	formNot
)

// form is a condition as a propositional formula over atoms.
type form struct {
	op   formOp
	val  bool
	a    *atom
	l, r *form
}

var (
	formTrue  = &form{op: formConst, val: true}
	formFalse = &form{op: formConst, val: false}
)

func constForm(b bool) *form {
	if b {
		return formTrue
	}
	return formFalse
}

func atomForm(a *atom) *form { return &form{op: formAtom, a: keyed(a)} }

// keyed sets an atom's group key: opaque atoms by their text, the place's
// atoms together (one territory fixes them all), others by variable.
func keyed(a *atom) *atom {
	switch {
	case a.kind == atomOpaque:
		a.key = "\x02" + a.s
	case isPlace(a):
		a.key = "\x01"
	default:
		a.key = a.v
	}
	return a
}

func isPlace(a *atom) bool {
	return a.kind == atomInside || strings.HasPrefix(a.v, charter.PlaceVar+".")
}

func and(l, r *form) *form { return &form{op: formAnd, l: l, r: r} }
func or(l, r *form) *form  { return &form{op: formOr, l: l, r: r} }
func not(x *form) *form    { return &form{op: formNot, l: x} }

// builder turns one checked CEL expression into a formula.
type builder struct {
	an  *Analyzer
	ast *celast.AST
}

// build translates a checked condition. Any subexpression outside the
// fragment becomes an opaque atom, so the result is always a formula.
func (an *Analyzer) build(cond *charter.Condition) *form {
	b := builder{an: an, ast: cond.AST.NativeRep()}
	return b.expr(b.ast.Expr(), 0)
}

// maxDepth stops the translation of absurdly nested expressions; the rest
// is opaque.
const maxDepth = 200

func (b *builder) expr(x celast.Expr, depth int) *form {
	if depth > maxDepth {
		return b.opaque(x)
	}
	switch x.Kind() {
	case celast.LiteralKind:
		if v, ok := x.AsLiteral().(types.Bool); ok {
			return constForm(bool(v))
		}
	case celast.IdentKind, celast.SelectKind:
		if name, k := b.variable(x); k == kindBool {
			return atomForm(&atom{kind: atomBool, v: name, vk: kindBool, b: true})
		}
	case celast.CallKind:
		if f := b.call(x, depth); f != nil {
			return f
		}
	}
	return b.opaque(x)
}

func (b *builder) call(x celast.Expr, depth int) *form {
	call := x.AsCall()
	args := call.Args()
	if call.IsMemberFunction() {
		return nil
	}
	switch fn := call.FunctionName(); fn {
	case operators.LogicalAnd, operators.LogicalOr:
		if len(args) == 0 {
			return nil
		}
		f := b.expr(args[0], depth+1)
		for _, a := range args[1:] {
			if fn == operators.LogicalAnd {
				f = and(f, b.expr(a, depth+1))
			} else {
				f = or(f, b.expr(a, depth+1))
			}
		}
		return f
	case operators.LogicalNot:
		if len(args) == 1 {
			return not(b.expr(args[0], depth+1))
		}
	case operators.Conditional:
		if len(args) == 3 {
			// (c && a) || (!c && b), plus c && !c, which never holds but
			// makes the whole an error where c is one, as CEL's
			// conditional is (it evaluates c first, whatever a and b are).
			c := b.expr(args[0], depth+1)
			return or(or(and(c, b.expr(args[1], depth+1)), and(not(c), b.expr(args[2], depth+1))), and(c, not(c)))
		}
	case operators.Equals, operators.NotEquals, operators.Less, operators.LessEquals, operators.Greater, operators.GreaterEquals:
		if len(args) == 2 {
			return b.compare(fn, args[0], args[1])
		}
	case operators.In:
		if len(args) == 2 {
			return b.in(args[0], args[1])
		}
	}
	return nil
}

// variable returns the full name and kind of a reference to a declared
// variable, or kindOther.
func (b *builder) variable(x celast.Expr) (string, kind) {
	if x.Kind() != celast.IdentKind && x.Kind() != celast.SelectKind {
		return "", kindOther
	}
	r, ok := b.ast.ReferenceMap()[x.ID()]
	if !ok || r == nil || r.Name == "" {
		return "", kindOther
	}
	typ, ok := b.an.types[r.Name]
	if !ok {
		return "", kindOther
	}
	return r.Name, kindOf(typ)
}

// literal returns a literal operand, folding a negated numeric literal.
func literal(x celast.Expr) (any, bool) {
	if x.Kind() == celast.LiteralKind {
		switch v := x.AsLiteral().(type) {
		case types.Int:
			return int64(v), true
		case types.Double:
			return float64(v), true
		case types.String:
			return string(v), true
		case types.Bool:
			return bool(v), true
		case types.Uint:
			return uint64(v), true
		}
		return nil, false
	}
	if x.Kind() == celast.CallKind && x.AsCall().FunctionName() == operators.Negate && len(x.AsCall().Args()) == 1 {
		switch v, ok := literal(x.AsCall().Args()[0]); {
		case !ok:
		case isInt(v) && v.(int64) != math.MinInt64:
			return -v.(int64), true
		case isFloat(v):
			return -v.(float64), true
		}
	}
	return nil, false
}

func isInt(v any) bool   { _, ok := v.(int64); return ok }
func isFloat(v any) bool { _, ok := v.(float64); return ok }

// mirror turns "literal op x" into "x op' literal".
var mirror = map[string]string{
	operators.Equals: operators.Equals, operators.NotEquals: operators.NotEquals,
	operators.Less: operators.Greater, operators.LessEquals: operators.GreaterEquals,
	operators.Greater: operators.Less, operators.GreaterEquals: operators.LessEquals,
}

func (b *builder) compare(op string, l, r celast.Expr) *form {
	lv, lok := literal(l)
	rv, rok := literal(r)
	switch {
	case lok && rok:
		if v, ok := foldCompare(op, lv, rv); ok {
			return constForm(v)
		}
		return nil
	case lok:
		l, r, rv, op = r, l, lv, mirror[op]
	case !rok:
		return nil
	}
	name, k := b.variable(l)
	switch c := rv.(type) {
	case int64:
		if k == kindInt {
			return rangeForm(name, kindInt, op, c, math.MinInt64, math.MaxInt64)
		}
	case float64:
		if k == kindDouble {
			if math.IsNaN(c) {
				return constForm(op == operators.NotEquals)
			}
			return rangeForm(name, kindDouble, op, doubleKey(c), minDoubleKey, maxDoubleKey)
		}
	case string:
		if k == kindString && (op == operators.Equals || op == operators.NotEquals) {
			f := atomForm(&atom{kind: atomSet, v: name, vk: kindString, set: []string{c}})
			if op == operators.NotEquals {
				f = not(f)
			}
			return f
		}
	case bool:
		if k == kindBool && (op == operators.Equals || op == operators.NotEquals) {
			return atomForm(&atom{kind: atomBool, v: name, vk: kindBool, b: c == (op == operators.Equals)})
		}
	}
	return nil
}

// rangeForm expresses "x op c" over keys in [lowest, highest] as a range
// atom.
// A comparison that no value (or every value) satisfies still reads x, so
// it stays an atom, empty or full, rather than a constant: CEL evaluates
// it only when x is given, and an example must give x.
func rangeForm(name string, k kind, op string, c, lowest, highest int64) *form {
	lo, hi, neg := lowest, highest, false
	switch op {
	case operators.Equals:
		lo, hi = c, c
	case operators.NotEquals:
		lo, hi, neg = c, c, true
	case operators.Less:
		if c == math.MinInt64 {
			lo, hi = 1, 0
		} else {
			hi = c - 1
		}
	case operators.LessEquals:
		hi = c
	case operators.Greater:
		if c == math.MaxInt64 {
			lo, hi = 1, 0
		} else {
			lo = c + 1
		}
	case operators.GreaterEquals:
		lo = c
	default:
		return nil
	}
	if lo <= hi {
		lo, hi = max(lo, lowest), min(hi, highest)
	}
	if lo > hi {
		lo, hi = 1, 0 // empty
	}
	f := atomForm(&atom{kind: atomRange, v: name, vk: k, lo: lo, hi: hi})
	if neg {
		return not(f)
	}
	return f
}

// never is a contradiction that reads the variable of atom a.
func never(a *atom) *form {
	f := atomForm(a)
	return and(f, not(f))
}

func (b *builder) in(elem, list celast.Expr) *form {
	ev, eok := literal(elem)
	if list.Kind() != celast.ListKind {
		// "literal" in list-variable.
		name, k := b.variable(list)
		s, isString := ev.(string)
		if !eok || !isString || k != kindList {
			return nil
		}
		has := &atom{kind: atomHas, v: name, vk: kindList, s: s}
		if name == charter.PersonVar+"."+charter.CommunitiesAttr && !b.an.comms[s] {
			// The engine knows no such community: nobody belongs to it.
			return never(has)
		}
		return atomForm(has)
	}
	var values []any
	for _, el := range list.AsList().Elements() {
		v, ok := literal(el)
		if !ok {
			return nil
		}
		values = append(values, v)
	}
	if eok {
		found := false
		for _, v := range values {
			eq, ok := foldCompare(operators.Equals, ev, v)
			if !ok {
				return nil
			}
			found = found || eq
		}
		return constForm(found)
	}
	name, k := b.variable(elem)
	if k == kindString {
		set := make([]string, 0, len(values))
		for _, v := range values {
			s, ok := v.(string)
			if !ok {
				return nil
			}
			set = append(set, s)
		}
		slices.Sort(set)
		set = slices.Compact(set)
		return atomForm(&atom{kind: atomSet, v: name, vk: kindString, set: set})
	}
	// Numbers and booleans: a disjunction of equalities.
	if len(values) == 0 {
		switch k {
		case kindInt, kindDouble:
			return atomForm(&atom{kind: atomRange, v: name, vk: k, lo: 1, hi: 0})
		case kindBool:
			return never(&atom{kind: atomBool, v: name, vk: kindBool, b: true})
		}
		return nil
	}
	var f *form
	for _, v := range values {
		g := b.compareLiteral(name, k, v)
		if g == nil {
			return nil
		}
		if f == nil {
			f = g
		} else {
			f = or(f, g)
		}
	}
	return f
}

// compareLiteral is "x == v" for a variable of kind k.
func (b *builder) compareLiteral(name string, k kind, v any) *form {
	switch c := v.(type) {
	case int64:
		if k == kindInt {
			return rangeForm(name, kindInt, operators.Equals, c, math.MinInt64, math.MaxInt64)
		}
	case float64:
		if k == kindDouble {
			if math.IsNaN(c) {
				return formFalse
			}
			return rangeForm(name, kindDouble, operators.Equals, doubleKey(c), minDoubleKey, maxDoubleKey)
		}
	case bool:
		if k == kindBool {
			return atomForm(&atom{kind: atomBool, v: name, vk: kindBool, b: c})
		}
	}
	return nil
}

// foldCompare evaluates a comparison of two literals of the same type.
func foldCompare(op string, l, r any) (bool, bool) {
	switch a := l.(type) {
	case int64:
		if b, ok := r.(int64); ok {
			return cmpOp(op, compare(a, b))
		}
	case uint64:
		if b, ok := r.(uint64); ok {
			return cmpOp(op, compare(a, b))
		}
	case float64:
		if b, ok := r.(float64); ok {
			if math.IsNaN(a) || math.IsNaN(b) {
				return op == operators.NotEquals, true
			}
			return cmpOp(op, compare(a, b))
		}
	case string:
		if b, ok := r.(string); ok {
			return cmpOp(op, strings.Compare(a, b))
		}
	case bool:
		if b, ok := r.(bool); ok && (op == operators.Equals || op == operators.NotEquals) {
			return (a == b) == (op == operators.Equals), true
		}
	}
	return false, false
}

func compare[T int64 | uint64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpOp(op string, c int) (bool, bool) {
	switch op {
	case operators.Equals:
		return c == 0, true
	case operators.NotEquals:
		return c != 0, true
	case operators.Less:
		return c < 0, true
	case operators.LessEquals:
		return c <= 0, true
	case operators.Greater:
		return c > 0, true
	case operators.GreaterEquals:
		return c >= 0, true
	}
	return false, false
}

// opaque wraps an expression outside the fragment. Two occurrences of the
// same text are the same proposition: CEL is deterministic.
func (b *builder) opaque(x celast.Expr) *form {
	text, err := parser.Unparse(x, b.ast.SourceInfo())
	if err != nil {
		b.an.opaqueSeq++
		text = "#" + strconv.Itoa(b.an.opaqueSeq)
	}
	return atomForm(&atom{kind: atomOpaque, s: text})
}

// normal returns the disjunctive normal form of f, or of its negation.
// Negation is pushed to the atoms (De Morgan), which preserves CEL's
// meaning: its && and || absorb errors like Kleene's three-valued logic,
// where De Morgan's laws and distribution hold, and every other construct
// is translated so that it is an error exactly where CEL's is.
func normal(f *form, negate bool) *dnf {
	switch f.op {
	case formConst:
		if f.val != negate {
			return dnfTrue
		}
		return dnfFalse
	case formAtom:
		return &dnf{clauses: []clause{{{a: f.a, neg: negate}}}}
	case formNot:
		return normal(f.l, !negate)
	case formAnd, formOr:
		l, r := normal(f.l, negate), normal(f.r, negate)
		if (f.op == formAnd) != negate {
			return product(l, r)
		}
		return union(l, r)
	}
	return dnfHuge
}

func union(l, r *dnf) *dnf {
	if l.tooLarge || r.tooLarge || len(l.clauses)+len(r.clauses) > maxClauses {
		return dnfHuge
	}
	out := make([]clause, 0, len(l.clauses)+len(r.clauses))
	out = append(append(out, l.clauses...), r.clauses...)
	return &dnf{clauses: out}
}

// product is the conjunction of two normal forms, distributed.
func product(l, r *dnf) *dnf {
	if (!l.tooLarge && len(l.clauses) == 0) || (!r.tooLarge && len(r.clauses) == 0) {
		return dnfFalse
	}
	if l.tooLarge || r.tooLarge || len(l.clauses)*len(r.clauses) > maxClauses {
		return dnfHuge
	}
	out := make([]clause, 0, len(l.clauses)*len(r.clauses))
	for _, a := range l.clauses {
		for _, b := range r.clauses {
			c := make(clause, 0, len(a)+len(b))
			out = append(out, append(append(c, a...), b...))
		}
	}
	return &dnf{clauses: out}
}

// Keys of doubles: the order-preserving bijection between float64 values
// (with -0 and +0 identified, as comparisons identify them) and int64, so
// that "x < c" becomes "key(x) <= key(c)-1" exactly, with no value between.
var (
	minDoubleKey = doubleKey(-math.MaxFloat64)
	maxDoubleKey = doubleKey(math.MaxFloat64)
)

func doubleKey(f float64) int64 {
	bits := math.Float64bits(f)
	if bits>>63 == 0 {
		return int64(bits)
	}
	return -int64(bits &^ (1 << 63))
}

func keyDouble(k int64) float64 {
	if k >= 0 {
		return math.Float64frombits(uint64(k))
	}
	return -math.Float64frombits(uint64(-k))
}
