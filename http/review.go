package http

import (
	"net/http"
	"sync"

	"github.com/jirga/jirga/review"
)

// ReviewReport is the body of GET /api/review, as `jirga review --json`
// prints it.
type ReviewReport struct {
	Findings []review.Finding `json:"findings"`
	Summary  review.Summary   `json:"summary"`
}

// reviewOnce computes the charter's review once: it depends on the
// charter alone.
type reviewOnce struct {
	once     sync.Once
	findings []review.Finding
}

// handleReview serves GET /api/review[?min=warning][&law=ID][&code=C].
func (s *Server) handleReview(w http.ResponseWriter, r *http.Request) error {
	sn := s.current()
	q := r.URL.Query()
	min := review.Info
	if v := q.Get("min"); v != "" {
		var err error
		if min, err = review.ParseSeverity(v); err != nil {
			return err
		}
	}
	law, code := q.Get("law"), q.Get("code")
	if law != "" && sn.charter.Law(law) == nil {
		return unknown("law", law, lawIDs(sn.charter))
	}
	sn.review.once.Do(func() { sn.review.findings = review.Review(sn.charter, sn.engine) })
	out := []review.Finding{}
	for _, f := range review.AtLeast(sn.review.findings, min) {
		if (law == "" || f.Law == law) && (code == "" || f.Code == code) {
			out = append(out, f)
		}
	}
	writeJSON(w, http.StatusOK, ReviewReport{Findings: out, Summary: review.Summarize(out)})
	return nil
}
