package bench

import (
	"context"
	"fmt"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/internal/gen"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

// RegoPolicy is the Rego (v1) policy of the workload. The rules are data:
// data.jirga.rules[action][territory] lists the rules a territory's law
// makes on an action, and data.jirga.places[place] the place and its
// ancestors, so that a question looks up only the rules that could apply to
// it, as jirga's index does, instead of scanning every rule. The policy
// encodes jirga's semantics: forbid overrides permit, a rule contradicted by
// a binding rule of a higher level is bounded by it (concurrent
// competence), and nothing binding means deny.
const RegoPolicy = `package jirga

# binding: the rules of the place and its ancestors on the action whose
# condition holds.
binding contains r if {
	some t in data.jirga.places[input.at]
	some r in data.jirga.rules[input.action][t]
	holds(r)
}

holds(r) if {
	r.effect == "permit"
	input.person.age >= r.min_age
	input.context.hour >= r.from
	input.context.hour <= r.to
}

holds(r) if {
	r.effect == "forbid"
	input.context.emergency
	input.person.community == r.community
}
` + regoCombine

// regoCombine is jirga's combination of the binding rules, shared by both
// Rego encodings: a binding rule of a higher level bounds a lower level's
// contrary rule (concurrent competence), forbid overrides permit, and
// nothing binding means deny.
const regoCombine = `
bounded(r) if {
	some h in binding
	h.level < r.level
	h.effect != r.effect
}

effective contains r if {
	some r in binding
	not bounded(r)
}

forbidden if {
	some r in effective
	r.effect == "forbid"
}

default allow := false

allow if {
	not forbidden
	some r in effective
	r.effect == "permit"
}
`

// OPA is the workload as a prepared Rego query over an in-memory store.
type OPA struct {
	Query rego.PreparedEvalQuery
	// Data is the data document the store holds.
	Data map[string]any
	w    *gen.Workload
}

// NewOPA prepares the query data.jirga.allow over the workload's rules as
// data. The store keeps its data as AST values, which spares OPA a
// conversion on every read.
func NewOPA(ctx context.Context, w *gen.Workload) (*OPA, error) {
	data := OPAData(w)
	store := inmem.NewFromObjectWithOpts(data, inmem.OptRoundTripOnWrite(false), inmem.OptReturnASTValuesOnRead(true))
	pq, err := rego.New(
		rego.Query("data.jirga.allow"),
		rego.Module("jirga.rego", RegoPolicy),
		rego.Store(store),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("prepare Rego policy: %w", err)
	}
	return &OPA{Query: pq, Data: data, w: w}, nil
}

// OPAData returns the data document: rules by action and territory, and
// each district's chain of territories.
func OPAData(w *gen.Workload) map[string]any {
	rules := map[string]any{}
	for _, r := range w.Rules {
		byPlace, _ := rules[r.Action].(map[string]any)
		if byPlace == nil {
			byPlace = map[string]any{}
			rules[r.Action] = byPlace
		}
		t := w.Territories[r.Territory]
		doc := map[string]any{"id": r.ID, "effect": r.Effect, "level": t.Level}
		if r.Effect == jirga.Forbid {
			doc["community"] = r.Community
		} else {
			doc["min_age"], doc["from"], doc["to"] = gen.AdultAge, gen.OpenHour, gen.CloseHour
		}
		list, _ := byPlace[t.ID].([]any)
		byPlace[t.ID] = append(list, doc)
	}
	places := map[string]any{}
	for _, d := range w.Districts() {
		chain := w.Chain(d)
		list := make([]any, len(chain))
		for i, id := range chain {
			list[i] = id
		}
		places[w.Territories[d].ID] = list
	}
	return map[string]any{"jirga": map[string]any{"rules": rules, "places": places}}
}

// Input builds the input document of q, parsed ahead of evaluation: the
// place (at) and its province, the action, the person and the context.
func (o *OPA) Input(q gen.Question) (ast.Value, error) {
	p := o.w.Persons[q.Person]
	return ast.InterfaceToValue(map[string]any{
		"at":       o.w.Territories[q.Place].ID,
		"province": o.w.Territories[o.w.Territories[q.Place].Parent].ID,
		"action":   q.Action,
		"person":   map[string]any{"age": p.Age, "community": p.Community},
		"context":  map[string]any{"hour": q.Hour, "emergency": q.Emergency},
	})
}

// Allowed evaluates the query for one input.
func (o *OPA) Allowed(ctx context.Context, input ast.Value) (bool, error) {
	rs, err := o.Query.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return false, fmt.Errorf("opa: %w", err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return false, fmt.Errorf("opa: unexpected result %v", rs)
	}
	allow, ok := rs[0].Expressions[0].Value.(bool)
	if !ok {
		return false, fmt.Errorf("opa: allow is %v, not a boolean", rs[0].Expressions[0].Value)
	}
	return allow, nil
}
