package bench

import (
	"fmt"
	"strings"

	"github.com/cedar-policy/cedar-go"
	"github.com/jirga/jirga"
	"github.com/jirga/jirga/internal/gen"
)

// Cedar is the workload as a Cedar policy set and entity store.
//
// Places are entities whose parents are their enclosing territories, so
// that `resource in Place::"P01"` states a law's scope; persons carry age
// and community; the context carries hour and emergency. Each rule is one
// policy.
type Cedar struct {
	Policies *cedar.PolicySet
	Entities cedar.EntityMap
	// Text is the policy set in Cedar's language.
	Text []byte
	w    *gen.Workload
}

// NewCedar translates the workload. With bounding, a district's forbid is
// written `unless` a province's permit for the same action holds — Cedar's
// rendering of jirga's concurrent competence, under which a higher level's
// permit bounds a lower level's forbid (a province's forbid bounding a
// district's permit needs nothing: forbid overrides permit in Cedar too).
// Without bounding the policies follow Cedar's plain forbid-overrides rule,
// which the differential test shows differs from jirga.
func NewCedar(w *gen.Workload, bounding bool) (*Cedar, error) {
	text := CedarPolicies(w, bounding)
	ps, err := cedar.NewPolicySetFromBytes("bench.cedar", text)
	if err != nil {
		return nil, fmt.Errorf("parse generated Cedar policies: %w", err)
	}
	return &Cedar{Policies: ps, Entities: cedarEntities(w), Text: text, w: w}, nil
}

func permitCondition() string {
	return fmt.Sprintf("principal.age >= %d && context.hour >= %d && context.hour <= %d", gen.AdultAge, gen.OpenHour, gen.CloseHour)
}

// CedarPolicies renders the workload's rules as Cedar policies, one per
// rule, in rule order.
func CedarPolicies(w *gen.Workload, bounding bool) []byte {
	permit := permitCondition()
	// higherPermit[{territory, action}] is true when the territory's law
	// permits the action: a forbid below it is bounded whenever that
	// permit holds.
	higherPermit := map[[2]string]bool{}
	for _, r := range w.Rules {
		if r.Effect == jirga.Permit {
			higherPermit[[2]string{w.Territories[r.Territory].ID, r.Action}] = true
		}
	}
	var b strings.Builder
	for _, r := range w.Rules {
		t := w.Territories[r.Territory]
		if r.Effect == jirga.Permit {
			fmt.Fprintf(&b, "permit (principal, action == Action::%q, resource in Place::%q)\nwhen { %s };\n", r.Action, t.ID, permit)
			continue
		}
		fmt.Fprintf(&b, "forbid (principal, action == Action::%q, resource in Place::%q)\nwhen { context.emergency && principal.community == %q }", r.Action, t.ID, r.Community)
		if bounding && t.Parent >= 0 && higherPermits(w, r, higherPermit) {
			fmt.Fprintf(&b, "\nunless { %s }", permit)
		}
		b.WriteString(";\n")
	}
	return []byte(b.String())
}

// higherPermits reports whether an ancestor of r's territory has a permit
// for r's action.
func higherPermits(w *gen.Workload, r gen.Rule, permits map[[2]string]bool) bool {
	for t := w.Territories[r.Territory].Parent; t >= 0; t = w.Territories[t].Parent {
		if permits[[2]string{w.Territories[t].ID, r.Action}] {
			return true
		}
	}
	return false
}

func cedarEntities(w *gen.Workload) cedar.EntityMap {
	em := make(cedar.EntityMap, len(w.Territories)+len(w.Persons))
	for _, t := range w.Territories {
		uid := cedar.NewEntityUID("Place", cedar.String(t.ID))
		var parents cedar.EntityUIDSet
		if t.Parent >= 0 {
			parents = cedar.NewEntityUIDSet(cedar.NewEntityUID("Place", cedar.String(w.Territories[t.Parent].ID)))
		}
		em[uid] = cedar.Entity{UID: uid, Parents: parents}
	}
	for _, p := range w.Persons {
		uid := cedar.NewEntityUID("Person", cedar.String(p.ID))
		em[uid] = cedar.Entity{UID: uid, Attributes: cedar.NewRecord(cedar.RecordMap{
			"age":       cedar.Long(p.Age),
			"community": cedar.String(p.Community),
		})}
	}
	return em
}

// Request builds the Cedar request of q.
func (c *Cedar) Request(q gen.Question) cedar.Request {
	return cedar.Request{
		Principal: cedar.NewEntityUID("Person", cedar.String(c.w.Persons[q.Person].ID)),
		Action:    cedar.NewEntityUID("Action", cedar.String(q.Action)),
		Resource:  cedar.NewEntityUID("Place", cedar.String(c.w.Territories[q.Place].ID)),
		Context: cedar.NewRecord(cedar.RecordMap{
			"hour":      cedar.Long(q.Hour),
			"emergency": cedar.Boolean(q.Emergency),
		}),
	}
}

// Allowed answers a request: allow or deny, and the first error any policy
// raised.
func (c *Cedar) Allowed(req cedar.Request) (bool, error) {
	d, diag := c.Policies.IsAuthorized(c.Entities, req)
	if len(diag.Errors) > 0 {
		return false, fmt.Errorf("cedar: policy %s: %s", diag.Errors[0].PolicyID, diag.Errors[0].Message)
	}
	return d == cedar.Allow, nil
}
