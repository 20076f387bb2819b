package engine

import (
	"fmt"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
)

// Engine answers questions about one charter. It is immutable once built
// and safe for concurrent use.
type Engine struct {
	c      *charter.Charter
	schema *schema

	territories []*jirga.Territory
	tIndex      map[string]int
	// chain[t] lists t's ancestors from the root down to t itself.
	chain  [][]int32
	places [][]value // place facts per territory
	levels []int     // level index per territory

	actions []*jirga.Action
	aIndex  map[string]int
	domain  []*jirga.Domain // per action
	protect [][]*jirga.Right
	belief  [][]*jirga.Right // non-coercion rights per action

	// byPlace[t*len(actions)+a] lists the rules of laws enacted for
	// territory t on action a; byComm likewise per community.
	byPlace [][]*Rule
	byComm  [][]*Rule

	rules       []*Rule
	nativeCount int // rules whose condition compiled natively

	// The compact index Decide walks (see fast.go), and the distinct
	// compiled conditions it refers to.
	fastPlace [][]crule
	fastComm  [][]crule
	preds     []pred
}

// Rule is a compiled rule and what is statically known of it: whether it is
// void and why.
type Rule struct {
	*jirga.Rule
	Law *jirga.Law
	// Level is the depth of the law's territory, or -1 for a community law.
	Level int
	// Void is non-empty when the rule can never bind: VoidUltraVires or
	// VoidRight, with Why explaining and Right naming the right.
	Void  Outcome
	Why   string
	Right *jirga.Right

	pred pred
	// Texts for traces, built once.
	ref, voidReason, overrides, bounds string
	// jsonHead and jsonTail are the JSON of the rule's trace entries
	// before and after the outcome (renderRule).
	jsonHead, jsonTail []byte
}

// Pos returns the rule's file:line:col.
func (r *Rule) Pos() jirga.Pos { return r.Source.Pos }

// New compiles a charter that charter.Load returned without error.
func New(c *charter.Charter) (*Engine, error) {
	if c == nil || c.Env() == nil {
		return nil, jirga.Errorf(jirga.EINVALID, "engine: charter is not loaded")
	}
	e := &Engine{c: c, schema: newSchema(c), tIndex: map[string]int{}, aIndex: map[string]int{}}
	e.indexTerritories()
	e.indexActions()
	if err := e.indexRules(); err != nil {
		return nil, err
	}
	return e, nil
}

// Charter returns the charter the engine answers for.
func (e *Engine) Charter() *charter.Charter { return e.c }

// Rules returns every compiled rule in load order.
func (e *Engine) Rules() []*Rule { return e.rules }

// NativeRules returns how many rules' conditions run as native predicates.
func (e *Engine) NativeRules() int { return e.nativeCount }

func (e *Engine) indexTerritories() {
	e.territories = e.c.Territories
	for i, t := range e.territories {
		e.tIndex[t.ID] = i
	}
	e.chain = make([][]int32, len(e.territories))
	e.places = make([][]value, len(e.territories))
	e.levels = make([]int, len(e.territories))
	for i, t := range e.territories {
		anc := e.c.Ancestors(t)
		ch := make([]int32, len(anc))
		for j, a := range anc {
			ch[len(anc)-1-j] = int32(e.tIndex[a.ID])
		}
		e.chain[i] = ch
		e.levels[i] = e.c.LevelIndex(t.Level)
		e.places[i] = e.placeFacts(t)
	}
}

func (e *Engine) placeFacts(t *jirga.Territory) []value {
	vals := make([]value, len(e.schema.place))
	for _, sl := range e.schema.place {
		switch sl.attr {
		case "id":
			vals[sl.idx] = value{k: kindString, s: t.ID}
			continue
		case "level":
			vals[sl.idx] = value{k: kindString, s: t.Level}
			continue
		}
		if x, ok := t.Attributes[sl.attr]; ok {
			if v, msg := convert(yamlNumber(x), sl); msg == "" {
				vals[sl.idx] = v
			}
		}
	}
	return vals
}

// PlaceFacts returns the values that place.* variables take in a
// territory, by full name ("place.region"), as conditions see them: an
// attribute of the wrong type is absent. It returns nil for an unknown id.
func (e *Engine) PlaceFacts(id string) map[string]any {
	t, ok := e.tIndex[id]
	if !ok {
		return nil
	}
	out := make(map[string]any, len(e.schema.place))
	for _, sl := range e.schema.place {
		if v := e.places[t][sl.idx]; v.k != kindUnset {
			out[sl.name] = v.native()
		}
	}
	return out
}

// yamlNumber turns YAML's int64 into the float64 convert expects.
func yamlNumber(x any) any {
	if i, ok := x.(int64); ok {
		return float64(i)
	}
	return x
}

func (e *Engine) indexActions() {
	e.actions = e.c.Actions
	n := len(e.actions)
	e.domain = make([]*jirga.Domain, n)
	e.protect = make([][]*jirga.Right, n)
	e.belief = make([][]*jirga.Right, n)
	for i, a := range e.actions {
		e.aIndex[a.ID] = i
		e.domain[i] = e.c.Domain(a.Domain)
	}
	for _, r := range e.c.Rights {
		for _, id := range r.Protects {
			if i, ok := e.aIndex[id]; ok {
				e.protect[i] = append(e.protect[i], r)
			}
		}
		for _, d := range r.NonCoercion {
			for i, a := range e.actions {
				if a.Domain == d {
					e.belief[i] = append(e.belief[i], r)
				}
			}
		}
	}
}

func (e *Engine) indexRules() error {
	nA := len(e.actions)
	e.byPlace = make([][]*Rule, len(e.territories)*nA)
	e.byComm = make([][]*Rule, len(e.c.Communities)*nA)
	memo := map[*charter.Condition]int32{}
	condOf := map[*Rule]int32{}
	for _, law := range e.c.Laws {
		for _, r := range law.Rules {
			cr, err := e.compileRule(law, r, memo)
			if err != nil {
				return err
			}
			condOf[cr] = -1
			if cond := e.c.Condition(r); cond != nil {
				condOf[cr] = memo[cond]
			}
			e.rules = append(e.rules, cr)
			a := e.aIndex[r.Action]
			if law.Territory != "" {
				t := e.tIndex[law.Territory]
				e.byPlace[t*nA+a] = append(e.byPlace[t*nA+a], cr)
			} else {
				m := e.schema.comm[law.Community]
				e.byComm[m*nA+a] = append(e.byComm[m*nA+a], cr)
			}
		}
	}
	e.buildFast(condOf)
	return nil
}

// compileRule compiles one rule; memo numbers the distinct conditions,
// whose predicates e.preds holds.
func (e *Engine) compileRule(law *jirga.Law, r *jirga.Rule, memo map[*charter.Condition]int32) (*Rule, error) {
	if _, ok := e.aIndex[r.Action]; !ok {
		return nil, jirga.Errorf(jirga.EINVALID, "engine: rule %q acts on unknown action %q", r.ID, r.Action)
	}
	cr := &Rule{Rule: r, Law: law, Level: -1}
	if law.Territory != "" {
		cr.Level = e.c.LevelIndex(e.c.Territory(law.Territory).Level)
	}
	cr.Void, cr.Why, cr.Right = e.voidness(law, r)
	cr.ref = law.ID + "/" + r.ID
	switch cr.Void {
	case VoidUltraVires:
		cr.voidReason = "void: ultra vires — " + cr.Why
	case VoidRight:
		cr.voidReason = "void: " + cr.Why
	}
	cr.overrides = "overridden: forbid " + cr.ref + " takes precedence over permit"
	cr.bounds = "bounded by " + cr.ref + ", a rule of a higher level under concurrent competence"
	e.renderRule(cr)
	if cond := e.c.Condition(r); cond != nil {
		id, ok := memo[cond]
		if !ok {
			p, native := e.compileCondition(cond)
			id = int32(len(e.preds))
			memo[cond] = id
			e.preds = append(e.preds, p)
			if native {
				e.nativeCount++
			}
		}
		cr.pred = e.preds[id]
	} else if r.When != "" {
		return nil, jirga.Errorf(jirga.EINVALID, "engine: rule %q has an uncompiled condition", r.ID)
	}
	return cr, nil
}

// territory returns the index of a territory, or a field error naming the
// nearest valid ids.
func (e *Engine) territory(id string) (int, *FieldError) {
	if i, ok := e.tIndex[id]; ok {
		return i, nil
	}
	return 0, &FieldError{Field: "at", Message: fmt.Sprintf("unknown territory %q", id), Nearest: e.nearestTerritories(id)}
}

// nearestTerritories matches ids and names, so "Kandahar" finds AF-KAN.
func (e *Engine) nearestTerritories(id string) []string {
	for _, t := range e.territories {
		if equalFold(t.Name, id) {
			return []string{t.ID}
		}
	}
	return jirga.NearestN(id, e.c.TerritoryIDs(), 3)
}

func (e *Engine) action(id string) (int, *FieldError) {
	if i, ok := e.aIndex[id]; ok {
		return i, nil
	}
	return 0, &FieldError{Field: "action", Message: fmt.Sprintf("unknown action %q", id), Nearest: jirga.NearestN(id, e.c.ActionIDs(), 3)}
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// TerritoriesAt returns the territories of a level, in charter order.
func (e *Engine) TerritoriesAt(level string) []*jirga.Territory {
	var out []*jirga.Territory
	for _, t := range e.territories {
		if t.Level == level {
			out = append(out, t)
		}
	}
	return out
}
