package engine

import (
	"encoding/json"
	"errors"
	"slices"

	"github.com/jirga/jirga"
)

// AnswerReport is the JSON form of one answered question, as `jirga ask
// --json` and the HTTP API's /api/ask print it.
type AnswerReport struct {
	// ID is the question's own id, echoed when it had one.
	ID      json.RawMessage `json:"id,omitempty"`
	Verdict jirga.Verdict   `json:"verdict"`
	At      string          `json:"at"`
	Action  string          `json:"action"`
	Trace   []TraceEntry    `json:"trace"`
	// Missing names the facts the question did not give that a rule's
	// condition needed: the answer may change once they are given.
	Missing []string `json:"missing,omitempty"`
}

// Report renders an answer to q as its JSON form.
func (e *Engine) Report(q *Question, ans *Answer) AnswerReport {
	trace := e.Entries(ans)
	if trace == nil {
		trace = []TraceEntry{}
	}
	return AnswerReport{
		Verdict: ans.Verdict,
		At:      e.territories[q.Place].ID,
		Action:  e.actions[q.Action].ID,
		Trace:   trace,
		Missing: Missing(ans),
	}
}

// Missing returns the facts, such as "person.sex", whose absence kept a
// rule's condition from being evaluated, in trace order without repeats.
func Missing(ans *Answer) []string {
	var out []string
	for _, s := range ans.Trace {
		if s.Outcome != EvalError {
			continue
		}
		var m *missing
		if errors.As(s.Err, &m) && !slices.Contains(out, m.name) {
			out = append(out, m.name)
		}
	}
	return out
}

// WhereReport is the JSON form of a ranking by Where, as `jirga where
// --json` and the HTTP API's /api/where print it.
type WhereReport struct {
	// Livable counts the territories where every wish is met.
	Livable     int               `json:"livable"`
	Territories []PlacementReport `json:"territories"`
}

// PlacementReport is the JSON form of one Placement, with its rank from 1.
type PlacementReport struct {
	Rank       int       `json:"rank"`
	Territory  string    `json:"territory"`
	Name       string    `json:"name"`
	Livable    bool      `json:"livable"`
	Met        int       `json:"met"`
	Population int64     `json:"population,omitempty"`
	Failures   []Failure `json:"failures"`
}

// NewWhereReport renders a ranking as its JSON form: failures are never
// null, ranks count from 1 in the ranking's order.
func NewWhereReport(places []Placement) WhereReport {
	r := WhereReport{Territories: make([]PlacementReport, len(places))}
	for i, p := range places {
		r.Territories[i] = PlacementReport{Rank: i + 1, Territory: p.Territory.ID, Name: p.Territory.Name,
			Livable: p.Livable, Met: p.Met, Population: p.Territory.Population, Failures: p.Failures}
		if r.Territories[i].Failures == nil {
			r.Territories[i].Failures = []Failure{}
		}
		if p.Livable {
			r.Livable++
		}
	}
	return r
}
