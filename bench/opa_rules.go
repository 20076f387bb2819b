package bench

import (
	"context"
	"fmt"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/internal/gen"
	"github.com/open-policy-agent/opa/v1/rego"
)

// regoConditions is the condition the generated permits share.
const regoConditions = `
adult_in_daytime if {
	input.person.age >= %d
	input.context.hour >= %d
	input.context.hour <= %d
}
`

// RegoRules renders the workload as a Rego policy with one rule per jirga
// rule. Each is guarded by equalities on the input — the action, and the
// province or the district — which OPA's rule index turns into a lookup,
// so that a query evaluates only the rules that could apply.
func RegoRules(w *gen.Workload) string {
	var b strings.Builder
	b.WriteString("package jirga\n")
	fmt.Fprintf(&b, regoConditions, gen.AdultAge, gen.OpenHour, gen.CloseHour)
	b.WriteString(regoCombine)
	for _, r := range w.Rules {
		t := w.Territories[r.Territory]
		field := "at"
		if t.Level == gen.Province {
			field = "province"
		}
		fmt.Fprintf(&b, "\nbinding contains {\"id\": %q, \"effect\": %q, \"level\": %d} if {\n\tinput.action == %q\n\tinput.%s == %q\n", r.ID, r.Effect, t.Level, r.Action, field, t.ID)
		if r.Effect == jirga.Forbid {
			fmt.Fprintf(&b, "\tinput.context.emergency\n\tinput.person.community == %q\n}\n", r.Community)
		} else {
			b.WriteString("\tadult_in_daytime\n}\n")
		}
	}
	return b.String()
}

// NewOPARules prepares data.jirga.allow over RegoRules; its inputs carry the
// place's province as well (Input does).
func NewOPARules(ctx context.Context, w *gen.Workload) (*OPA, error) {
	pq, err := rego.New(
		rego.Query("data.jirga.allow"),
		rego.Module("rules.rego", RegoRules(w)),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("prepare generated Rego rules: %w", err)
	}
	return &OPA{Query: pq, w: w}, nil
}
