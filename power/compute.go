package power

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"

	"github.com/jirga/jirga"
)

// exactCounts is what an exact method finds; Compute turns it into a Result.
type exactCounts struct {
	method string
	// swings[i] counts the coalitions without i that lose but win with i.
	swings []*big.Int
	// bySize[i][k] counts those of size k; nil unless Shapley-Shubik was
	// asked for.
	bySize [][]*big.Int
	// nonMonotone is set when some coalition wins but loses with one more
	// member.
	nonMonotone bool
	// minimalWinning is nil when the method did not count them.
	minimalWinning *big.Int
	// blockSize is 0 when the method did not find it; blockCount is nil
	// when not counted.
	blockSize  int
	blockCount *big.Int
	notes      []string
}

// Compute works out the power indices of g and its coalition structure:
// exactly, or by Monte Carlo when opt.Estimate is set. It refuses, with a
// *jirga.Error of code EINVALID, an invalid game, a game in which every
// coalition or no coalition wins, a game that is not monotone (where joining
// a winning coalition can make it lose), and a game too large to compute
// exactly within opt's limits.
func Compute(g Game, opt Options) (*Result, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	opt = opt.withDefaults()
	c := compile(g)
	if err := c.checkNontrivial(); err != nil {
		return nil, err
	}
	if opt.Estimate {
		return c.estimate(opt)
	}
	ex, err := c.exact(opt)
	if err != nil {
		return nil, err
	}
	if ex.nonMonotone {
		return nil, errNotMonotone()
	}
	return c.result(ex, opt), nil
}

func errNotMonotone() error {
	return jirga.Errorf(jirga.EINVALID, "the rule is not monotone: some winning coalition loses when one more player joins it, "+
		"so power indices are not defined; check for a clause that limits the votes in favour (an 'at most' on yes votes)")
}

func (o Options) withDefaults() Options {
	if o.Samples <= 0 {
		o.Samples = DefaultSamples
	}
	if o.MaxExact <= 0 {
		o.MaxExact = DefaultMaxExact
	}
	if o.MaxMemory <= 0 {
		o.MaxMemory = DefaultMaxMemory
	}
	if o.MaxList <= 0 {
		o.MaxList = DefaultMaxList
	}
	if o.Indices&IndexBoth == 0 {
		o.Indices = IndexBoth
	}
	return o
}

func (o Options) ssi() bool { return o.Indices&IndexShapleyShubik != 0 }

// checkNontrivial refuses games in which every or no coalition wins.
func (c *compiled) checkNontrivial() error {
	all := c.winsWithout()
	none := c.wins(make([]int64, len(c.dims)))
	switch {
	case none && all:
		return jirga.Errorf(jirga.EINVALID, "every coalition wins, even the empty one: the rule decides nothing")
	case none:
		return jirga.Errorf(jirga.EINVALID, "the empty coalition wins: the rule passes with nobody in favour")
	case !all:
		return jirga.Errorf(jirga.EINVALID, "no coalition wins: even all %d players together fall short of the rule", c.n)
	}
	return nil
}

// A plan is one exact method that can compute a game, with its cost.
type plan struct {
	method string
	steps  float64 // elementary steps, comparable across methods
	bytes  float64
	run    func() *exactCounts
}

// exact picks the cheapest exact method within the limits and runs it.
func (c *compiled) exact(opt Options) (*exactCounts, error) {
	var plans []plan
	if dim, q, ok := c.singleLeaf(); ok && q <= maxWeightedQuota {
		p := newWeightedPlan(c, dim, q, opt.ssi())
		steps, bytes := p.cost()
		plans = append(plans, plan{"weighted", steps, bytes, func() *exactCounts { return computeWeighted(c, p) }})
	}
	if p, ok := newStatePlan(c); ok {
		steps, bytes := p.cost()
		plans = append(plans, plan{"state-dp", steps, bytes, func() *exactCounts { return computeStates(c, p, opt.ssi()) }})
	}
	if p, ok := newMITMPlan(c); ok {
		steps, bytes := p.cost()
		plans = append(plans, plan{"meet-in-the-middle", steps, bytes, func() *exactCounts { return computeMITM(c, p, opt.ssi()) }})
	}
	if c.n <= maxEnumerate {
		steps, bytes := enumerationCost(c)
		plans = append(plans, plan{"enumeration", steps, bytes, func() *exactCounts { return computeEnumeration(c, opt.ssi()) }})
	}
	slices.SortStableFunc(plans, func(a, b plan) int {
		switch {
		case a.steps < b.steps:
			return -1
		case a.steps > b.steps:
			return 1
		}
		return 0
	})
	if opt.Method != "" {
		i := slices.IndexFunc(plans, func(p plan) bool { return p.method == opt.Method })
		if i < 0 {
			return nil, jirga.Errorf(jirga.EINVALID, "method %q does not apply to this game (methods: %s)", opt.Method, strings.Join(Methods, ", "))
		}
		plans = plans[i : i+1]
	}
	for _, p := range plans {
		if p.steps <= float64(opt.MaxExact) && p.bytes <= float64(opt.MaxMemory) {
			return p.run(), nil
		}
	}
	msg := fmt.Sprintf("the game of %d players is too large to compute exactly", c.n)
	if len(plans) > 0 {
		p := plans[0]
		msg += fmt.Sprintf(": the cheapest exact method (%s) needs about %.3g steps and %s of memory, over the limits of %.3g steps and %s",
			p.method, p.steps, byteSize(p.bytes), float64(opt.MaxExact), byteSize(float64(opt.MaxMemory)))
	}
	return nil, &jirga.Error{Code: jirga.EINVALID, Message: msg, Diagnostics: []jirga.Diagnostic{{
		Pos:     jirga.Pos{File: "game"},
		Message: "exact computation refused",
		Hint:    "use --estimate (Options.Estimate) for a Monte Carlo estimate with 95% confidence intervals",
	}}}
}

func byteSize(b float64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", b/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", b/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f KiB", b/(1<<10))
	}
	return fmt.Sprintf("%.0f B", b)
}

// result builds the Result of an exact computation.
func (c *compiled) result(ex *exactCounts, opt Options) *Result {
	n := c.n
	res := &Result{Method: ex.method, Exact: true, Notes: ex.notes}
	total := new(big.Int)
	for _, s := range ex.swings {
		total.Add(total, s)
	}
	pow := new(big.Int).Lsh(big.NewInt(1), uint(n-1))
	var fact []*big.Int
	if ex.bySize != nil {
		fact = factorials(n)
	}
	for i := 0; i < n; i++ {
		sw := new(big.Int).Set(ex.swings[i])
		pp := PlayerPower{
			ID:              c.players[i],
			Swings:          sw,
			Banzhaf:         ratOrZero(sw, total),
			BanzhafAbsolute: new(big.Rat).SetFrac(sw, pow),
			Veto:            !c.winsWithout(i),
			Dummy:           sw.Sign() == 0,
		}
		if ex.bySize != nil {
			pp.ShapleyShubik = shapleyShubik(ex.bySize[i], fact)
		}
		res.Players = append(res.Players, pp)
		if pp.Veto {
			res.Veto = append(res.Veto, pp.ID)
		}
		if pp.Dummy {
			res.Dummies = append(res.Dummies, pp.ID)
		}
	}
	res.MinimalWinning = ex.minimalWinning
	if res.MinimalWinning == nil {
		res.MinimalWinning = c.typeMinimalWinning(maxTypeVectors)
		if res.MinimalWinning == nil {
			res.Notes = append(res.Notes, "minimal winning coalitions not counted: too many kinds of coalition to enumerate")
		}
	}
	c.fillBlocking(res, ex.blockSize, ex.blockCount, opt.MaxList)
	return res
}

func ratOrZero(a, b *big.Int) *big.Rat {
	if b.Sign() == 0 {
		return new(big.Rat)
	}
	return new(big.Rat).SetFrac(a, b)
}

// maxWeightedQuota bounds the quota of the weighted method, whose tables
// have one entry per weight below the quota.
const maxWeightedQuota = 1 << 34

// maxTypeVectors bounds the enumeration of coalitions by kind.
const maxTypeVectors = 1 << 22

// typeMinimalWinning counts minimal winning coalitions by enumerating how
// many players of each kind (identical weights) a coalition holds; nil when
// there are more than limit such vectors.
func (c *compiled) typeMinimalWinning(limit float64) *big.Int {
	types := c.playerTypes()
	vectors := 1.0
	for _, t := range types {
		vectors *= float64(len(t) + 1)
	}
	if vectors > limit {
		return nil
	}
	T, D := len(types), len(c.dims)
	vec := make([][]int64, T) // weights of one player of each kind
	for t, members := range types {
		vec[t] = make([]int64, D)
		for d, ws := range c.dims {
			vec[t][d] = ws[members[0]]
		}
	}
	binoms := make([][]*big.Int, T)
	for t, members := range types {
		m := len(members)
		binoms[t] = make([]*big.Int, m+1)
		for k := 0; k <= m; k++ {
			binoms[t][k] = new(big.Int).Binomial(int64(m), int64(k))
		}
	}
	count := make([]int, T)
	sums := make([]int64, D)
	tmp := make([]int64, D)
	total := new(big.Int)
	for {
		if c.wins(sums) {
			minimal := true
			for t := 0; t < T && minimal; t++ {
				if count[t] == 0 {
					continue
				}
				for d := range tmp {
					tmp[d] = sums[d] - vec[t][d]
				}
				minimal = !c.wins(tmp)
			}
			if minimal {
				prod := big.NewInt(1)
				for t := range count {
					prod.Mul(prod, binoms[t][count[t]])
				}
				total.Add(total, prod)
			}
		}
		// Next vector, odometer style.
		t := 0
		for ; t < T; t++ {
			if count[t] < len(types[t]) {
				count[t]++
				for d := range sums {
					sums[d] += vec[t][d]
				}
				break
			}
			for d := range sums {
				sums[d] -= int64(count[t]) * vec[t][d]
			}
			count[t] = 0
		}
		if t == T {
			return total
		}
	}
}

// binomial returns C(n, k) as a float64, for cost estimates.
func binomial(n, k int) float64 {
	if k < 0 || k > n {
		return 0
	}
	lg := func(x int) float64 { v, _ := math.Lgamma(float64(x + 1)); return v }
	return math.Exp(lg(n) - lg(k) - lg(n-k))
}
