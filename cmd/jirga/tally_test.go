package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/jirga/jirga/rules"
)

func TestTally(t *testing.T) {
	t.Parallel()
	unsc := "../../examples/un-security-council"
	abstains := writeTemp(t, "abstains.csv", "member,vote\n# nine yes, one permanent member abstains, five members absent\nchina,yes\nfrance,yes\nrussia,yes\nunited-kingdom,yes\nunited-states,abstain\nbahrain,yes\ncolombia,yes\ncongo-dr,yes\ndenmark,yes\ngreece,yes\n")
	vetoed := writeTemp(t, "vetoed.json", `{"china": "yes", "france": "yes", "russia": "no", "united-kingdom": "yes", "united-states": "yes",
 "bahrain": "yes", "colombia": "yes", "congo-dr": "yes", "denmark": "yes", "greece": "yes"}`)
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
		code  int
		want  []string
	}{
		{"abstention is not a veto", []string{"tally", unsc, "--body", "security-council", "--rule", "substantive", "--votes", abstains}, "", 0, []string{
			"PASSED — security-council / substantive: Substantive decision (Article 27(3))",
			"turnout: 15 members — 9 yes, 0 no, 0 no with veto, 1 abstain, 5 absent",
			"  held    nine affirmative votes: 9 of 15 (60.00 %); needs 9; margin 0",
			"  held    no permanent member votes no: no veto (5 of 5 players consent)",
		}},
		{"a veto fails the motion, exit 0", []string{"tally", unsc, "--body", "security-council", "--rule", "substantive", "--votes", vetoed}, "", 0, []string{
			"FAILED — security-council / substantive",
			"  FAIL    no permanent member votes no: vetoed by russia",
			"  held    nine affirmative votes: 9 of 15 (60.00 %); needs 9; margin 0",
		}},
		{"rule by proposal kind, votes on stdin", []string{"tally", unsc, "--body", "security-council", "--rule", "motion", "--votes", "-"}, "russia,no\nchina,yes\n", 0, []string{
			"FAILED — security-council / procedural", "nine affirmative votes: 1 of 15 (6.67 %); needs 9; margin -8",
		}},
		{"citizen counts, half cantons", []string{"tally", "../../examples/switzerland", "--rule", "double-majority", "--votes", "-"}, "member,yes,no\nZH,1000,2\nBS,3,1\nGE,2,3\n", 0, []string{
			"FAILED — people-and-cantons / double-majority",
			"held    a majority of those who vote (popular majority): 1005 of 1011 (99.41 %); needs more than 505.5; margin +499.5",
			"FAIL    a majority of the cantons (more than 11.5 of 23): 1.5 of 23 (6.52 %); needs more than 11.5; margin -10",
		}},
		{"unknown member and bad vote at file:line:col", []string{"tally", unsc, "--body", "security-council", "--rule", "substantive", "--votes", "-"}, "china,yes\nfrnce,no\nrussia,mayb\n", 1, []string{
			`<stdin>:2:1: "frnce" is not a member of body "security-council" (did you mean "france"?)`,
			`<stdin>:3:8: unknown vote "mayb"`,
		}},
		{"unknown body", []string{"tally", unsc, "--body", "securty-council", "--rule", "substantive", "--votes", "-"}, "", 1, []string{
			`unknown body "securty-council" (did you mean "security-council"?)`,
		}},
		{"unknown rule", []string{"tally", unsc, "--rule", "substantve", "--votes", "-"}, "", 1, []string{
			`body "security-council" has no rule "substantve" (did you mean "substantive"?); rules: substantive, procedural`,
		}},
		{"rule needed", []string{"tally", unsc, "--votes", "-"}, "", 2, []string{"tally needs --rule: one of substantive, procedural"}},
		{"votes needed", []string{"tally", unsc, "--rule", "substantive"}, "", 2, []string{"tally needs --votes FILE"}},
		{"missing votes file", []string{"tally", unsc, "--rule", "substantive", "--votes", "no/such.csv"}, "", 2, []string{"cannot read votes"}},
		{"no DIR", []string{"tally"}, "", 2, []string{"needs DIR"}},
		// The votes files shipped with the examples.
		{"example: UNSC abstention", []string{"tally", unsc, "--rule", "substantive", "--votes", unsc + "/votes/abstention.csv"}, "", 0, []string{
			"PASSED", "nine affirmative votes: 14 of 15 (93.33 %); needs 9; margin +5"}},
		{"example: UNSC veto", []string{"tally", unsc, "--rule", "substantive", "--votes", unsc + "/votes/veto.csv"}, "", 0, []string{
			"FAILED", "vetoed by united-states"}},
		{"example: EU three large states", []string{"tally", "../../examples/eu-council", "--rule", "qmv", "--votes", "../../examples/eu-council/votes/three-large-states-against.json"}, "", 0, []string{
			"PASSED", "FAIL      at least 65 % of the population: 238369500 of 449206200 (53.06 %)",
			"held      no blocking minority of four (qualified majority deemed attained)"}},
		{"example: Cosmos veto", []string{"tally", "../../examples/cosmos-hub", "--votes", "../../examples/cosmos-hub/votes/vetoed.json"}, "", 0, []string{
			"FAILED", "FAIL    not vetoed", "no-with-veto above 0.334 of all votes: 35 of 95 (36.84 %); needs more than 31.73; margin +3.27"}},
	} {
		code, out, errs := run(t, tc.stdin, tc.args...)
		if code != tc.code {
			t.Errorf("%s: exit %d, want %d\n%s%s", tc.name, code, tc.code, out, errs)
		}
		for _, w := range tc.want {
			if !strings.Contains(out+errs, w) {
				t.Errorf("%s: missing %q in\n%s%s", tc.name, w, out, errs)
			}
		}
	}
}

func TestTallyJSON(t *testing.T) {
	t.Parallel()
	code, out, errs := run(t, `{"validator-a": "yes", "validator-b": "veto", "validator-c": "abstain"}`,
		"tally", "../../examples/cosmos-hub", "--votes", "-", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		Body, Rule string
		Passed     bool
		Turnout    rules.Turnout
		Clauses    []struct {
			Label    string
			Held     bool
			Counted  string
			Required string
			Margin   string
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	// 65 of 100 voted; no-with-veto 20 of 65 = 30.8 % is no veto; yes 30
	// of 50 non-abstaining passes.
	if r.Body != "validators" || r.Rule != "proposal" || !r.Passed || r.Turnout.Veto != 1 || len(r.Clauses) != 5 {
		t.Fatalf("report %+v", r)
	}
	if q := r.Clauses[1]; !q.Held || q.Counted != "65" || q.Required != "167/5" || q.Margin != "158/5" {
		t.Errorf("quorum clause %+v", q)
	}
	if v := r.Clauses[3]; v.Held || v.Counted != "20" || v.Required != "2171/100" {
		t.Errorf("veto clause %+v", v)
	}
}
