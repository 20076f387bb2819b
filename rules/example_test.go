package rules_test

import (
	"fmt"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/rules"
)

// A council of three blocs decides by a majority of seats voting that must
// include a majority within each of two designations (parallel consent).
func ExampleTally() {
	council := &jirga.Body{
		ID:           "council",
		Designations: []string{"north", "south"},
		Members: []*jirga.Member{
			{ID: "red", Seats: 40, Designation: "north"},
			{ID: "blue", Seats: 35, Designation: "south"},
			{ID: "green", Seats: 25, Designation: "south"},
		},
	}
	rule := &jirga.DecisionRule{All: []*jirga.DecisionRule{
		{Threshold: &jirga.Threshold{Share: "1/2", Strict: true, Weight: "seats"}},
		{Threshold: &jirga.Threshold{Share: "1/2", Strict: true, Weight: "seats", Each: []string{"north", "south"}}},
	}}
	votes := rules.Votes{"red": {Vote: rules.Yes}, "blue": {Vote: rules.No}, "green": {Vote: rules.Yes}}
	out, err := rules.Tally(council, rule, votes)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("passed:", out.Passed)
	for _, c := range out.Clauses {
		fmt.Printf("%-5s %s", fmt.Sprint(c.Held), c.Label)
		if c.Counted != nil {
			fmt.Printf(": %s of %s, margin %s", c.Counted.RatString(), c.BaseWeight.RatString(), c.Margin.RatString())
		}
		fmt.Println()
	}
	// Output:
	// passed: false
	// false all of
	// true  yes > 1/2 of seats (base: voting): 65 of 100, margin 15
	// false yes > 1/2 of seats (base: voting)
	// true  yes > 1/2 of seats (base: voting) within north: 40 of 40, margin 20
	// false yes > 1/2 of seats (base: voting) within south: 25 of 60, margin -5
}

// The UN Security Council's substantive rule as a weighted game: a
// coalition is the set of members voting yes.
func ExampleGame() {
	body := &jirga.Body{ID: "unsc"}
	for _, id := range []string{"cn", "fr", "ru", "uk", "us", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9", "e10"} {
		body.Members = append(body.Members, &jirga.Member{ID: id})
	}
	rule := &jirga.DecisionRule{All: []*jirga.DecisionRule{
		{Threshold: &jirga.Threshold{Count: "9", Base: jirga.BaseAll}},
		{Veto: &jirga.Veto{Players: []string{"cn", "fr", "ru", "uk", "us"}}},
	}}
	g, err := rules.Game(body, rule)
	if err != nil {
		fmt.Println(err)
		return
	}
	nineWithP5 := make([]bool, 15)
	for i := range 9 {
		nineWithP5[i] = true
	}
	fmt.Println(g.Wins(nineWithP5))
	nineWithP5[0] = false // China votes no
	nineWithP5[9] = true
	fmt.Println(g.Wins(nineWithP5))
	// Output:
	// true
	// false
}
