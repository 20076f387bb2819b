package rules

import (
	"fmt"
	"maps"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/jirga/jirga"
)

// Outcome is the result of a tally: whether the motion passed and, clause by
// clause, why.
type Outcome struct {
	Passed  bool    `json:"passed"`
	Turnout Turnout `json:"turnout"`
	// Clauses lists every node of the rule tree in order (a node before its
	// children); a threshold applied within each of several designations
	// has one child clause per designation.
	Clauses []Clause `json:"clauses"`
}

// Turnout counts the members by the vote they cast.
type Turnout struct {
	Members int `json:"members"`
	Yes     int `json:"yes"`
	No      int `json:"no"`
	Veto    int `json:"veto"`
	Abstain int `json:"abstain"`
	Absent  int `json:"absent"`
}

// Clause is one node of a rule tree, evaluated.
type Clause struct {
	// Path numbers the clause in the tree: "1" is the root, "1.2" its second
	// child.
	Path  string `json:"path"`
	Depth int    `json:"depth"`
	Kind  string `json:"kind"`
	// Label is the rule's label, or a description generated from the rule.
	Label string `json:"label"`
	// Designation is the bloc a threshold was applied within.
	Designation string `json:"designation,omitempty"`
	Held        bool   `json:"held"`

	// For thresholds and quorums: what was counted among which base.
	Weight string `json:"weight,omitempty"`
	Base   string `json:"base,omitempty"`
	Votes  string `json:"votes,omitempty"`
	Strict bool   `json:"strict,omitempty"`
	// Counted is the weight of the counted votes, BaseWeight that of the
	// base (the members of the designation in it, when there is one).
	Counted    *big.Rat `json:"counted,omitempty"`
	BaseWeight *big.Rat `json:"base_weight,omitempty"`
	// Share is the share required (nil for a count); Required the weight it
	// takes: Share × BaseWeight, or the count.
	Share    *big.Rat `json:"share,omitempty"`
	Required *big.Rat `json:"required,omitempty"`
	// Margin is Counted − Required: how far the clause held (≥ 0, or > 0 when
	// strict) or failed. A clause over an empty base fails whatever its
	// margin.
	Margin *big.Rat `json:"margin,omitempty"`
	// MarginFloat and Actual (Counted / BaseWeight, 0 over an empty base)
	// are the nearest floats, for display; both are 0 in all, any and not
	// clauses.
	MarginFloat float64 `json:"margin_float"`
	Actual      float64 `json:"actual"`

	// For vetoes: the players and those whose vote vetoed.
	Players []string `json:"players,omitempty"`
	Vetoed  []string `json:"vetoed,omitempty"`
}

// Tally compiles rule r against body b and tallies votes under it.
func Tally(b *jirga.Body, r *jirga.DecisionRule, votes Votes) (*Outcome, error) {
	c, err := Compile(b, r)
	if err != nil {
		return nil, err
	}
	return c.Tally(votes)
}

// division is a vote resolved to member positions.
type division struct {
	vote     []Vote
	citizens []*Citizens
}

// Tally evaluates the rule on votes. Members without a ballot are absent.
// The tally is exact and deterministic; it fails only on votes that do not
// fit the body (an unknown member, a contradictory ballot) or that the rule
// cannot count (a member without citizen votes under a rule that counts
// them).
func (c *Rule) Tally(votes Votes) (*Outcome, error) {
	d, err := c.resolve(votes)
	if err != nil {
		return nil, err
	}
	t := &tally{rule: c, div: d}
	out := &Outcome{Turnout: d.turnout()}
	out.Passed = t.eval(c.root, "1", 0)
	if len(t.diags) > 0 {
		return nil, &jirga.Error{Code: jirga.EINVALID, Message: "cannot tally these votes", Diagnostics: t.diags}
	}
	out.Clauses = t.clauses
	return out, nil
}

// resolve maps ballots to members, in body order; ballots of non-members
// are reported in id order, so that errors come out in a stable order.
func (c *Rule) resolve(votes Votes) (*division, error) {
	n := len(c.body.Members)
	d := &division{vote: make([]Vote, n), citizens: make([]*Citizens, n)}
	var diags []jirga.Diagnostic
	matched := 0
	for i, id := range c.ids {
		d.vote[i] = Absent
		b, ok := votes[id]
		if !ok {
			continue
		}
		matched++
		v, err := b.cast()
		if err != nil {
			diags = append(diags, jirga.Diagnostic{Pos: b.Pos, Message: fmt.Sprintf("member %q: %v", id, err)})
			continue
		}
		d.vote[i] = v
		if b.Citizens != nil {
			cit := *b.Citizens
			d.citizens[i] = &cit
		}
	}
	if matched < len(votes) {
		for _, id := range slices.Sorted(maps.Keys(votes)) {
			if _, ok := c.index[id]; !ok {
				diags = append(diags, unknownMember(votes[id].Pos, id, c.body.ID, c.ids))
			}
		}
	}
	if len(diags) > 0 {
		return nil, &jirga.Error{Code: jirga.EINVALID, Message: "invalid votes", Diagnostics: diags}
	}
	return d, nil
}

// unknownMember reports a ballot for someone who is not a member.
func unknownMember(at jirga.Pos, id, body string, ids []string) jirga.Diagnostic {
	return jirga.Diagnostic{Pos: at, Message: fmt.Sprintf("%q is not a member of body %q", id, body), Hint: jirga.Suggest(id, ids)}
}

func (d *division) turnout() Turnout {
	t := Turnout{Members: len(d.vote)}
	for _, v := range d.vote {
		switch v {
		case Yes:
			t.Yes++
		case No:
			t.No++
		case NoWithVeto:
			t.Veto++
		case Abstain:
			t.Abstain++
		default:
			t.Absent++
		}
	}
	return t
}

// tally is one evaluation in progress.
type tally struct {
	rule    *Rule
	div     *division
	clauses []Clause
	diags   []jirga.Diagnostic
}

// eval evaluates n, appending its clause and then its children's.
func (t *tally) eval(n *node, path string, depth int) bool {
	at := len(t.clauses)
	t.clauses = append(t.clauses, Clause{Path: path, Depth: depth, Kind: n.kind, Label: n.desc})
	var held bool
	switch n.kind {
	case KindAll, KindAny:
		held = n.kind == KindAll
		for i, child := range n.children {
			h := t.eval(child, path+"."+strconv.Itoa(i+1), depth+1)
			if n.kind == KindAll {
				held = held && h
			} else {
				held = held || h
			}
		}
	case KindNot:
		held = !t.eval(n.children[0], path+".1", depth+1)
	case KindThreshold, KindQuorum:
		held = t.threshold(n, at, path, depth)
	case KindVeto:
		held = t.veto(n.veto, &t.clauses[at])
	}
	t.clauses[at].Held = held
	return held
}

// threshold evaluates a threshold or quorum: within one scope it fills the
// clause at index at; within several designations, it adds one child
// clause per designation and holds when each does.
func (t *tally) threshold(n *node, at int, path string, depth int) bool {
	th := n.th
	t.clauses[at].Weight, t.clauses[at].Base, t.clauses[at].Votes, t.clauses[at].Strict = th.weight.name, th.base, th.votes, th.strict
	if len(th.scopes) == 1 {
		t.clauses[at].Designation = th.scopes[0].designation
		return t.measure(th, th.scopes[0], &t.clauses[at])
	}
	held := true
	for i, s := range th.scopes {
		cl := Clause{Path: path + "." + strconv.Itoa(i+1), Depth: depth + 1, Kind: t.clauses[at].Kind,
			Label: n.parts[i], Designation: s.designation,
			Weight: th.weight.name, Base: th.base, Votes: th.votes, Strict: th.strict}
		cl.Held = t.measure(th, s, &cl)
		t.clauses = append(t.clauses, cl)
		held = held && cl.Held
	}
	return held
}

// inBase reports whether a member who cast v belongs to base.
func inBase(base string, v Vote) bool {
	switch base {
	case jirga.BaseAll:
		return true
	case jirga.BasePresent:
		return v != Absent
	}
	return v == Yes || v == No || v == NoWithVeto
}

// counts reports whether a vote v counts toward votes.
func counts(votes string, v Vote) bool {
	switch votes {
	case jirga.VotesYes:
		return v == Yes
	case jirga.VotesNo:
		return v == No || v == NoWithVeto
	case jirga.VotesNotYes:
		return v != Yes
	case jirga.VotesAbstain:
		return v == Abstain
	case jirga.VotesVeto:
		return v == NoWithVeto
	}
	return v != Absent // present
}

// measure sums the counted and base weights of scope s and fills cl.
func (t *tally) measure(th *threshold, s scope, cl *Clause) bool {
	var counted, base, denom int64
	if th.weight.citizen {
		denom = 1
		var ok bool
		counted, base, ok = t.citizenSums(th, s)
		if !ok {
			return false
		}
	} else {
		denom = th.weight.denom
		for _, i := range s.members {
			v := t.div.vote[i]
			if !inBase(th.base, v) {
				continue
			}
			w := th.weight.w[i]
			base += w // cannot overflow: the total weight fits in int64
			if counts(th.votes, v) {
				counted += w
			}
		}
	}
	cl.Counted = big.NewRat(counted, denom)
	cl.BaseWeight = big.NewRat(base, denom)
	if th.share != nil {
		cl.Share = th.share
		cl.Required = new(big.Rat).Mul(th.share, cl.BaseWeight)
	} else {
		cl.Required = th.count
	}
	cl.Margin = new(big.Rat).Sub(cl.Counted, cl.Required)
	cl.MarginFloat = ratFloat(cl.Margin)
	if base == 0 {
		return false
	}
	cl.Actual = ratFloat(new(big.Rat).Quo(cl.Counted, cl.BaseWeight))
	if th.strict {
		return cl.Margin.Sign() > 0
	}
	return cl.Margin.Sign() >= 0
}

// citizenSums adds up the citizen votes reported by the members of s who
// are in the threshold's base.
func (t *tally) citizenSums(th *threshold, s scope) (counted, base int64, ok bool) {
	ok = true
	for _, i := range s.members {
		v, cit := t.div.vote[i], t.div.citizens[i]
		if v == Absent {
			continue
		}
		if cit == nil {
			t.diags = append(t.diags, jirga.Diagnostic{
				Message: fmt.Sprintf("member %q voted %s but reported no citizen votes, and the rule counts citizen votes", t.rule.ids[i], v),
				Hint:    "give its result as yes and no counts",
			})
			ok = false
			continue
		}
		n := cit.No
		var c int64
		switch th.votes {
		case jirga.VotesYes:
			c = cit.Yes
		case jirga.VotesNo, jirga.VotesNotYes:
			c = cit.No
		case jirga.VotesPresent:
			c = cit.Yes + n
		}
		if cit.Yes > math.MaxInt64-n || base > math.MaxInt64-(cit.Yes+n) || counted > math.MaxInt64-c || c < 0 {
			t.diags = append(t.diags, jirga.Diagnostic{Message: "citizen votes add up to more than the tally can count"})
			return 0, 0, false
		}
		base += cit.Yes + n
		counted += c
	}
	return counted, base, ok
}

// veto evaluates a veto: it holds when no player's vote defeats the motion.
func (t *tally) veto(v *veto, cl *Clause) bool {
	consenting := 0
	for _, i := range v.players {
		cl.Players = append(cl.Players, t.rule.ids[i])
		switch t.div.vote[i] {
		case No, NoWithVeto:
			cl.Vetoed = append(cl.Vetoed, t.rule.ids[i])
		case Abstain, Absent:
			if v.abstainIsVeto {
				cl.Vetoed = append(cl.Vetoed, t.rule.ids[i])
			} else {
				consenting++
			}
		default:
			consenting++
		}
	}
	cl.Counted = big.NewRat(int64(consenting), 1)
	cl.BaseWeight = big.NewRat(int64(len(v.players)), 1)
	cl.Required = cl.BaseWeight
	cl.Margin = new(big.Rat).Sub(cl.Counted, cl.Required)
	cl.MarginFloat = ratFloat(cl.Margin)
	return len(cl.Vetoed) == 0
}

// label sets the descriptions of n and its descendants, once, at compile
// time.
func (c *Rule) label(n *node) {
	n.desc = c.describe(n)
	if n.th != nil && len(n.th.scopes) > 1 {
		for _, s := range n.th.scopes {
			n.parts = append(n.parts, n.desc+" within "+s.designation)
		}
	}
	for _, child := range n.children {
		c.label(child)
	}
}

// describe returns the node's label, or a description of it.
func (c *Rule) describe(n *node) string {
	if n.label != "" {
		return n.label
	}
	switch n.kind {
	case KindAll:
		return "all of"
	case KindAny:
		return "any of"
	case KindNot:
		return "not"
	case KindVeto:
		names := make([]string, len(n.veto.players))
		for i, p := range n.veto.players {
			names[i] = c.ids[p]
		}
		abst := "abstention is not a veto"
		if n.veto.abstainIsVeto {
			abst = "only yes consents"
		}
		return "no veto by " + strings.Join(names, ", ") + " (" + abst + ")"
	}
	return describeThreshold(n.kind, n.th)
}

// describeThreshold writes a threshold as, e.g., "yes > 1/2 of seats
// (base: voting)" or "yes ≥ 9 members".
func describeThreshold(kind string, th *threshold) string {
	cmp := "≥"
	if th.strict {
		cmp = ">"
	}
	w := th.weight.name
	if w == WeightVotes {
		w = "citizen votes"
	}
	var s string
	if th.share != nil {
		s = fmt.Sprintf("%s %s %s of %s (base: %s)", th.votes, cmp, th.amount, w, th.base)
	} else {
		s = fmt.Sprintf("%s %s %s %s (base: %s)", th.votes, cmp, th.amount, w, th.base)
	}
	if kind == KindQuorum {
		s = "quorum: " + s
	}
	if len(th.scopes) == 1 && th.scopes[0].designation != "" {
		s += " within " + th.scopes[0].designation
	}
	return s
}

// Report is a tally's JSON form, as `jirga tally --json` prints it and the
// HTTP API's /api/tally answers: the body and rule, and the outcome.
type Report struct {
	Body string `json:"body"`
	Rule string `json:"rule"`
	*Outcome
}
