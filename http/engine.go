package http

import (
	"net/http"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/engine"
)

// handleAskPost serves POST /api/ask: a question as JSON, {"at":
// ..., "action": ..., "person": {...}, "context": {...}, "id": any}, as in
// `jirga ask --batch`; the answer is engine.AnswerReport.
func (s *Server) handleAskPost(w http.ResponseWriter, r *http.Request) error {
	sn := s.current()
	data, err := readBody(r)
	if err != nil {
		return err
	}
	q, qj, err := sn.engine.ParseQuestion(data)
	if err != nil {
		return err
	}
	sn.answer(w, q, qj.ID)
	return nil
}

// handleAskGet serves GET /api/ask?at=T&action=A&person=JSON&context=JSON.
func (s *Server) handleAskGet(w http.ResponseWriter, r *http.Request) error {
	sn := s.current()
	v := r.URL.Query()
	var errs []string
	if v.Get("at") == "" {
		errs = append(errs, "at (a territory id)")
	}
	if v.Get("action") == "" {
		errs = append(errs, "action (an action id)")
	}
	if len(errs) > 0 {
		return jirga.Errorf(jirga.EINVALID, "ask needs the query parameters %s", strings.Join(errs, " and "))
	}
	facts, err := sn.queryFacts(v.Get("person"), v.Get("context"))
	if err != nil {
		return err
	}
	q, err := sn.engine.NewQuestion(v.Get("at"), v.Get("action"), facts)
	if err != nil {
		return err
	}
	sn.answer(w, q, nil)
	return nil
}

func (sn *snapshot) answer(w http.ResponseWriter, q *engine.Question, id []byte) {
	var ans engine.Answer
	sn.engine.Ask(q, &ans)
	rep := sn.engine.Report(q, &ans)
	rep.ID = id
	writeJSON(w, http.StatusOK, rep)
}

// queryFacts parses the person and context of a GET request, each a JSON
// object or empty.
func (sn *snapshot) queryFacts(person, context string) (*engine.Facts, error) {
	p, err := queryObject("person", person)
	if err != nil {
		return nil, err
	}
	c, err := queryObject("context", context)
	if err != nil {
		return nil, err
	}
	return sn.engine.Facts(p, c)
}

func queryObject(what, v string) (map[string]any, error) {
	if v == "" {
		return nil, nil
	}
	return engine.ParseObject(what, []byte(v))
}

// WhereRequest is the body of POST /api/where.
type WhereRequest struct {
	Person  map[string]any `json:"person"`
	Context map[string]any `json:"context,omitempty"`
	// Wants are actions the person wants permitted; Refuses actions the
	// person must not be obliged to do.
	Wants   []string `json:"wants"`
	Refuses []string `json:"refuses,omitempty"`
	// Level ranks territories of this level (default: the deepest).
	Level string `json:"level,omitempty"`
}

// handleWherePost serves POST /api/where with a WhereRequest.
func (s *Server) handleWherePost(w http.ResponseWriter, r *http.Request) error {
	sn := s.current()
	var req WhereRequest
	if err := decodeJSON(r, "where request", &req); err != nil {
		return err
	}
	facts, err := sn.engine.Facts(req.Person, req.Context)
	if err != nil {
		return err
	}
	return sn.where(w, facts, req.Wants, req.Refuses, req.Level)
}

// handleWhereGet serves GET
// /api/where?person=JSON&wants=A,B&refuses=C&level=L.
func (s *Server) handleWhereGet(w http.ResponseWriter, r *http.Request) error {
	sn := s.current()
	v := r.URL.Query()
	facts, err := sn.queryFacts(v.Get("person"), v.Get("context"))
	if err != nil {
		return err
	}
	return sn.where(w, facts, splitList(v["wants"]), splitList(v["refuses"]), v.Get("level"))
}

func (sn *snapshot) where(w http.ResponseWriter, facts *engine.Facts, wants, refuses []string, level string) error {
	if len(wants) == 0 && len(refuses) == 0 {
		return jirga.Errorf(jirga.EINVALID, "where needs wants or refuses: the actions the person wants permitted, or refuses to be obliged to do")
	}
	places, err := sn.engine.Where(facts, wants, refuses, level)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, engine.NewWhereReport(places))
	return nil
}

// splitList reads a repeatable, comma-separated query parameter.
func splitList(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}
