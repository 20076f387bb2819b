package power

import (
	"math"
	"math/big"
	"math/rand/v2"

	"github.com/jirga/jirga"
)

// z95 is the standard normal quantile of a two-sided 95% interval.
const z95 = 1.959963984540054

// estimate samples the indices. Banzhaf: draw coalitions uniformly (every
// player in or out with probability 1/2) and, for each player, test whether
// the coalition without it loses and with it wins; the share of draws in
// which a player swings estimates its absolute Banzhaf measure. Shapley-
// Shubik: draw uniformly random orders of the players and credit the one
// whose arrival first makes the coalition win. The random generator is PCG
// seeded with opt.Seed, so the same options give the same estimate.
func (c *compiled) estimate(opt Options) (*Result, error) {
	n, m := c.n, opt.Samples
	if steps := 3 * float64(m) * float64(n) * float64(len(c.dims)+len(c.leaves)+1); steps > float64(opt.MaxExact) {
		return nil, jirga.Errorf(jirga.EINVALID, "%d samples of a game of %d players need about %.3g steps, over the limit of %.3g: draw fewer samples",
			m, n, steps, float64(opt.MaxExact))
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x6a69726761))
	res := &Result{Method: "monte-carlo", Samples: m, Seed: opt.Seed}
	res.Players = make([]PlayerPower, n)
	for i := range res.Players {
		res.Players[i] = PlayerPower{ID: c.players[i], Veto: !c.winsWithout(i)}
		if res.Players[i].Veto {
			res.Veto = append(res.Veto, c.players[i])
		}
	}
	if opt.Indices&IndexBanzhaf != 0 {
		if err := c.sampleBanzhaf(rng, m, res); err != nil {
			return nil, err
		}
	}
	if opt.ssi() {
		c.sampleShapley(rng, m, res)
	}
	res.Notes = append(res.Notes, "estimates do not determine dummies: a player never seen to swing may still swing in rare coalitions")
	res.MinimalWinning = c.typeMinimalWinning(maxTypeVectors)
	c.fillBlocking(res, 0, nil, opt.MaxList)
	return res, nil
}

func (c *compiled) sampleBanzhaf(rng *rand.Rand, m int, res *Result) error {
	n, D := c.n, len(c.dims)
	in := make([]bool, n)
	sums, with, without := make([]int64, D), make([]int64, D), make([]int64, D)
	x := make([]uint64, n)      // draws in which i swings
	cross := make([]float64, n) // sum over draws of X_i * T
	var sumT2 float64           // sum over draws of T^2
	swung := make([]int, 0, n)
	for s := 0; s < m; s++ {
		for d := range sums {
			sums[d] = 0
		}
		var bitsLeft int
		var r uint64
		for i := range in {
			if bitsLeft == 0 {
				r, bitsLeft = rng.Uint64(), 64
			}
			in[i] = r&1 == 1
			r >>= 1
			bitsLeft--
			if in[i] {
				for d, ws := range c.dims {
					sums[d] += ws[i]
				}
			}
		}
		swung = swung[:0]
		for i := 0; i < n; i++ {
			for d, ws := range c.dims {
				if in[i] {
					with[d], without[d] = sums[d], sums[d]-ws[i]
				} else {
					with[d], without[d] = sums[d]+ws[i], sums[d]
				}
			}
			w, wo := c.wins(with), c.wins(without)
			if wo && !w {
				return errNotMonotone()
			}
			if w && !wo {
				swung = append(swung, i)
			}
		}
		T := float64(len(swung))
		sumT2 += T * T
		for _, i := range swung {
			x[i]++
			cross[i] += T
		}
	}
	var X uint64
	for _, v := range x {
		X += v
	}
	for i := range res.Players {
		p := &res.Players[i]
		xi := new(big.Int).SetUint64(x[i])
		p.Swings = xi
		p.BanzhafAbsolute = new(big.Rat).SetFrac(xi, big.NewInt(int64(m)))
		p.BanzhafAbsoluteCI = wilson(x[i], m)
		p.Banzhaf = ratOrZero(xi, new(big.Int).SetUint64(X))
		if X > 0 {
			b := float64(x[i]) / float64(X)
			z2 := float64(x[i]) - 2*b*cross[i] + b*b*sumT2
			se := math.Sqrt(math.Max(z2, 0)) / float64(X)
			p.BanzhafCI = &Interval{math.Max(0, b-z95*se), math.Min(1, b+z95*se)}
		}
	}
	return nil
}

func (c *compiled) sampleShapley(rng *rand.Rand, m int, res *Result) {
	n := c.n
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sums := make([]int64, len(c.dims))
	piv := make([]uint64, n)
	for s := 0; s < m; s++ {
		rng.Shuffle(n, func(a, b int) { order[a], order[b] = order[b], order[a] })
		for d := range sums {
			sums[d] = 0
		}
		for _, i := range order {
			for d, ws := range c.dims {
				sums[d] += ws[i]
			}
			if c.wins(sums) {
				piv[i]++
				break
			}
		}
	}
	for i := range res.Players {
		p := &res.Players[i]
		p.ShapleyShubik = new(big.Rat).SetFrac(new(big.Int).SetUint64(piv[i]), big.NewInt(int64(m)))
		p.ShapleyShubikCI = wilson(piv[i], m)
	}
}

// wilson is the Wilson score interval of a proportion x/m at 95%.
func wilson(x uint64, m int) *Interval {
	p, mf := float64(x)/float64(m), float64(m)
	z2 := z95 * z95
	den := 1 + z2/mf
	center := (p + z2/(2*mf)) / den
	half := z95 / den * math.Sqrt(p*(1-p)/mf+z2/(4*mf*mf))
	return &Interval{math.Max(0, center-half), math.Min(1, center+half)}
}
