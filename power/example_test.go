package power_test

import (
	"fmt"

	"github.com/jirga/jirga/power"
)

// The EEC Council of Ministers, 1958-1972: Luxembourg's vote never
// decided anything.
func ExampleCompute() {
	g := power.Weighted([]string{"DE", "FR", "IT", "NL", "BE", "LU"}, []int64{4, 4, 4, 2, 2, 1}, 12)
	r, err := power.Compute(g, power.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range r.Players {
		fmt.Printf("%s Banzhaf %s Shapley-Shubik %s\n", p.ID, p.Banzhaf.RatString(), p.ShapleyShubik.RatString())
	}
	fmt.Println("dummies:", r.Dummies)
	// Output:
	// DE Banzhaf 5/21 Shapley-Shubik 7/30
	// FR Banzhaf 5/21 Shapley-Shubik 7/30
	// IT Banzhaf 5/21 Shapley-Shubik 7/30
	// NL Banzhaf 1/7 Shapley-Shubik 3/20
	// BE Banzhaf 1/7 Shapley-Shubik 3/20
	// LU Banzhaf 0 Shapley-Shubik 0
	// dummies: [LU]
}

// The UN Security Council as its charter states the rule: 9 of 15 members
// including all 5 permanent members.
func ExampleAll() {
	ones, permanent := make([]int64, 15), make([]int64, 15)
	for i := range ones {
		ones[i] = 1
		if i < 5 {
			permanent[i] = 1
		}
	}
	g := power.Game{Players: power.Players(15), Root: power.All(
		power.WeightedNode(ones, 9, "nine members"),
		power.WeightedNode(permanent, 5, "no permanent member votes no"),
	)}
	r, _ := power.Compute(g, power.Options{})
	fmt.Println("permanent:", r.Players[0].ShapleyShubik.RatString(), "elected:", r.Players[14].ShapleyShubik.RatString())
	fmt.Println("veto players:", r.Veto, "minimal winning coalitions:", r.MinimalWinning)
	// Output:
	// permanent: 421/2145 elected: 4/2145
	// veto players: [1 2 3 4 5] minimal winning coalitions: 210
}
