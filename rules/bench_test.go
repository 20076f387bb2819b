package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/rules"
)

// BenchmarkTally tallies one division under each example's main rule, and
// under the Cosmos rule with 10,000 validators. The rule is compiled once,
// as a ledger does per body.
func BenchmarkTally(b *testing.B) {
	type bench struct {
		name  string
		body  *jirga.Body
		rule  *jirga.DecisionRule
		votes rules.Votes
	}
	t := &testing.T{}
	var cases []bench
	for _, c := range []struct{ name, example, body, rule string }{
		{"unsc-substantive", "un-security-council", "security-council", "substantive"},
		{"eu-qmv", "eu-council", "council", "qmv"},
		{"ni-cross-community", "northern-ireland", "assembly", "cross-community"},
		{"swiss-double-majority", "switzerland", "people-and-cantons", "double-majority"},
	} {
		bd, r := loadRule(t, c.example, c.body, c.rule)
		v := rules.Votes{}
		for i, m := range bd.Members {
			switch {
			case c.example == "switzerland":
				v[m.ID] = rules.Ballot{Citizens: &rules.Citizens{Yes: int64(1000 + i*37), No: int64(900 + i*53)}}
			case i%3 == 2:
				v[m.ID] = rules.Ballot{Vote: rules.No}
			default:
				v[m.ID] = rules.Ballot{Vote: rules.Yes}
			}
		}
		cases = append(cases, bench{c.name, bd, r, v})
	}
	mlas := mlaAssembly(t)
	_, cc := loadRule(t, "northern-ireland", "assembly", "cross-community")
	cases = append(cases, bench{"ni-cross-community-108-mlas", mlas, cc, divisionBallots(mlas, map[string]niBloc{
		"nationalist": {Voted: 35, Aye: 35}, "unionist": {Voted: 44, Aye: 30}, "other": {Voted: 8, Aye: 7}})})
	cosmos, cosmosVotes := validators(10000)
	_, proposal := loadRule(t, "cosmos-hub", "validators", "proposal")
	cases = append(cases, bench{"cosmos-10000-validators", cosmos, proposal, cosmosVotes})
	if t.Failed() {
		b.Fatal("cannot load the examples")
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			r, err := rules.Compile(c.body, c.rule)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.Tally(c.votes); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// validators builds a Cosmos-style body of n validators with powers
// 1..n and a division: a third yes, a third no, the rest spread over
// veto, abstain and absent.
func validators(n int) (*jirga.Body, rules.Votes) {
	b := &jirga.Body{ID: "validators"}
	v := rules.Votes{}
	for i := range n {
		id := fmt.Sprintf("validator-%05d", i)
		b.Members = append(b.Members, &jirga.Member{ID: id, Attributes: map[string]float64{"power": float64(i + 1)}})
		switch i % 9 {
		case 0, 1, 2:
			v[id] = rules.Ballot{Vote: rules.Yes}
		case 3, 4, 5:
			v[id] = rules.Ballot{Vote: rules.No}
		case 6:
			v[id] = rules.Ballot{Vote: rules.NoWithVeto}
		case 7:
			v[id] = rules.Ballot{Vote: rules.Abstain}
		}
	}
	return b, v
}

// BenchmarkCompile checks and compiles the EU's qualified majority.
func BenchmarkCompile(b *testing.B) {
	bd, r := loadRule(&testing.T{}, "eu-council", "council", "qmv")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rules.Compile(bd, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadVotes parses a CSV and a JSON file of 10,000 ballots.
func BenchmarkReadVotes(b *testing.B) {
	bd, _ := validators(10000)
	var csv, js strings.Builder
	js.WriteString("{")
	for i, m := range bd.Members {
		vote := []string{"yes", "no", "abstain", "veto"}[i%4]
		fmt.Fprintf(&csv, "%s,%s\n", m.ID, vote)
		if i > 0 {
			js.WriteString(",\n")
		}
		fmt.Fprintf(&js, "%q: %q", m.ID, vote)
	}
	js.WriteString("}\n")
	for name, data := range map[string][]byte{"csv": []byte(csv.String()), "json": []byte(js.String())} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := rules.ReadVotes(name, data, bd); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGame turns the EU's qualified majority into a simple game.
func BenchmarkGame(b *testing.B) {
	bd, r := loadRule(&testing.T{}, "eu-council", "council", "qmv")
	c, err := rules.Compile(bd, r)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Game(); err != nil {
			b.Fatal(err)
		}
	}
}
