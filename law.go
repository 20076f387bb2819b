package jirga

// Law is a set of rules enacted by a body for a territory or a community in
// one domain.
type Law struct {
	Source    Source `yaml:"-" json:"-"`
	ID        string `yaml:"id" json:"id"`
	Title     string `yaml:"title" json:"title"`
	EnactedBy string `yaml:"enacted_by" json:"enacted_by"`
	// Territory or Community is the scope: exactly one is set.
	Territory string  `yaml:"territory" json:"territory,omitempty"`
	Community string  `yaml:"community" json:"community,omitempty"`
	Domain    string  `yaml:"domain" json:"domain"`
	Enacted   string  `yaml:"enacted" json:"enacted,omitempty"`
	Note      string  `yaml:"note" json:"note,omitempty"`
	Rules     []*Rule `yaml:"rules" json:"rules"`
}

// Effects a rule may have on an action.
const (
	Permit = "permit"
	Forbid = "forbid"
	Oblige = "oblige"
)

// Rule permits, forbids or obliges an action when its condition holds.
// Exactly one of Permit, Forbid and Oblige names the action; Effect and
// Action are filled from it on load.
type Rule struct {
	Source Source `yaml:"-" json:"-"`
	ID     string `yaml:"id" json:"id"`
	Permit string `yaml:"permit" json:"-"`
	Forbid string `yaml:"forbid" json:"-"`
	Oblige string `yaml:"oblige" json:"-"`
	// When is a CEL condition over person, context and place; empty means
	// always.
	When string `yaml:"when" json:"when,omitempty"`
	Note string `yaml:"note" json:"note,omitempty"`

	Effect string `yaml:"-" json:"effect"`
	Action string `yaml:"-" json:"action"`
	Law    *Law   `yaml:"-" json:"-"`
}

// Verdict is the answer to a question.
type Verdict string

// Verdicts.
const (
	Permitted Verdict = "permitted"
	Forbidden Verdict = "forbidden"
	Obliged   Verdict = "obliged"
	Conflict  Verdict = "conflict"
)
