package power

import (
	"fmt"
	"math/big"

	"github.com/jirga/jirga"
)

// Game is a simple voting game: players and a boolean formula over weighted
// thresholds that decides which coalitions win. A coalition is the set of
// players voting yes; everyone else votes no.
type Game struct {
	Players []string
	Root    *Node
}

// Op is the operation of a Node.
type Op int

// Node operations.
const (
	// OpWeighted wins when the coalition's weight reaches the quota:
	// sum of Weights[i] over the members i of the coalition >= Quota.
	OpWeighted Op = iota
	// OpAll wins when every child wins (an empty OpAll always wins).
	OpAll
	// OpAny wins when some child wins (an empty OpAny never wins).
	OpAny
	// OpNot wins when its one child loses.
	OpNot
)

// String names op as in documentation and diagnostics.
func (op Op) String() string {
	switch op {
	case OpWeighted:
		return "weighted"
	case OpAll:
		return "all"
	case OpAny:
		return "any"
	case OpNot:
		return "not"
	}
	return fmt.Sprintf("op(%d)", int(op))
}

// Node is one clause of a game's formula. With Op OpWeighted, Weights has
// one non-negative integer per player (in the order of Game.Players) and the
// node wins when the coalition's weight is at least Quota; a veto is a
// weighted node whose weights are 1 for the veto players and 0 otherwise,
// with the number of veto players as quota. OpAll, OpAny and OpNot combine
// Children. Label names the clause in explanations.
//
// A threshold on votes against translates into a weighted node on the
// coalition: "at least t weight votes no" is Not(Weighted(w, W-t+1)) where W
// is the total weight, since every player outside the coalition votes no.
type Node struct {
	Op       Op
	Weights  []int64
	Quota    int64
	Children []*Node
	Label    string
}

// Weighted returns the weighted voting game [quota; weights...] over players.
func Weighted(players []string, weights []int64, quota int64) Game {
	return Game{Players: players, Root: WeightedNode(weights, quota, "")}
}

// WeightedNode returns a node that wins when the coalition's weight is at
// least quota.
func WeightedNode(weights []int64, quota int64, label string) *Node {
	return &Node{Op: OpWeighted, Weights: weights, Quota: quota, Label: label}
}

// All returns a node that wins when every child wins.
func All(children ...*Node) *Node { return &Node{Op: OpAll, Children: children} }

// Any returns a node that wins when some child wins.
func Any(children ...*Node) *Node { return &Node{Op: OpAny, Children: children} }

// Not returns a node that wins when child loses.
func Not(child *Node) *Node { return &Node{Op: OpNot, Children: []*Node{child}} }

// Players returns n default player names "1".."n", for games given by
// weights alone.
func Players(n int) []string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprint(i + 1)
	}
	return ps
}

// maxNodes bounds the size of a formula, so that a hostile input cannot
// exhaust memory or the stack.
const maxNodes = 10000

// maxDepth bounds the nesting of a formula.
const maxDepth = 100

// Validate reports every problem of g as diagnostics of one *jirga.Error
// with code EINVALID: no players, duplicate or empty player names, nodes
// without the right number of weights or children, negative weights, a
// formula too deep or too large.
func (g Game) Validate() error {
	var ds []jirga.Diagnostic
	add := func(path, format string, args ...any) {
		ds = append(ds, jirga.Diagnostic{Pos: jirga.Pos{File: path}, Message: fmt.Sprintf(format, args...)})
	}
	if len(g.Players) == 0 {
		add("game", "a game needs at least one player")
	}
	seen := make(map[string]bool, len(g.Players))
	for i, p := range g.Players {
		switch {
		case p == "":
			add("game", "player %d has no name", i+1)
		case seen[p]:
			add("game", "player %q appears twice", p)
		}
		seen[p] = true
	}
	nodes := 0
	var walk func(n *Node, path string, depth int)
	walk = func(n *Node, path string, depth int) {
		nodes++
		if nodes > maxNodes {
			if nodes == maxNodes+1 {
				add(path, "the formula has more than %d clauses", maxNodes)
			}
			return
		}
		if depth > maxDepth {
			add(path, "the formula is nested more than %d deep", maxDepth)
			return
		}
		if n == nil {
			add(path, "missing clause")
			return
		}
		switch n.Op {
		case OpWeighted:
			if len(n.Children) > 0 {
				add(path, "a weighted clause has no children")
			}
			if len(n.Weights) != len(g.Players) {
				add(path, "%d weights for %d players", len(n.Weights), len(g.Players))
			}
			for i, w := range n.Weights {
				if w < 0 {
					name := fmt.Sprint(i + 1)
					if i < len(g.Players) {
						name = g.Players[i]
					}
					add(path, "negative weight %d for player %s", w, name)
				}
			}
			if _, ok := sumWeights(n.Weights); !ok {
				add(path, "the weights add up to more than %d", int64(maxTotal))
			}
		case OpAll, OpAny:
			for i, c := range n.Children {
				walk(c, fmt.Sprintf("%s.%s[%d]", path, n.Op, i), depth+1)
			}
		case OpNot:
			if len(n.Children) != 1 {
				add(path, "a not clause has exactly one child, got %d", len(n.Children))
				return
			}
			walk(n.Children[0], path+".not", depth+1)
		default:
			add(path, "unknown operation %d", int(n.Op))
		}
	}
	walk(g.Root, "rule", 0)
	if len(ds) == 0 {
		return nil
	}
	return &jirga.Error{Code: jirga.EINVALID, Message: "invalid voting game", Diagnostics: ds}
}

// maxTotal bounds the total weight of one clause, so that sums never
// overflow.
const maxTotal = 1 << 60

// sumWeights adds ws, reporting false past maxTotal or on a negative weight.
func sumWeights(ws []int64) (int64, bool) {
	var t int64
	for _, w := range ws {
		if w < 0 || w > maxTotal-t {
			return t, false
		}
		t += w
	}
	return t, true
}

// Wins reports whether the coalition wins: coalition[i] says whether player
// i is a member. Missing entries count as absent. Wins is meant for valid
// games (see Validate); on an invalid one it returns some answer without
// panicking.
func (g Game) Wins(coalition []bool) bool {
	return g.Root.wins(coalition, 0)
}

func (n *Node) wins(c []bool, depth int) bool {
	if n == nil || depth > maxDepth {
		return false
	}
	switch n.Op {
	case OpWeighted:
		var s int64
		for i, w := range n.Weights {
			if i < len(c) && c[i] {
				s += w
			}
		}
		return s >= n.Quota
	case OpAll:
		for _, ch := range n.Children {
			if !ch.wins(c, depth+1) {
				return false
			}
		}
		return true
	case OpAny:
		for _, ch := range n.Children {
			if ch.wins(c, depth+1) {
				return true
			}
		}
		return false
	case OpNot:
		return len(n.Children) == 1 && !n.Children[0].wins(c, depth+1)
	}
	return false
}

// Index selects the power indices Compute works out.
type Index int

// Indices. The zero value of Options.Indices means both.
const (
	IndexBanzhaf Index = 1 << iota
	IndexShapleyShubik
	IndexBoth = IndexBanzhaf | IndexShapleyShubik
)

// Defaults of Options.
const (
	// DefaultSamples is the number of Monte Carlo samples of an estimate.
	DefaultSamples = 100000
	// DefaultMaxExact is the largest amount of work, in elementary steps
	// (additions of counts, coalitions enumerated), that an exact
	// computation may take: about a minute on one core.
	DefaultMaxExact = 20_000_000_000
	// DefaultMaxMemory is the most memory, in bytes, an exact computation
	// may allocate for its tables.
	DefaultMaxMemory = 1 << 30
	// DefaultMaxList is how many smallest blocking coalitions are listed.
	DefaultMaxList = 10
)

// Options tune Compute.
type Options struct {
	// Estimate asks for Monte Carlo estimates with 95% confidence
	// intervals instead of exact values.
	Estimate bool
	// Samples is the number of random coalitions (Banzhaf) and random
	// orders (Shapley-Shubik) drawn by an estimate; 0 means DefaultSamples.
	Samples int
	// Seed seeds the estimate's random generator: the same seed gives the
	// same estimate.
	Seed uint64
	// MaxExact bounds the work of an exact computation (0: DefaultMaxExact).
	// A game that needs more is refused with an error suggesting Estimate.
	MaxExact int64
	// MaxMemory bounds the tables of an exact computation, in bytes (0:
	// DefaultMaxMemory).
	MaxMemory int64
	// MaxList bounds how many smallest blocking coalitions are listed (0:
	// DefaultMaxList); their number is counted in full.
	MaxList int
	// Indices selects the indices to compute; 0 means both.
	Indices Index
	// Method forces an exact method by name (see Methods); "" picks the
	// cheapest that applies. Forcing a method that does not apply to the
	// game is an error.
	Method string
}

// Methods lists the names of the exact methods.
var Methods = []string{"weighted", "state-dp", "meet-in-the-middle", "enumeration"}

// Interval is a confidence interval [Low, High].
type Interval struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// PlayerPower is one player's power in a game.
type PlayerPower struct {
	ID string
	// Banzhaf is the normalized Banzhaf index: the player's swings over the
	// total swings of all players.
	Banzhaf *big.Rat
	// BanzhafAbsolute is the Penrose-Banzhaf measure: the player's swings
	// over 2^(n-1), the probability of being decisive when everyone else
	// votes at random.
	BanzhafAbsolute *big.Rat
	// ShapleyShubik is the share of the n! voting orders in which the
	// player is pivotal. Nil when not asked for.
	ShapleyShubik *big.Rat
	// Swings counts the coalitions without the player that lose but win
	// with it. In an estimate, it counts the sampled coalitions in which
	// the player swung.
	Swings *big.Int
	// Veto: every winning coalition contains the player.
	Veto bool
	// Dummy: the player is never a swing (never decides anything).
	Dummy bool
	// The 95% confidence intervals of an estimate; nil when exact.
	BanzhafCI, BanzhafAbsoluteCI, ShapleyShubikCI *Interval
}

// Result is the power analysis of a game.
type Result struct {
	// Players lists each player's power, in the order of Game.Players.
	Players []PlayerPower
	// Veto lists the veto players: those in every winning coalition.
	Veto []string
	// Dummies lists the players who are never a swing. An estimate does
	// not determine dummies: the list is then empty.
	Dummies []string
	// MinimalWinning counts the winning coalitions in which every member
	// is a swing. Nil when too expensive to count or estimated.
	MinimalWinning *big.Int
	// SmallestBlockingSize is the least number of players whose absence
	// blocks: a blocking coalition B is a set of players such that the
	// coalition of all players not in B loses (B voting no defeats a
	// proposal everyone else supports).
	SmallestBlockingSize int
	// SmallestBlockingCount is the number of blocking coalitions of that
	// size; nil when too expensive to count.
	SmallestBlockingCount *big.Int
	// SmallestBlocking lists at most Options.MaxList of them, each in the
	// order of Game.Players, the lists in lexicographic order of player
	// positions.
	SmallestBlocking [][]string
	// Method names the algorithm used (see docs/power.md).
	Method string
	// Exact is false for a Monte Carlo estimate.
	Exact bool
	// Samples and Seed describe an estimate.
	Samples int
	Seed    uint64
	// Notes explain anything left out.
	Notes []string
}
