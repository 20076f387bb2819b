package apportion

import (
	"encoding/json"
	"math"
)

// ResultJSON is the JSON form of a Result: exact quotients as strings
// beside their float values.
type ResultJSON struct {
	Method     string      `json:"method"`
	Seats      int         `json:"seats"`
	Threshold  string      `json:"threshold,omitempty"`
	TotalVotes int64       `json:"total_votes"`
	Quota      string      `json:"quota,omitempty"`
	TieBreak   string      `json:"tie_break"`
	Parties    []PartyJSON `json:"parties"`
	Picks      []PickJSON  `json:"picks"`
	Ties       []TieJSON   `json:"ties"`
}

// PartyJSON is a party's outcome in JSON.
type PartyJSON struct {
	Party    string `json:"party"`
	Votes    int64  `json:"votes"`
	Seats    int    `json:"seats"`
	Excluded bool   `json:"excluded,omitempty"`
}

// PickJSON is one pick in JSON; quotient_float is absent when infinite.
type PickJSON struct {
	Rank          int      `json:"rank"`
	Party         string   `json:"party"`
	PartySeat     int      `json:"party_seat"`
	Basis         string   `json:"basis"`
	Divisor       string   `json:"divisor,omitempty"`
	Quotient      string   `json:"quotient"`
	QuotientFloat *float64 `json:"quotient_float,omitempty"`
	Tied          []string `json:"tied,omitempty"`
}

// TieJSON is one tie in JSON.
type TieJSON struct {
	Rank      int      `json:"rank"`
	Parties   []string `json:"parties"`
	Winner    string   `json:"winner"`
	DecidedBy string   `json:"decided_by"`
}

// JSON returns the JSON form of r.
func (r *Result) JSON() ResultJSON {
	out := ResultJSON{Method: r.Method, Seats: r.Seats, Threshold: r.Threshold, TotalVotes: r.TotalVotes, TieBreak: r.TieBreak,
		Parties: []PartyJSON{}, Picks: []PickJSON{}, Ties: []TieJSON{}}
	if r.Quota != nil {
		out.Quota = r.Quota.RatString()
	}
	for _, p := range r.Parties {
		out.Parties = append(out.Parties, PartyJSON{p.Name, p.Votes, p.Seats, p.Excluded})
	}
	for _, p := range r.Picks {
		pj := PickJSON{Rank: p.Rank, Party: p.Party, PartySeat: p.PartySeat, Basis: p.Basis, Divisor: p.Divisor, Quotient: p.QuotientText, Tied: p.Tied}
		if p.Basis != BasisQuota && !math.IsInf(p.QuotientFloat, 0) {
			f := p.QuotientFloat
			pj.QuotientFloat = &f
		}
		out.Picks = append(out.Picks, pj)
	}
	for _, t := range r.Ties {
		out.Ties = append(out.Ties, TieJSON{t.Rank, t.Parties, t.Winner, t.DecidedBy})
	}
	return out
}

// MarshalJSON encodes r in its JSON form.
func (r *Result) MarshalJSON() ([]byte, error) { return json.Marshal(r.JSON()) }
