package charter

import (
	"github.com/jirga/jirga"
)

// Charter is a loaded charter with its lookups and compiled conditions.
// Only a Charter that Load returned without error is fit for questions.
type Charter struct {
	*jirga.Charter

	// Dir is the directory the charter was loaded from.
	Dir string
	// Hash is the hex SHA-256 of the charter's files (their paths and
	// contents, in order): the identity a ledger's genesis records.
	Hash string

	parties     map[string]*jirga.Party
	communities map[string]*jirga.Community
	territories map[string]*jirga.Territory
	domains     map[string]*jirga.Domain
	actions     map[string]*jirga.Action
	rights      map[string]*jirga.Right
	bodies      map[string]*jirga.Body
	laws        map[string]*jirga.Law
	levels      map[string]int
	children    map[string][]*jirga.Territory
	conditions  map[*jirga.Rule]*Condition
	env         *Env
}

// Party returns the party with the given id, or nil.
func (c *Charter) Party(id string) *jirga.Party { return c.parties[id] }

// Community returns the community with the given id, or nil.
func (c *Charter) Community(id string) *jirga.Community { return c.communities[id] }

// Territory returns the territory with the given id, or nil.
func (c *Charter) Territory(id string) *jirga.Territory { return c.territories[id] }

// Domain returns the domain with the given id, or nil.
func (c *Charter) Domain(id string) *jirga.Domain { return c.domains[id] }

// Action returns the action with the given id, or nil.
func (c *Charter) Action(id string) *jirga.Action { return c.actions[id] }

// Right returns the right with the given id, or nil.
func (c *Charter) Right(id string) *jirga.Right { return c.rights[id] }

// Body returns the body with the given id, or nil.
func (c *Charter) Body(id string) *jirga.Body { return c.bodies[id] }

// Law returns the law with the given id, or nil.
func (c *Charter) Law(id string) *jirga.Law { return c.laws[id] }

// Children returns the territories directly below id, in charter order.
func (c *Charter) Children(id string) []*jirga.Territory { return c.children[id] }

// LevelIndex returns the depth of a level (0 for the top) or -1 if the
// level is unknown. "nation" names the top level whatever it is called.
func (c *Charter) LevelIndex(level string) int {
	if i, ok := c.levels[level]; ok {
		return i
	}
	if level == jirga.CompetenceNation && len(c.Levels) > 0 {
		return 0
	}
	return -1
}

// Ancestors returns t's chain from t itself up to the root. It stops on a
// cycle, which Load reports.
func (c *Charter) Ancestors(t *jirga.Territory) []*jirga.Territory {
	var chain []*jirga.Territory
	for t != nil && len(chain) <= len(c.territories) {
		chain = append(chain, t)
		if t.Parent == "" {
			break
		}
		t = c.territories[t.Parent]
	}
	return chain
}

// Contains reports whether territory outer is inner or one of its
// ancestors.
func (c *Charter) Contains(outer, inner *jirga.Territory) bool {
	for _, a := range c.Ancestors(inner) {
		if a == outer {
			return true
		}
	}
	return false
}

// Condition returns the compiled condition of a rule, or nil when the rule
// has none (it always applies).
func (c *Charter) Condition(r *jirga.Rule) *Condition { return c.conditions[r] }

// Env returns the CEL environment conditions are checked against.
func (c *Charter) Env() *Env { return c.env }

// Rules returns every rule of every law, in load order.
func (c *Charter) Rules() []*jirga.Rule {
	var rules []*jirga.Rule
	for _, l := range c.Laws {
		rules = append(rules, l.Rules...)
	}
	return rules
}

// IDs returns the ids of a list of elements, in order, for suggestions.
func IDs[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

// TerritoryIDs returns every territory id in charter order.
func (c *Charter) TerritoryIDs() []string {
	return IDs(c.Territories, func(t *jirga.Territory) string { return t.ID })
}

// ActionIDs returns every action id in charter order.
func (c *Charter) ActionIDs() []string {
	return IDs(c.Actions, func(a *jirga.Action) string { return a.ID })
}
