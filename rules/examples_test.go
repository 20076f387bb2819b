package rules_test

// Tests against the real rules in examples/ and the published results in
// testdata/ (copies of shared/reference, sources inside each file).

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/rules"
)

// loadRule loads an example charter and returns one body and the decision
// rule with the given id.
func loadRule(t *testing.T, example, bodyID, ruleID string) (*jirga.Body, *jirga.DecisionRule) {
	t.Helper()
	c, err := charter.Load("../examples/" + example)
	if err != nil {
		t.Fatalf("load %s: %v", example, err)
	}
	b := c.Body(bodyID)
	if b == nil {
		t.Fatalf("%s has no body %q", example, bodyID)
	}
	for _, r := range b.Rules {
		if r.ID == ruleID {
			return b, r.Rule
		}
	}
	t.Fatalf("body %s has no rule %q", bodyID, ruleID)
	return nil, nil
}

// clause returns the clause with the given label.
func clause(t *testing.T, out *rules.Outcome, label string) rules.Clause {
	t.Helper()
	for _, c := range out.Clauses {
		if c.Label == label {
			return c
		}
	}
	t.Fatalf("no clause %q in %+v", label, out.Clauses)
	return rules.Clause{}
}

// ballots sets every member of b to def, then applies the overrides
// "member=vote".
func ballots(b *jirga.Body, def rules.Vote, overrides ...string) rules.Votes {
	v := rules.Votes{}
	if def != rules.Absent {
		for _, m := range b.Members {
			v[m.ID] = rules.Ballot{Vote: def}
		}
	}
	for _, o := range overrides {
		id, vote, _ := strings.Cut(o, "=")
		if vote == string(rules.Absent) {
			delete(v, id)
			continue
		}
		v[id] = rules.Ballot{Vote: rules.Vote(vote)}
	}
	return v
}

// The UN Security Council, Article 27: a permanent member's abstention is
// not a veto, its "no" is.
func TestUNSecurityCouncil(t *testing.T) {
	t.Parallel()
	b, substantive := loadRule(t, "un-security-council", "security-council", "substantive")
	_, procedural := loadRule(t, "un-security-council", "security-council", "procedural")
	tests := []struct {
		name        string
		votes       rules.Votes
		substantive bool
		procedural  bool
		vetoed      []string
	}{
		{"unanimous", ballots(b, rules.Yes), true, true, nil},
		// The pattern of S/RES/2728 (25 March 2024): 14 in favour, the
		// United States abstaining: adopted.
		{"permanent member abstains", ballots(b, rules.Yes, "united-states=abstain"), true, true, nil},
		{"nine yes, a permanent member abstains", ballots(b, rules.Abstain,
			"china=yes", "france=yes", "united-kingdom=yes", "united-states=yes",
			"bahrain=yes", "colombia=yes", "denmark=yes", "greece=yes", "latvia=yes"), true, true, nil},
		{"permanent member absent", ballots(b, rules.Yes, "russia=absent"), true, true, nil},
		// The pattern of the draft S/2024/173 (20 February 2024): 13 in
		// favour, the United States against, the United Kingdom
		// abstaining: not adopted.
		{"permanent member votes no", ballots(b, rules.Yes, "united-states=no", "united-kingdom=abstain"), false, true, []string{"united-states"}},
		{"two vetoes", ballots(b, rules.Yes, "china=no", "russia=no"), false, true, []string{"china", "russia"}},
		{"eight yes", ballots(b, rules.Abstain,
			"china=yes", "france=yes", "russia=yes", "united-kingdom=yes", "united-states=yes",
			"bahrain=yes", "colombia=yes", "denmark=yes"), false, false, nil},
		// Permanent members have no veto on procedural matters.
		{"nine elected members yes, permanent members no", ballots(b, rules.Yes,
			"china=no", "france=no", "russia=no", "united-kingdom=no", "united-states=no", "somalia=no"),
			false, true, []string{"china", "france", "russia", "united-kingdom", "united-states"}},
	}
	for _, tt := range tests {
		out := mustTally(t, b, substantive, tt.votes)
		if out.Passed != tt.substantive {
			t.Errorf("%s: substantive passed %v, want %v", tt.name, out.Passed, tt.substantive)
		}
		if v := clause(t, out, "no permanent member votes no"); !slices.Equal(v.Vetoed, tt.vetoed) {
			t.Errorf("%s: vetoed by %v, want %v", tt.name, v.Vetoed, tt.vetoed)
		}
		if got := mustTally(t, b, procedural, tt.votes).Passed; got != tt.procedural {
			t.Errorf("%s: procedural passed %v, want %v", tt.name, got, tt.procedural)
		}
	}
	eight := mustTally(t, b, substantive, tests[6].votes)
	if nine := clause(t, eight, "nine affirmative votes"); nine.Margin.Cmp(rat("-1")) != 0 || nine.Required.Cmp(rat("9")) != 0 {
		t.Errorf("eight yes: margin %s of required %s, want -1 of 9", nine.Margin, nine.Required)
	}
}

// EU Council qualified majority (TEU Art. 16(4)) on the 2024 populations.
func TestEUCouncilQMV(t *testing.T) {
	t.Parallel()
	b, qmv := loadRule(t, "eu-council", "council", "qmv")
	const pop65 = "at least 65 % of the population"
	const blocking = "a blocking minority of at least four members"
	// Members in the charter are listed from the most to the least
	// populous.
	largest := func(n int) []string {
		var o []string
		for _, m := range b.Members[:n] {
			o = append(o, m.ID+"=yes")
		}
		return o
	}
	smallest := func(n int) []string {
		var o []string
		for _, m := range b.Members[len(b.Members)-n:] {
			o = append(o, m.ID+"=yes")
		}
		return o
	}
	tests := []struct {
		name      string
		votes     rules.Votes
		passed    bool
		popHeld   bool
		blockHeld bool // a blocking minority of four exists
	}{
		{"unanimous", ballots(b, rules.Yes), true, true, false},
		// Germany, France and Italy hold 46.9 % of the population, more
		// than the 35 % that blocks, but they are only three: the
		// qualified majority is deemed attained.
		{"three large states against", ballots(b, rules.Yes, "de=no", "fr=no", "it=no"), true, false, false},
		{"three large states abstain", ballots(b, rules.Yes, "de=abstain", "fr=abstain", "it=abstain"), true, false, false},
		{"four states against, 47 % of the population", ballots(b, rules.Yes, "de=no", "fr=no", "it=no", "mt=no"), false, false, true},
		{"fifteen largest", ballots(b, rules.No, largest(15)...), true, true, true},
		{"fourteen largest: 55 % of members missed", ballots(b, rules.No, largest(14)...), false, true, true},
		{"fifteen smallest: 65 % of the population missed", ballots(b, rules.No, smallest(15)...), false, false, true},
	}
	for _, tt := range tests {
		out := mustTally(t, b, qmv, tt.votes)
		if out.Passed != tt.passed {
			t.Errorf("%s: passed %v, want %v", tt.name, out.Passed, tt.passed)
		}
		if got := clause(t, out, pop65).Held; got != tt.popHeld {
			t.Errorf("%s: 65 %% clause held %v, want %v", tt.name, got, tt.popHeld)
		}
		if got := clause(t, out, blocking).Held; got != tt.blockHeld {
			t.Errorf("%s: blocking minority %v, want %v", tt.name, got, tt.blockHeld)
		}
	}
	// The population base is the whole Union: 449,206,200 inhabitants.
	out := mustTally(t, b, qmv, tests[1].votes)
	pop := clause(t, out, pop65)
	if pop.BaseWeight.Cmp(rat("449206200")) != 0 {
		t.Errorf("population base %s", pop.BaseWeight)
	}
	// DE+FR+IT = 210,836,700: the other 24 hold 238,369,500, 53.06 %.
	if pop.Counted.Cmp(rat("238369500")) != 0 || math.Abs(pop.Actual-0.5306) > 0.0001 {
		t.Errorf("yes population %s (%.4f)", pop.Counted, pop.Actual)
	}
	if members := clause(t, out, "at least 55 % of the members (15 of 27)"); members.Required.Cmp(rat("297/20")) != 0 {
		t.Errorf("55 %% of 27 is %s, want 14.85", members.Required)
	}
}

func TestEUCouncilOtherRules(t *testing.T) {
	t.Parallel()
	b, qmv72 := loadRule(t, "eu-council", "council", "qmv-72")
	_, unanimity := loadRule(t, "eu-council", "council", "unanimity")
	_, simple := loadRule(t, "eu-council", "council", "simple-majority")
	nos := func(n int) []string { // the n smallest states vote no
		var o []string
		for _, m := range b.Members[len(b.Members)-n:] {
			o = append(o, m.ID+"=no")
		}
		return o
	}
	tests := []struct {
		name  string
		rule  *jirga.DecisionRule
		votes rules.Votes
		want  bool
	}{
		{"72 %: 20 of 27", qmv72, ballots(b, rules.Yes, nos(7)...), true},
		{"72 %: 19 of 27", qmv72, ballots(b, rules.Yes, nos(8)...), false},
		{"unanimity, one abstains", unanimity, ballots(b, rules.Yes, "hu=abstain"), true},
		{"unanimity, one against", unanimity, ballots(b, rules.Yes, "hu=no"), false},
		{"unanimity, everyone abstains", unanimity, ballots(b, rules.Abstain), false},
		{"unanimity without a quorum", unanimity, ballots(b, rules.Absent, "de=yes", "fr=yes"), false},
		{"simple majority: 14", simple, ballots(b, rules.Yes, nos(13)...), true},
		{"simple majority: 13", simple, ballots(b, rules.Yes, nos(14)...), false},
	}
	for _, tt := range tests {
		if got := mustTally(t, b, tt.rule, tt.votes).Passed; got != tt.want {
			t.Errorf("%s: passed %v, want %v", tt.name, got, tt.want)
		}
	}
}

// niDivision is one division in ni-cross-community.json.
type niDivision struct {
	ID               string `json:"id"`
	PublishedOutcome string `json:"published_outcome"`
	Total            niBloc `json:"total"`
	Nationalist      niBloc `json:"nationalist"`
	Unionist         niBloc `json:"unionist"`
	Other            niBloc `json:"other"`
}

type niBloc struct {
	Voted int     `json:"voted"`
	Aye   int     `json:"aye"`
	Pct   float64 `json:"pct"`
}

// mlaAssembly expands the example's Assembly, whose members are party
// blocs, into one member per seat (an MLA) with its party's designation,
// so that a division in which parties split can be tallied.
func mlaAssembly(t *testing.T) *jirga.Body {
	t.Helper()
	b, _ := loadRule(t, "northern-ireland", "assembly", "majority")
	mlas := &jirga.Body{ID: "assembly-mlas", Designations: b.Designations}
	for _, m := range b.Members {
		for i := range m.Seats {
			mlas.Members = append(mlas.Members, &jirga.Member{ID: fmt.Sprintf("%s-%d", m.ID, i+1), Party: m.Party, Seats: 1, Designation: m.Designation})
		}
	}
	return mlas
}

// divisionBallots casts, within each designation, ayes for the first
// members, noes for the next, and leaves the rest absent, so that the
// designation totals are those published.
func divisionBallots(b *jirga.Body, blocs map[string]niBloc) rules.Votes {
	v := rules.Votes{}
	seen := map[string]int{}
	for _, m := range b.Members {
		bloc := blocs[m.Designation]
		k := seen[m.Designation]
		seen[m.Designation]++
		switch {
		case k < bloc.Aye:
			v[m.ID] = rules.Ballot{Vote: rules.Yes}
		case k < bloc.Voted:
			v[m.ID] = rules.Ballot{Vote: rules.No}
		}
	}
	return v
}

// TestNorthernIrelandDivision replays division AIMS-254819 from its
// published designation breakdown: both parallel consent and the weighted
// majority carry it, as the Assembly recorded ("carried by cross community
// consent"), with the published percentages.
func TestNorthernIrelandDivision(t *testing.T) {
	t.Parallel()
	var ref struct {
		Votes []niDivision `json:"votes"`
	}
	readJSON(t, "testdata/ni-cross-community.json", &ref)
	d := ref.Votes[0]
	if d.ID != "AIMS-254819" || !strings.Contains(d.PublishedOutcome, "Carried By Cross Community Consent") {
		t.Fatalf("unexpected reference division %+v", d)
	}
	b := mlaAssembly(t)
	if len(b.Members) != 108 {
		t.Fatalf("%d MLAs, want 108", len(b.Members))
	}
	v := divisionBallots(b, map[string]niBloc{"nationalist": d.Nationalist, "unionist": d.Unionist, "other": d.Other})
	_, pc := loadRule(t, "northern-ireland", "assembly", "parallel-consent")
	_, wm := loadRule(t, "northern-ireland", "assembly", "weighted-majority")
	_, cc := loadRule(t, "northern-ireland", "assembly", "cross-community")
	for name, r := range map[string]*jirga.DecisionRule{"parallel consent": pc, "weighted majority": wm, "cross-community": cc} {
		out := mustTally(t, b, r, v)
		if !out.Passed {
			t.Errorf("%s: failed, but the division was carried by cross-community consent", name)
		}
		if out.Turnout.Yes != d.Total.Aye || out.Turnout.Yes+out.Turnout.No != d.Total.Voted {
			t.Errorf("%s: turnout %+v, want %d ayes of %d", name, out.Turnout, d.Total.Aye, d.Total.Voted)
		}
	}
	// The published percentages, one decimal place.
	out := mustTally(t, b, pc, v)
	pct := func(c rules.Clause) float64 { return math.Round(c.Actual*1000) / 10 }
	if got := pct(out.Clauses[1]); got != d.Total.Pct {
		t.Errorf("overall %.1f %%, published %.1f %%", got, d.Total.Pct)
	}
	for i, want := range []niBloc{d.Nationalist, d.Unionist} {
		c := out.Clauses[3+i]
		if got := pct(c); got != want.Pct || c.BaseWeight.Cmp(rat(fmt.Sprint(want.Voted))) != 0 {
			t.Errorf("%s: %.1f %% of %s voting, published %.1f %% of %d", c.Designation, got, c.BaseWeight, want.Pct, want.Voted)
		}
	}
	other := mustTally(t, b, th(jirga.Threshold{Share: "1/2", Designation: "other"}), v)
	if got := pct(other.Clauses[0]); got != d.Other.Pct {
		t.Errorf("other: %.1f %%, published %.1f %%", got, d.Other.Pct)
	}
}

// TestNorthernIrelandRulesDiffer: with fewer unionist ayes the two
// cross-community rules part ways, and members recorded in both lobbies
// (abstaining) are left out of the percentages.
func TestNorthernIrelandRulesDiffer(t *testing.T) {
	t.Parallel()
	b := mlaAssembly(t)
	_, pc := loadRule(t, "northern-ireland", "assembly", "parallel-consent")
	_, wm := loadRule(t, "northern-ireland", "assembly", "weighted-majority")
	tests := []struct {
		name     string
		unionist niBloc
		pc, wm   bool
	}{
		{"18 of 44 unionists (40.9 %)", niBloc{Voted: 44, Aye: 18}, false, true},
		{"17 of 44 unionists (38.6 %)", niBloc{Voted: 44, Aye: 17}, false, false},
		{"23 of 44 unionists (52.3 %)", niBloc{Voted: 44, Aye: 23}, true, true},
		{"22 of 44 unionists (exactly half)", niBloc{Voted: 44, Aye: 22}, false, true},
	}
	for _, tt := range tests {
		v := divisionBallots(b, map[string]niBloc{"nationalist": {Voted: 35, Aye: 35}, "unionist": tt.unionist, "other": {Voted: 8, Aye: 7}})
		if got := mustTally(t, b, pc, v).Passed; got != tt.pc {
			t.Errorf("%s: parallel consent %v, want %v", tt.name, got, tt.pc)
		}
		if got := mustTally(t, b, wm, v).Passed; got != tt.wm {
			t.Errorf("%s: weighted majority %v, want %v", tt.name, got, tt.wm)
		}
	}
	// 22 ayes of 44 fail parallel consent; with two noes recorded in both
	// lobbies (abstaining), 22 of 42 is a majority.
	v := divisionBallots(b, map[string]niBloc{"nationalist": {Voted: 35, Aye: 35}, "unionist": {Voted: 44, Aye: 22}, "other": {Voted: 8, Aye: 7}})
	v["dup-37"], v["dup-38"] = rules.Ballot{Vote: rules.Abstain}, rules.Ballot{Vote: rules.Abstain}
	if u := b.Members[slices.IndexFunc(b.Members, func(m *jirga.Member) bool { return m.ID == "dup-38" })]; u.Designation != "unionist" {
		t.Fatalf("dup-38 is %s", u.Designation)
	}
	out := mustTally(t, b, pc, v)
	if !out.Passed || out.Clauses[3+1].BaseWeight.Cmp(rat("42")) != 0 {
		t.Errorf("with two abstaining unionists: passed %v, unionist base %s", out.Passed, out.Clauses[4].BaseWeight)
	}
}

// TestNorthernIrelandPartyBlocs tallies the Assembly as the example
// defines it, each party casting its seats.
func TestNorthernIrelandPartyBlocs(t *testing.T) {
	t.Parallel()
	b, cc := loadRule(t, "northern-ireland", "assembly", "cross-community")
	// Unionists 56 seats: DUP 38 yes, UUP 16 no, TUV and the independent
	// no: 38/56 = 67.9 %. Nationalists: SF 29 yes, SDLP 14 no: 67.4 %.
	out := mustTally(t, b, cc, ballots(b, rules.Yes, "uup=no", "tuv=no", "independent=no", "sdlp=no"))
	if !out.Passed {
		t.Errorf("failed: %+v", out.Clauses)
	}
	// The SDLP, Sinn Féin against: no nationalist support at all.
	out = mustTally(t, b, cc, ballots(b, rules.Yes, "sf=no", "sdlp=no"))
	if out.Passed || clause(t, out, "parallel consent").Held || clause(t, out, "weighted majority").Held {
		t.Errorf("passed without nationalists: %+v", out.Clauses)
	}
}

// swissVote636 is the part of swiss-double-majority-636.json the test
// uses.
type swissVote636 struct {
	Vote struct {
		Swissvotes struct {
			Yes        int64   `json:"yes"`
			No         int64   `json:"no"`
			YesPct     float64 `json:"yes_pct"`
			CantonsYes float64 `json:"cantons_yes"`
			CantonsNo  float64 `json:"cantons_no"`
			Valid      int64   `json:"valid"`
			Accepted   bool    `json:"accepted"`
		} `json:"swissvotes"`
		CantonsYes []string `json:"cantons_yes"`
	} `json:"vote_636_2020_11_29"`
}

// TestSwissVote636 replays federal vote 636 (29 November 2020): a popular
// majority of 50.73 % but 8.5 of 23 cantonal votes: rejected.
//
// The reference gives the national totals and which cantons said yes, not
// each canton's counts, and that is all the double majority needs: the
// popular majority is the sum of the counts, the cantonal majority depends
// only on each canton's result. So each yes canton reports a one-vote yes
// majority, each no canton a one-vote no majority, and Zürich and Bern
// carry the remainders of the national yes and no totals.
func TestSwissVote636(t *testing.T) {
	t.Parallel()
	var ref swissVote636
	readJSON(t, "testdata/swiss-double-majority-636.json", &ref)
	sv := ref.Vote.Swissvotes
	b, double := loadRule(t, "switzerland", "people-and-cantons", "double-majority")
	yesCantons := map[string]bool{}
	for _, c := range ref.Vote.CantonsYes {
		yesCantons[strings.Fields(c)[0]] = true
	}
	v := rules.Votes{}
	var yes, no int64
	for _, m := range b.Members {
		c := rules.Citizens{No: 1}
		if yesCantons[m.ID] {
			c = rules.Citizens{Yes: 1}
		}
		v[m.ID] = rules.Ballot{Citizens: &c}
		yes, no = yes+c.Yes, no+c.No
	}
	if len(yesCantons) != 9 || !yesCantons["ZH"] || !yesCantons["BS"] || yesCantons["AG"] {
		t.Fatalf("reference yes cantons %v", ref.Vote.CantonsYes)
	}
	// Zürich (yes) takes the rest of the yes votes, Aargau (no) the rest of
	// the no votes; both keep their result.
	v["ZH"] = rules.Ballot{Citizens: &rules.Citizens{Yes: sv.Yes - (yes - 1), No: 0}}
	v["AG"] = rules.Ballot{Citizens: &rules.Citizens{Yes: 0, No: sv.No - (no - 1)}}

	out := mustTally(t, b, double, v)
	if out.Passed != sv.Accepted {
		t.Errorf("passed %v, published accepted %v", out.Passed, sv.Accepted)
	}
	pop := clause(t, out, "a majority of those who vote (popular majority)")
	if !pop.Held || pop.Counted.Cmp(rat(fmt.Sprint(sv.Yes))) != 0 || pop.BaseWeight.Cmp(rat(fmt.Sprint(sv.Valid))) != 0 {
		t.Errorf("popular majority: %s of %s held %v; published %d yes of %d valid", pop.Counted, pop.BaseWeight, pop.Held, sv.Yes, sv.Valid)
	}
	if got := math.Round(pop.Actual*10000) / 100; got != sv.YesPct {
		t.Errorf("popular yes %.2f %%, published %.2f %%", got, sv.YesPct)
	}
	cantons := clause(t, out, "a majority of the cantons (more than 11.5 of 23)")
	if cantons.Held || cantons.Counted.Cmp(rat(fmt.Sprint(sv.CantonsYes))) != 0 || cantons.BaseWeight.Cmp(rat("23")) != 0 {
		t.Errorf("cantonal majority: %s of %s held %v; published %.1f yes", cantons.Counted, cantons.BaseWeight, cantons.Held, sv.CantonsYes)
	}
	if no, _ := new(big.Rat).Sub(cantons.BaseWeight, cantons.Counted).Float64(); no != sv.CantonsNo {
		t.Errorf("cantons against %.1f, published %.1f", no, sv.CantonsNo)
	}
	// The popular majority alone (Art. 142(1)) would have carried it.
	_, popular := loadRule(t, "switzerland", "people-and-cantons", "popular-majority")
	if !mustTally(t, b, popular, v).Passed {
		t.Errorf("popular majority alone failed")
	}
}

// TestSwissCantonTie: 11.5 cantonal votes to 11.5 is not a majority (as in
// 1975); a tied canton counts for neither side.
func TestSwissCantonTie(t *testing.T) {
	t.Parallel()
	b, double := loadRule(t, "switzerland", "people-and-cantons", "double-majority")
	// Yes: the six half cantons (3) and ZH BE LU UR SZ GL ZG FR (8), plus
	// a tie in SO: 11 of 23.
	yes := map[string]bool{"OW": true, "NW": true, "BS": true, "BL": true, "AR": true, "AI": true,
		"ZH": true, "BE": true, "LU": true, "UR": true, "SZ": true, "GL": true, "ZG": true, "FR": true}
	v := rules.Votes{}
	for _, m := range b.Members {
		c := rules.Citizens{Yes: 1000, No: 10}
		if !yes[m.ID] {
			c = rules.Citizens{Yes: 10, No: 1000}
		}
		v[m.ID] = rules.Ballot{Citizens: &c}
	}
	v["SO"] = rules.Ballot{Citizens: &rules.Citizens{Yes: 500, No: 500}}
	out := mustTally(t, b, double, v)
	if c := out.Clauses[2]; c.Held || c.Counted.Cmp(rat("11")) != 0 {
		t.Errorf("tied Solothurn: %s cantonal votes, held %v", c.Counted, c.Held)
	}
	v["SO"] = rules.Ballot{Citizens: &rules.Citizens{Yes: 501, No: 500}}
	v["BS"] = rules.Ballot{Citizens: &rules.Citizens{Yes: 10, No: 1000}}
	out = mustTally(t, b, double, v)
	if c := out.Clauses[2]; c.Held || c.Counted.Cmp(rat("23/2")) != 0 {
		t.Errorf("11.5 to 11.5: %s cantonal votes, held %v", c.Counted, c.Held)
	}
}

// Cosmos SDK x/gov, v0.50 defaults: quorum 0.334, veto 0.334, threshold 0.5.
func TestCosmosGovernance(t *testing.T) {
	t.Parallel()
	// Powers: a 30, b 20, c 15, d 12, e 10, f 8, g 5 (100 in all).
	b, r := loadRule(t, "cosmos-hub", "validators", "proposal")
	const (
		quorum = "quorum (voted power at least 0.334 of bonded power)"
		veto   = "not vetoed"
		yes    = "yes above 0.5 of non-abstain votes (fails when everyone abstained)"
	)
	tests := []struct {
		name             string
		votes            rules.Votes
		passed           bool
		quorum, vetoHeld bool
		yesHeld          bool
	}{
		{"pass", ballots(b, rules.Absent, "validator-a=yes", "validator-b=yes", "validator-c=no"), true, true, true, true},
		// 20 + 8 + 5 = 33 of 100 < 33.4.
		{"quorum fails", ballots(b, rules.Absent, "validator-b=yes", "validator-f=yes", "validator-g=yes"), false, false, true, true},
		{"everyone abstains", ballots(b, rules.Abstain), false, true, true, false},
		// No-with-veto 35 of 100 voted > 33.4 %: vetoed, although yes
		// has 65 of 100 non-abstain.
		{"vetoed", ballots(b, rules.Yes, "validator-b=veto", "validator-c=veto"), false, true, false, true},
		// Veto 30 of 100 is below the veto threshold; yes 70 of 100 passes.
		{"veto below threshold", ballots(b, rules.Yes, "validator-a=veto"), true, true, true, true},
		// Abstentions count toward quorum and the veto base, not the
		// threshold: yes 20 > no 15 among 35 non-abstaining.
		{"abstentions left out of the threshold", ballots(b, rules.Abstain, "validator-b=yes", "validator-c=no"), true, true, true, true},
		// Yes 20 against no 12 + 8: a tie is not more than half.
		{"tie fails", ballots(b, rules.Absent, "validator-b=yes", "validator-d=no", "validator-f=no", "validator-c=abstain"), false, true, true, false},
	}
	for _, tt := range tests {
		out := mustTally(t, b, r, tt.votes)
		got := [4]bool{out.Passed, clause(t, out, quorum).Held, clause(t, out, veto).Held, clause(t, out, yes).Held}
		if want := [4]bool{tt.passed, tt.quorum, tt.vetoHeld, tt.yesHeld}; got != want {
			t.Errorf("%s: passed/quorum/not vetoed/yes = %v, want %v", tt.name, got, want)
		}
	}
	// 20 + 12 + 5 = 37 of 100 voted: the quorum needs 33.4.
	out := mustTally(t, b, r, ballots(b, rules.Absent, "validator-b=yes", "validator-d=yes", "validator-g=no"))
	if q := clause(t, out, quorum); !q.Held || q.Counted.Cmp(rat("37")) != 0 || q.Required.Cmp(rat("167/5")) != 0 {
		t.Errorf("quorum of 37: held %v counted %s required %s (want 33.4)", q.Held, q.Counted, q.Required)
	}
	if !out.Passed {
		t.Errorf("37 voted, 32 yes: failed")
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
