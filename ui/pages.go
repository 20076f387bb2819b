package ui

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
)

// legendEntry is one key of a map's legend.
type legendEntry struct {
	Swatch template.HTML
	Label  string
	// Territories lists what the key covers, linked.
	Territories []*jirga.Territory
}

// overviewData is the overview page: the agreement, its parties and the
// map.
type overviewData struct {
	Summary charter.Summary
	Map     template.HTML
	Legend  []legendEntry
	Parties []partyRow
	// Unmatched are territories the map does not draw.
	Unmatched []*jirga.Territory
}

type partyRow struct {
	*jirga.Party
	Swatch   template.HTML
	Governs  int
	Partners int
}

func (h *Handler) overview(r *http.Request, st *state) (*view, error) {
	c := st.charter
	d := &overviewData{Summary: c.Summary(), Unmatched: st.unmatched}
	for _, p := range c.Parties {
		row := partyRow{Party: p, Swatch: swatch(st.colour[p.ID])}
		for _, t := range c.Territories {
			if t.Parent == "" || !contains(t.GovernedBy, p.ID) {
				continue
			}
			if len(t.GovernedBy) == 1 {
				row.Governs++
			} else {
				row.Partners++
			}
		}
		d.Parties = append(d.Parties, row)
	}
	if h.geo != nil {
		d.Map, d.Legend = h.governanceMap(st)
	}
	return &view{Template: "overview", Title: c.Title, Nav: "overview", Data: d}, nil
}

// governanceMap draws the territories coloured by governing party, each a
// link to its page, and the legend.
func (h *Handler) governanceMap(st *state) (template.HTML, []legendEntry) {
	L := h.locale
	var shapes []mapShape
	var legend []legendEntry
	byFill := map[string]int{} // fill → index in legend
	for _, p := range st.charter.Parties {
		byFill[st.colour[p.ID]] = len(legend)
		legend = append(legend, legendEntry{Swatch: swatch(st.colour[p.ID]), Label: nameOr(p.Name, p.ID) + partyShort(p)})
	}
	for _, co := range st.coalitions {
		names := make([]string, len(co.Parties))
		for i, p := range co.Parties {
			names[i] = st.partyName(p.ID)
		}
		fill := "url(#" + co.Pattern.ID + ")"
		byFill[fill] = len(legend)
		legend = append(legend, legendEntry{Swatch: swatch(fill), Label: L.T("map.coalition", strings.Join(names, " + "))})
	}
	byFill[colourNone] = len(legend)
	legend = append(legend, legendEntry{Swatch: swatch(colourNone), Label: L.T("map.nogovernor")})
	for _, t := range st.mapTerritories() {
		fill := st.fill(t)
		title := t.Name
		if g := st.governors(t); g != "" {
			title = L.T("map.governedby", t.Name, g)
		}
		shapes = append(shapes, mapShape{Shape: *st.shapeOf[t.ID], Fill: fill, Title: title, Href: "/territories/" + t.ID, Class: "land"})
		if i, ok := byFill[fill]; ok {
			legend[i].Territories = append(legend[i].Territories, t)
		}
	}
	var kept []legendEntry
	for i, e := range legend {
		if len(e.Territories) > 0 || i < len(st.charter.Parties) {
			kept = append(kept, e)
		}
	}
	return drawMap(h.geo, L.T("map.label"), shapes, st.patterns()), kept
}

func partyShort(p *jirga.Party) string {
	if p.Short != "" && p.Short != p.Name {
		return " (" + p.Short + ")"
	}
	return ""
}

// territoryData is a territory's page.
type territoryData struct {
	*jirga.Territory
	Governors   string
	Swatch      template.HTML
	Parent      *jirga.Territory
	Children    []*jirga.Territory
	Map         template.HTML
	Competences []competenceRow
	Laws        []lawView
	Personal    []lawView
	Bodies      []*jirga.Body
	Attributes  []keyValue
}

type keyValue struct{ Key, Value string }

// competenceRow says who legislates a domain in one territory.
type competenceRow struct {
	Domain      *jirga.Domain
	Legislators []*jirga.Territory
	// Community: each community legislates for its members; Below: the
	// competent level lies below this territory.
	Community bool
	Below     string
}

// lawView is a law with its rules and what is void.
type lawView struct {
	*jirga.Law
	Scope string
	Void  string
	Rules []ruleView
}

type ruleView struct {
	*jirga.Rule
	Void string
}

func (h *Handler) territory(r *http.Request, st *state) (*view, error) {
	c := st.charter
	t := c.Territory(r.PathValue("id"))
	if t == nil {
		return nil, jirga.Errorf(jirga.ENOTFOUND, "no territory %q%s", r.PathValue("id"), didYouMean(r.PathValue("id"), c.TerritoryIDs()))
	}
	chain := c.Ancestors(t)
	d := &territoryData{Territory: t, Governors: st.governors(t), Swatch: swatch(st.fill(t)), Parent: c.Territory(t.Parent), Children: c.Children(t.ID)}
	for _, a := range c.TerritoryAttributes {
		if v, ok := t.Attributes[a.Name]; ok {
			d.Attributes = append(d.Attributes, keyValue{a.Name, formatValue(v)})
		}
	}
	for _, dm := range c.Domains {
		d.Competences = append(d.Competences, competenceIn(c, chain, dm))
	}
	inChain := map[string]bool{}
	levels := map[string]bool{}
	for _, a := range chain {
		inChain[a.ID] = true
		levels[a.Level] = true
	}
	void := voidRules(st.engine)
	for _, l := range c.Laws {
		switch {
		case l.Territory != "" && inChain[l.Territory]:
			d.Laws = append(d.Laws, newLawView(st, l, void))
		case l.Community != "":
			d.Personal = append(d.Personal, newLawView(st, l, void))
		}
	}
	for _, b := range c.Bodies {
		if (b.Territory != "" && inChain[b.Territory] && b.Community == "") || (b.PerLevel != "" && b.PerLevel == t.Level) {
			d.Bodies = append(d.Bodies, b)
		}
	}
	if h.geo != nil && st.shapeOf[t.ID] != nil {
		d.Map = h.locatorMap(st, t)
	}
	return &view{Template: "territory", Title: t.Name, Nav: "overview", Data: d}, nil
}

// locatorMap draws the map with t in its governing colour and the other
// territories grey, each a link.
func (h *Handler) locatorMap(st *state, t *jirga.Territory) template.HTML {
	var shapes []mapShape
	for _, o := range st.mapTerritories() {
		s := mapShape{Shape: *st.shapeOf[o.ID], Fill: colourOther, Title: o.Name, Href: "/territories/" + o.ID, Class: "land"}
		if o == t {
			s.Fill, s.Class = st.fill(o), "land here"
		}
		shapes = append(shapes, s)
	}
	return drawMap(h.geo, h.locale.T("map.locator", t.Name), shapes, st.patterns())
}

// competenceIn says who legislates domain d in the territory whose chain
// of ancestors (itself first) is given.
func competenceIn(c *charter.Charter, chain []*jirga.Territory, d *jirga.Domain) competenceRow {
	row := competenceRow{Domain: d}
	levels := []string{d.Competence}
	switch d.Competence {
	case jirga.CompetenceCommunity:
		row.Community = true
		return row
	case jirga.CompetenceConcurrent:
		levels = d.Levels
	}
	depth := c.LevelIndex(chain[0].Level)
	for _, lv := range levels {
		i := c.LevelIndex(lv)
		if i > depth {
			row.Below = c.Levels[i]
			continue
		}
		for k := len(chain) - 1; k >= 0; k-- {
			if c.LevelIndex(chain[k].Level) == i {
				row.Legislators = append(row.Legislators, chain[k])
			}
		}
	}
	return row
}

// voidRules maps each rule that can never bind to why.
func voidRules(e *engine.Engine) map[*jirga.Rule]string {
	out := map[*jirga.Rule]string{}
	for _, r := range e.Rules() {
		if r.Void != "" {
			out[r.Rule] = r.Why
		}
	}
	return out
}

func newLawView(st *state, l *jirga.Law, void map[*jirga.Rule]string) lawView {
	lv := lawView{Law: l, Void: st.engine.UltraVires(l)}
	if l.Territory != "" {
		if t := st.charter.Territory(l.Territory); t != nil {
			lv.Scope = t.Name
		}
	} else if cm := st.charter.Community(l.Community); cm != nil {
		lv.Scope = cm.Name
	}
	for _, r := range l.Rules {
		lv.Rules = append(lv.Rules, ruleView{Rule: r, Void: void[r]})
	}
	return lv
}

func didYouMean(got string, valid []string) string {
	if n := jirga.Nearest(got, valid); n != "" {
		return " (did you mean " + n + "?)"
	}
	return ""
}

// competencesData is the matrix of domains against levels.
type competencesData struct {
	Columns []string
	Rows    []matrixRow
}

type matrixRow struct {
	Domain *jirga.Domain
	// Cells, one per column: "" (no competence), "sole", "framework"
	// (the higher level of a concurrent competence), "bounded" (a lower
	// level of one) or "members" (community law).
	Cells   []string
	Actions []*jirga.Action
	Rights  []*jirga.Right
}

func (h *Handler) competences(r *http.Request, st *state) (*view, error) {
	c := st.charter
	d := &competencesData{Columns: append(append([]string(nil), c.Levels...), jirga.CompetenceCommunity)}
	for _, dm := range c.Domains {
		row := matrixRow{Domain: dm, Cells: make([]string, len(d.Columns))}
		switch dm.Competence {
		case jirga.CompetenceCommunity:
			row.Cells[len(c.Levels)] = "members"
		case jirga.CompetenceConcurrent:
			for k, lv := range dm.Levels {
				if i := c.LevelIndex(lv); i >= 0 {
					row.Cells[i] = "bounded"
					if k == 0 {
						row.Cells[i] = "framework"
					}
				}
			}
		default:
			if i := c.LevelIndex(dm.Competence); i >= 0 {
				row.Cells[i] = "sole"
			}
		}
		for _, a := range c.Actions {
			if a.Domain == dm.ID {
				row.Actions = append(row.Actions, a)
			}
		}
		for _, rt := range c.Rights {
			if contains(rt.NonCoercion, dm.ID) {
				row.Rights = append(row.Rights, rt)
				continue
			}
			for _, a := range row.Actions {
				if contains(rt.Protects, a.ID) {
					row.Rights = append(row.Rights, rt)
					break
				}
			}
		}
		d.Rows = append(d.Rows, row)
	}
	return &view{Template: "competences", Title: h.locale.T("nav.competences"), Nav: "competences", Data: d}, nil
}

func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatValue(e)
		}
		return strings.Join(parts, ", ")
	case nil:
		return ""
	}
	return strings.TrimSpace(strings.Trim(jsonText(v), `"`))
}
