package power_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/jirga/jirga/power"
)

// randomWeights draws n weights below max, some of them zero.
func randomWeights(rng *rand.Rand, n int, max int64) []int64 {
	ws := make([]int64, n)
	for i := range ws {
		if rng.IntN(8) > 0 {
			ws[i] = rng.Int64N(max)
		}
	}
	return ws
}

func sum(ws []int64) int64 {
	var s int64
	for _, w := range ws {
		s += w
	}
	return s
}

// randomNode draws a formula: weighted clauses (plain weights, counts of
// members, vetoes of a few players, thresholds on votes against) under
// all/any/not.
func randomNode(rng *rand.Rand, n, depth int, max int64) *power.Node {
	if depth == 0 || rng.IntN(3) == 0 {
		var ws []int64
		switch rng.IntN(4) {
		case 0:
			ws = make([]int64, n)
			for i := range ws {
				ws[i] = 1
			}
		case 1:
			ws = make([]int64, n)
			for i := range ws {
				if rng.IntN(4) == 0 {
					ws[i] = 1
				}
			}
		default:
			ws = randomWeights(rng, n, max)
		}
		total := sum(ws)
		q := rng.Int64N(total+2) + rng.Int64N(2)
		node := power.WeightedNode(ws, q, "")
		if rng.IntN(4) == 0 {
			// "At least t against": not (total-t+1 in favour), and
			// negated again so that the formula stays monotone.
			node = power.Not(power.Not(node))
		}
		return node
	}
	var kids []*power.Node
	for range 1 + rng.IntN(3) {
		kids = append(kids, randomNode(rng, n, depth-1, max))
	}
	switch rng.IntN(7) {
	case 0:
		return power.Not(randomNode(rng, n, depth-1, max)) // usually not monotone
	case 1, 2, 3:
		return power.All(kids...)
	}
	return power.Any(kids...)
}

// TestRandomGamesMatchBruteForce checks every exact method against plain
// enumeration on random games, plain and compound, with small and large
// weights.
func TestRandomGamesMatchBruteForce(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(2024, 11))
	games := 0
	perMethod := map[string]int{}
	for trial := 0; trial < 400; trial++ {
		n := 1 + rng.IntN(10)
		if trial%40 == 0 {
			n = 14 + rng.IntN(7) // up to 20 members
		}
		max := int64(6)
		if rng.IntN(3) == 0 {
			max = 1 << 40
		}
		var g power.Game
		kind := "weighted"
		if trial%2 == 0 {
			ws := randomWeights(rng, n, max)
			g = power.Weighted(power.Players(n), ws, rng.Int64N(sum(ws)+2))
		} else {
			kind = "compound"
			g = power.Game{Players: power.Players(n), Root: randomNode(rng, n, 3, max)}
		}
		b := bruteForce(g)
		label := fmt.Sprintf("trial %d (%s, %d players)", trial, kind, n)
		for _, method := range power.Methods {
			r, err := power.Compute(g, power.Options{Method: method})
			if err != nil && (strings.Contains(err.Error(), "does not apply") || strings.Contains(err.Error(), "too large")) {
				continue
			}
			switch {
			case b.trivial:
				if err == nil || !strings.Contains(err.Error(), "coalition") {
					t.Errorf("%s %s: want an error for a game every or no coalition wins, got %v", label, method, err)
				}
			case b.nonMonotone:
				if err == nil || !strings.Contains(err.Error(), "not monotone") {
					t.Errorf("%s %s: want a monotonicity error, got %v", label, method, err)
				}
			case err != nil:
				t.Errorf("%s %s: %v", label, method, err)
			default:
				games++
				perMethod[method]++
				checkAgainst(t, label+" "+method, r, b)
			}
		}
	}
	t.Logf("checked %d (game, method) pairs: %v", games, perMethod)
	for _, m := range power.Methods {
		if perMethod[m] < 20 {
			t.Errorf("method %s checked on only %d games", m, perMethod[m])
		}
	}
	if games < 300 {
		t.Errorf("only %d non-trivial monotone (game, method) pairs checked", games)
	}
}

// TestEstimateCoversExact checks that estimates are deterministic and
// within their confidence intervals' reach of the exact values.
func TestEstimateCoversExact(t *testing.T) {
	t.Parallel()
	g := unscCompound()
	exact := mustCompute(t, g, power.Options{})
	opt := power.Options{Estimate: true, Samples: 40000, Seed: 7}
	a, b := mustCompute(t, g, opt), mustCompute(t, g, opt)
	if a.Exact || a.Method != "monte-carlo" || a.Samples != 40000 {
		t.Errorf("estimate reported as %s exact=%v samples=%d", a.Method, a.Exact, a.Samples)
	}
	for i, p := range a.Players {
		if p.Swings.Cmp(b.Players[i].Swings) != 0 || p.ShapleyShubik.Cmp(b.Players[i].ShapleyShubik) != 0 {
			t.Fatalf("two estimates with the same seed differ for %s", p.ID)
		}
		for _, c := range []struct {
			name  string
			est   float64
			ci    *power.Interval
			exact float64
		}{
			{"Banzhaf", f64(p.Banzhaf), p.BanzhafCI, f64(exact.Players[i].Banzhaf)},
			{"absolute Banzhaf", f64(p.BanzhafAbsolute), p.BanzhafAbsoluteCI, f64(exact.Players[i].BanzhafAbsolute)},
			{"Shapley-Shubik", f64(p.ShapleyShubik), p.ShapleyShubikCI, f64(exact.Players[i].ShapleyShubik)},
		} {
			if c.ci == nil || c.ci.Low > c.est || c.ci.High < c.est {
				t.Fatalf("%s %s: estimate %v outside its interval %v", p.ID, c.name, c.est, c.ci)
			}
			// Allow twice the interval's half-width: a 95% interval may
			// miss, a 99.99% one hardly ever.
			half := (c.ci.High - c.ci.Low) / 2
			if d := c.exact - c.est; d > 2*half || d < -2*half {
				t.Errorf("%s %s: estimate %v [%v, %v] far from exact %v", p.ID, c.name, c.est, c.ci.Low, c.ci.High, c.exact)
			}
		}
	}
	if len(a.Veto) != 5 || len(a.Dummies) != 0 || a.SmallestBlockingSize != 1 {
		t.Errorf("estimate: veto %v, dummies %v, blocking size %d", a.Veto, a.Dummies, a.SmallestBlockingSize)
	}
	other := mustCompute(t, g, power.Options{Estimate: true, Samples: 40000, Seed: 8})
	same := true
	for i := range other.Players {
		same = same && other.Players[i].Swings.Cmp(a.Players[i].Swings) == 0
	}
	if same {
		t.Errorf("estimates with different seeds are identical")
	}
}
