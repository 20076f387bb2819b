package ui

import (
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
)

// state is what the UI derives from one charter: colours, the map's
// shapes matched to territories, and a cache of power indices. It is
// rebuilt when the charter in force changes.
type state struct {
	charter *charter.Charter
	engine  *engine.Engine

	// colour of each party; coalitions of each governed territory.
	colour     map[string]string
	coalitions []*coalition
	// shapeOf maps a territory id to its shape on the map.
	shapeOf map[string]*Shape
	// unmatched are territories of the map's level that no shape draws.
	unmatched []*jirga.Territory

	power sync.Map // powerKey → *powerView
}

// coalition is a set of parties governing together, drawn with stripes of
// their colours.
type coalition struct {
	Key         string // party ids joined by "+"
	Parties     []*jirga.Party
	Pattern     stripePattern
	Territories []*jirga.Territory
}

// current returns the state of the charter in force, rebuilding it when
// the charter changed.
func (h *Handler) current() (*state, error) {
	c, e := h.cfg.Charter, h.cfg.Engine
	if h.cfg.State != nil {
		if sc, se := h.cfg.State(); sc != nil && se != nil {
			c, e = sc, se
		}
	}
	if c == nil || e == nil {
		return nil, jirga.Errorf(jirga.EINTERNAL, "ui: no charter in force")
	}
	if st := h.state.Load(); st != nil && st.charter == c && st.engine == e {
		return st, nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if st := h.state.Load(); st != nil && st.charter == c && st.engine == e {
		return st, nil
	}
	st := newState(c, e, h.geo)
	h.state.Store(st)
	return st, nil
}

func newState(c *charter.Charter, e *engine.Engine, geo *Geography) *state {
	st := &state{charter: c, engine: e, colour: map[string]string{}, shapeOf: map[string]*Shape{}}
	next := 0
	for _, p := range c.Parties {
		col := p.Colour
		if !isHexColour(col) {
			col = palette[next%len(palette)]
			next++
		}
		st.colour[p.ID] = col
	}
	byKey := map[string]*coalition{}
	for _, t := range c.Territories {
		if len(t.GovernedBy) < 2 || t.Parent == "" {
			continue
		}
		key := strings.Join(t.GovernedBy, "+")
		co := byKey[key]
		if co == nil {
			co = &coalition{Key: key, Pattern: stripePattern{ID: "coalition-" + strconv.Itoa(len(byKey)+1)}}
			for _, id := range t.GovernedBy {
				if p := c.Party(id); p != nil {
					co.Parties = append(co.Parties, p)
					co.Pattern.Colours = append(co.Pattern.Colours, st.colour[id])
				}
			}
			byKey[key] = co
			st.coalitions = append(st.coalitions, co)
		}
		co.Territories = append(co.Territories, t)
	}
	if geo != nil {
		for i := range geo.Shapes {
			s := &geo.Shapes[i]
			if t := c.Territory(s.Code); t != nil {
				st.shapeOf[t.ID] = s
			}
		}
		for _, t := range e.TerritoriesAt("") {
			if st.shapeOf[t.ID] == nil {
				st.unmatched = append(st.unmatched, t)
			}
		}
	}
	return st
}

func isHexColour(s string) bool {
	if len(s) != 7 && len(s) != 4 || s[0] != '#' {
		return false
	}
	for _, r := range s[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// fill returns how a territory is drawn by governing party: the party's
// colour, a coalition's stripes, or grey.
func (st *state) fill(t *jirga.Territory) string {
	switch len(t.GovernedBy) {
	case 0:
		return colourNone
	case 1:
		if c, ok := st.colour[t.GovernedBy[0]]; ok {
			return c
		}
		return colourNone
	}
	key := strings.Join(t.GovernedBy, "+")
	for _, co := range st.coalitions {
		if co.Key == key {
			return "url(#" + co.Pattern.ID + ")"
		}
	}
	return colourNone
}

// patterns returns the stripe patterns of every coalition.
func (st *state) patterns() []stripePattern {
	out := make([]stripePattern, len(st.coalitions))
	for i, co := range st.coalitions {
		out[i] = co.Pattern
	}
	return out
}

// governors names the parties governing t, by their short names.
func (st *state) governors(t *jirga.Territory) string {
	names := make([]string, 0, len(t.GovernedBy))
	for _, id := range t.GovernedBy {
		names = append(names, st.partyName(id))
	}
	return strings.Join(names, " + ")
}

// partyName is a party's short name, or its name, or its id.
func (st *state) partyName(id string) string {
	p := st.charter.Party(id)
	switch {
	case p == nil:
		return id
	case p.Short != "":
		return p.Short
	case p.Name != "":
		return p.Name
	}
	return p.ID
}

// mapTerritories returns the territories drawn on the map, in the map's
// order, with their shapes.
func (st *state) mapTerritories() []*jirga.Territory {
	out := make([]*jirga.Territory, 0, len(st.shapeOf))
	for _, t := range st.charter.Territories {
		if st.shapeOf[t.ID] != nil {
			out = append(out, t)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
