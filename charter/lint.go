package charter

import (
	"fmt"
	"slices"

	celast "cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
	"github.com/jirga/jirga"
)

// lint finds what type-checking cannot: a string compared with an
// attribute that declares its values, or tested for membership in
// person.communities, that is none of them — most often a typo that would
// make a condition silently false.
func (e *Env) lint(c *Condition) []CondError {
	a := c.AST.NativeRep()
	var errs []CondError
	var walk func(x celast.Expr)
	walk = func(x celast.Expr) {
		if x.Kind() != celast.CallKind {
			return
		}
		call := x.AsCall()
		args := call.Args()
		switch call.FunctionName() {
		case operators.Equals, operators.NotEquals:
			errs = e.lintPair(a, args[0], args[1], errs)
			errs = e.lintPair(a, args[1], args[0], errs)
		case operators.In:
			errs = e.lintIn(a, args[0], args[1], errs)
		}
		for _, arg := range args {
			walk(arg)
		}
	}
	walk(a.Expr())
	return errs
}

// allowed returns the values a variable may take, if it declares them.
func (e *Env) allowed(a *celast.AST, x celast.Expr) (string, []string) {
	r, ok := a.ReferenceMap()[x.ID()]
	if !ok || r.Name == "" {
		return "", nil
	}
	if r.Name == PersonVar+"."+CommunitiesAttr {
		return r.Name, e.Communities
	}
	return r.Name, e.Enums[r.Name]
}

func (e *Env) lintPair(a *celast.AST, v, lit celast.Expr, errs []CondError) []CondError {
	name, values := e.allowed(a, v)
	if len(values) == 0 || name == PersonVar+"."+CommunitiesAttr {
		return errs
	}
	return e.lintLiteral(a, name, values, lit, errs)
}

func (e *Env) lintIn(a *celast.AST, elem, list celast.Expr, errs []CondError) []CondError {
	if name, values := e.allowed(a, list); len(values) > 0 || name == PersonVar+"."+CommunitiesAttr {
		return e.lintLiteral(a, name, values, elem, errs)
	}
	if list.Kind() == celast.ListKind {
		if name, values := e.allowed(a, elem); len(values) > 0 && name != PersonVar+"."+CommunitiesAttr {
			for _, el := range list.AsList().Elements() {
				errs = e.lintLiteral(a, name, values, el, errs)
			}
		}
	}
	return errs
}

func (e *Env) lintLiteral(a *celast.AST, name string, values []string, lit celast.Expr, errs []CondError) []CondError {
	if lit.Kind() != celast.LiteralKind {
		return errs
	}
	s, ok := lit.AsLiteral().(types.String)
	if !ok || slices.Contains(values, string(s)) {
		return errs
	}
	loc := a.SourceInfo().GetStartLocation(lit.ID())
	msg := fmt.Sprintf("%q is not one of the values of %s (%s)", string(s), name, joinQuoted(values))
	if name == PersonVar+"."+CommunitiesAttr {
		msg = fmt.Sprintf("%q is not a community of the charter", string(s))
	}
	if best := jirga.Nearest(string(s), values); best != "" {
		msg += fmt.Sprintf("; did you mean %q?", best)
	}
	return append(errs, CondError{Line: loc.Line(), Col: loc.Column() + 1, Message: msg})
}

func joinQuoted(values []string) string {
	out := ""
	for i, v := range values {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%q", v)
	}
	return out
}
