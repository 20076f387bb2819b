package power

import (
	"math/big"
	"slices"
)

// The weighted method handles one plain weighted vote [q; w1..wn] by
// generating functions. Let c[k][x] count the coalitions of all n players
// with k members and weight x < q (one table row per size; a single row when
// only Banzhaf is asked for). Player i of weight w swings in the coalitions
// S without i with q-w <= w(S) < q. The coalitions without i are counted by
// dividing the generating function by (1 + z y^w):
//
//	c_i[k][x] = sum over j >= 0 of (-1)^j c[k-j][x-jw]
//
// and with prefix sums P[k][x] = c[k][0] + ... + c[k][x-1] the window
// [q-w, q-1] of c_i[k] is the alternating sum of the windows
// [q-(j+1)w, q-jw-1] of c[k-j], one prefix difference each: about q/w terms
// per size. Players of equal weight share the work.

// weightedPlan describes the tables of the weighted method.
type weightedPlan struct {
	w    []int64 // weights in player order
	q    int64
	L    int
	ssi  bool
	rows int // sizes 0..rows-1 are kept (rows = K+1 where K is the largest losing size)
}

func newWeightedPlan(c *compiled, dim int, q int64, ssi bool) weightedPlan {
	p := weightedPlan{w: c.dims[dim], q: q, L: limbsFor(c.n), ssi: ssi, rows: 1}
	if ssi {
		p.rows = largestLosingSize(p.w, q) + 1
	}
	return p
}

// largestLosingSize is the size of the largest coalition of weight below q:
// the number of lightest players whose weights add up to less than q.
func largestLosingSize(w []int64, q int64) int {
	ws := slices.Clone(w)
	slices.Sort(ws)
	var s int64
	for k, x := range ws {
		if s+x >= q {
			return k
		}
		s += x
	}
	return len(ws)
}

// cost estimates the elementary steps (limb additions) and bytes.
func (p weightedPlan) cost() (steps, bytes float64) {
	n, q, L := float64(len(p.w)), float64(p.q), float64(p.L)
	bytes = float64(p.rows) * (q + 1) * L * 8
	steps = n * float64(p.rows) * q * L / 2
	if !p.ssi {
		steps = n * q * L
	}
	// The count of minimal winning coalitions adds one pass of n*q.
	steps += n * q * L
	return steps, bytes
}

// computeWeighted runs the weighted method.
func computeWeighted(c *compiled, p weightedPlan) *exactCounts {
	n, q, L := c.n, p.q, p.L
	width := int(q) + 1 // entries x = 0..q (x = q holds the last prefix sum)
	table := make([]uint64, p.rows*width*L)
	row := func(k int) []uint64 { return table[k*width*L : (k+1)*width*L] }
	table[0] = 1
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpInt64(p.w[a], p.w[b]) })
	var cum int64
	for t, i := range order {
		w := p.w[i]
		cum += w
		hi := min(cum, q-1) // highest weight reachable below q
		if w > hi && w > 0 {
			continue // the player's coalitions all weigh q or more
		}
		if p.rows == 1 {
			r := row(0)
			addVec(r[w*int64(L):(hi+1)*int64(L)], r[:(hi+1-w)*int64(L)], L)
			continue
		}
		for k := min(t+1, p.rows-1); k >= 1; k-- {
			dst, src := row(k), row(k-1)
			addVec(dst[w*int64(L):(hi+1)*int64(L)], src[:(hi+1-w)*int64(L)], L)
		}
	}
	// Prefix sums in place: entry x becomes the count of weights below x.
	run, tmp := newAcc(L), newAcc(L)
	for k := 0; k < p.rows; k++ {
		r := row(k)
		run.zero()
		for x := 0; x < width; x++ {
			e := entry(r, x, L)
			copy(tmp, e)
			copy(e, run)
			run.add(tmp)
		}
	}
	ex := &exactCounts{method: "weighted", swings: make([]*big.Int, n)}
	if p.ssi {
		ex.bySize = make([][]*big.Int, n)
	}
	done := map[int64]int{}
	a := newAcc(L)
	for i := 0; i < n; i++ {
		w := p.w[i]
		if j, ok := done[w]; ok {
			ex.swings[i] = ex.swings[j]
			if p.ssi {
				ex.bySize[i] = ex.bySize[j]
			}
			continue
		}
		done[w] = i
		if !p.ssi {
			a.zero()
			for j := int64(0); windowSum(a, row(0), q-j*w, w, L, 1-2*int(j%2)); j++ {
			}
			ex.swings[i] = a.big()
			continue
		}
		sizes := make([]*big.Int, n)
		total := new(big.Int)
		for k := 0; k < p.rows && k < n; k++ {
			a.zero()
			for j := 0; j <= k; j++ {
				if !windowSum(a, row(k-j), q-int64(j)*w, w, L, 1-2*(j%2)) {
					break
				}
			}
			sizes[k] = a.big()
			total.Add(total, sizes[k])
		}
		ex.swings[i], ex.bySize[i] = total, sizes
	}
	if p.ssi {
		// The largest losing coalitions are the complements of the
		// smallest blocking ones.
		K := p.rows - 1
		a.zero()
		a.add(entry(row(K), int(q), L))
		ex.blockSize, ex.blockCount = n-K, a.big()
	}
	ex.minimalWinning = weightedMinimalWinning(p)
	return ex
}

// windowSum adds sign*(P[hi]-P[max(0,hi-w)]) to a, the count of row entries
// with weight in [hi-w, hi-1], where r holds prefix sums. For the
// alternating sum of c_i it is called with hi = q - j*w; it reports false
// once the window has left the table (hi <= 0), ending the sum.
func windowSum(a acc, r []uint64, hi, w int64, L, sign int) bool {
	if hi <= 0 || w <= 0 {
		return false
	}
	lo := max(0, hi-w)
	if sign > 0 {
		a.add(entry(r, int(hi), L))
		a.sub(entry(r, int(lo), L))
	} else {
		a.sub(entry(r, int(hi), L))
		a.add(entry(r, int(lo), L))
	}
	return true
}

// weightedMinimalWinning counts the minimal winning coalitions of [q; w]. A
// winning coalition is minimal exactly when it loses without its lightest
// member j, so with the players in decreasing order of weight it is {j} plus
// a set T of players before j with q-w_j <= w(T) < q.
func weightedMinimalWinning(p weightedPlan) *big.Int {
	n, q, L := len(p.w), p.q, p.L
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpInt64(p.w[b], p.w[a]) })
	c := make([]uint64, int(q)*L)
	c[0] = 1
	total := newAcc(L)
	var cum int64
	for _, j := range order {
		w := p.w[j]
		if w == 0 {
			break // a member of weight 0 is never needed
		}
		for x := max(0, q-w); x < q && x <= cum; x++ {
			total.add(entry(c, int(x), L))
		}
		cum += w
		hi := min(cum, q-1)
		if w <= hi {
			addVec(c[w*int64(L):(hi+1)*int64(L)], c[:(hi+1-w)*int64(L)], L)
		}
	}
	return total.big()
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
