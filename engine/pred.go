package engine

import (
	"errors"
	"fmt"

	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"
	"github.com/jirga/jirga/charter"
)

// env is what a condition is evaluated against: the question's facts and
// the place's attributes.
type env struct {
	facts *Facts
	place []value
}

// missing is the error of a condition that reads a fact the question did
// not give. It is preallocated per slot so that evaluation does not
// allocate.
type missing struct{ name string }

func (m *missing) Error() string { return m.name + " is not given" }

// pred evaluates a condition. A non-nil error means the condition could not
// be evaluated; the rule then does not apply and the trace says why.
type pred func(env) (bool, error)

// compileCondition compiles a checked CEL condition into a native predicate
// when its shape allows, and otherwise wraps cel-go's program.
func (e *Engine) compileCondition(c *charter.Condition) (pred, bool) {
	if p := e.native(c.AST.NativeRep().Expr(), c.AST.NativeRep()); p != nil {
		return p, true
	}
	return e.celPred(c), false
}

// native returns nil for an expression outside the natively compiled
// fragment.
func (e *Engine) native(x celast.Expr, a *celast.AST) pred {
	switch x.Kind() {
	case celast.LiteralKind:
		if b, ok := x.AsLiteral().(types.Bool); ok {
			v := bool(b)
			return func(env) (bool, error) { return v, nil }
		}
	case celast.IdentKind, celast.SelectKind:
		sl := e.slotOf(x, a)
		if sl == nil || sl.kind != kindBool {
			return nil
		}
		get := e.getter(sl)
		return func(en env) (bool, error) {
			v, err := get(en)
			return v.b, err
		}
	case celast.CallKind:
		return e.nativeCall(x.AsCall(), a)
	}
	return nil
}

func (e *Engine) nativeCall(call celast.CallExpr, a *celast.AST) pred {
	args := call.Args()
	switch call.FunctionName() {
	case operators.LogicalAnd:
		return and(e.native(args[0], a), e.native(args[1], a))
	case operators.LogicalOr:
		return or(e.native(args[0], a), e.native(args[1], a))
	case operators.LogicalNot:
		if p := e.native(args[0], a); p != nil {
			return func(en env) (bool, error) {
				v, err := p(en)
				return !v, err
			}
		}
	case operators.In:
		return e.nativeIn(args, a)
	case operators.Equals, operators.NotEquals, operators.Less, operators.LessEquals, operators.Greater, operators.GreaterEquals:
		return e.nativeCompare(call.FunctionName(), args, a)
	}
	return nil
}

// and follows CEL: false wins over an error on either side.
func and(l, r pred) pred {
	if l == nil || r == nil {
		return nil
	}
	return func(en env) (bool, error) {
		lv, le := l(en)
		if le == nil && !lv {
			return false, nil
		}
		rv, re := r(en)
		if re == nil && !rv {
			return false, nil
		}
		if le != nil {
			return false, le
		}
		return true, re
	}
}

// or follows CEL: true wins over an error on either side.
func or(l, r pred) pred {
	if l == nil || r == nil {
		return nil
	}
	return func(en env) (bool, error) {
		lv, le := l(en)
		if le == nil && lv {
			return true, nil
		}
		rv, re := r(en)
		if re == nil && rv {
			return true, nil
		}
		if le != nil {
			return false, le
		}
		return false, re
	}
}

// slotOf resolves an identifier or a qualified name (person.age) to its
// slot, using the checker's references.
func (e *Engine) slotOf(x celast.Expr, a *celast.AST) *slot {
	if r, ok := a.ReferenceMap()[x.ID()]; ok && r.Name != "" {
		return e.schema.byName[r.Name]
	}
	return nil
}

// getter returns a function reading a slot's value from an environment.
func (e *Engine) getter(sl *slot) func(env) (value, error) {
	miss := &missing{name: sl.name}
	idx := sl.idx
	switch sl.scope {
	case scopePerson:
		return func(en env) (value, error) {
			v := en.facts.person[idx]
			if v.k == kindUnset {
				return v, miss
			}
			return v, nil
		}
	case scopeContext:
		return func(en env) (value, error) {
			v := en.facts.context[idx]
			if v.k == kindUnset {
				return v, miss
			}
			return v, nil
		}
	}
	return func(en env) (value, error) {
		v := en.place[idx]
		if v.k == kindUnset {
			return v, miss
		}
		return v, nil
	}
}

// nativeIn compiles "literal in list": membership of a community uses the
// question's sorted community indices.
func (e *Engine) nativeIn(args []celast.Expr, a *celast.AST) pred {
	if args[0].Kind() != celast.LiteralKind {
		return nil
	}
	lit, ok := args[0].AsLiteral().(types.String)
	if !ok {
		return nil
	}
	sl := e.slotOf(args[1], a)
	if sl == nil || sl.kind != kindList {
		return nil
	}
	s := string(lit)
	if sl.scope == scopePerson && sl.idx == communitiesSlot {
		bit, known := e.schema.comm[s]
		return func(en env) (bool, error) {
			if !known {
				return false, nil
			}
			for _, c := range en.facts.comms {
				if c == bit {
					return true, nil
				}
			}
			return false, nil
		}
	}
	get := e.getter(sl)
	return func(en env) (bool, error) {
		v, err := get(en)
		if err != nil {
			return false, err
		}
		for _, el := range v.l {
			if el == s {
				return true, nil
			}
		}
		return false, nil
	}
}

// flip mirrors a comparison so that the attribute is on the left.
var flip = map[string]string{
	operators.Equals: operators.Equals, operators.NotEquals: operators.NotEquals,
	operators.Less: operators.Greater, operators.LessEquals: operators.GreaterEquals,
	operators.Greater: operators.Less, operators.GreaterEquals: operators.LessEquals,
}

func (e *Engine) nativeCompare(op string, args []celast.Expr, a *celast.AST) pred {
	attr, lit := args[0], args[1]
	if attr.Kind() == celast.LiteralKind {
		attr, lit, op = lit, attr, flip[op]
	}
	if lit.Kind() != celast.LiteralKind {
		return nil
	}
	sl := e.slotOf(attr, a)
	if sl == nil {
		return nil
	}
	get := e.getter(sl)
	switch l := lit.AsLiteral().(type) {
	case types.Int:
		if sl.kind == kindInt {
			return cmpPred(get, op, int64(l), func(v value) int64 { return v.i })
		}
	case types.Double:
		if sl.kind == kindDouble {
			return cmpPred(get, op, float64(l), func(v value) float64 { return v.f })
		}
	case types.String:
		if sl.kind == kindString {
			return cmpPred(get, op, string(l), func(v value) string { return v.s })
		}
	case types.Bool:
		if sl.kind == kindBool && (op == operators.Equals || op == operators.NotEquals) {
			want := bool(l) == (op == operators.Equals)
			return func(en env) (bool, error) {
				v, err := get(en)
				return v.b == want, err
			}
		}
	}
	return nil
}

type ordered interface{ ~int64 | ~float64 | ~string }

func cmpPred[T ordered](get func(env) (value, error), op string, c T, field func(value) T) pred {
	test := map[string]func(x T) bool{
		operators.Equals:        func(x T) bool { return x == c },
		operators.NotEquals:     func(x T) bool { return x != c },
		operators.Less:          func(x T) bool { return x < c },
		operators.LessEquals:    func(x T) bool { return x <= c },
		operators.Greater:       func(x T) bool { return x > c },
		operators.GreaterEquals: func(x T) bool { return x >= c },
	}[op]
	if test == nil {
		return nil
	}
	return func(en env) (bool, error) {
		v, err := get(en)
		if err != nil {
			return false, err
		}
		return test(field(v)), nil
	}
}

// activation exposes an environment to cel-go by qualified name.
type activation struct {
	e  *Engine
	en env
}

func (ac activation) ResolveName(name string) (any, bool) {
	sl := ac.e.schema.byName[name]
	if sl == nil {
		return nil, false
	}
	v, err := ac.e.getter(sl)(ac.en)
	if err != nil {
		return nil, false
	}
	return v.native(), true
}

func (activation) Parent() interpreter.Activation { return nil }

// celPred evaluates a condition with cel-go. An unresolved attribute
// becomes a missing-fact error.
func (e *Engine) celPred(c *charter.Condition) pred {
	prg := c.Program
	return func(en env) (ok bool, err error) {
		defer func() {
			if r := recover(); r != nil {
				ok, err = false, fmt.Errorf("evaluating %q: %v", c.Text, r)
			}
		}()
		out, _, err := prg.Eval(activation{e: e, en: en})
		if err != nil {
			return false, celError(err)
		}
		b, isBool := out.(types.Bool)
		if !isBool {
			return false, fmt.Errorf("condition gave %v, not a boolean", refString(out))
		}
		return bool(b), nil
	}
}

func celError(err error) error {
	var m *missing
	if errors.As(err, &m) {
		return m
	}
	return err
}

func refString(v ref.Val) string {
	if v == nil {
		return "nothing"
	}
	return fmt.Sprint(v.Value())
}
