package rules_test

import (
	"errors"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/rules"
)

// body builds a body whose members are named by ids; designations are
// taken from "id:designation".
func body(ids ...string) *jirga.Body {
	b := &jirga.Body{ID: "b"}
	seen := map[string]bool{}
	for _, s := range ids {
		id, d, _ := strings.Cut(s, ":")
		b.Members = append(b.Members, &jirga.Member{ID: id, Designation: d, Seats: 1})
		if d != "" && !seen[d] {
			b.Designations = append(b.Designations, d)
			seen[d] = true
		}
	}
	return b
}

// votes builds Votes from "member=vote" pairs.
func votes(pairs ...string) rules.Votes {
	v := rules.Votes{}
	for _, p := range pairs {
		id, vote, _ := strings.Cut(p, "=")
		v[id] = rules.Ballot{Vote: rules.Vote(vote)}
	}
	return v
}

func th(t jirga.Threshold) *jirga.DecisionRule { return &jirga.DecisionRule{Threshold: &t} }

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	return r
}

func mustTally(t *testing.T, b *jirga.Body, r *jirga.DecisionRule, v rules.Votes) *rules.Outcome {
	t.Helper()
	out, err := rules.Tally(b, r, v)
	if err != nil {
		t.Fatalf("Tally: %v", err)
	}
	return out
}

// TestBases checks the three bases on one division: 2 yes, 1 no, 1
// abstain, 1 absent.
func TestBases(t *testing.T) {
	t.Parallel()
	b := body("a", "b", "c", "d", "e")
	v := votes("a=yes", "b=yes", "c=no", "d=abstain")
	tests := []struct {
		base           string
		counted, total string
		held           bool
		margin         string
	}{
		{jirga.BaseVoting, "2", "3", true, "1/2"}, // 2 > 3/2
		{jirga.BasePresent, "2", "4", false, "0"}, // 2 is not > 2
		{jirga.BaseAll, "2", "5", false, "-1/2"},  // 2 < 5/2
		{"", "2", "3", true, "1/2"},               // default: voting
	}
	for _, tt := range tests {
		out := mustTally(t, b, th(jirga.Threshold{Share: "1/2", Strict: true, Base: tt.base}), v)
		c := out.Clauses[0]
		if c.Held != tt.held || out.Passed != tt.held || c.Counted.Cmp(rat(tt.counted)) != 0 || c.BaseWeight.Cmp(rat(tt.total)) != 0 || c.Margin.Cmp(rat(tt.margin)) != 0 {
			t.Errorf("base %q: held %v counted %s of %s margin %s; want %v %s of %s margin %s",
				tt.base, c.Held, c.Counted, c.BaseWeight, c.Margin, tt.held, tt.counted, tt.total, tt.margin)
		}
	}
	if got := mustTally(t, b, th(jirga.Threshold{Share: "1/2", Base: jirga.BasePresent}), v); !got.Passed {
		t.Errorf("2 of 4 present is at least one half, but failed")
	}
	if got := mustTally(t, b, th(jirga.Threshold{Share: "1/2", Base: jirga.BasePresent}), v).Turnout; got != (rules.Turnout{Members: 5, Yes: 2, No: 1, Abstain: 1, Absent: 1}) {
		t.Errorf("turnout %+v", got)
	}
}

func TestCountedVotes(t *testing.T) {
	t.Parallel()
	b := body("a", "b", "c", "d", "e", "f")
	v := votes("a=yes", "b=no", "c=veto", "d=abstain", "e=abstain")
	tests := []struct {
		votes, base string
		counted     string
		total       string
	}{
		{jirga.VotesYes, jirga.BaseAll, "1", "6"},
		{jirga.VotesNo, jirga.BaseVoting, "2", "3"}, // no and no-with-veto
		{jirga.VotesVeto, jirga.BasePresent, "1", "5"},
		{jirga.VotesAbstain, jirga.BasePresent, "2", "5"},
		{jirga.VotesNotYes, jirga.BaseAll, "5", "6"}, // absent counts as not yes
		{jirga.VotesNotYes, jirga.BaseVoting, "2", "3"},
		{jirga.VotesPresent, jirga.BaseAll, "5", "6"},
	}
	for _, tt := range tests {
		out := mustTally(t, b, th(jirga.Threshold{Count: "1", Votes: tt.votes, Base: tt.base}), v)
		c := out.Clauses[0]
		if c.Counted.Cmp(rat(tt.counted)) != 0 || c.BaseWeight.Cmp(rat(tt.total)) != 0 {
			t.Errorf("votes %s base %s: counted %s of %s, want %s of %s", tt.votes, tt.base, c.Counted, c.BaseWeight, tt.counted, tt.total)
		}
	}
}

// TestEmptyBase: a threshold over nobody fails, even a share of zero (as
// Cosmos SDK fails a proposal on which everyone abstained).
func TestEmptyBase(t *testing.T) {
	t.Parallel()
	b := body("a", "b")
	for _, share := range []string{"1/2", "0"} {
		out := mustTally(t, b, th(jirga.Threshold{Share: share, Base: jirga.BaseVoting}), votes("a=abstain", "b=abstain"))
		if out.Passed || out.Clauses[0].BaseWeight.Sign() != 0 {
			t.Errorf("share %s over an empty base: passed %v, base %s", share, out.Passed, out.Clauses[0].BaseWeight)
		}
	}
}

func TestStrictAndCount(t *testing.T) {
	t.Parallel()
	b := body("a", "b", "c", "d")
	v := votes("a=yes", "b=yes", "c=no", "d=no")
	tests := []struct {
		t    jirga.Threshold
		held bool
	}{
		{jirga.Threshold{Share: "1/2"}, true},
		{jirga.Threshold{Share: "1/2", Strict: true}, false},
		{jirga.Threshold{Count: "2"}, true},
		{jirga.Threshold{Count: "2", Strict: true}, false},
		{jirga.Threshold{Count: "3"}, false},
		{jirga.Threshold{Share: "2/3", Votes: jirga.VotesNo}, false},
		{jirga.Threshold{Share: "1", Votes: jirga.VotesPresent, Base: jirga.BaseAll}, true},
	}
	for _, tt := range tests {
		if out := mustTally(t, b, th(tt.t), v); out.Passed != tt.held {
			t.Errorf("%+v: passed %v, want %v (clause %s)", tt.t, out.Passed, tt.held, out.Clauses[0].Label)
		}
	}
}

func TestVetoAbstention(t *testing.T) {
	t.Parallel()
	b := body("p", "q", "r")
	tests := []struct {
		abstain string
		votes   rules.Votes
		held    bool
		vetoed  []string
	}{
		{"", votes("p=yes", "q=yes"), true, nil},
		{jirga.VetoAbstainIsNotVeto, votes("p=yes", "q=abstain"), true, nil},
		{jirga.VetoAbstainIsNotVeto, votes("p=yes"), true, nil}, // absence is not a veto either
		{jirga.VetoAbstainIsNotVeto, votes("p=yes", "q=no"), false, []string{"q"}},
		{jirga.VetoAbstainIsNotVeto, votes("p=veto", "q=no"), false, []string{"p", "q"}},
		{jirga.VetoAbstainIsVeto, votes("p=yes", "q=abstain"), false, []string{"q"}},
		{jirga.VetoAbstainIsVeto, votes("p=yes"), false, []string{"q"}},
		{jirga.VetoAbstainIsVeto, votes("p=yes", "q=yes", "r=no"), true, nil}, // r holds no veto
	}
	for _, tt := range tests {
		r := &jirga.DecisionRule{Veto: &jirga.Veto{Players: []string{"p", "q"}, Abstain: tt.abstain}}
		out := mustTally(t, b, r, tt.votes)
		if c := out.Clauses[0]; c.Held != tt.held || !reflect.DeepEqual(c.Vetoed, tt.vetoed) {
			t.Errorf("abstain %q, votes %v: held %v vetoed %v, want %v %v", tt.abstain, tt.votes, c.Held, c.Vetoed, tt.held, tt.vetoed)
		}
	}
}

// TestEach applies a threshold within each designation: one clause per
// designation, in the order listed, and the whole holds only if each does.
func TestEach(t *testing.T) {
	t.Parallel()
	b := body("n1:nat", "n2:nat", "u1:uni", "u2:uni", "u3:uni", "o1:oth")
	r := th(jirga.Threshold{Share: "1/2", Strict: true, Each: []string{"uni", "nat"}})
	out := mustTally(t, b, r, votes("n1=yes", "n2=yes", "u1=yes", "u2=no", "u3=no", "o1=no"))
	if out.Passed || len(out.Clauses) != 3 {
		t.Fatalf("passed %v with %d clauses, want failed with 3", out.Passed, len(out.Clauses))
	}
	uni, nat := out.Clauses[1], out.Clauses[2]
	if uni.Designation != "uni" || uni.Held || uni.Counted.Cmp(rat("1")) != 0 || uni.BaseWeight.Cmp(rat("3")) != 0 || uni.Path != "1.1" || uni.Depth != 1 {
		t.Errorf("uni clause %+v", uni)
	}
	if nat.Designation != "nat" || !nat.Held || nat.Counted.Cmp(rat("2")) != 0 {
		t.Errorf("nat clause %+v", nat)
	}
	// A designation restricts to one bloc.
	one := mustTally(t, b, th(jirga.Threshold{Share: "1/2", Strict: true, Designation: "nat"}), votes("n1=yes", "n2=yes"))
	if !one.Passed || one.Clauses[0].Designation != "nat" {
		t.Errorf("designation nat: %+v", one.Clauses[0])
	}
}

func TestTreeOrderAndNot(t *testing.T) {
	t.Parallel()
	b := body("a", "b", "c")
	r := &jirga.DecisionRule{All: []*jirga.DecisionRule{
		{Label: "quorum", Quorum: &jirga.Threshold{Share: "2/3"}},
		{Any: []*jirga.DecisionRule{
			th(jirga.Threshold{Count: "3"}),
			{Not: th(jirga.Threshold{Count: "1", Votes: jirga.VotesNo})},
		}},
	}}
	out := mustTally(t, b, r, votes("a=yes", "b=yes"))
	var paths, kinds []string
	for _, c := range out.Clauses {
		paths = append(paths, c.Path)
		kinds = append(kinds, c.Kind)
	}
	if want := []string{"1", "1.1", "1.2", "1.2.1", "1.2.2", "1.2.2.1"}; !reflect.DeepEqual(paths, want) {
		t.Errorf("paths %v, want %v", paths, want)
	}
	if want := []string{"all", "quorum", "any", "threshold", "not", "threshold"}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("kinds %v, want %v", kinds, want)
	}
	if !out.Passed || out.Clauses[1].Label != "quorum" || out.Clauses[3].Held || !out.Clauses[4].Held {
		t.Errorf("outcome %+v", out)
	}
	if got := out.Clauses[3].Label; got != "yes ≥ 3 members (base: voting)" {
		t.Errorf("generated label %q", got)
	}
}

// TestFractionalWeights uses half votes, scaled exactly: 11.5 of 23 is not
// a majority, 12 is.
func TestFractionalWeights(t *testing.T) {
	t.Parallel()
	b := &jirga.Body{ID: "cantons"}
	for i := range 26 {
		w := 1.0
		if i < 6 {
			w = 0.5
		}
		b.Members = append(b.Members, &jirga.Member{ID: string(rune('a' + i)), Attributes: map[string]float64{"canton_vote": w}})
	}
	r := th(jirga.Threshold{Share: "1/2", Strict: true, Weight: "canton_vote", Base: jirga.BaseAll})
	yes := func(n int) rules.Votes { // the six halves, then full cantons
		v := rules.Votes{}
		for i := range n {
			v[string(rune('a'+i))] = rules.Ballot{Vote: rules.Yes}
		}
		return v
	}
	tie := mustTally(t, b, r, yes(14)) // 6 × ½ + 8 = 11
	if tie.Clauses[0].Counted.Cmp(rat("11")) != 0 || tie.Clauses[0].BaseWeight.Cmp(rat("23")) != 0 || tie.Passed {
		t.Errorf("14 cantons: %s of %s passed %v", tie.Clauses[0].Counted, tie.Clauses[0].BaseWeight, tie.Passed)
	}
	win := mustTally(t, b, r, yes(15)) // 12
	if !win.Passed || win.Clauses[0].Margin.Cmp(rat("1/2")) != 0 {
		t.Errorf("15 cantons: passed %v margin %s", win.Passed, win.Clauses[0].Margin)
	}
	half := mustTally(t, b, th(jirga.Threshold{Count: "11.5", Strict: true, Weight: "canton_vote", Base: jirga.BaseAll}), yes(14))
	if half.Passed || half.Clauses[0].Margin.Cmp(rat("-1/2")) != 0 {
		t.Errorf("count 11.5: passed %v margin %s", half.Passed, half.Clauses[0].Margin)
	}
}

func TestCitizens(t *testing.T) {
	t.Parallel()
	tests := []struct {
		c    rules.Citizens
		want rules.Vote
	}{
		{rules.Citizens{Yes: 2, No: 1}, rules.Yes},
		{rules.Citizens{Yes: 1, No: 2}, rules.No},
		{rules.Citizens{Yes: 7, No: 7}, rules.Abstain},
		{rules.Citizens{}, rules.Abstain},
	}
	for _, tt := range tests {
		if got := tt.c.Vote(); got != tt.want {
			t.Errorf("%+v.Vote() = %s, want %s", tt.c, got, tt.want)
		}
	}
	b := &jirga.Body{ID: "pc", Members: []*jirga.Member{
		{ID: "x", Attributes: map[string]float64{"canton_vote": 1}},
		{ID: "y", Attributes: map[string]float64{"canton_vote": 1}},
		{ID: "z", Attributes: map[string]float64{"canton_vote": 1}},
	}}
	double := &jirga.DecisionRule{All: []*jirga.DecisionRule{
		th(jirga.Threshold{Share: "1/2", Strict: true, Weight: rules.WeightVotes}),
		th(jirga.Threshold{Share: "1/2", Strict: true, Weight: "canton_vote", Base: jirga.BaseAll}),
	}}
	v := rules.Votes{
		"x": {Citizens: &rules.Citizens{Yes: 900, No: 100}},
		"y": {Citizens: &rules.Citizens{Yes: 50, No: 50}}, // tie: not a yes
		"z": {Citizens: &rules.Citizens{Yes: 40, No: 60}},
	}
	out := mustTally(t, b, double, v)
	pop, cant := out.Clauses[1], out.Clauses[2]
	if !pop.Held || pop.Counted.Cmp(rat("990")) != 0 || pop.BaseWeight.Cmp(rat("1200")) != 0 {
		t.Errorf("popular clause: %s of %s held %v", pop.Counted, pop.BaseWeight, pop.Held)
	}
	if cant.Held || cant.Counted.Cmp(rat("1")) != 0 || out.Passed {
		t.Errorf("cantonal clause: %s held %v; passed %v", cant.Counted, cant.Held, out.Passed)
	}
	if out.Turnout != (rules.Turnout{Members: 3, Yes: 1, No: 1, Abstain: 1}) {
		t.Errorf("turnout %+v", out.Turnout)
	}
	// A member that reports no counts cannot be counted in citizen votes.
	_, err := rules.Tally(b, double, rules.Votes{"x": {Vote: rules.Yes}})
	if !hasDiagnostic(err, `member "x" voted yes but reported no citizen votes`) {
		t.Errorf("member without counts: %v", err)
	}
	// A vote that contradicts the member's citizens is refused.
	_, err = rules.Tally(b, double, rules.Votes{"z": {Vote: rules.Yes, Citizens: &rules.Citizens{Yes: 1, No: 2}}})
	if !hasDiagnostic(err, "contradicts its citizens' result") {
		t.Errorf("contradiction: %v", err)
	}
}

func TestTallyRejectsBadVotes(t *testing.T) {
	t.Parallel()
	b := body("china", "france", "russia")
	r := th(jirga.Threshold{Share: "1/2"})
	tests := []struct {
		v    rules.Votes
		want string
	}{
		{votes("chna=yes"), `"chna" is not a member of body "b" (did you mean "china"?)`},
		{votes("france=maybe"), `member "france": unknown vote "maybe"`},
		{rules.Votes{"russia": {Citizens: &rules.Citizens{Yes: -1}}}, "cannot be negative"},
	}
	for _, tt := range tests {
		_, err := rules.Tally(b, r, tt.v)
		if jirga.ErrorCode(err) != jirga.EINVALID || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("votes %v: error %v, want %q", tt.v, err, tt.want)
		}
	}
}

func TestTallyDeterministic(t *testing.T) {
	t.Parallel()
	b := body("n1:nat", "n2:nat", "u1:uni", "u2:uni", "o:oth")
	r := &jirga.DecisionRule{Any: []*jirga.DecisionRule{
		th(jirga.Threshold{Share: "1/2", Strict: true, Each: []string{"nat", "uni"}}),
		{Veto: &jirga.Veto{Players: []string{"o", "n1"}}},
	}}
	v := votes("n1=yes", "n2=no", "u1=yes", "u2=abstain", "o=no")
	first := mustTally(t, b, r, v)
	for range 20 {
		if again := mustTally(t, b, r, v); !reflect.DeepEqual(first, again) {
			t.Fatalf("tallies differ:\n%+v\n%+v", first, again)
		}
	}
}

func hasDiagnostic(err error, substr string) bool {
	var je *jirga.Error
	if !errors.As(err, &je) {
		return false
	}
	for _, d := range je.Diagnostics {
		if strings.Contains(d.String(), substr) {
			return true
		}
	}
	return false
}
