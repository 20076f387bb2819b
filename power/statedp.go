package power

import (
	"math"
	"math/big"
	"slices"
)

// The state method counts coalitions by their state: their size and, in
// every other dimension, their sum capped at the dimension's largest quota
// (a sum past every quota of its dimension passes them all, whatever is
// added). The formula is decided by the state alone, so one table of counts
// by state describes every coalition. Player i swings in the coalitions
// without i whose state loses and whose state plus i's weights wins.
//
// The table of the coalitions without player i comes from a leave-one-out
// divide and conquer over the kinds of player (players with identical
// weights): split the kinds in halves, add the right half's players to a
// copy of the table and recurse into the left half, add the left half's to
// the table and recurse into the right. Each level adds every player once,
// so the work is O(n log T) player additions of O(S) each, with S states and
// T kinds, and no subtraction is needed even though states are capped.

// maxStates bounds the state table.
const maxStates = 1 << 26

// statePlan describes the state space of a game.
type statePlan struct {
	others []int   // dimensions other than size
	caps   []int64 // cap of each other dimension
	stride []int   // stride of each other dimension in a state index
	sigma  int     // number of states of the other dimensions
	S      int     // (n+1) * sigma
	L      int
	types  [][]int
}

func newStatePlan(c *compiled) (statePlan, bool) {
	p := statePlan{sigma: 1, L: limbsFor(c.n)}
	size := 1.0
	for d := range c.dims {
		if d == c.sizeDim {
			continue
		}
		var cap int64
		for _, l := range c.leaves {
			if l.dim == d {
				cap = max(cap, l.quota)
			}
		}
		size *= float64(cap + 1)
		if size*float64(c.n+1) > maxStates {
			return p, false
		}
		p.others = append(p.others, d)
		p.caps = append(p.caps, cap)
		p.stride = append(p.stride, p.sigma)
		p.sigma *= int(cap + 1)
	}
	p.S = (c.n + 1) * p.sigma
	p.types = c.playerTypes()
	return p, true
}

func (p statePlan) cost() (steps, bytes float64) {
	n, T := float64(len(p.types)), float64(len(p.types))
	for _, t := range p.types {
		n += float64(len(t)) - 1
	}
	levels := math.Ceil(math.Log2(T)) + 1
	// A player addition touches half the table on average.
	steps = (n*(levels+2) + T) * float64(p.S) * float64(p.L) / 2
	bytes = float64(p.S)*float64(p.L)*8*(levels+2) + float64(p.S) + T*float64(p.sigma)*8
	return steps, bytes
}

// stateRun holds the tables of one run of the state method.
type stateRun struct {
	c    *compiled
	p    statePlan
	win  []bool  // win[k*sigma+σ]
	tgt  [][]int // tgt[t][σ]: σ after adding a player of kind t
	kind []int   // kind of each player
	ex   *exactCounts
	ssi  bool
}

func computeStates(c *compiled, p statePlan, ssi bool) *exactCounts {
	r := &stateRun{c: c, p: p, ssi: ssi}
	r.ex = &exactCounts{method: "state-dp", swings: make([]*big.Int, c.n)}
	if ssi {
		r.ex.bySize = make([][]*big.Int, c.n)
	}
	// Which states win.
	r.win = make([]bool, p.S)
	sums := make([]int64, len(c.dims))
	for σ := 0; σ < p.sigma; σ++ {
		for j, d := range p.others {
			sums[d] = int64(σ / p.stride[j] % int(p.caps[j]+1))
		}
		for k := 0; k <= c.n; k++ {
			if c.sizeDim >= 0 {
				sums[c.sizeDim] = int64(k)
			}
			r.win[k*p.sigma+σ] = c.wins(sums)
		}
	}
	// Where each kind of player moves each state.
	r.kind = make([]int, c.n)
	r.tgt = make([][]int, len(p.types))
	for t, members := range p.types {
		for _, i := range members {
			r.kind[i] = t
		}
		r.tgt[t] = make([]int, p.sigma)
		for σ := range r.tgt[t] {
			to := 0
			for j, d := range p.others {
				v := int64(σ / p.stride[j] % int(p.caps[j]+1))
				to += int(min(v+c.dims[d][members[0]], p.caps[j])) * p.stride[j]
			}
			r.tgt[t][σ] = to
		}
	}
	kinds := make([]int, len(p.types))
	for t := range kinds {
		kinds[t] = t
	}
	table := r.empty()
	r.solve(kinds, table, 0)
	if r.ex.nonMonotone {
		return r.ex
	}
	full := r.minimalWinning()
	r.blocking(full)
	return r.ex
}

func (r *stateRun) empty() []uint64 {
	t := make([]uint64, r.p.S*r.p.L)
	t[0] = 1
	return t
}

// add adds one player of kind t to a table holding coalitions of at most
// kmax members. Sizes go down so that each source row is read before it is
// written.
func (r *stateRun) add(table []uint64, t, kmax int) {
	sg, L, tgt := r.p.sigma, r.p.L, r.tgt[t]
	for k := min(kmax, r.c.n-1); k >= 0; k-- {
		src := table[k*sg*L : (k+1)*sg*L]
		dst := table[(k+1)*sg*L : (k+2)*sg*L]
		if L == 1 {
			for σ, x := range src {
				dst[tgt[σ]] += x
			}
			continue
		}
		for σ := 0; σ < sg; σ++ {
			acc(entry(dst, tgt[σ], L)).add(entry(src, σ, L))
		}
	}
}

// solve finds the swings of the players of the given kinds; table counts
// the coalitions of all the other kinds' players (added of them).
func (r *stateRun) solve(kinds []int, table []uint64, added int) {
	if len(kinds) == 1 {
		t := kinds[0]
		m := len(r.p.types[t])
		for j := 0; j < m-1; j++ {
			r.add(table, t, added+j)
		}
		r.swings(t, table, added+m-1)
		return
	}
	mid := len(kinds) / 2
	left := slices.Clone(table)
	a := added
	for _, t := range kinds[mid:] {
		for range r.p.types[t] {
			r.add(left, t, a)
			a++
		}
	}
	r.solve(kinds[:mid], left, a)
	left = nil
	a = added
	for _, t := range kinds[:mid] {
		for range r.p.types[t] {
			r.add(table, t, a)
			a++
		}
	}
	r.solve(kinds[mid:], table, a)
}

// swings counts, by size, the coalitions of table that lose but win with a
// player of kind t.
func (r *stateRun) swings(t int, table []uint64, kmax int) {
	sg, L, tgt, n := r.p.sigma, r.p.L, r.tgt[t], r.c.n
	bySize := make([]*big.Int, n)
	total := new(big.Int)
	a := newAcc(L)
	for k := 0; k < n; k++ {
		a.zero()
		if k <= kmax {
			for σ := 0; σ < sg; σ++ {
				before, after := r.win[k*sg+σ], r.win[(k+1)*sg+tgt[σ]]
				if !before && after {
					a.add(entry(table, k*sg+σ, L))
				} else if before && !after && !isZero(entry(table, k*sg+σ, L)) {
					r.ex.nonMonotone = true
				}
			}
		}
		bySize[k] = a.big()
		total.Add(total, bySize[k])
	}
	for _, i := range r.p.types[t] {
		r.ex.swings[i] = total
		if r.ssi {
			r.ex.bySize[i] = bySize
		}
	}
}

func isZero(x []uint64) bool {
	for _, v := range x {
		if v != 0 {
			return false
		}
	}
	return true
}

// minimalWinning counts the minimal winning coalitions when the players
// can be ordered by dominance: adding the players in that order, player j
// completes a minimal winning coalition from each losing coalition of the
// players before it that wins with j. It returns the table of all players.
func (r *stateRun) minimalWinning() []uint64 {
	table := r.empty()
	order, ok := r.c.dominanceOrder()
	if !ok {
		for i := 0; i < r.c.n; i++ {
			r.add(table, r.kind[i], i)
		}
		return table
	}
	sg, L := r.p.sigma, r.p.L
	total := newAcc(L)
	for j, i := range order {
		tgt := r.tgt[r.kind[i]]
		for k := 0; k <= j && k < r.c.n; k++ {
			for σ := 0; σ < sg; σ++ {
				if !r.win[k*sg+σ] && r.win[(k+1)*sg+tgt[σ]] {
					total.add(entry(table, k*sg+σ, L))
				}
			}
		}
		r.add(table, r.kind[i], j)
	}
	r.ex.minimalWinning = total.big()
	return table
}

// blocking finds the largest losing coalitions in the table of all players:
// their complements are the smallest blocking coalitions.
func (r *stateRun) blocking(full []uint64) {
	sg, L, n := r.p.sigma, r.p.L, r.c.n
	a := newAcc(L)
	for k := n; k >= 0; k-- {
		a.zero()
		for σ := 0; σ < sg; σ++ {
			if !r.win[k*sg+σ] {
				a.add(entry(full, k*sg+σ, L))
			}
		}
		if !isZero(a) {
			r.ex.blockSize, r.ex.blockCount = n-k, a.big()
			return
		}
	}
}
