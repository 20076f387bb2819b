package engine

import (
	"sort"

	"github.com/jirga/jirga"
)

// Placement is one territory's fit for a person: whether they can live
// there by their own ideals and, if not, why not.
type Placement struct {
	Territory *jirga.Territory
	// Livable: every wanted action is permitted (or obliged) and no refused
	// action is obliged.
	Livable bool
	// Met counts the wants and refusals satisfied there.
	Met      int
	Failures []Failure
}

// Failure is one want or refusal a territory does not satisfy.
type Failure struct {
	Action  string        `json:"action"`
	Wanted  bool          `json:"wanted"` // false: a refusal
	Verdict jirga.Verdict `json:"verdict"`
	// Because lists the rules that decided the verdict.
	Because []TraceEntry `json:"because"`
}

// Where ranks the territories of a level (the deepest level with
// territories when level is "") for a person who wants some actions
// permitted and refuses to be obliged to do others. Livable territories
// come first, then by how many wishes they meet, then by population, then
// in charter order.
func (e *Engine) Where(facts *Facts, wants, refuses []string, level string) ([]Placement, error) {
	var errs []FieldError
	want := e.actionList("wants", wants, &errs)
	refuse := e.actionList("refuses", refuses, &errs)
	if level == "" {
		level = e.deepestLevel()
	} else if e.c.LevelIndex(level) < 0 {
		errs = append(errs, FieldError{Field: "level", Message: "unknown level " + level, Nearest: jirga.NearestN(level, e.c.Levels, 3)})
	}
	if len(errs) > 0 {
		return nil, questionError(errs)
	}
	if facts == nil {
		facts, _ = e.Facts(nil, nil)
	}
	var out []Placement
	var ans Answer
	for i, t := range e.territories {
		if t.Level != level {
			continue
		}
		p := Placement{Territory: t}
		for _, a := range want {
			e.Ask(&Question{Place: i, Action: a, Facts: facts}, &ans)
			if ans.Verdict == jirga.Permitted || ans.Verdict == jirga.Obliged {
				p.Met++
			} else {
				p.Failures = append(p.Failures, e.failure(a, true, &ans))
			}
		}
		for _, a := range refuse {
			e.Ask(&Question{Place: i, Action: a, Facts: facts}, &ans)
			if ans.Verdict != jirga.Obliged && ans.Verdict != jirga.Conflict {
				p.Met++
			} else {
				p.Failures = append(p.Failures, e.failure(a, false, &ans))
			}
		}
		p.Livable = len(p.Failures) == 0
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Livable != b.Livable {
			return a.Livable
		}
		if a.Met != b.Met {
			return a.Met > b.Met
		}
		return a.Territory.Population > b.Territory.Population
	})
	return out, nil
}

func (e *Engine) failure(a int, wanted bool, ans *Answer) Failure {
	f := Failure{Action: e.actions[a].ID, Wanted: wanted, Verdict: ans.Verdict}
	for _, s := range ans.Trace {
		if s.Outcome == Applied && (s.Rule.Effect == jirga.Forbid || s.Rule.Effect == jirga.Oblige) {
			f.Because = append(f.Because, e.entry(s))
		}
		if s.Outcome == DefaultApplies {
			f.Because = append(f.Because, e.entry(s))
		}
	}
	return f
}

func (e *Engine) actionList(field string, ids []string, errs *[]FieldError) []int {
	var out []int
	for _, id := range ids {
		a, err := e.action(id)
		if err != nil {
			err.Field = field
			*errs = append(*errs, *err)
			continue
		}
		out = append(out, a)
	}
	return out
}

func (e *Engine) deepestLevel() string {
	deepest := ""
	best := -1
	for i, t := range e.territories {
		if e.levels[i] > best {
			best, deepest = e.levels[i], t.Level
		}
	}
	return deepest
}
