package rules_test

import (
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/jirga/jirga"
	"github.com/jirga/jirga/rules"
)

// FuzzRule decodes a rule tree from YAML bytes (the charter format: the
// yaml tags of jirga.DecisionRule), checks it against a body and, when it
// is valid, tallies a division under it. Nothing may panic; a rule Check
// accepts must tally, and the outcome must be the root clause's.
func FuzzRule(f *testing.F) {
	for _, s := range []string{
		"threshold: {share: 1/2, strict: true, weight: seats, base: voting}",
		"all: [{threshold: {share: 55%, base: all}}, {any: [{threshold: {share: 65%, weight: population, base: all}}, {not: {threshold: {count: 4, votes: not_yes, base: all}}}]}]",
		"all: [{threshold: {share: 3/5, weight: seats}}, {threshold: {share: 40%, weight: seats, each: [nationalist, unionist]}}]",
		"all: [{threshold: {count: 9, base: all}}, {veto: {players: [a, b], abstain: not_veto}}]",
		"all: [{quorum: {share: 0.334, weight: power}}, {not: {threshold: {share: 0.334, strict: true, votes: veto, base: present, weight: power}}}, {threshold: {share: 1/2, strict: true, weight: power}}]",
		"threshold: {share: 1/2, strict: true, weight: votes}",
		"threshold: {count: 11.5, strict: true, weight: canton_vote, base: all, designation: other}",
		"veto: {players: [a, zz]}",
		"not: {}",
		"any: []",
		"label: x",
	} {
		f.Add([]byte(s))
	}
	b := &jirga.Body{ID: "assembly", Designations: []string{"nationalist", "unionist", "other"}, Members: []*jirga.Member{
		{ID: "a", Seats: 30, Designation: "nationalist", Attributes: map[string]float64{"population": 5e6, "power": 30, "canton_vote": 1}},
		{ID: "b", Seats: 25, Designation: "unionist", Attributes: map[string]float64{"population": 2.5e6, "power": 12.5, "canton_vote": 0.5}},
		{ID: "c", Seats: 10, Designation: "other", Attributes: map[string]float64{"population": 1e5, "power": 0, "canton_vote": 0.5}},
		{ID: "d", Seats: 0, Designation: "unionist", Attributes: map[string]float64{"population": 0, "power": 7, "canton_vote": 1}},
	}}
	divisions := []rules.Votes{
		{"a": {Vote: rules.Yes, Citizens: &rules.Citizens{Yes: 10, No: 2}}, "b": {Citizens: &rules.Citizens{Yes: 3, No: 3}}, "c": {Citizens: &rules.Citizens{Yes: 1, No: 9}}},
		{},
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var r jirga.DecisionRule
		if !decodeRule(data, &r) {
			return
		}
		if len(rules.Check(b, &r)) > 0 {
			return
		}
		c, err := rules.Compile(b, &r)
		if err != nil {
			t.Fatalf("Check accepts what Compile refuses: %v", err)
		}
		checkGame(t, b, c)
		for _, v := range divisions {
			out, err := c.Tally(v)
			if err != nil {
				t.Fatalf("valid rule, valid votes: %v", err)
			}
			if len(out.Clauses) == 0 || out.Clauses[0].Held != out.Passed {
				t.Fatalf("outcome %v disagrees with the root clause %+v", out.Passed, out.Clauses)
			}
		}
	})
}

// decodeRule decodes YAML into r. goccy/go-yaml's reflective decoder can
// panic on some malformed input (a nil list iterator: the kept seed
// 46ce949ceaf944f2); the charter loader never uses it — it walks the
// parsed tree itself, under a recover — so such input is skipped here.
func decodeRule(data []byte, r *jirga.DecisionRule) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return yaml.Unmarshal(data, r) == nil
}

// checkGame compares the rule's game with its tally on every division in
// which some members vote yes and the others no.
func checkGame(t *testing.T, b *jirga.Body, c *rules.Rule) {
	g, err := c.Game()
	if err != nil {
		if !strings.Contains(err.Error(), "citizen votes") {
			t.Fatalf("valid rule without a game: %v", err)
		}
		return
	}
	n := len(b.Members)
	for k := range 1 << n {
		coalition := make([]bool, n)
		v := rules.Votes{}
		for i, m := range b.Members {
			coalition[i] = k>>i&1 == 1
			v[m.ID] = rules.Ballot{Vote: map[bool]rules.Vote{true: rules.Yes, false: rules.No}[coalition[i]]}
		}
		out, err := c.Tally(v)
		if err != nil {
			t.Fatal(err)
		}
		if g.Wins(coalition) != out.Passed {
			t.Fatalf("coalition %v: game %v, tally %v", coalition, g.Wins(coalition), out.Passed)
		}
	}
}
