package jirga

// FormatVersion is the charter format this build reads. Charters declare it
// with the top-level key "jirga"; later versions will migrate older files.
const FormatVersion = 1

// Charter is a power-sharing agreement: who shares power, over what, where,
// with which guarantees, through which bodies, and the laws in force.
type Charter struct {
	Source      Source `yaml:"-" json:"-"`
	Format      int    `yaml:"jirga" json:"jirga"`
	ID          string `yaml:"id" json:"id"`
	Title       string `yaml:"title" json:"title"`
	Status      string `yaml:"status" json:"status,omitempty"`
	Description string `yaml:"description" json:"description,omitempty"`
	// Sources cite where the facts in the charter come from.
	Sources []string `yaml:"sources" json:"sources,omitempty"`
	// Default is the verdict when no rule applies: "permitted" (liberty) or
	// "forbidden".
	Default string `yaml:"default" json:"default"`

	Parties     []*Party     `yaml:"parties" json:"parties"`
	Communities []*Community `yaml:"communities" json:"communities"`
	// Levels name the territorial levels from the top down, e.g. nation,
	// province, district.
	Levels              []string     `yaml:"levels" json:"levels"`
	TerritoryAttributes []*Attribute `yaml:"territory_attributes" json:"territory_attributes,omitempty"`
	Territories         []*Territory `yaml:"territories" json:"territories"`
	Person              []*Attribute `yaml:"person" json:"person"`
	Context             []*Attribute `yaml:"context" json:"context,omitempty"`
	Domains             []*Domain    `yaml:"domains" json:"domains"`
	Actions             []*Action    `yaml:"actions" json:"actions"`
	Rights              []*Right     `yaml:"rights" json:"rights"`
	Bodies              []*Body      `yaml:"bodies" json:"bodies"`
	Laws                []*Law       `yaml:"-" json:"laws"`
}

// Verdict defaults a charter may declare.
const (
	DefaultPermitted = "permitted"
	DefaultForbidden = "forbidden"
)

// Party is a faction that shares power.
type Party struct {
	Source Source `yaml:"-" json:"-"`
	ID     string `yaml:"id" json:"id"`
	Name   string `yaml:"name" json:"name"`
	Short  string `yaml:"short" json:"short,omitempty"`
	Colour string `yaml:"colour" json:"colour,omitempty"`
	Note   string `yaml:"note" json:"note,omitempty"`
}

// Community is a voluntary group sharing a faith or way of life. Membership
// is the person's own choice; community law binds members only.
type Community struct {
	Source Source `yaml:"-" json:"-"`
	ID     string `yaml:"id" json:"id"`
	Name   string `yaml:"name" json:"name"`
	Note   string `yaml:"note" json:"note,omitempty"`
}

// Territory is a node of the territorial hierarchy.
type Territory struct {
	Source     Source         `yaml:"-" json:"-"`
	ID         string         `yaml:"id" json:"id"`
	Name       string         `yaml:"name" json:"name"`
	Level      string         `yaml:"level" json:"level"`
	Parent     string         `yaml:"parent" json:"parent,omitempty"`
	Capital    string         `yaml:"capital" json:"capital,omitempty"`
	Population int64          `yaml:"population" json:"population,omitempty"`
	GovernedBy []string       `yaml:"governed_by" json:"governed_by,omitempty"`
	Attributes map[string]any `yaml:"attributes" json:"attributes,omitempty"`
	Note       string         `yaml:"note" json:"note,omitempty"`
}

// Attribute types usable in person, context and territory schemas.
const (
	TypeBool       = "bool"
	TypeInt        = "int"
	TypeDouble     = "double"
	TypeString     = "string"
	TypeStringList = "list(string)"
)

// Attribute declares a typed attribute that conditions may use.
type Attribute struct {
	Source Source   `yaml:"-" json:"-"`
	Name   string   `yaml:"name" json:"name"`
	Type   string   `yaml:"type" json:"type"`
	Values []string `yaml:"values" json:"values,omitempty"`
	Doc    string   `yaml:"doc" json:"doc,omitempty"`
}

// Competence values besides level names.
const (
	CompetenceNation     = "nation"
	CompetenceCommunity  = "community"
	CompetenceConcurrent = "concurrent"
)

// Domain is a policy area and the level competent to legislate it.
type Domain struct {
	Source Source `yaml:"-" json:"-"`
	ID     string `yaml:"id" json:"id"`
	Name   string `yaml:"name" json:"name"`
	// Competence is a level name (the top level may be written "nation"),
	// "community" for personal law, or "concurrent".
	Competence string `yaml:"competence" json:"competence"`
	// Levels, under concurrent competence, lists the levels that share the
	// domain from the top down: a higher level's rules bound a lower one's.
	Levels []string `yaml:"levels" json:"levels,omitempty"`
	// Belief marks a domain of conscience: nothing in it binds a non-member
	// of the enacting community.
	Belief bool   `yaml:"belief" json:"belief,omitempty"`
	Note   string `yaml:"note" json:"note,omitempty"`
}

// Action is a thing a person may do or be required to do.
type Action struct {
	Source Source `yaml:"-" json:"-"`
	ID     string `yaml:"id" json:"id"`
	Name   string `yaml:"name" json:"name"`
	Domain string `yaml:"domain" json:"domain"`
}

// Right is a guarantee no law may breach: protected actions no rule may
// forbid, and non-coercion in belief domains.
type Right struct {
	Source Source `yaml:"-" json:"-"`
	ID     string `yaml:"id" json:"id"`
	Name   string `yaml:"name" json:"name"`
	Text   string `yaml:"text" json:"text,omitempty"`
	// Protects lists actions no law may forbid.
	Protects []string `yaml:"protects" json:"protects,omitempty"`
	// NonCoercion lists belief domains in which no rule binds a person who
	// is not a member of the enacting community, and no territorial law
	// binds at all.
	NonCoercion []string `yaml:"non_coercion" json:"non_coercion,omitempty"`
}
