package http

import (
	"encoding/json"
	"net/http"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/apportion"
)

// AllocateRequest is the body of POST /api/allocate: the parties' votes
// and the method, as `jirga allocate` takes them. Votes (and TieVotes)
// are a votes file: a JSON object {"DUP": 36, "SF": 28}, an array
// [{"party": "DUP", "votes": 36}], or a string holding CSV.
type AllocateRequest struct {
	Method    string          `json:"method"`
	Seats     int             `json:"seats"`
	Threshold string          `json:"threshold,omitempty"`
	TieBreak  string          `json:"tie_break,omitempty"`
	TieVotes  json.RawMessage `json:"tie_votes,omitempty"`
	Votes     json.RawMessage `json:"votes"`
}

// handleAllocate serves POST /api/allocate; the answer is
// apportion.ResultJSON, as `jirga allocate --json` prints it.
func (s *Server) handleAllocate(w http.ResponseWriter, r *http.Request) error {
	var req AllocateRequest
	if err := decodeJSON(r, "allocate request", &req); err != nil {
		return err
	}
	if req.Method == "" {
		return jirga.Errorf(jirga.EINVALID, "allocate needs a method: one of %v", apportion.Methods)
	}
	if req.Seats > s.cfg.MaxSeats {
		return jirga.Errorf(jirga.EINVALID, "seats must be at most %d on this server, got %d", s.cfg.MaxSeats, req.Seats)
	}
	tb, err := apportion.ParseTieBreak(req.TieBreak)
	if err != nil {
		return err
	}
	if len(req.TieVotes) > 0 {
		if req.TieBreak == "" {
			tb.Rule = apportion.TieSecondary
		}
		if tb.Rule != apportion.TieSecondary {
			return jirga.Errorf(jirga.EINVALID, "tie_votes goes with tie_break secondary, not %q", req.TieBreak)
		}
		secondary, err := readParties("tie_votes", req.TieVotes)
		if err != nil {
			return err
		}
		tb.Secondary, tb.SecondaryName = map[string]int64{}, "tie_votes"
		for _, p := range secondary {
			tb.Secondary[p.Name] = p.Votes
		}
	} else if tb.Rule == apportion.TieSecondary {
		return jirga.Errorf(jirga.EINVALID, "tie_break secondary needs tie_votes")
	}
	parties, err := readParties("votes", req.Votes)
	if err != nil {
		return err
	}
	res, err := apportion.Allocate(parties, apportion.Options{Method: req.Method, Seats: req.Seats, Threshold: req.Threshold, TieBreak: tb})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res.JSON())
	return nil
}

func readParties(field string, raw json.RawMessage) ([]apportion.Party, error) {
	data, err := fileField(field, raw)
	if err != nil {
		return nil, err
	}
	return apportion.ReadVotes(field, data)
}
