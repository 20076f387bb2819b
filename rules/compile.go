package rules

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/jirga/jirga"
)

// Weights a threshold can count besides a numeric member attribute.
const (
	WeightMembers = "members" // one per member
	WeightSeats   = "seats"   // the member's seats
	WeightVotes   = "votes"   // citizen votes the member reports (cantons)
)

// Node kinds, as clause kinds in a tally.
const (
	KindAll       = "all"
	KindAny       = "any"
	KindNot       = "not"
	KindThreshold = "threshold"
	KindQuorum    = "quorum"
	KindVeto      = "veto"
)

// Rule is a decision rule compiled against one body: shares parsed, weights
// scaled to integers, designations and veto players resolved to members.
// It is immutable and safe for concurrent use.
type Rule struct {
	body  *jirga.Body
	index map[string]int // member id -> position in body.Members
	ids   []string       // member ids in body order
	root  *node
}

// node is one compiled node of a rule tree.
type node struct {
	kind     string
	label    string   // as written; empty when generated
	desc     string   // the label, or the generated description
	parts    []string // for an each-threshold: the label within each designation
	children []*node
	th       *threshold
	veto     *veto
}

// threshold is a compiled threshold or quorum.
type threshold struct {
	share  *big.Rat // nil when count is set
	count  *big.Rat
	amount string // share or count as written, for descriptions
	strict bool
	weight *weighting
	base   string
	votes  string
	// scopes are the member groups the threshold applies to: the whole
	// body, one designation, or each listed designation separately.
	scopes []scope
}

// scope is a set of members, named by designation ("" for the whole body).
type scope struct {
	designation string
	members     []int
}

// weighting is a member weight scaled to integers: member i weighs
// w[i]/denom. Citizen votes have no fixed weight: they come with the ballots.
type weighting struct {
	name    string
	citizen bool
	w       []int64
	denom   int64
}

// veto is a compiled veto.
type veto struct {
	players       []int
	abstainIsVeto bool
}

// Check validates rule r against body b and returns every problem found,
// each at the position of the value at fault. It never panics, whatever
// the input.
func Check(b *jirga.Body, r *jirga.DecisionRule) []jirga.Diagnostic {
	_, diags := compile(b, r)
	return diags
}

// Compile checks rule r against body b and prepares it for tallies and power
// indices. A rule with problems yields an *jirga.Error (code invalid) whose
// diagnostics say where.
func Compile(b *jirga.Body, r *jirga.DecisionRule) (*Rule, error) {
	c, diags := compile(b, r)
	if len(diags) > 0 {
		name := "rule"
		if b != nil && b.ID != "" {
			name = "rule of body " + strconv.Quote(b.ID)
		}
		return nil, &jirga.Error{Code: jirga.EINVALID, Message: "invalid " + name, Diagnostics: diags}
	}
	return c, nil
}

// compiler carries what one compilation needs.
type compiler struct {
	body    *jirga.Body
	rule    *Rule
	weights map[string]*weighting
	diags   []jirga.Diagnostic
}

func compile(b *jirga.Body, r *jirga.DecisionRule) (*Rule, []jirga.Diagnostic) {
	c := &compiler{body: b, weights: map[string]*weighting{}}
	if b == nil {
		c.errorf(jirga.Pos{}, "", "no body to check the rule against")
		return nil, c.diags
	}
	c.rule = &Rule{body: b, index: make(map[string]int, len(b.Members))}
	for i, m := range b.Members {
		if m == nil {
			c.errorf(b.Source.At("members"), "", "member %d of body %q is empty", i+1, b.ID)
			continue
		}
		if _, dup := c.rule.index[m.ID]; dup {
			c.errorf(m.Source.At("id"), "", "duplicate member %q in body %q", m.ID, b.ID)
			continue
		}
		c.rule.index[m.ID] = i
	}
	c.rule.ids = make([]string, len(b.Members))
	for i, m := range b.Members {
		if m != nil {
			c.rule.ids[i] = m.ID
		}
	}
	if len(c.diags) > 0 {
		return nil, c.diags
	}
	if r == nil {
		c.errorf(b.Source.At("rules"), "write a rule such as `threshold: {share: 1/2, strict: true}`", "the rule is empty")
		return nil, c.diags
	}
	c.rule.root = c.node(r, 0)
	if len(c.diags) > 0 {
		return nil, c.diags
	}
	c.rule.label(c.rule.root)
	return c.rule, nil
}

func (c *compiler) errorf(at jirga.Pos, hint, format string, args ...any) {
	c.diags = append(c.diags, jirga.Diagnostic{Pos: at, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// maxDepth bounds the nesting of a rule tree.
const maxDepth = 64

func (c *compiler) node(r *jirga.DecisionRule, depth int) *node {
	if depth > maxDepth {
		c.errorf(r.Source.Pos, "", "rule nested more than %d deep", maxDepth)
		return nil
	}
	var set []string
	if r.All != nil {
		set = append(set, KindAll)
	}
	if r.Any != nil {
		set = append(set, KindAny)
	}
	if r.Not != nil {
		set = append(set, KindNot)
	}
	if r.Threshold != nil {
		set = append(set, KindThreshold)
	}
	if r.Quorum != nil {
		set = append(set, KindQuorum)
	}
	if r.Veto != nil {
		set = append(set, KindVeto)
	}
	switch len(set) {
	case 0:
		c.errorf(r.Source.Pos, "set one of: all, any, not, threshold, quorum, veto", "empty rule")
		return nil
	case 1:
	default:
		c.errorf(r.Source.At(set[1]), "split them under `all:` or `any:`", "a rule node sets exactly one of all, any, not, threshold, quorum, veto; this one sets %s", strings.Join(set, " and "))
		return nil
	}
	n := &node{kind: set[0], label: r.Label}
	switch n.kind {
	case KindAll, KindAny:
		list := r.All
		if n.kind == KindAny {
			list = r.Any
		}
		if len(list) == 0 {
			c.errorf(r.Source.At(n.kind), "list at least one rule", "%s: is empty", n.kind)
		}
		for i, child := range list {
			if child == nil {
				c.errorf(r.Source.At(n.kind), "", "%s[%d] is empty", n.kind, i)
				continue
			}
			n.children = append(n.children, c.node(child, depth+1))
		}
	case KindNot:
		n.children = []*node{c.node(r.Not, depth+1)}
	case KindThreshold:
		n.th = c.threshold(r.Threshold, false)
	case KindQuorum:
		n.th = c.threshold(r.Quorum, true)
	case KindVeto:
		n.veto = c.veto(r.Veto)
	}
	return n
}

var (
	bases     = []string{jirga.BaseAll, jirga.BasePresent, jirga.BaseVoting}
	voteKinds = []string{jirga.VotesYes, jirga.VotesNo, jirga.VotesNotYes, jirga.VotesAbstain, jirga.VotesVeto, jirga.VotesPresent}
)

func (c *compiler) threshold(t *jirga.Threshold, quorum bool) *threshold {
	src := &t.Source
	th := &threshold{strict: t.Strict, base: t.Base, votes: t.Votes}
	kind := "threshold"
	if quorum {
		kind = "quorum"
		if th.base == "" {
			th.base = jirga.BaseAll
		}
		if th.votes == "" {
			th.votes = jirga.VotesPresent
		}
	}
	if th.base == "" {
		th.base = jirga.BaseVoting
	}
	if th.votes == "" {
		th.votes = jirga.VotesYes
	}
	var err error
	switch {
	case t.Share != "" && t.Count != "":
		c.errorf(src.At("count"), "a share is a fraction of the base, a count an absolute amount", "%s sets both share and count", kind)
	case t.Share != "":
		th.amount = strings.TrimSpace(t.Share)
		if th.share, err = ParseShare(t.Share); err != nil {
			c.errorf(src.At("share"), "", "%v", err)
		}
	case t.Count != "":
		th.amount = strings.TrimSpace(t.Count)
		if th.count, err = ParseCount(t.Count); err != nil {
			c.errorf(src.At("count"), "", "%v", err)
		}
	default:
		c.errorf(src.Pos, "e.g. share: 1/2 or count: 9", "%s sets neither share nor count", kind)
	}
	if !slices.Contains(bases, th.base) {
		c.errorf(src.At("base"), "one of: "+strings.Join(bases, ", ")+nearHint(th.base, bases), "unknown base %q", th.base)
	}
	if !slices.Contains(voteKinds, th.votes) {
		c.errorf(src.At("votes"), "one of: "+strings.Join(voteKinds, ", ")+nearHint(th.votes, voteKinds), "unknown votes %q", th.votes)
	}
	if th.base == jirga.BaseVoting && (th.votes == jirga.VotesAbstain) {
		c.errorf(src.At("votes"), "abstentions are left out of base voting; use base present", "counting abstain among those voting always gives 0")
	}
	th.weight = c.weighting(t)
	if th.weight != nil && th.weight.citizen {
		if th.base == jirga.BaseAll {
			c.errorf(src.At("base"), "use base voting: the yes and no votes the members report", "citizen votes have no base all: the electorate is not recorded")
		}
		switch th.votes {
		case jirga.VotesYes, jirga.VotesNo, jirga.VotesNotYes, jirga.VotesPresent:
		default:
			c.errorf(src.At("votes"), "citizen votes are reported as yes and no counts", "citizen votes cannot count %q", th.votes)
		}
	}
	th.scopes = c.scopes(t)
	return th
}

// nearHint returns " (did you mean X?)" when got is a near miss.
func nearHint(got string, valid []string) string {
	if s := jirga.Suggest(got, valid); s != "" {
		return "; " + s
	}
	return ""
}

func (c *compiler) scopes(t *jirga.Threshold) []scope {
	src := &t.Source
	if t.Designation != "" && len(t.Each) > 0 {
		c.errorf(src.At("each"), "designation restricts to one bloc, each applies the threshold in every listed bloc", "set designation or each, not both")
		return nil
	}
	names := t.Each
	fields := make([]string, len(t.Each))
	for i := range t.Each {
		fields[i] = fmt.Sprintf("each[%d]", i)
	}
	if t.Designation != "" {
		names, fields = []string{t.Designation}, []string{"designation"}
	}
	if len(names) == 0 {
		all := make([]int, len(c.body.Members))
		for i := range all {
			all[i] = i
		}
		return []scope{{members: all}}
	}
	var out []scope
	seen := map[string]bool{}
	for i, d := range names {
		at := src.At(fields[i])
		switch {
		case !slices.Contains(c.body.Designations, d):
			hint := cmp.Or(jirga.Suggest(d, c.body.Designations), "declare it in the body's designations")
			c.errorf(at, hint, "unknown designation %q in body %q", d, c.body.ID)
			continue
		case seen[d]:
			c.errorf(at, "", "designation %q listed twice", d)
			continue
		}
		seen[d] = true
		s := scope{designation: d}
		for j, m := range c.body.Members {
			if m.Designation == d {
				s.members = append(s.members, j)
			}
		}
		out = append(out, s)
	}
	return out
}

// weighting resolves and scales the weight a threshold counts, once per
// weight name.
func (c *compiler) weighting(t *jirga.Threshold) *weighting {
	name := t.Weight
	if name == "" {
		name = WeightMembers
	}
	if w, ok := c.weights[name]; ok {
		return w
	}
	at := t.Source.At("weight")
	w := &weighting{name: name}
	if name == WeightVotes {
		w.citizen = true
		c.weights[name] = w
		return w
	}
	values := make([]*big.Rat, len(c.body.Members))
	ok := true
	var missing []*jirga.Member
	for i, m := range c.body.Members {
		switch name {
		case WeightMembers:
			values[i] = big.NewRat(1, 1)
		case WeightSeats:
			// A member without seats (a delegation that counts only where
			// a rule counts members) weighs nothing under seats.
			if m.Seats < 0 {
				c.errorf(m.Source.At("seats"), "", "member %q has negative seats", m.ID)
				ok = false
				continue
			}
			values[i] = big.NewRat(m.Seats, 1)
		default:
			v, has := m.Attributes[name]
			if !has {
				missing = append(missing, m)
				continue
			}
			r, err := attributeRat(v)
			if err != nil {
				c.errorf(m.Source.At("attributes"), "", "attribute %q of member %q: %v", name, m.ID, err)
				ok = false
				continue
			}
			values[i] = r
		}
	}
	if len(missing) > 0 {
		c.missingAttribute(at, name, missing)
		ok = false
	}
	if name == WeightSeats && ok && c.body.SeatsFrom == nil && !slices.ContainsFunc(c.body.Members, func(m *jirga.Member) bool { return m.Seats > 0 }) {
		c.errorf(at, "give the members their seats, or weigh members", "a rule counts seats, but no member of body %q has any", c.body.ID)
		ok = false
	}
	if !ok {
		c.weights[name] = nil
		return nil
	}
	if err := w.scale(values); err != nil {
		c.errorf(at, "", "weight %q: %v", name, err)
		c.weights[name] = nil
		return nil
	}
	c.weights[name] = w
	return w
}

// missingAttribute reports the members that lack the attribute a
// threshold weighs by: an unknown weight when none has it.
func (c *compiler) missingAttribute(at jirga.Pos, name string, missing []*jirga.Member) {
	if len(missing) == len(c.body.Members) {
		c.errorf(at, c.attributeHint(name), "unknown weight %q: no member of body %q has such an attribute", name, c.body.ID)
		return
	}
	var ids []string
	for i, m := range missing {
		if i == 5 {
			ids = append(ids, fmt.Sprintf("and %d more", len(missing)-5))
			break
		}
		ids = append(ids, strconv.Quote(m.ID))
	}
	who, verb := "member", "has"
	if len(missing) > 1 {
		who, verb = "members", "have"
	}
	c.errorf(missing[0].Source.At("attributes"), "a rule weighs by it, so every member needs it", "%s %s of body %q %s no attribute %q", who, strings.Join(ids, ", "), c.body.ID, verb, name)
}

// attributeHint suggests the weights a threshold may name.
func (c *compiler) attributeHint(name string) string {
	valid := []string{WeightMembers, WeightSeats, WeightVotes}
	attrs := map[string]bool{}
	for _, m := range c.body.Members {
		for k := range m.Attributes {
			attrs[k] = true
		}
	}
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		valid = append(valid, k)
	}
	hint := "weights: " + strings.Join(valid, ", ")
	if s := jirga.Suggest(name, valid); s != "" {
		hint = s + " " + hint
	}
	return hint
}

// attributeRat converts a YAML number to the exact decimal it was written
// as: 0.5 is 1/2 and 0.1 is 1/10, not the nearest binary fraction.
func attributeRat(v float64) (*big.Rat, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return nil, fmt.Errorf("weight %v is not a finite, non-negative number", v)
	}
	r, err := parseDecimal(strconv.FormatFloat(v, 'f', -1, 64), true)
	if err != nil {
		return nil, fmt.Errorf("weight %v has more than %d digits", v, maxDigits)
	}
	return r, nil
}

// scale sets w.w and w.denom so that w.w[i]/w.denom == values[i], all in
// int64 with a total that fits too.
func (w *weighting) scale(values []*big.Rat) error {
	lcd := big.NewInt(1)
	var g big.Int
	for _, v := range values {
		d := v.Denom()
		g.GCD(nil, nil, lcd, d)
		lcd.Mul(lcd, new(big.Int).Quo(d, &g))
		if !lcd.IsInt64() {
			return fmt.Errorf("the weights' common denominator is too large")
		}
	}
	w.denom = lcd.Int64()
	w.w = make([]int64, len(values))
	var total, s big.Int
	for i, v := range values {
		s.Mul(v.Num(), new(big.Int).Quo(lcd, v.Denom()))
		total.Add(&total, &s)
		if !s.IsInt64() || !total.IsInt64() {
			return fmt.Errorf("the weights add up to more than %d", int64(math.MaxInt64))
		}
		w.w[i] = s.Int64()
	}
	return nil
}

func (c *compiler) veto(v *jirga.Veto) *veto {
	src := &v.Source
	out := &veto{}
	switch v.Abstain {
	case "", jirga.VetoAbstainIsNotVeto:
	case jirga.VetoAbstainIsVeto:
		out.abstainIsVeto = true
	default:
		valid := []string{jirga.VetoAbstainIsNotVeto, jirga.VetoAbstainIsVeto}
		c.errorf(src.At("abstain"), "one of: "+strings.Join(valid, ", ")+nearHint(v.Abstain, valid), "unknown abstain %q", v.Abstain)
	}
	if len(v.Players) == 0 {
		c.errorf(src.Pos, "list the members who hold a veto", "veto has no players")
	}
	seen := map[string]bool{}
	for i, p := range v.Players {
		at := src.At(fmt.Sprintf("players[%d]", i))
		j, ok := c.rule.index[p]
		switch {
		case !ok:
			c.errorf(at, jirga.Suggest(p, c.rule.ids), "veto player %q is not a member of body %q", p, c.body.ID)
		case seen[p]:
			c.errorf(at, "", "veto player %q listed twice", p)
		default:
			out.players = append(out.players, j)
		}
		seen[p] = true
	}
	return out
}
