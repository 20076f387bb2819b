package power

import (
	"encoding/json"
	"math/big"
)

// PlayerJSON is the JSON form of a PlayerPower: rationals as exact strings
// ("106/635") beside their float values, counts as exact JSON numbers.
type PlayerJSON struct {
	ID                   string      `json:"id"`
	Banzhaf              string      `json:"banzhaf,omitempty"`
	BanzhafFloat         *float64    `json:"banzhaf_float,omitempty"`
	BanzhafCI            *Interval   `json:"banzhaf_ci,omitempty"`
	BanzhafAbsolute      string      `json:"banzhaf_absolute,omitempty"`
	BanzhafAbsoluteFloat *float64    `json:"banzhaf_absolute_float,omitempty"`
	BanzhafAbsoluteCI    *Interval   `json:"banzhaf_absolute_ci,omitempty"`
	ShapleyShubik        string      `json:"shapley_shubik,omitempty"`
	ShapleyShubikFloat   *float64    `json:"shapley_shubik_float,omitempty"`
	ShapleyShubikCI      *Interval   `json:"shapley_shubik_ci,omitempty"`
	Swings               json.Number `json:"swings,omitempty"`
	Veto                 bool        `json:"veto"`
	Dummy                bool        `json:"dummy"`
}

// ResultJSON is the JSON form of a Result. The CLI embeds it beside the
// body and rule it analysed.
type ResultJSON struct {
	Members                    []PlayerJSON `json:"members"`
	VetoPlayers                []string     `json:"veto_players"`
	Dummies                    []string     `json:"dummies"`
	MinimalWinningCoalitions   json.Number  `json:"minimal_winning_coalitions,omitempty"`
	SmallestBlockingSize       int          `json:"smallest_blocking_size,omitempty"`
	SmallestBlockingCount      json.Number  `json:"smallest_blocking_count,omitempty"`
	SmallestBlockingCoalitions [][]string   `json:"smallest_blocking_coalitions"`
	Method                     string       `json:"method"`
	Exact                      bool         `json:"exact"`
	Samples                    int          `json:"samples,omitempty"`
	Seed                       *uint64      `json:"seed,omitempty"`
	Confidence                 float64      `json:"confidence,omitempty"`
	Notes                      []string     `json:"notes,omitempty"`
}

// JSON returns the JSON form of r.
func (r *Result) JSON() ResultJSON {
	out := ResultJSON{
		VetoPlayers:                nonNil(r.Veto),
		Dummies:                    nonNil(r.Dummies),
		MinimalWinningCoalitions:   number(r.MinimalWinning),
		SmallestBlockingSize:       r.SmallestBlockingSize,
		SmallestBlockingCount:      number(r.SmallestBlockingCount),
		SmallestBlockingCoalitions: r.SmallestBlocking,
		Method:                     r.Method,
		Exact:                      r.Exact,
		Notes:                      r.Notes,
	}
	if out.SmallestBlockingCoalitions == nil {
		out.SmallestBlockingCoalitions = [][]string{}
	}
	if !r.Exact {
		seed := r.Seed
		out.Samples, out.Seed, out.Confidence = r.Samples, &seed, 0.95
	}
	for _, p := range r.Players {
		pj := PlayerJSON{ID: p.ID, Swings: number(p.Swings), Veto: p.Veto, Dummy: p.Dummy,
			BanzhafCI: p.BanzhafCI, BanzhafAbsoluteCI: p.BanzhafAbsoluteCI, ShapleyShubikCI: p.ShapleyShubikCI}
		pj.Banzhaf, pj.BanzhafFloat = ratForms(p.Banzhaf)
		pj.BanzhafAbsolute, pj.BanzhafAbsoluteFloat = ratForms(p.BanzhafAbsolute)
		pj.ShapleyShubik, pj.ShapleyShubikFloat = ratForms(p.ShapleyShubik)
		out.Members = append(out.Members, pj)
	}
	return out
}

// MarshalJSON encodes r in its JSON form.
func (r *Result) MarshalJSON() ([]byte, error) { return json.Marshal(r.JSON()) }

func ratForms(r *big.Rat) (string, *float64) {
	if r == nil {
		return "", nil
	}
	f, _ := r.Float64()
	return r.RatString(), &f
}

func number(x *big.Int) json.Number {
	if x == nil {
		return ""
	}
	return json.Number(x.String())
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Report is the JSON form of a body's power under one of its rules, as
// `jirga power --json` prints it and the HTTP API's /api/power answers.
type Report struct {
	Body string `json:"body"`
	Rule string `json:"rule"`
	ResultJSON
}
