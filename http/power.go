package http

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/power"
	"github.com/jirga/jirga/rules"
)

// PowerReport is the body of GET /api/power: the power indices of a body's
// members under one of its decision rules, in the form `jirga power
// --json` prints.
type PowerReport = power.Report

// powerKey identifies a cached exact power computation.
type powerKey struct{ body, rule string }

// handlePower serves GET
// /api/power?body=B&rule=R[&estimate=true&samples=N&seed=S].
func (s *Server) handlePower(w http.ResponseWriter, r *http.Request) error {
	sn := s.current()
	q := r.URL.Query()
	b, br, err := sn.bodyRule(q.Get("body"), q.Get("rule"))
	if err != nil {
		return err
	}
	var opt power.Options
	if opt.Estimate, err = boolParam(q.Get("estimate"), "estimate"); err != nil {
		return err
	}
	if v := q.Get("samples"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 || n > s.cfg.MaxSamples {
			return jirga.Errorf(jirga.EINVALID, "samples must be a whole number from 1 to %d, got %q", s.cfg.MaxSamples, v)
		}
		opt.Samples = n
	}
	opt.Seed = 1
	if v := q.Get("seed"); v != "" {
		if opt.Seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			return jirga.Errorf(jirga.EINVALID, "seed must be a non-negative whole number, got %q", v)
		}
	}
	if !opt.Estimate {
		opt.Samples, opt.Seed = 0, 0
	}
	data, err := s.computePower(r.Context(), sn, b, br, opt)
	if err != nil {
		return err
	}
	writeJSONBytes(w, http.StatusOK, data)
	return nil
}

// computePower computes a PowerReport, one computation at a time so that a
// burst of requests cannot take every core, and gives up waiting when the
// request's context ends (the computation then finishes in the background
// and, if exact, is cached for the next request). Exact results depend on
// the charter alone and are cached; estimates, whose seeds are unbounded,
// are not.
func (s *Server) computePower(ctx context.Context, sn *snapshot, b *jirga.Body, br *jirga.BodyRule, opt power.Options) ([]byte, error) {
	key := powerKey{b.ID, br.ID}
	if !opt.Estimate {
		if cached, ok := sn.power.Load(key); ok {
			return cached.([]byte), nil
		}
	}
	select {
	case s.powerSlot <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		defer func() { <-s.powerSlot }()
		if !opt.Estimate {
			if cached, ok := sn.power.Load(key); ok {
				done <- result{cached.([]byte), nil}
				return
			}
		}
		data, err := powerReport(b, br, opt)
		if err == nil && !opt.Estimate {
			sn.power.Store(key, data)
		}
		done <- result{data, err}
	}()
	select {
	case r := <-done:
		return r.data, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// powerReport computes and encodes the indices of a body's rule.
func powerReport(b *jirga.Body, br *jirga.BodyRule, opt power.Options) ([]byte, error) {
	g, err := rules.Game(b, br.Rule)
	if err != nil {
		return nil, err
	}
	res, err := power.Compute(g, opt)
	if err != nil {
		return nil, err
	}
	return json.Marshal(PowerReport{Body: b.ID, Rule: br.ID, ResultJSON: res.JSON()})
}

// bodyRule finds a body by id and one of its rules by id or by a proposal
// kind it decides; a body with one rule needs none named.
func (sn *snapshot) bodyRule(bodyID, ruleID string) (*jirga.Body, *jirga.BodyRule, error) {
	ids := bodyIDs(sn.charter)
	if bodyID == "" {
		return nil, nil, jirga.Errorf(jirga.EINVALID, "name the body: one of %s", strings.Join(ids, ", "))
	}
	b := sn.charter.Body(bodyID)
	if b == nil {
		return nil, nil, notFound("body", bodyID, ids)
	}
	ruleIDs := charter.IDs(b.Rules, func(r *jirga.BodyRule) string { return r.ID })
	if ruleID == "" {
		if len(b.Rules) == 1 {
			return b, b.Rules[0], nil
		}
		return nil, nil, jirga.Errorf(jirga.EINVALID, "name the rule of body %q: one of %s", b.ID, strings.Join(ruleIDs, ", "))
	}
	for _, r := range b.Rules {
		if r.ID == ruleID {
			return b, r, nil
		}
	}
	for _, r := range b.Rules {
		for _, k := range r.Kinds {
			if k == ruleID {
				return b, r, nil
			}
		}
	}
	return nil, nil, jirga.Errorf(jirga.ENOTFOUND, "body %q has no rule %q%s; rules: %s", b.ID, ruleID, didYouMean(ruleID, ruleIDs), strings.Join(ruleIDs, ", "))
}

// boolParam reads an optional boolean query parameter.
func boolParam(v, name string) (bool, error) {
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, jirga.Errorf(jirga.EINVALID, "%s must be true or false, got %q", name, v)
	}
	return b, nil
}

// TallyRequest is the body of POST /api/tally: a division of a body under
// one of its rules. Votes is a votes file as `jirga tally` reads it: a
// JSON object or array, or a string holding CSV.
type TallyRequest struct {
	Body  string          `json:"body"`
	Rule  string          `json:"rule"`
	Votes json.RawMessage `json:"votes"`
}

// TallyReport is the body of a tally's answer, as `jirga tally --json`
// prints it.
type TallyReport = rules.Report

// handleTally serves POST /api/tally.
func (s *Server) handleTally(w http.ResponseWriter, r *http.Request) error {
	sn := s.current()
	var req TallyRequest
	if err := decodeJSON(r, "tally request", &req); err != nil {
		return err
	}
	b, br, err := sn.bodyRule(req.Body, req.Rule)
	if err != nil {
		return err
	}
	data, err := fileField("votes", req.Votes)
	if err != nil {
		return err
	}
	votes, err := rules.ReadVotes("votes", data, b)
	if err != nil {
		return err
	}
	out, err := rules.Tally(b, br.Rule, votes)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, TallyReport{Body: b.ID, Rule: br.ID, Outcome: out})
	return nil
}

// fileField returns the content of a request field that holds a file: the
// JSON value itself, or the text of a JSON string (CSV).
func fileField(name string, raw json.RawMessage) ([]byte, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, jirga.Errorf(jirga.EINVALID, "%s is required: a JSON object or array, or a string holding CSV", name)
	}
	if raw[0] == '"' {
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return nil, jirga.Errorf(jirga.EINVALID, "%s: %v", name, err)
		}
		return []byte(text), nil
	}
	return raw, nil
}
