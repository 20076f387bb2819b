package power

import (
	"cmp"
	"math/big"
	"slices"
)

// blockingBudget bounds the nodes one search for blocking coalitions visits.
const blockingBudget = 1 << 20

// blockSearch looks for blocking coalitions of a given size by depth-first
// search over the players, heaviest first. A blocking coalition B is one
// whose complement loses. In a game whose formula has no negated clause, a
// branch is cut when even removing the heaviest remaining players from the
// complement, dimension by dimension, leaves it winning.
type blockSearch struct {
	c     *compiled
	order []int
	// top[d][p][r] is the sum of the r largest weights of dimension d among
	// order[p:]; nil when too large to tabulate or not usable.
	top    [][][]int64
	nodes  int
	budget int
	// state of one run
	chosen []int
	comp   []int64
	lower  []int64
	found  [][]int
	max    int
	count  uint64
	stop   uint64
	broke  bool
}

func newBlockSearch(c *compiled) *blockSearch {
	s := &blockSearch{c: c, budget: blockingBudget}
	s.order = make([]int, c.n)
	key := make([]float64, c.n)
	for i := range s.order {
		s.order[i] = i
		for d, ws := range c.dims {
			if c.total[d] > 0 {
				key[i] += float64(ws[i]) / float64(c.total[d])
			}
		}
	}
	slices.SortStableFunc(s.order, func(a, b int) int { return cmp.Compare(key[b], key[a]) })
	if c.monotone && len(c.dims)*(c.n+1)*(c.n+1) <= 1<<23 {
		s.top = make([][][]int64, len(c.dims))
		for d, ws := range c.dims {
			s.top[d] = make([][]int64, c.n+1)
			var suffix []int64 // weights of order[p:], descending
			s.top[d][c.n] = []int64{0}
			for p := c.n - 1; p >= 0; p-- {
				w := ws[s.order[p]]
				at, _ := slices.BinarySearchFunc(suffix, w, func(a, b int64) int { return cmp.Compare(b, a) })
				suffix = slices.Insert(suffix, at, w)
				sums := make([]int64, len(suffix)+1)
				for r, x := range suffix {
					sums[r+1] = sums[r] + x
				}
				s.top[d][p] = sums
			}
		}
	}
	return s
}

// run searches blocking coalitions of size k, keeping the first max found
// and counting them all, or stopping after stop of them when stop > 0. It
// reports false when the budget ran out first.
func (s *blockSearch) run(k, max, stop int) bool {
	s.chosen = s.chosen[:0]
	s.comp = slices.Clone(s.c.total)
	s.lower = make([]int64, len(s.comp))
	s.found, s.max, s.count = nil, max, 0
	s.stop, s.broke = uint64(stop), false
	s.dfs(0, k)
	return !s.broke
}

// halted reports whether the search must stop.
func (s *blockSearch) halted() bool { return s.broke || (s.stop > 0 && s.count >= s.stop) }

func (s *blockSearch) dfs(p, r int) {
	if s.halted() {
		return
	}
	s.nodes++
	if s.nodes > s.budget {
		s.broke = true
		return
	}
	if r == 0 {
		if !s.c.wins(s.comp) {
			s.count++
			if len(s.found) < s.max {
				s.found = append(s.found, slices.Clone(s.chosen))
			}
		}
		return
	}
	if s.c.n-p < r {
		return
	}
	if s.top != nil {
		for d := range s.lower {
			s.lower[d] = s.comp[d] - s.top[d][p][r]
		}
		if s.c.wins(s.lower) {
			return // no choice of r more players blocks
		}
	}
	i := s.order[p]
	for d, ws := range s.c.dims {
		s.comp[d] -= ws[i]
	}
	s.chosen = append(s.chosen, i)
	s.dfs(p+1, r-1)
	s.chosen = s.chosen[:len(s.chosen)-1]
	for d, ws := range s.c.dims {
		s.comp[d] += ws[i]
	}
	s.dfs(p+1, r)
}

// fillBlocking sets the smallest blocking coalitions of res: their size
// (found by search when size is 0), their number (counted by search when
// count is nil) and up to maxList of them.
func (c *compiled) fillBlocking(res *Result, size int, count *big.Int, maxList int) {
	s := newBlockSearch(c)
	if size == 0 {
		for k := 1; k <= c.n; k++ {
			complete := s.run(k, 1, 1)
			if s.count > 0 {
				size = k
				break
			}
			if !complete {
				res.Notes = append(res.Notes, "smallest blocking coalitions not found within the search budget")
				return
			}
		}
	}
	res.SmallestBlockingSize = size
	if size == 0 {
		return
	}
	s.budget = s.nodes + blockingBudget
	stop := 0
	if count != nil {
		stop = maxList
	}
	complete := s.run(size, maxList, stop)
	switch {
	case count != nil:
		res.SmallestBlockingCount = count
	case complete:
		res.SmallestBlockingCount = new(big.Int).SetUint64(s.count)
	default:
		res.Notes = append(res.Notes, "smallest blocking coalitions not counted: too many to enumerate")
	}
	for _, b := range s.found {
		slices.Sort(b)
	}
	slices.SortFunc(s.found, slices.Compare)
	for _, b := range s.found {
		names := make([]string, len(b))
		for j, i := range b {
			names[j] = c.players[i]
		}
		res.SmallestBlocking = append(res.SmallestBlocking, names)
	}
}
