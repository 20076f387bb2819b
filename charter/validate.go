package charter

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/jirga/jirga"
)

// identRE is what an attribute name must look like to be usable in CEL.
var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// index registers ids of one kind and reports duplicates.
type index[T any] struct {
	kind string
	m    map[string]T
	pos  map[string]jirga.Pos
	ids  []string
}

func newIndex[T any](kind string, n int) *index[T] {
	return &index[T]{kind: kind, m: make(map[string]T, n), pos: make(map[string]jirga.Pos, n)}
}

func (ix *index[T]) add(l *loader, id string, v T, src *jirga.Source) {
	if id == "" {
		l.errorf(src.Pos, "give it an id", "%s has no id", ix.kind)
		return
	}
	if first, dup := ix.pos[id]; dup {
		l.errorf(src.At("id"), "ids must be unique; first defined at "+first.String(), "duplicate %s id %q", ix.kind, id)
		return
	}
	ix.m[id] = v
	ix.pos[id] = src.At("id")
	ix.ids = append(ix.ids, id)
}

// ref checks that id names a registered element; field names where it was
// written.
func (ix *index[T]) ref(l *loader, src *jirga.Source, field, id string) (T, bool) {
	v, ok := ix.m[id]
	if !ok && id != "" {
		l.errorf(src.At(field), jirga.Suggest(id, ix.ids), "unknown %s %q", ix.kind, id)
	}
	return v, ok
}

func (l *loader) validate(c *Charter) {
	ch := c.Charter
	l.checkHeader(ch)
	parties := newIndex[*jirga.Party]("party", len(ch.Parties))
	for _, p := range nonNil(ch.Parties) {
		parties.add(l, p.ID, p, &p.Source)
	}
	communities := newIndex[*jirga.Community]("community", len(ch.Communities))
	for _, m := range nonNil(ch.Communities) {
		communities.add(l, m.ID, m, &m.Source)
	}
	c.parties, c.communities = parties.m, communities.m
	l.checkLevels(c)
	l.checkSchema("person", ch.Person, true)
	l.checkSchema("context", ch.Context, false)
	l.checkSchema("territory attribute", ch.TerritoryAttributes, false)
	l.checkTerritories(c, parties)
	domains := l.checkDomains(c)
	actions := newIndex[*jirga.Action]("action", len(ch.Actions))
	for _, a := range nonNil(ch.Actions) {
		actions.add(l, a.ID, a, &a.Source)
		if a.Domain == "" {
			l.errorf(a.Source.Pos, "name the policy domain it belongs to", "action %q has no domain", a.ID)
		}
		domains.ref(l, &a.Source, "domain", a.Domain)
	}
	c.actions = actions.m
	l.checkRights(c, actions, domains)
	bodies := l.checkBodies(c, parties, communities)
	l.checkLaws(c, bodies, communities, domains, actions)
}

func nonNil[T any](items []*T) []*T {
	out := items[:0:0]
	for _, it := range items {
		if it != nil {
			out = append(out, it)
		}
	}
	return out
}

func (l *loader) checkHeader(ch *jirga.Charter) {
	_, written := fieldWritten(&ch.Source, "jirga")
	switch {
	case ch.Format == 0 && written:
		// The decoder already said what is wrong with the value.
	case ch.Format == 0:
		l.errorf(ch.Source.Pos, fmt.Sprintf("add `jirga: %d` at the top", jirga.FormatVersion), "missing format version key \"jirga\"")
	case ch.Format != jirga.FormatVersion:
		l.errorf(ch.Source.At("jirga"), fmt.Sprintf("this build reads format %d", jirga.FormatVersion), "unsupported charter format %d", ch.Format)
	}
	if ch.ID == "" {
		l.errorf(ch.Source.Pos, "add `id: <short name>`", "charter has no id")
	}
	switch ch.Default {
	case "":
		ch.Default = jirga.DefaultPermitted
	case jirga.DefaultPermitted, jirga.DefaultForbidden:
	default:
		l.errorf(ch.Source.At("default"), "use permitted or forbidden", "unknown default %q", ch.Default)
	}
}

func (l *loader) checkLevels(c *Charter) {
	c.levels = make(map[string]int, len(c.Levels))
	if len(c.Levels) == 0 {
		l.errorf(c.Charter.Source.Pos, "e.g. `levels: [nation, province]`", "charter declares no territorial levels")
	}
	for i, lv := range c.Levels {
		at := c.Charter.Source.At(fmt.Sprintf("levels[%d]", i))
		switch {
		case lv == jirga.CompetenceCommunity || lv == jirga.CompetenceConcurrent:
			l.errorf(at, "", "%q is reserved and cannot name a level", lv)
		case lv == jirga.CompetenceNation && i != 0:
			l.errorf(at, "", "\"nation\" can only name the top level")
		}
		if _, dup := c.levels[lv]; dup {
			l.errorf(at, "", "duplicate level %q", lv)
			continue
		}
		c.levels[lv] = i
	}
}

func (l *loader) checkSchema(kind string, attrs []*jirga.Attribute, person bool) {
	seen := map[string]bool{}
	for _, a := range nonNil(attrs) {
		switch {
		case !identRE.MatchString(a.Name):
			l.errorf(a.Source.At("name"), "letters, digits and _ only, not starting with a digit", "%s attribute name %q is not an identifier", kind, a.Name)
		case person && a.Name == CommunitiesAttr:
			l.errorf(a.Source.At("name"), "remove it: every person has communities: list(string)", "%q is a built-in person attribute", a.Name)
		case seen[a.Name]:
			l.errorf(a.Source.At("name"), "", "duplicate %s attribute %q", kind, a.Name)
		}
		seen[a.Name] = true
		if celType(a.Type) == nil {
			l.errorf(a.Source.At("type"), strings.TrimSpace(jirga.Suggest(a.Type, attributeTypes)+" valid types: "+strings.Join(attributeTypes, ", ")), "unknown type %q for %s attribute %q", a.Type, kind, a.Name)
		}
		if len(a.Values) > 0 && a.Type != jirga.TypeString {
			l.errorf(a.Source.At("values"), "", "only string attributes may list values")
		}
	}
}

var attributeTypes = []string{jirga.TypeBool, jirga.TypeInt, jirga.TypeDouble, jirga.TypeString, jirga.TypeStringList}

func (l *loader) checkTerritories(c *Charter, parties *index[*jirga.Party]) {
	ts := newIndex[*jirga.Territory]("territory", len(c.Territories))
	for _, t := range nonNil(c.Territories) {
		ts.add(l, t.ID, t, &t.Source)
	}
	c.territories = ts.m
	c.children = map[string][]*jirga.Territory{}
	attrTypes := map[string]string{}
	attrValues := map[string][]string{}
	for _, a := range nonNil(c.TerritoryAttributes) {
		attrTypes[a.Name] = a.Type
		attrValues[a.Name] = a.Values
	}
	for _, t := range nonNil(c.Territories) {
		l.checkTerritory(c, t, ts, parties, attrTypes, attrValues)
	}
	l.checkCycles(c)
}

func (l *loader) checkTerritory(c *Charter, t *jirga.Territory, ts *index[*jirga.Territory], parties *index[*jirga.Party], attrTypes map[string]string, attrValues map[string][]string) {
	lv, ok := c.levels[t.Level]
	if !ok {
		l.errorf(t.Source.At("level"), jirga.Suggest(t.Level, c.Levels), "territory %q has unknown level %q", t.ID, t.Level)
	}
	if t.Population < 0 {
		l.errorf(t.Source.At("population"), "", "population of %q cannot be negative", t.ID)
	}
	for i, p := range t.GovernedBy {
		parties.ref(l, &t.Source, fmt.Sprintf("governed_by[%d]", i), p)
	}
	for _, k := range sortedKeys(t.Attributes) {
		want, declared := attrTypes[k]
		if !declared {
			l.errorf(t.Source.At("attributes"), jirga.Suggest(k, sortedKeys(attrTypes)), "territory %q has undeclared attribute %q; declare it under territory_attributes", t.ID, k)
			continue
		}
		if !valueHasType(t.Attributes[k], want) {
			l.errorf(t.Source.At("attributes"), "", "attribute %q of %q must be %s, got %v", k, t.ID, want, t.Attributes[k])
		} else if s, ok := t.Attributes[k].(string); ok && len(attrValues[k]) > 0 && !contains(attrValues[k], s) {
			l.errorf(t.Source.At("attributes"), jirga.Suggest(s, attrValues[k]), "attribute %q of %q is %q, which is not one of its declared values", k, t.ID, s)
		}
	}
	if t.Parent == "" {
		if ok && lv != 0 {
			l.errorf(t.Source.Pos, "name its parent", "territory %q at level %q has no parent", t.ID, t.Level)
		}
		return
	}
	parent, found := ts.ref(l, &t.Source, "parent", t.Parent)
	if !found {
		return
	}
	c.children[parent.ID] = append(c.children[parent.ID], t)
	if plv, pok := c.levels[parent.Level]; pok && ok && plv >= lv {
		l.errorf(t.Source.At("level"), "", "territory %q (%s) must be at a lower level than its parent %q (%s)", t.ID, t.Level, parent.ID, parent.Level)
	}
}

// valueHasType reports whether an attribute value decoded from YAML fits a
// declared type.
func valueHasType(v any, typ string) bool {
	switch v.(type) {
	case bool:
		return typ == jirga.TypeBool
	case int64:
		return typ == jirga.TypeInt || typ == jirga.TypeDouble
	case float64:
		return typ == jirga.TypeDouble
	case string:
		return typ == jirga.TypeString
	case []string:
		return typ == jirga.TypeStringList
	}
	return false
}

// checkCycles reports each cycle in the territory tree once, at every
// territory on it.
func (l *loader) checkCycles(c *Charter) {
	state := map[string]int{} // 0 unvisited, 1 on path, 2 done
	for _, t := range nonNil(c.Territories) {
		var path []*jirga.Territory
		cur := t
		for cur != nil && state[cur.ID] == 0 {
			state[cur.ID] = 1
			path = append(path, cur)
			cur = c.territories[cur.Parent]
		}
		if cur != nil && state[cur.ID] == 1 {
			var ids []string
			start := 0
			for i, p := range path {
				if p == cur {
					start = i
				}
			}
			for _, p := range path[start:] {
				ids = append(ids, p.ID)
			}
			cycle := strings.Join(append(ids, cur.ID), " -> ")
			for _, p := range path[start:] {
				l.errorf(p.Source.At("parent"), "a territory cannot contain itself", "territory cycle: %s", cycle)
			}
		}
		for _, p := range path {
			state[p.ID] = 2
		}
	}
}

func (l *loader) checkDomains(c *Charter) *index[*jirga.Domain] {
	ds := newIndex[*jirga.Domain]("domain", len(c.Domains))
	for _, d := range nonNil(c.Domains) {
		ds.add(l, d.ID, d, &d.Source)
		l.checkCompetence(c, d)
	}
	c.domains = ds.m
	return ds
}

func (l *loader) checkCompetence(c *Charter, d *jirga.Domain) {
	valid := []string{jirga.CompetenceNation, jirga.CompetenceCommunity, jirga.CompetenceConcurrent}
	for _, lv := range c.Levels {
		if !contains(valid, lv) {
			valid = append(valid, lv)
		}
	}
	switch d.Competence {
	case "":
		l.errorf(d.Source.Pos, "one of: "+strings.Join(valid, ", "), "domain %q has no competence", d.ID)
	case jirga.CompetenceCommunity, jirga.CompetenceNation:
	case jirga.CompetenceConcurrent:
		if len(d.Levels) < 2 {
			l.errorf(d.Source.At("competence"), "e.g. levels: [nation, province]", "concurrent domain %q must list at least two levels", d.ID)
		}
		last := -1
		for i, lv := range d.Levels {
			idx := c.LevelIndex(lv)
			at := d.Source.At(fmt.Sprintf("levels[%d]", i))
			if idx < 0 {
				l.errorf(at, jirga.Suggest(lv, c.Levels), "unknown level %q", lv)
			} else if idx <= last {
				l.errorf(at, "list them from the top down", "levels of %q are out of order", d.ID)
			}
			last = max(last, idx)
		}
	default:
		if _, ok := c.levels[d.Competence]; !ok {
			l.errorf(d.Source.At("competence"), jirga.Suggest(d.Competence, valid), "unknown competence %q for domain %q", d.Competence, d.ID)
		}
	}
	if len(d.Levels) > 0 && d.Competence != jirga.CompetenceConcurrent {
		l.errorf(d.Source.At("levels"), "", "levels apply only to concurrent competence")
	}
}

func (l *loader) checkRights(c *Charter, actions *index[*jirga.Action], domains *index[*jirga.Domain]) {
	rs := newIndex[*jirga.Right]("right", len(c.Rights))
	for _, r := range nonNil(c.Rights) {
		rs.add(l, r.ID, r, &r.Source)
		for i, a := range r.Protects {
			actions.ref(l, &r.Source, fmt.Sprintf("protects[%d]", i), a)
		}
		for i, id := range r.NonCoercion {
			field := fmt.Sprintf("non_coercion[%d]", i)
			if d, ok := domains.ref(l, &r.Source, field, id); ok && !d.Belief {
				l.errorf(r.Source.At(field), "mark the domain `belief: true`", "non-coercion applies to belief domains, and %q is not one", id)
			}
		}
		if len(r.Protects) == 0 && len(r.NonCoercion) == 0 {
			l.errorf(r.Source.Pos, "list protects: [actions] or non_coercion: [belief domains]", "right %q guarantees nothing", r.ID)
		}
	}
	c.rights = rs.m
}

// fieldWritten reports whether a key was written, and where.
func fieldWritten(src *jirga.Source, field string) (jirga.Pos, bool) {
	for _, f := range src.Fields {
		if f.Name == field {
			return f.Pos, true
		}
	}
	return src.Pos, false
}
