package power_test

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/jirga/jirga/power"
)

// usElectoralCollege2024 is the allocation of electors used in the 2024 and
// 2028 presidential elections: the apportionment of the House after the 2020
// census plus two per state, and 3 for the District of Columbia (23rd
// Amendment); 538 electors, 270 to win. Source: U.S. Census Bureau, "2020
// Census Apportionment Results" (26 April 2021), table 1; National Archives,
// "Distribution of Electoral Votes" (archives.gov/electoral-college/allocation).
// Maine and Nebraska split their votes by district; they are counted here as
// single blocs.
var usElectoralCollege2024 = []struct {
	state string
	votes int64
}{
	{"AL", 9}, {"AK", 3}, {"AZ", 11}, {"AR", 6}, {"CA", 54}, {"CO", 10}, {"CT", 7},
	{"DE", 3}, {"DC", 3}, {"FL", 30}, {"GA", 16}, {"HI", 4}, {"ID", 4}, {"IL", 19},
	{"IN", 11}, {"IA", 6}, {"KS", 6}, {"KY", 8}, {"LA", 8}, {"ME", 4}, {"MD", 10},
	{"MA", 11}, {"MI", 15}, {"MN", 10}, {"MS", 6}, {"MO", 10}, {"MT", 4}, {"NE", 5},
	{"NV", 6}, {"NH", 4}, {"NJ", 14}, {"NM", 5}, {"NY", 28}, {"NC", 16}, {"ND", 3},
	{"OH", 17}, {"OK", 7}, {"OR", 8}, {"PA", 19}, {"RI", 4}, {"SC", 9}, {"SD", 3},
	{"TN", 11}, {"TX", 40}, {"UT", 6}, {"VT", 3}, {"VA", 13}, {"WA", 12}, {"WV", 4},
	{"WI", 10}, {"WY", 3},
}

func electoralCollege() power.Game {
	var players []string
	var votes []int64
	for _, s := range usElectoralCollege2024 {
		players = append(players, s.state)
		votes = append(votes, s.votes)
	}
	return power.Weighted(players, votes, 270)
}

func TestElectoralCollege(t *testing.T) {
	t.Parallel()
	g := electoralCollege()
	if n, total := len(g.Players), sum(g.Root.Weights); n != 51 || total != 538 {
		t.Fatalf("%d members with %d votes, want 51 with 538", n, total)
	}
	r := mustCompute(t, g, power.Options{})
	// States with equal votes have equal power; more votes, more power.
	for i, p := range r.Players {
		for j, o := range r.Players {
			wi, wj := g.Root.Weights[i], g.Root.Weights[j]
			if wi > wj && (p.Swings.Cmp(o.Swings) < 0 || p.ShapleyShubik.Cmp(o.ShapleyShubik) < 0) {
				t.Fatalf("%s (%d votes) has less power than %s (%d)", p.ID, wi, o.ID, wj)
			}
			if wi == wj && (p.Swings.Cmp(o.Swings) != 0 || p.ShapleyShubik.Cmp(o.ShapleyShubik) != 0) {
				t.Fatalf("%s and %s have %d votes each but different power", p.ID, o.ID, wi)
			}
		}
	}
	// 538 - 270 + 1 = 269 electoral votes block: the 11 largest states
	// (CA 54, TX 40, FL 30, NY 28, PA 19, IL 19, OH 17, GA 16, NC 16,
	// MI 15, NJ 14) hold 268, one short; the 12th, VA, brings 281.
	if r.SmallestBlockingSize != 12 {
		t.Errorf("smallest blocking coalition: %d states, want 12", r.SmallestBlockingSize)
	}
	// The same game by meet in the middle? 51 players is too many; check
	// the Banzhaf-only run gives the same swings.
	b := mustCompute(t, g, power.Options{Indices: power.IndexBanzhaf})
	for i := range r.Players {
		if r.Players[i].Swings.Cmp(b.Players[i].Swings) != 0 {
			t.Errorf("%s: %s swings with Shapley-Shubik, %s without", r.Players[i].ID, r.Players[i].Swings, b.Players[i].Swings)
		}
	}
}

// weighted200 is a weighted game of 200 members with total weight 100,000
// and a simple majority quota, drawn with a fixed seed.
func weighted200() power.Game {
	rng := rand.New(rand.NewPCG(200, 100000))
	ws := make([]int64, 200)
	var total int64
	for i := range ws {
		ws[i] = 1 + rng.Int64N(999)
		total += ws[i]
	}
	// Scale to exactly 100,000.
	var scaled int64
	for i := range ws {
		ws[i] = max(1, ws[i]*100000/total)
		scaled += ws[i]
	}
	ws[0] += 100000 - scaled
	return power.Weighted(power.Players(200), ws, 50001)
}

func BenchmarkElectoralCollege(b *testing.B) {
	g := electoralCollege()
	for b.Loop() {
		if _, err := power.Compute(g, power.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEU27(b *testing.B) {
	g, _ := eu27(b)
	for b.Loop() {
		if _, err := power.Compute(g, power.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWeighted200Banzhaf(b *testing.B) {
	g := weighted200()
	for b.Loop() {
		if _, err := power.Compute(g, power.Options{Indices: power.IndexBanzhaf}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWeighted200Both(b *testing.B) {
	g := weighted200()
	for b.Loop() {
		if _, err := power.Compute(g, power.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkUNSCEstimate(b *testing.B) {
	g := unscCompound()
	for b.Loop() {
		if _, err := power.Compute(g, power.Options{Estimate: true, Samples: 100000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestManyPlayersMultiLimb checks games whose counts pass 2^64 (and so run
// on multi-limb integers) against closed forms and across methods.
func TestManyPlayersMultiLimb(t *testing.T) {
	t.Parallel()
	// 130 equal members, 70 to win: every member swings in the C(129, 69)
	// coalitions of 69 others, and each is pivotal in 1/130 of the orders.
	ones := make([]int64, 130)
	for i := range ones {
		ones[i] = 1
	}
	r := mustCompute(t, power.Weighted(power.Players(130), ones, 70), power.Options{})
	want := new(big.Int).Binomial(129, 69)
	for _, p := range r.Players {
		if p.Swings.Cmp(want) != 0 || p.ShapleyShubik.Cmp(big.NewRat(1, 130)) != 0 {
			t.Fatalf("%s: swings %s SSI %s, want %s and 1/130", p.ID, p.Swings, p.ShapleyShubik.RatString(), want)
		}
	}
	if want := new(big.Int).Binomial(130, 70); r.MinimalWinning.Cmp(want) != 0 {
		t.Errorf("minimal winning %s, want C(130,70) = %s", r.MinimalWinning, want)
	}
	if want := new(big.Int).Binomial(130, 61); r.SmallestBlockingSize != 61 || r.SmallestBlockingCount.Cmp(want) != 0 {
		t.Errorf("blocking %d x %s, want 61 x %s", r.SmallestBlockingSize, r.SmallestBlockingCount, want)
	}
	// 10 permanent members with a veto among 130, 70 votes to pass: as a
	// compound rule (state method) and as one weighted vote in which a
	// permanent member weighs more than all 120 elected together.
	permanent, weights := make([]int64, 130), make([]int64, 130)
	for i := range permanent {
		weights[i] = 1
		if i < 10 {
			permanent[i], weights[i] = 1, 121
		}
	}
	compound := power.Game{Players: power.Players(130), Root: power.All(
		power.WeightedNode(ones, 70, ""), power.WeightedNode(permanent, 10, ""))}
	a := mustCompute(t, compound, power.Options{})
	b := mustCompute(t, power.Weighted(power.Players(130), weights, 10*121+60), power.Options{})
	if a.Method != "state-dp" || b.Method != "weighted" {
		t.Fatalf("methods %s and %s", a.Method, b.Method)
	}
	sameResult(t, a, b)
	if len(a.Veto) != 10 || a.SmallestBlockingSize != 1 {
		t.Errorf("veto %v blocking size %d", a.Veto, a.SmallestBlockingSize)
	}
}

// TestLargeWeightedGame checks a 120-member game against its own
// invariants and a Monte Carlo estimate.
func TestLargeWeightedGame(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(120, 20000))
	ws := make([]int64, 120)
	for i := range ws {
		ws[i] = 1 + rng.Int64N(300)
	}
	g := power.Weighted(power.Players(120), ws, sum(ws)*2/3)
	r := mustCompute(t, g, power.Options{})
	est := mustCompute(t, g, power.Options{Estimate: true, Samples: 20000, Seed: 3})
	sumBz, sumSSI := new(big.Rat), new(big.Rat)
	for i, p := range r.Players {
		sumBz.Add(sumBz, p.Banzhaf)
		sumSSI.Add(sumSSI, p.ShapleyShubik)
		for j, o := range r.Players {
			if ws[i] > ws[j] && p.ShapleyShubik.Cmp(o.ShapleyShubik) < 0 {
				t.Fatalf("%s outweighs %s but has less power", p.ID, o.ID)
			}
		}
		e := est.Players[i]
		half := (e.ShapleyShubikCI.High - e.ShapleyShubikCI.Low) / 2
		if d := f64(p.ShapleyShubik) - f64(e.ShapleyShubik); d > 2*half+1e-9 || d < -2*half-1e-9 {
			t.Errorf("%s: exact SSI %v, estimate %v ± %v", p.ID, f64(p.ShapleyShubik), f64(e.ShapleyShubik), half)
		}
	}
	if sumBz.Cmp(big.NewRat(1, 1)) != 0 || sumSSI.Cmp(big.NewRat(1, 1)) != 0 {
		t.Errorf("indices add up to %s and %s", sumBz.RatString(), sumSSI.RatString())
	}
}
