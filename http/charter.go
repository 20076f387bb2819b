package http

import (
	"net/http"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
)

// CharterView is the body of GET /api/charter: what the charter is and
// everything in it except territories and laws, which have their own
// endpoints.
type CharterView struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Status      string   `json:"status,omitempty"`
	Description string   `json:"description,omitempty"`
	Sources     []string `json:"sources,omitempty"`
	Default     string   `json:"default"`
	// Hash is the SHA-256 of the charter's files: the identity a ledger's
	// genesis records.
	Hash    string          `json:"hash"`
	Summary charter.Summary `json:"summary"`

	Parties     []*jirga.Party     `json:"parties"`
	Communities []*jirga.Community `json:"communities"`
	Levels      []string           `json:"levels"`
	// Person and Context are the attributes a question may give.
	Person              []*jirga.Attribute `json:"person"`
	Context             []*jirga.Attribute `json:"context"`
	TerritoryAttributes []*jirga.Attribute `json:"territory_attributes"`
	Domains             []*jirga.Domain    `json:"domains"`
	Actions             []*jirga.Action    `json:"actions"`
	Rights              []*jirga.Right     `json:"rights"`
	Bodies              []*jirga.Body      `json:"bodies"`
}

// TerritoryView is the body of GET /api/territories/{id}: the territory,
// where it sits, who legislates what there, the laws in force and the
// bodies that sit for it.
type TerritoryView struct {
	*jirga.Territory
	// Ancestors are the territories above, from the parent up to the root.
	Ancestors []TerritoryRef `json:"ancestors"`
	Children  []TerritoryRef `json:"children"`
	// Competences say, domain by domain, who may legislate here.
	Competences []CompetenceView `json:"competences"`
	// Laws are the territorial laws of this territory and its ancestors;
	// community laws bind members wherever they are (GET
	// /api/laws?community=ID).
	Laws   []LawSummary `json:"laws"`
	Bodies []BodyRef    `json:"bodies"`
}

// TerritoryRef names a territory.
type TerritoryRef struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Level string `json:"level"`
}

// BodyRef names a body; Community is set for a community's council, which
// legislates personal law for its members wherever they live.
type BodyRef struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Community string `json:"community,omitempty"`
}

// CompetenceView is who may legislate a domain in one territory.
type CompetenceView struct {
	Domain     string `json:"domain"`
	Name       string `json:"name"`
	Competence string `json:"competence"`
	Belief     bool   `json:"belief,omitempty"`
	// Legislators are the territories whose laws may reach the domain
	// here, from the top down: one for a level's competence, one per
	// sharing level under concurrent competence, none for communal
	// domains (each community legislates for its members) or when the
	// competent level lies below this territory (then Note says so).
	Legislators []TerritoryRef `json:"legislators"`
	Note        string         `json:"note,omitempty"`
}

// LawSummary is one law in a list.
type LawSummary struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	EnactedBy string `json:"enacted_by"`
	Territory string `json:"territory,omitempty"`
	Community string `json:"community,omitempty"`
	Domain    string `json:"domain"`
	Enacted   string `json:"enacted,omitempty"`
	Rules     int    `json:"rules"`
	// Void says why the law was enacted without competence; such a law
	// never binds anyone.
	Void string    `json:"void,omitempty"`
	Pos  jirga.Pos `json:"pos"`
}

// LawView is the body of GET /api/laws/{id}: the law, its rules with their
// static status, and where it is written.
type LawView struct {
	LawSummary
	Note string `json:"note,omitempty"`
	// Rules shadows the summary's count with the rules themselves.
	Rules []RuleView `json:"rules"`
}

// RuleView is one rule of a law.
type RuleView struct {
	ID     string `json:"id"`
	Effect string `json:"effect"`
	Action string `json:"action"`
	When   string `json:"when,omitempty"`
	Note   string `json:"note,omitempty"`
	// Void is void_ultra_vires or void_right when the rule can never
	// bind, with Why and, for a right, the right's id.
	Void  string    `json:"void,omitempty"`
	Why   string    `json:"why,omitempty"`
	Right string    `json:"right,omitempty"`
	Pos   jirga.Pos `json:"pos"`
}

// charterViews holds what the read endpoints serve, derived once from the
// immutable charter.
type charterViews struct {
	charter     CharterView
	territories []*jirga.Territory
	laws        []LawSummary
	lawByID     map[string]*LawView
	terrByID    map[string]*TerritoryView
}

func newCharterViews(c *charter.Charter, e *engine.Engine) *charterViews {
	v := &charterViews{
		charter: CharterView{
			ID: c.ID, Title: c.Title, Status: c.Status, Description: c.Description, Sources: c.Sources,
			Default: c.Default, Hash: c.Hash, Summary: c.Summary(),
			Parties: nonNil(c.Parties), Communities: nonNil(c.Communities), Levels: nonNil(c.Levels),
			Person: nonNil(c.Person), Context: nonNil(c.Context), TerritoryAttributes: nonNil(c.TerritoryAttributes),
			Domains: nonNil(c.Domains), Actions: nonNil(c.Actions), Rights: nonNil(c.Rights), Bodies: nonNil(c.Bodies),
		},
		territories: nonNil(c.Territories),
		lawByID:     make(map[string]*LawView, len(c.Laws)),
		terrByID:    make(map[string]*TerritoryView, len(c.Territories)),
	}
	compiled := make(map[*jirga.Rule]*engine.Rule)
	for _, r := range e.Rules() {
		compiled[r.Rule] = r
	}
	v.laws = make([]LawSummary, 0, len(c.Laws))
	for _, l := range c.Laws {
		sum := LawSummary{ID: l.ID, Title: l.Title, EnactedBy: l.EnactedBy, Territory: l.Territory, Community: l.Community,
			Domain: l.Domain, Enacted: l.Enacted, Rules: len(l.Rules), Void: e.UltraVires(l), Pos: l.Source.Pos}
		v.laws = append(v.laws, sum)
		lv := &LawView{LawSummary: sum, Note: l.Note, Rules: make([]RuleView, 0, len(l.Rules))}
		for _, r := range l.Rules {
			rv := RuleView{ID: r.ID, Effect: r.Effect, Action: r.Action, When: strings.TrimSpace(r.When), Note: r.Note, Pos: r.Source.Pos}
			if cr := compiled[r]; cr != nil && cr.Void != "" {
				rv.Void, rv.Why = string(cr.Void), cr.Why
				if cr.Right != nil {
					rv.Right = cr.Right.ID
				}
			}
			lv.Rules = append(lv.Rules, rv)
		}
		v.lawByID[l.ID] = lv
	}
	for _, t := range c.Territories {
		v.terrByID[t.ID] = v.territory(c, t)
	}
	return v
}

// territory derives the view of one territory.
func (v *charterViews) territory(c *charter.Charter, t *jirga.Territory) *TerritoryView {
	chain := c.Ancestors(t) // t itself first, then up to the root
	tv := &TerritoryView{Territory: t, Ancestors: []TerritoryRef{}, Children: []TerritoryRef{},
		Laws: []LawSummary{}, Bodies: []BodyRef{}}
	for _, a := range chain[1:] {
		tv.Ancestors = append(tv.Ancestors, ref(a))
	}
	for _, ch := range c.Children(t.ID) {
		tv.Children = append(tv.Children, ref(ch))
	}
	inChain := make(map[string]bool, len(chain))
	levels := make(map[string]bool, len(chain))
	for _, a := range chain {
		inChain[a.ID] = true
		levels[a.Level] = true
	}
	for _, l := range v.laws {
		if l.Territory != "" && inChain[l.Territory] {
			tv.Laws = append(tv.Laws, l)
		}
	}
	for _, b := range c.Bodies {
		if (b.Territory != "" && inChain[b.Territory]) || (b.PerLevel != "" && levels[b.PerLevel]) {
			tv.Bodies = append(tv.Bodies, BodyRef{ID: b.ID, Name: b.Name, Community: b.Community})
		}
	}
	for _, d := range c.Domains {
		tv.Competences = append(tv.Competences, competence(c, t, chain, d))
	}
	if tv.Competences == nil {
		tv.Competences = []CompetenceView{}
	}
	return tv
}

// competence says who legislates domain d in territory t, whose chain of
// ancestors (t first) is given.
func competence(c *charter.Charter, t *jirga.Territory, chain []*jirga.Territory, d *jirga.Domain) CompetenceView {
	cv := CompetenceView{Domain: d.ID, Name: d.Name, Competence: d.Competence, Belief: d.Belief, Legislators: []TerritoryRef{}}
	var levels []string
	switch d.Competence {
	case jirga.CompetenceCommunity:
		cv.Note = "personal law: each community legislates for its own members"
		return cv
	case jirga.CompetenceConcurrent:
		levels = d.Levels
	default:
		levels = []string{d.Competence}
	}
	depth := c.LevelIndex(t.Level)
	for _, lv := range levels {
		want := c.LevelIndex(lv)
		if want > depth {
			cv.Note = "legislated below this territory, by each " + c.Levels[want]
			continue
		}
		for _, a := range chain {
			if c.LevelIndex(a.Level) == want {
				cv.Legislators = append(cv.Legislators, ref(a))
			}
		}
	}
	return cv
}

func ref(t *jirga.Territory) TerritoryRef {
	return TerritoryRef{ID: t.ID, Name: t.Name, Level: t.Level}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// handleCharter serves GET /api/charter.
func (s *Server) handleCharter(w http.ResponseWriter, r *http.Request) error {
	sn := s.current()
	writeJSON(w, http.StatusOK, sn.views.charter)
	return nil
}

// handleTerritories serves GET /api/territories[?level=L][&parent=ID].
func (s *Server) handleTerritories(w http.ResponseWriter, r *http.Request) error {
	sn := s.current()
	q := r.URL.Query()
	level, parent := q.Get("level"), q.Get("parent")
	if level != "" && sn.charter.LevelIndex(level) < 0 {
		return unknown("level", level, sn.charter.Levels)
	}
	if parent != "" && sn.charter.Territory(parent) == nil {
		return unknown("territory", parent, sn.charter.TerritoryIDs())
	}
	out := []*jirga.Territory{}
	for _, t := range sn.views.territories {
		if (level == "" || sn.charter.LevelIndex(t.Level) == sn.charter.LevelIndex(level)) && (parent == "" || t.Parent == parent) {
			out = append(out, t)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"territories": out})
	return nil
}

// handleTerritory serves GET /api/territories/{id}.
func (s *Server) handleTerritory(w http.ResponseWriter, r *http.Request) error {
	sn := s.current()
	id := r.PathValue("id")
	tv, ok := sn.views.terrByID[id]
	if !ok {
		return notFound("territory", id, sn.charter.TerritoryIDs())
	}
	writeJSON(w, http.StatusOK, tv)
	return nil
}

// handleLaws serves GET /api/laws with optional filters territory (the
// laws in force there: its own and its ancestors'), community, domain and
// body.
func (s *Server) handleLaws(w http.ResponseWriter, r *http.Request) error {
	sn := s.current()
	q := r.URL.Query()
	var chain map[string]bool
	if id := q.Get("territory"); id != "" {
		t := sn.charter.Territory(id)
		if t == nil {
			return unknown("territory", id, sn.charter.TerritoryIDs())
		}
		chain = map[string]bool{}
		for _, a := range sn.charter.Ancestors(t) {
			chain[a.ID] = true
		}
	}
	community, domain, body := q.Get("community"), q.Get("domain"), q.Get("body")
	if community != "" && sn.charter.Community(community) == nil {
		return unknown("community", community, charter.IDs(sn.charter.Communities, func(c *jirga.Community) string { return c.ID }))
	}
	if domain != "" && sn.charter.Domain(domain) == nil {
		return unknown("domain", domain, charter.IDs(sn.charter.Domains, func(d *jirga.Domain) string { return d.ID }))
	}
	if body != "" && sn.charter.Body(body) == nil {
		return unknown("body", body, bodyIDs(sn.charter))
	}
	out := []LawSummary{}
	for _, l := range sn.views.laws {
		if (chain == nil || chain[l.Territory]) && (community == "" || l.Community == community) &&
			(domain == "" || l.Domain == domain) && (body == "" || l.EnactedBy == body) {
			out = append(out, l)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"laws": out})
	return nil
}

// handleLaw serves GET /api/laws/{id}.
func (s *Server) handleLaw(w http.ResponseWriter, r *http.Request) error {
	sn := s.current()
	id := r.PathValue("id")
	lv, ok := sn.views.lawByID[id]
	if !ok {
		return notFound("law", id, lawIDs(sn.charter))
	}
	writeJSON(w, http.StatusOK, lv)
	return nil
}

func lawIDs(c *charter.Charter) []string {
	return charter.IDs(c.Laws, func(l *jirga.Law) string { return l.ID })
}

func bodyIDs(c *charter.Charter) []string {
	return charter.IDs(c.Bodies, func(b *jirga.Body) string { return b.ID })
}

// notFound is the error for a path naming something the charter lacks.
func notFound(what, id string, valid []string) error {
	return jirga.Errorf(jirga.ENOTFOUND, "no %s %q%s", what, id, didYouMean(id, valid))
}

// unknown is the error for a parameter naming something the charter lacks.
func unknown(what, id string, valid []string) error {
	return jirga.Errorf(jirga.EINVALID, "unknown %s %q%s", what, id, didYouMean(id, valid))
}

func didYouMean(got string, valid []string) string {
	if hint := jirga.Suggest(got, valid); hint != "" {
		return " (" + hint + ")"
	}
	return ""
}
