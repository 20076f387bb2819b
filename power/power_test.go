package power_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jirga/jirga/power"
)

// referenceGame is one entry of testdata/power-indices.json, a copy of
// /work/shared/reference/power-indices.json with its sources.
type referenceGame struct {
	ID              string         `json:"id"`
	Quota           int64          `json:"quota"`
	Weights         []int64        `json:"weights"`
	Players         []string       `json:"players"`
	Published       map[string]any `json:"published"`
	ComputedExactly map[string]any `json:"computed_exactly"`
}

func loadReference(t testing.TB) []referenceGame {
	t.Helper()
	data, err := os.ReadFile("testdata/power-indices.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Games []referenceGame `json:"games"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Games
}

func mustCompute(t testing.TB, g power.Game, opt power.Options) *power.Result {
	t.Helper()
	r, err := power.Compute(g, opt)
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	return r
}

// expectRats compares one index of every player with expected values,
// given as exact rationals ("5/21") or floats (published decimals).
func expectRats(t *testing.T, what string, got []*big.Rat, want any) {
	t.Helper()
	list, ok := want.([]any)
	if !ok {
		t.Fatalf("%s: expected a list, got %T", what, want)
	}
	if len(list) != len(got) {
		t.Fatalf("%s: %d values for %d players", what, len(list), len(got))
	}
	for i, w := range list {
		switch w := w.(type) {
		case string:
			r, ok := new(big.Rat).SetString(w)
			if !ok {
				t.Fatalf("%s[%d]: bad rational %q", what, i, w)
			}
			if got[i].Cmp(r) != 0 {
				t.Errorf("%s[%d] = %s, want %s", what, i, got[i].RatString(), w)
			}
		case float64:
			f, _ := got[i].Float64()
			if math.Abs(f-w) > 1e-12 {
				t.Errorf("%s[%d] = %v, want %v (published)", what, i, f, w)
			}
		default:
			t.Fatalf("%s[%d]: unexpected %T", what, i, w)
		}
	}
}

func column(r *power.Result, f func(power.PlayerPower) *big.Rat) []*big.Rat {
	out := make([]*big.Rat, len(r.Players))
	for i, p := range r.Players {
		out[i] = f(p)
	}
	return out
}

func banzhaf(p power.PlayerPower) *big.Rat  { return p.Banzhaf }
func absolute(p power.PlayerPower) *big.Rat { return p.BanzhafAbsolute }
func ssi(p power.PlayerPower) *big.Rat      { return p.ShapleyShubik }
func swings(p power.PlayerPower) *big.Rat   { return new(big.Rat).SetInt(p.Swings) }

// TestReferenceGames checks every game of the reference file against its
// published and exactly computed values.
func TestReferenceGames(t *testing.T) {
	t.Parallel()
	for _, game := range loadReference(t) {
		t.Run(game.ID, func(t *testing.T) {
			t.Parallel()
			players := game.Players
			if players == nil {
				players = power.Players(len(game.Weights))
			}
			r := mustCompute(t, power.Weighted(players, game.Weights, game.Quota), power.Options{})
			if !r.Exact || r.Method != "weighted" {
				t.Errorf("method %s exact %v, want weighted exact", r.Method, r.Exact)
			}
			for _, values := range []map[string]any{game.Published, game.ComputedExactly} {
				for key, want := range values {
					switch key {
					case "normBz":
						expectRats(t, key, column(r, banzhaf), want)
					case "SSI":
						expectRats(t, key, column(r, ssi), want)
					case "swings":
						expectRats(t, key, column(r, swings), want)
					}
				}
			}
			if game.ID != "UNSC" {
				return
			}
			// Permanent members are players 1-5, elected 6-15.
			for key, want := range game.ComputedExactly {
				var f func(power.PlayerPower) *big.Rat
				switch {
				case strings.HasPrefix(key, "swings"):
					f = swings
				case strings.HasPrefix(key, "normBz"):
					f = banzhaf
				case strings.HasPrefix(key, "absBz"):
					f = absolute
				case strings.HasPrefix(key, "SSI"):
					f = ssi
				}
				p := r.Players[0]
				if strings.HasSuffix(key, "nonpermanent") {
					p = r.Players[5]
				}
				w, ok := new(big.Rat).SetString(fmt.Sprint(want))
				if !ok {
					t.Fatalf("%s: bad value %v", key, want)
				}
				if f(p).Cmp(w) != 0 {
					t.Errorf("%s = %s, want %s", key, f(p).RatString(), w.RatString())
				}
			}
			published := fmt.Sprint(game.Published["SSI_nonpermanent"])
			if got := r.Players[14].ShapleyShubik.RatString(); !strings.HasPrefix(published, got+" ") {
				t.Errorf("elected member's SSI %s, published %q", got, published)
			}
		})
	}
}

// unscCompound is the UN Security Council as the charter states it: 9 of
// 15 members, including all 5 permanent members.
func unscCompound() power.Game {
	ones, permanent := make([]int64, 15), make([]int64, 15)
	for i := range ones {
		ones[i] = 1
		if i < 5 {
			permanent[i] = 1
		}
	}
	players := []string{"CN", "FR", "RU", "UK", "US", "E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9", "E10"}
	return power.Game{Players: players, Root: power.All(
		power.WeightedNode(ones, 9, "nine members"),
		power.WeightedNode(permanent, 5, "no permanent member votes no"),
	)}
}

func TestUNSCCompoundEveryMethod(t *testing.T) {
	t.Parallel()
	for _, method := range []string{"state-dp", "meet-in-the-middle", "enumeration"} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			r := mustCompute(t, unscCompound(), power.Options{Method: method})
			for i, p := range r.Players {
				wantSSI, wantBz, wantSw := "421/2145", "106/635", int64(848)
				if i >= 5 {
					wantSSI, wantBz, wantSw = "4/2145", "21/1270", 84
				}
				if p.ShapleyShubik.RatString() != wantSSI || p.Banzhaf.RatString() != wantBz || p.Swings.Int64() != wantSw {
					t.Errorf("%s: SSI %s Bz %s swings %s, want %s %s %d", p.ID, p.ShapleyShubik.RatString(), p.Banzhaf.RatString(), p.Swings, wantSSI, wantBz, wantSw)
				}
			}
			if want := []string{"CN", "FR", "RU", "UK", "US"}; !slices.Equal(r.Veto, want) {
				t.Errorf("veto %v, want %v", r.Veto, want)
			}
			// Minimal winning: the 5 permanent members and exactly 4 of the 10
			// elected, C(10,4) = 210.
			if r.MinimalWinning == nil || r.MinimalWinning.Int64() != 210 {
				t.Errorf("minimal winning %v, want 210", r.MinimalWinning)
			}
			if r.SmallestBlockingSize != 1 || r.SmallestBlockingCount.Int64() != 5 || len(r.SmallestBlocking) != 5 || r.SmallestBlocking[0][0] != "CN" {
				t.Errorf("blocking %d %v %v, want each permanent member alone", r.SmallestBlockingSize, r.SmallestBlockingCount, r.SmallestBlocking)
			}
		})
	}
}

// eu27 is the EU Council's qualified majority with the populations of
// testdata/eu27.json: (15 of 27 states and 65% of the population) or
// fewer than 4 states against.
func eu27(t testing.TB) (power.Game, []int64) {
	t.Helper()
	data, err := os.ReadFile("testdata/eu27.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Total  int64 `json:"total_population"`
		States []struct {
			ID         string `json:"id"`
			Population int64  `json:"population"`
		} `json:"states"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var players []string
	var pop []int64
	for _, s := range doc.States {
		players = append(players, s.ID)
		pop = append(pop, s.Population)
	}
	return euGame(t, players, pop), pop
}

func euGame(t testing.TB, players []string, pop []int64) power.Game {
	n := len(players)
	ones := make([]int64, n)
	var total int64
	for i := range ones {
		ones[i] = 1
		total += pop[i]
	}
	q, err := power.ParseQuota("test", "65%", total)
	if err != nil {
		t.Fatal(err)
	}
	members := (55*n + 99) / 100
	// "At least 4 against" is "at most n-4 in favour": Not(n-3 in favour).
	blockingMinority := power.Not(power.WeightedNode(ones, int64(n-3), "at most 3 against"))
	return power.Game{Players: players, Root: power.Any(
		power.All(power.WeightedNode(ones, int64(members), "55% of states"), power.WeightedNode(pop, q, "65% of population")),
		power.Not(blockingMinority),
	)}
}

func TestEU27(t *testing.T) {
	t.Parallel()
	g, pop := eu27(t)
	r := mustCompute(t, g, power.Options{})
	if r.Method != "meet-in-the-middle" {
		t.Errorf("method %s", r.Method)
	}
	sumBz, sumSSI := new(big.Rat), new(big.Rat)
	for i, p := range r.Players {
		sumBz.Add(sumBz, p.Banzhaf)
		sumSSI.Add(sumSSI, p.ShapleyShubik)
		// The states differ only in population: more people, more power.
		if i > 0 && pop[i] < pop[i-1] && (p.ShapleyShubik.Cmp(r.Players[i-1].ShapleyShubik) > 0 || p.Swings.Cmp(r.Players[i-1].Swings) > 0) {
			t.Errorf("%s has more power than the larger %s", p.ID, r.Players[i-1].ID)
		}
	}
	if sumBz.Cmp(big.NewRat(1, 1)) != 0 || sumSSI.Cmp(big.NewRat(1, 1)) != 0 {
		t.Errorf("indices add up to %s and %s, want 1", sumBz.RatString(), sumSSI.RatString())
	}
	if len(r.Veto) != 0 || len(r.Dummies) != 0 {
		t.Errorf("veto %v dummies %v, want none", r.Veto, r.Dummies)
	}
	// Blocking minorities: at least 4 states; count the 4-state ones with
	// more than 35% of the population directly.
	var count int64
	n := len(pop)
	in := make([]bool, n)
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			for c := b + 1; c < n; c++ {
				for d := c + 1; d < n; d++ {
					for i := range in {
						in[i] = i != a && i != b && i != c && i != d
					}
					if !g.Wins(in) {
						count++
					}
				}
			}
		}
	}
	if r.SmallestBlockingSize != 4 || r.SmallestBlockingCount.Int64() != count || count == 0 {
		t.Errorf("smallest blocking: %d states, %v of them; want 4 states, %d", r.SmallestBlockingSize, r.SmallestBlockingCount, count)
	}
	if want := []string{"de", "fr", "it", "es"}; len(r.SmallestBlocking) == 0 || !isSubset(want, r.SmallestBlocking) {
		t.Errorf("the four largest states are not listed as blocking: %v", r.SmallestBlocking)
	}
	if r.MinimalWinning == nil || r.MinimalWinning.Sign() <= 0 {
		t.Errorf("minimal winning %v", r.MinimalWinning)
	}
}

func isSubset(want []string, lists [][]string) bool {
	for _, l := range lists {
		if len(l) == len(want) {
			ok := true
			for _, w := range want {
				ok = ok && slices.Contains(l, w)
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// TestEUMethodsAgree computes the EU rule over the 22 largest states with
// meet in the middle and by enumeration.
func TestEUMethodsAgree(t *testing.T) {
	t.Parallel()
	full, pop := eu27(t)
	g := euGame(t, full.Players[:22], pop[:22])
	a := mustCompute(t, g, power.Options{Method: "meet-in-the-middle"})
	b := mustCompute(t, g, power.Options{Method: "enumeration"})
	sameResult(t, a, b)
}

func sameResult(t *testing.T, a, b *power.Result) {
	t.Helper()
	for i := range a.Players {
		pa, pb := a.Players[i], b.Players[i]
		if pa.Swings.Cmp(pb.Swings) != 0 || pa.ShapleyShubik.Cmp(pb.ShapleyShubik) != 0 || pa.Banzhaf.Cmp(pb.Banzhaf) != 0 {
			t.Errorf("%s: %s and %s disagree: swings %s/%s SSI %s/%s", pa.ID, a.Method, b.Method, pa.Swings, pb.Swings, pa.ShapleyShubik.RatString(), pb.ShapleyShubik.RatString())
		}
	}
	if a.MinimalWinning.Cmp(b.MinimalWinning) != 0 || a.SmallestBlockingSize != b.SmallestBlockingSize || a.SmallestBlockingCount.Cmp(b.SmallestBlockingCount) != 0 {
		t.Errorf("%s and %s disagree: minimal winning %v/%v, blocking %d x %v / %d x %v", a.Method, b.Method,
			a.MinimalWinning, b.MinimalWinning, a.SmallestBlockingSize, a.SmallestBlockingCount, b.SmallestBlockingSize, b.SmallestBlockingCount)
	}
}

// brute is what plain enumeration of every coalition finds.
type brute struct {
	trivial, nonMonotone bool
	swings               []int64
	ssi                  []*big.Rat
	veto                 []bool
	minimalWinning       int64
	blockSize            int
	blockCount           int64
}

// bruteForce works a game out by the definitions, through Game.Wins.
func bruteForce(g power.Game) brute {
	n := len(g.Players)
	N := 1 << n
	win := make([]bool, N)
	in := make([]bool, n)
	for S := range N {
		for i := range in {
			in[i] = S>>i&1 == 1
		}
		win[S] = g.Wins(in)
	}
	var b brute
	if win[0] || !win[N-1] {
		b.trivial = true
		return b
	}
	fact := make([]*big.Int, n+1)
	fact[0] = big.NewInt(1)
	for k := 1; k <= n; k++ {
		fact[k] = new(big.Int).Mul(fact[k-1], big.NewInt(int64(k)))
	}
	b.swings, b.ssi, b.veto = make([]int64, n), make([]*big.Rat, n), make([]bool, n)
	b.blockSize = n + 1
	for i := 0; i < n; i++ {
		num := new(big.Int)
		for S := range N {
			if S>>i&1 == 1 {
				continue
			}
			if win[S] && !win[S|1<<i] {
				b.nonMonotone = true
			}
			if !win[S] && win[S|1<<i] {
				b.swings[i]++
				k := bits.OnesCount(uint(S))
				num.Add(num, new(big.Int).Mul(fact[k], fact[n-k-1]))
			}
		}
		b.ssi[i] = new(big.Rat).SetFrac(num, fact[n])
		b.veto[i] = !win[(N-1)^(1<<i)]
	}
	for S := range N {
		if win[S] {
			minimal := true
			for i := 0; i < n && minimal; i++ {
				if S>>i&1 == 1 && win[S^(1<<i)] {
					minimal = false
				}
			}
			if minimal {
				b.minimalWinning++
			}
		}
		if !win[(N-1)^S] {
			switch k := bits.OnesCount(uint(S)); {
			case k < b.blockSize:
				b.blockSize, b.blockCount = k, 1
			case k == b.blockSize:
				b.blockCount++
			}
		}
	}
	return b
}

// checkAgainst compares a Compute result with brute force.
func checkAgainst(t *testing.T, label string, r *power.Result, b brute) {
	t.Helper()
	var total int64
	for _, s := range b.swings {
		total += s
	}
	for i, p := range r.Players {
		if p.Swings.Int64() != b.swings[i] {
			t.Errorf("%s: player %d swings %s, want %d", label, i, p.Swings, b.swings[i])
		}
		if p.Banzhaf.Cmp(big.NewRat(b.swings[i], total)) != 0 {
			t.Errorf("%s: player %d Banzhaf %s, want %d/%d", label, i, p.Banzhaf.RatString(), b.swings[i], total)
		}
		if p.ShapleyShubik.Cmp(b.ssi[i]) != 0 {
			t.Errorf("%s: player %d SSI %s, want %s", label, i, p.ShapleyShubik.RatString(), b.ssi[i].RatString())
		}
		if p.Veto != b.veto[i] || p.Dummy != (b.swings[i] == 0) {
			t.Errorf("%s: player %d veto %v dummy %v, want %v %v", label, i, p.Veto, p.Dummy, b.veto[i], b.swings[i] == 0)
		}
	}
	if r.MinimalWinning == nil || r.MinimalWinning.Int64() != b.minimalWinning {
		t.Errorf("%s: minimal winning %v, want %d", label, r.MinimalWinning, b.minimalWinning)
	}
	if r.SmallestBlockingSize != b.blockSize || r.SmallestBlockingCount == nil || r.SmallestBlockingCount.Int64() != b.blockCount {
		t.Errorf("%s: smallest blocking %d x %v, want %d x %d", label, r.SmallestBlockingSize, r.SmallestBlockingCount, b.blockSize, b.blockCount)
	}
	if want := min(b.blockCount, power.DefaultMaxList); int64(len(r.SmallestBlocking)) != want {
		t.Errorf("%s: %d blocking coalitions listed, want %d", label, len(r.SmallestBlocking), want)
	}
	for _, bl := range r.SmallestBlocking {
		if len(bl) != b.blockSize {
			t.Errorf("%s: listed blocking coalition %v has the wrong size", label, bl)
		}
	}
}
