package rules_test

import (
	"strings"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/rules"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	b := body("china:permanent", "france:permanent", "ghana:elected")
	b.Members[0].Attributes = map[string]float64{"population": 1400}
	tests := []struct {
		name string
		r    *jirga.DecisionRule
		want string // substring of the one expected diagnostic; "" for none
	}{
		{"majority", th(jirga.Threshold{Share: "1/2", Strict: true}), ""},
		{"empty node", &jirga.DecisionRule{}, "empty rule"},
		{"two kinds", &jirga.DecisionRule{Threshold: &jirga.Threshold{Share: "1/2"}, Veto: &jirga.Veto{Players: []string{"china"}}}, "sets threshold and veto"},
		{"empty all", &jirga.DecisionRule{All: []*jirga.DecisionRule{}}, "all: is empty"},
		{"share and count", th(jirga.Threshold{Share: "1/2", Count: "2"}), "sets both share and count"},
		{"neither", th(jirga.Threshold{}), "sets neither share nor count"},
		{"bad share", th(jirga.Threshold{Share: "3/2"}), "more than the whole"},
		{"bad count", th(jirga.Threshold{Count: "nine"}), `"nine" is not a count`},
		{"bad base", th(jirga.Threshold{Share: "1/2", Base: "votng"}), `unknown base "votng" (one of: all, present, voting; did you mean "voting"?)`},
		{"bad votes", th(jirga.Threshold{Share: "1/2", Votes: "yess"}), `unknown votes "yess"`},
		{"abstain among voting", th(jirga.Threshold{Share: "1/2", Votes: "abstain", Base: "voting"}), "always gives 0"},
		{"unknown weight", th(jirga.Threshold{Share: "1/2", Weight: "populaton"}), `unknown weight "populaton": no member of body "b" has such an attribute (did you mean "population"? weights: members, seats, votes, population)`},
		{"weight missing on a member", th(jirga.Threshold{Share: "1/2", Weight: "population"}), `members "france", "ghana" of body "b" have no attribute "population"`},
		{"citizen votes over all", th(jirga.Threshold{Share: "1/2", Weight: "votes", Base: "all"}), "citizen votes have no base all"},
		{"citizen abstentions", th(jirga.Threshold{Share: "1/2", Weight: "votes", Votes: "abstain", Base: "present"}), `citizen votes cannot count "abstain"`},
		{"unknown designation", th(jirga.Threshold{Share: "1/2", Designation: "permanant"}), `unknown designation "permanant" in body "b" (did you mean "permanent"?)`},
		{"designation and each", th(jirga.Threshold{Share: "1/2", Designation: "permanent", Each: []string{"elected"}}), "not both"},
		{"each twice", th(jirga.Threshold{Share: "1/2", Each: []string{"elected", "elected"}}), "listed twice"},
		{"no players", &jirga.DecisionRule{Veto: &jirga.Veto{}}, "veto has no players"},
		{"unknown player", &jirga.DecisionRule{Veto: &jirga.Veto{Players: []string{"frnce"}}}, `veto player "frnce" is not a member of body "b" (did you mean "france"?)`},
		{"player twice", &jirga.DecisionRule{Veto: &jirga.Veto{Players: []string{"china", "china"}}}, "listed twice"},
		{"bad abstain", &jirga.DecisionRule{Veto: &jirga.Veto{Players: []string{"china"}, Abstain: "vetoes"}}, `unknown abstain "vetoes"`},
		{"nil rule", nil, "the rule is empty"},
	}
	for _, tt := range tests {
		ds := rules.Check(b, tt.r)
		switch {
		case tt.want == "" && len(ds) > 0:
			t.Errorf("%s: unexpected %v", tt.name, ds)
		case tt.want != "" && len(ds) != 1:
			t.Errorf("%s: %d diagnostics %v, want one with %q", tt.name, len(ds), ds, tt.want)
		case tt.want != "" && !strings.Contains(ds[0].String(), tt.want):
			t.Errorf("%s: %q, want %q", tt.name, ds[0].String(), tt.want)
		}
	}
	if ds := rules.Check(nil, th(jirga.Threshold{Share: "1/2"})); len(ds) != 1 {
		t.Errorf("nil body: %v", ds)
	}
}

func TestCheckSeats(t *testing.T) {
	t.Parallel()
	r := th(jirga.Threshold{Share: "1/2", Weight: "seats"})
	b := &jirga.Body{ID: "council", Members: []*jirga.Member{{ID: "a"}, {ID: "b"}}}
	if ds := rules.Check(b, r); len(ds) != 1 || !strings.Contains(ds[0].Message, "no member of body \"council\" has any") {
		t.Errorf("no seats: %v", ds)
	}
	// A member without seats weighs nothing; one with seats suffices.
	b.Members[0].Seats = 3
	out, err := rules.Tally(b, r, votes("a=no", "b=yes"))
	if err != nil || out.Passed || out.Clauses[0].BaseWeight.Cmp(rat("3")) != 0 {
		t.Errorf("zero-seat member: %v %+v", err, out)
	}
}

// TestCheckPositions loads a charter whose rules are wrong through the
// charter loader, which calls rules.Check: each problem is reported at the
// line and column of the value at fault.
func TestCheckPositions(t *testing.T) {
	t.Parallel()
	src := `jirga: 1
id: positions
title: Rule errors at their positions
levels: [nation]
bodies:
  - id: council
    name: Council
    designations: [north, south]
    members:
      - {id: alpha, designation: north}
      - {id: beta, designation: south}
    rules:
      - id: one
        rule:
          all:
            - threshold: {share: 7/5, base: voting}
            - threshold: {share: 1/2, each: [north, west]}
            - veto: {players: [alpha, gamma]}
`
	_, err := charter.LoadFiles("pos", []charter.File{{Path: "charter.yaml", Data: []byte(src)}})
	want := []string{
		`pos/charter.yaml:16:34: share "7/5" is more than the whole (1, 100%)`,
		`pos/charter.yaml:17:53: unknown designation "west" in body "council"`,
		`pos/charter.yaml:18:39: veto player "gamma" is not a member of body "council"`,
	}
	for _, w := range want {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in:\n%v", w, err)
		}
	}
}
