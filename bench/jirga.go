package bench

import (
	"fmt"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/internal/gen"
)

// Jirga is the workload compiled for jirga's engine.
type Jirga struct {
	Engine *engine.Engine
	w      *gen.Workload
}

// NewJirga loads the workload's charter and compiles it.
func NewJirga(w *gen.Workload) (*Jirga, error) {
	files := w.Files()
	cf := make([]charter.File, len(files))
	for i, f := range files {
		cf[i] = charter.File(f)
	}
	c, err := charter.LoadFiles("bench", cf)
	if err != nil {
		return nil, fmt.Errorf("load generated charter: %w", err)
	}
	e, err := engine.New(c)
	if err != nil {
		return nil, fmt.Errorf("compile generated charter: %w", err)
	}
	return &Jirga{Engine: e, w: w}, nil
}

// Question compiles q: its facts and the indices of its place and action.
func (j *Jirga) Question(q gen.Question) (*engine.Question, error) {
	facts, err := j.Engine.Facts(j.w.PersonFacts(q), j.w.ContextFacts(q))
	if err != nil {
		return nil, err
	}
	return j.Engine.NewQuestion(j.w.Territories[q.Place].ID, q.Action, facts)
}

// Allowed reports whether a verdict lets the person act.
func Allowed(v jirga.Verdict) bool {
	return v == jirga.Permitted || v == jirga.Obliged
}
