package engine

import (
	"github.com/jirga/jirga"
)

// Outcome says what became of a rule or right considered for a question.
type Outcome string

// Outcomes, as they appear in traces.
const (
	Applied         Outcome = "applied"          // the rule bound the person
	ConditionFalse  Outcome = "condition_false"  // its condition did not hold
	VoidUltraVires  Outcome = "void_ultra_vires" // enacted without competence
	VoidRight       Outcome = "void_right"       // a right voids it
	Overridden      Outcome = "overridden"       // a forbid overrode this permit
	Bounded         Outcome = "bounded"          // a higher level's rule bounds it (concurrent competence)
	EvalError       Outcome = "error"            // the condition could not be evaluated
	RightProtects   Outcome = "protects"         // a right protects the action
	RightConscience Outcome = "non_coercion"     // a right limits the domain to members
	DefaultApplies  Outcome = "default"          // no rule applied: the charter's default
)

// Step is one entry of a trace: a rule, a right or the default, and what
// became of it.
type Step struct {
	Rule    *Rule        // the rule considered, or nil
	Right   *jirga.Right // the right considered, or nil
	Outcome Outcome
	By      *Rule // the rule that overrode or bounded this one
	Err     error // why the condition could not be evaluated
}

// Answer is a verdict and the trace that explains it. Reuse an Answer
// across questions to avoid allocating.
type Answer struct {
	Verdict jirga.Verdict
	Trace   []Step
}

// Question is a compiled question: a place, an action and the facts.
type Question struct {
	Place  int
	Action int
	Facts  *Facts
}

// NewQuestion compiles a question, checking every name.
func (e *Engine) NewQuestion(at, action string, facts *Facts) (*Question, error) {
	var errs []FieldError
	t, terr := e.territory(at)
	if terr != nil {
		errs = append(errs, *terr)
	}
	a, aerr := e.action(action)
	if aerr != nil {
		errs = append(errs, *aerr)
	}
	if len(errs) > 0 {
		return nil, questionError(errs)
	}
	if facts == nil {
		facts, _ = e.Facts(nil, nil)
	}
	return &Question{Place: t, Action: a, Facts: facts}, nil
}

// Ask answers a question with its trace, into ans.
func (e *Engine) Ask(q *Question, ans *Answer) {
	ans.Trace = ans.Trace[:0]
	ans.Verdict = e.decide(q.Place, q.Action, q.Facts, ans)
}

// Decide answers a question without a trace. It does not allocate when
// every condition involved compiled natively.
func (e *Engine) Decide(q *Question) jirga.Verdict {
	if e.fastPlace != nil {
		return e.decideFast(q.Place, q.Action, q.Facts)
	}
	return e.decide(q.Place, q.Action, q.Facts, nil)
}

// bound is an applicable rule and its step in the trace (-1 untraced).
type bound struct {
	r    *Rule
	step int
}

func (ans *Answer) add(s Step) int {
	if ans == nil {
		return -1
	}
	ans.Trace = append(ans.Trace, s)
	return len(ans.Trace) - 1
}

func (e *Engine) decide(t, a int, f *Facts, ans *Answer) jirga.Verdict {
	if ans != nil {
		for _, r := range e.protect[a] {
			ans.add(Step{Right: r, Outcome: RightProtects})
		}
		for _, r := range e.belief[a] {
			ans.add(Step{Right: r, Outcome: RightConscience})
		}
	}
	var buf [32]bound
	app := buf[:0]
	en := env{facts: f, place: e.places[t]}
	nA := len(e.actions)
	for _, ti := range e.chain[t] {
		for _, r := range e.byPlace[int(ti)*nA+a] {
			app = e.consider(r, en, app, ans)
		}
	}
	for _, m := range f.comms {
		for _, r := range e.byComm[m*nA+a] {
			app = e.consider(r, en, app, ans)
		}
	}
	if d := e.domain[a]; d != nil && d.Competence == jirga.CompetenceConcurrent {
		app = bindHigher(app, ans)
	}
	return e.combine(a, app, ans)
}

// consider evaluates one candidate rule and appends it to app if it binds.
func (e *Engine) consider(r *Rule, en env, app []bound, ans *Answer) []bound {
	if r.Void != "" {
		ans.add(Step{Rule: r, Outcome: r.Void, Right: r.Right})
		return app
	}
	if r.pred != nil {
		ok, err := r.pred(en)
		if err != nil {
			ans.add(Step{Rule: r, Outcome: EvalError, Err: err})
			return app
		}
		if !ok {
			ans.add(Step{Rule: r, Outcome: ConditionFalse})
			return app
		}
	}
	return append(app, bound{r: r, step: ans.add(Step{Rule: r, Outcome: Applied})})
}

// contradicts reports whether a higher level's effect rules out a lower
// level's: permit and forbid, oblige and forbid.
func contradicts(higher, lower string) bool {
	return (higher == jirga.Forbid) != (lower == jirga.Forbid)
}

// bindHigher applies concurrent competence: a rule contradicted by an
// applicable rule of a higher level is bounded by it and drops out. Every
// applicable rule bounds, including one that is itself bounded, so the
// bounds are found before the list is compacted.
func bindHigher(app []bound, ans *Answer) []bound {
	var byBuf [32]*Rule
	by := byBuf[:0]
	for _, b := range app {
		var h *Rule
		for _, o := range app {
			if o.r.Level >= 0 && o.r.Level < b.r.Level && contradicts(o.r.Effect, b.r.Effect) {
				h = o.r
				break
			}
		}
		by = append(by, h)
	}
	out := app[:0]
	for i, b := range app {
		if by[i] == nil {
			out = append(out, b)
			continue
		}
		if ans != nil && b.step >= 0 {
			ans.Trace[b.step].Outcome, ans.Trace[b.step].By = Bounded, by[i]
		}
	}
	return out
}

// combine turns the binding rules into a verdict: forbid overrides permit,
// oblige implies permitted, oblige with forbid is a conflict, and with no
// rule the charter's default applies (a protected action is never
// forbidden by default).
func (e *Engine) combine(a int, app []bound, ans *Answer) jirga.Verdict {
	var forbid, oblige, permit *Rule
	for _, b := range app {
		switch b.r.Effect {
		case jirga.Forbid:
			if forbid == nil {
				forbid = b.r
			}
		case jirga.Oblige:
			if oblige == nil {
				oblige = b.r
			}
		case jirga.Permit:
			if permit == nil {
				permit = b.r
			}
		}
	}
	if forbid != nil && ans != nil {
		for _, b := range app {
			if b.r.Effect == jirga.Permit && b.step >= 0 {
				ans.Trace[b.step].Outcome, ans.Trace[b.step].By = Overridden, forbid
			}
		}
	}
	switch {
	case forbid != nil && oblige != nil:
		return jirga.Conflict
	case forbid != nil:
		return jirga.Forbidden
	case oblige != nil:
		return jirga.Obliged
	case permit != nil:
		return jirga.Permitted
	}
	ans.add(Step{Outcome: DefaultApplies})
	if e.c.Default == jirga.DefaultForbidden && len(e.protect[a]) == 0 {
		return jirga.Forbidden
	}
	return jirga.Permitted
}
