package power

import (
	"math"
	"math/big"
	"math/bits"
	"slices"
)

// The meet-in-the-middle method handles games with one dimension of large
// weights (a population, a budget share) beside the size and dimensions of
// small weights, for up to maxMITM players: too many to enumerate, sums too
// large to tabulate. For a player i it splits the other players in two
// halves, lists the 2^(n/2) subsets of each half grouped by size and capped
// small sums, sorted by their large sum, and counts the pairs of subsets
// (one from each half) that form a swing for i. For two groups the formula
// depends on the large sum p alone, and is constant between the large
// clauses' quotas (shifted by i's weight for the coalition with i): so the
// swings are a few intervals of p, and the pairs whose sums fall in an
// interval are counted by a two-pointer walk over the two sorted lists.

// maxMITM is the most players the method accepts (2^24 subsets a half).
const maxMITM = 48

// maxSmallStates bounds the capped states of the small dimensions.
const maxSmallStates = 64

type mitmPlan struct {
	large  int     // the large dimension
	others []int   // small dimensions other than size
	caps   []int64 // their caps
	stride []int
	sigma  int
	types  [][]int
}

func newMITMPlan(c *compiled) (mitmPlan, bool) {
	p := mitmPlan{large: -1, sigma: 1}
	if c.n > maxMITM || c.n < 2 {
		return p, false
	}
	caps := map[int]int64{}
	for _, l := range c.leaves {
		caps[l.dim] = max(caps[l.dim], l.quota)
	}
	for d := range c.dims {
		if d == c.sizeDim {
			continue
		}
		if p.large < 0 || caps[d] > caps[p.large] {
			p.large = d
		}
	}
	if p.large < 0 {
		return p, false
	}
	for d := range c.dims {
		if d == c.sizeDim || d == p.large {
			continue
		}
		if p.sigma*int(caps[d]+1) > maxSmallStates {
			return p, false
		}
		p.others = append(p.others, d)
		p.caps = append(p.caps, caps[d])
		p.stride = append(p.stride, p.sigma)
		p.sigma *= int(caps[d] + 1)
	}
	p.types = c.playerTypes()
	return p, true
}

func (p mitmPlan) cost() (steps, bytes float64) {
	n := 0
	for _, t := range p.types {
		n += len(t)
	}
	h := float64(n+1) / 2
	half := math.Exp2(h)
	keys := (h + 1) * float64(p.sigma)
	runs := float64(len(p.types) + n + 1)
	steps = runs * 2 * half * (h + 2*keys*3)
	bytes = 2 * half * 24
	return steps, bytes
}

// mitmRun holds what every run of the method shares.
type mitmRun struct {
	c        *compiled
	p        mitmPlan
	tgt      [][]int // tgt[i][σ]: small state after adding player i
	addSigma [][]int // addSigma[a][b]: capped sum of two small states
	sums     []int64 // scratch
	breaks   []int64 // quotas of the large dimension
}

// bucket is the subsets of one half with one size and small state, by
// large sum.
type bucket struct {
	k, σ int
	p    []int64
}

func computeMITM(c *compiled, p mitmPlan, ssi bool) *exactCounts {
	r := &mitmRun{c: c, p: p, sums: make([]int64, len(c.dims))}
	r.tgt = make([][]int, c.n)
	for i := range r.tgt {
		r.tgt[i] = make([]int, p.sigma)
		for σ := range r.tgt[i] {
			to := 0
			for j, d := range p.others {
				v := int64(σ / p.stride[j] % int(p.caps[j]+1))
				to += int(min(v+c.dims[d][i], p.caps[j])) * p.stride[j]
			}
			r.tgt[i][σ] = to
		}
	}
	r.addSigma = make([][]int, p.sigma)
	for a := range r.addSigma {
		r.addSigma[a] = make([]int, p.sigma)
		for b := range r.addSigma[a] {
			to := 0
			for j := range p.others {
				va := int64(a / p.stride[j] % int(p.caps[j]+1))
				vb := int64(b / p.stride[j] % int(p.caps[j]+1))
				to += int(min(va+vb, p.caps[j])) * p.stride[j]
			}
			r.addSigma[a][b] = to
		}
	}
	for _, l := range c.leaves {
		if l.dim == p.large {
			r.breaks = append(r.breaks, l.quota)
		}
	}
	ex := &exactCounts{method: "meet-in-the-middle", swings: make([]*big.Int, c.n)}
	if ssi {
		ex.bySize = make([][]*big.Int, c.n)
	}
	for _, members := range p.types {
		i := members[0]
		ground := make([]int, 0, c.n-1)
		for j := 0; j < c.n; j++ {
			if j != i {
				ground = append(ground, j)
			}
		}
		pos, neg := r.count(ground, i)
		if neg {
			ex.nonMonotone = true
			return ex
		}
		total := new(big.Int)
		bySize := make([]*big.Int, c.n)
		for k := range bySize {
			bySize[k] = new(big.Int).SetUint64(pos[k])
			total.Add(total, bySize[k])
		}
		for _, j := range members {
			ex.swings[j] = total
			if ssi {
				ex.bySize[j] = bySize
			}
		}
	}
	if order, ok := c.dominanceOrder(); ok {
		var mw uint64
		for j, i := range order {
			pos, _ := r.count(order[:j], i)
			for _, x := range pos {
				mw += x
			}
		}
		ex.minimalWinning = new(big.Int).SetUint64(mw)
	}
	all := make([]int, c.n)
	for i := range all {
		all[i] = i
	}
	losing, _ := r.count(all, -1)
	for k := c.n; k >= 0; k-- {
		if losing[k] > 0 {
			ex.blockSize, ex.blockCount = c.n-k, new(big.Int).SetUint64(losing[k])
			break
		}
	}
	return ex
}

// half lists the subsets of players in buckets by size and small state,
// each bucket sorted by large sum.
func (r *mitmRun) half(players []int) []bucket {
	m := len(players)
	N := 1 << uint(m)
	σs := make([]int32, N)
	ps := make([]int64, N)
	wl := r.c.dims[r.p.large]
	for s := 1; s < N; s++ {
		low := bits.TrailingZeros(uint(s))
		prev := s & (s - 1)
		i := players[low]
		σs[s] = int32(r.tgt[i][σs[prev]])
		ps[s] = ps[prev] + wl[i]
	}
	sg := r.p.sigma
	counts := make([]int, (m+1)*sg)
	for s := 0; s < N; s++ {
		counts[bits.OnesCount(uint(s))*sg+int(σs[s])]++
	}
	buckets := make([]bucket, 0, len(counts))
	index := make([]int, len(counts))
	for key, n := range counts {
		index[key] = -1
		if n > 0 {
			index[key] = len(buckets)
			buckets = append(buckets, bucket{k: key / sg, σ: key % sg, p: make([]int64, 0, n)})
		}
	}
	for s := 0; s < N; s++ {
		b := &buckets[index[bits.OnesCount(uint(s))*sg+int(σs[s])]]
		b.p = append(b.p, ps[s])
	}
	for j := range buckets {
		slices.Sort(buckets[j].p)
	}
	return buckets
}

// interval is a half-open range [lo, hi) of large sums.
type interval struct{ lo, hi int64 }

// count counts, by size, the subsets S of ground that lose and win with
// player i, and reports whether some S wins but loses with i. With i < 0 it
// counts the losing subsets instead.
func (r *mitmRun) count(ground []int, i int) (pos []uint64, neg bool) {
	n := r.c.n
	pos = make([]uint64, n+2)
	h := len(ground) / 2
	A, B := r.half(ground[:h]), r.half(ground[h:])
	var vp int64
	if i >= 0 {
		vp = r.c.dims[r.p.large][i]
	}
	// The intervals depend on the combined size and small state only.
	type key struct{ k, σ int }
	cache := map[key][2][]interval{}
	for _, a := range A {
		for _, b := range B {
			k, σ := a.k+b.k, r.addSigma[a.σ][b.σ]
			iv, ok := cache[key{k, σ}]
			if !ok {
				iv = r.intervals(k, σ, i, vp)
				cache[key{k, σ}] = iv
			}
			for _, x := range iv[0] {
				pos[k] += pairsBelow(a.p, b.p, x.hi) - pairsBelow(a.p, b.p, x.lo)
			}
			for _, x := range iv[1] {
				if pairsBelow(a.p, b.p, x.hi) > pairsBelow(a.p, b.p, x.lo) {
					neg = true
				}
			}
		}
	}
	return pos, neg
}

// intervals returns the large sums p at which a coalition of size k and
// small state σ is a swing for player i (or loses, when i < 0), and those at
// which it wins but loses with i.
func (r *mitmRun) intervals(k, σ, i int, vp int64) [2][]interval {
	points := []int64{math.MinInt64}
	for _, q := range r.breaks {
		points = append(points, q)
		if i >= 0 {
			points = append(points, q-vp)
		}
	}
	slices.Sort(points)
	points = slices.Compact(points)
	var out [2][]interval
	for j, lo := range points {
		hi := int64(math.MaxInt64)
		if j+1 < len(points) {
			hi = points[j+1]
		}
		p := lo
		if lo == math.MinInt64 {
			p = hi - 1
		}
		before := r.winsAt(k, σ, p)
		var after bool
		if i >= 0 {
			after = r.winsAt(k+1, r.tgt[i][σ], p+vp)
		}
		switch {
		case i < 0 && !before, i >= 0 && !before && after:
			out[0] = appendInterval(out[0], interval{lo, hi})
		case i >= 0 && before && !after:
			out[1] = appendInterval(out[1], interval{lo, hi})
		}
	}
	return out
}

func appendInterval(ivs []interval, x interval) []interval {
	if n := len(ivs); n > 0 && ivs[n-1].hi == x.lo {
		ivs[n-1].hi = x.hi
		return ivs
	}
	return append(ivs, x)
}

// winsAt evaluates the formula at a size, small state and large sum.
func (r *mitmRun) winsAt(k, σ int, p int64) bool {
	if r.c.sizeDim >= 0 {
		r.sums[r.c.sizeDim] = int64(k)
	}
	for j, d := range r.p.others {
		r.sums[d] = int64(σ / r.p.stride[j] % int(r.p.caps[j]+1))
	}
	r.sums[r.p.large] = p
	return r.c.wins(r.sums)
}

// pairsBelow counts the pairs (x, y) of a and b, both sorted, with
// x + y < t.
func pairsBelow(a, b []int64, t int64) uint64 {
	if t == math.MinInt64 || len(a) == 0 || len(b) == 0 {
		return 0
	}
	if t == math.MaxInt64 {
		return uint64(len(a)) * uint64(len(b))
	}
	var n uint64
	j := len(b)
	for _, x := range a {
		for j > 0 && x+b[j-1] >= t {
			j--
		}
		if j == 0 {
			break
		}
		n += uint64(j)
	}
	return n
}
