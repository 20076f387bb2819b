package power

import (
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// A compiled game is a game in normal form: the distinct weight vectors
// ("dimensions") its clauses sum, and a formula in negation normal form whose
// leaves compare one dimension's sum with a quota. Every algorithm works on
// this form.
type compiled struct {
	n       int
	players []string
	// dims[d][i] is player i's weight in dimension d. Weight vectors that
	// are a positive multiple of all ones are folded into the size
	// dimension (weights all 1), so that "k of n" clauses share one
	// dimension.
	dims  [][]int64
	total []int64 // total weight of each dimension
	// sizeDim is the index of the dimension of all ones, or -1.
	sizeDim int
	leaves  []leaf
	f       *expr
	// monotone is true when no leaf is negated: the game is then monotone
	// by construction. Otherwise monotonicity is checked by the algorithm.
	monotone bool
	// table is the truth table of f over the leaves' bits when there are
	// at most tableLeaves leaves, for fast evaluation.
	table []bool
}

// leaf is a comparison: the coalition's sum in dimension dim is at least
// quota (or, negated, below it).
type leaf struct {
	dim   int
	quota int64
	neg   bool
}

// Expression kinds.
const (
	eLeaf = iota
	eAll
	eAny
	eTrue
	eFalse
)

// expr is a formula in negation normal form over leaves.
type expr struct {
	kind int
	leaf int
	kids []*expr
}

const tableLeaves = 16

// compile normalizes a valid game.
func compile(g Game) *compiled {
	c := &compiled{n: len(g.Players), players: g.Players, sizeDim: -1}
	dimIndex := map[string]int{}
	c.f = c.nnf(g.Root, false, dimIndex)
	c.f = fold(c.f)
	c.monotone = true
	for _, l := range c.leaves {
		if l.neg {
			c.monotone = false
		}
	}
	if len(c.leaves) <= tableLeaves {
		c.table = make([]bool, 1<<len(c.leaves))
		for b := range c.table {
			c.table[b] = c.f.evalBits(uint64(b), c.leaves)
		}
	}
	return c
}

// nnf pushes negations to the leaves and registers each leaf's dimension.
func (c *compiled) nnf(n *Node, neg bool, dimIndex map[string]int) *expr {
	switch n.Op {
	case OpNot:
		return c.nnf(n.Children[0], !neg, dimIndex)
	case OpAll, OpAny:
		kind := eAll
		if (n.Op == OpAny) != neg {
			kind = eAny
		}
		e := &expr{kind: kind}
		for _, ch := range n.Children {
			e.kids = append(e.kids, c.nnf(ch, neg, dimIndex))
		}
		return e
	}
	ws, quota := normalizeWeights(n.Weights, n.Quota)
	total, _ := sumWeights(ws)
	truth := func(b bool) *expr {
		if b != neg {
			return &expr{kind: eTrue}
		}
		return &expr{kind: eFalse}
	}
	switch {
	case quota <= 0:
		return truth(true)
	case quota > total:
		return truth(false)
	}
	key := vectorKey(ws)
	d, ok := dimIndex[key]
	if !ok {
		d = len(c.dims)
		dimIndex[key] = d
		c.dims = append(c.dims, ws)
		c.total = append(c.total, total)
		if isOnes(ws) {
			c.sizeDim = d
		}
	}
	for i, l := range c.leaves {
		if l == (leaf{d, quota, neg}) {
			return &expr{kind: eLeaf, leaf: i}
		}
	}
	c.leaves = append(c.leaves, leaf{d, quota, neg})
	return &expr{kind: eLeaf, leaf: len(c.leaves) - 1}
}

// normalizeWeights turns weights that are all equal to some c > 0 into all
// ones with the quota ceil(q/c), and returns other weights unchanged.
func normalizeWeights(ws []int64, q int64) ([]int64, int64) {
	if len(ws) == 0 || ws[0] <= 0 {
		return ws, q
	}
	for _, w := range ws {
		if w != ws[0] {
			return ws, q
		}
	}
	ones := make([]int64, len(ws))
	for i := range ones {
		ones[i] = 1
	}
	c := ws[0]
	if q <= 0 {
		return ones, 0
	}
	return ones, (q + c - 1) / c
}

func isOnes(ws []int64) bool {
	for _, w := range ws {
		if w != 1 {
			return false
		}
	}
	return len(ws) > 0
}

func vectorKey(ws []int64) string {
	var b strings.Builder
	for _, w := range ws {
		b.WriteString(strconv.FormatInt(w, 10))
		b.WriteByte(',')
	}
	return b.String()
}

// fold simplifies constants away.
func fold(e *expr) *expr {
	if e.kind != eAll && e.kind != eAny {
		return e
	}
	absorb, neutral := eFalse, eTrue // for eAll
	if e.kind == eAny {
		absorb, neutral = eTrue, eFalse
	}
	var kids []*expr
	for _, k := range e.kids {
		k = fold(k)
		switch k.kind {
		case absorb:
			return &expr{kind: absorb}
		case neutral:
			continue
		}
		kids = append(kids, k)
	}
	switch len(kids) {
	case 0:
		return &expr{kind: neutral}
	case 1:
		return kids[0]
	}
	return &expr{kind: e.kind, kids: kids}
}

// evalBits evaluates e given which leaves hold ("sum >= quota", before any
// negation): bit l of b is leaf l.
func (e *expr) evalBits(b uint64, leaves []leaf) bool {
	switch e.kind {
	case eTrue:
		return true
	case eFalse:
		return false
	case eLeaf:
		return (b>>uint(e.leaf)&1 == 1) != leaves[e.leaf].neg
	case eAll:
		for _, k := range e.kids {
			if !k.evalBits(b, leaves) {
				return false
			}
		}
		return true
	}
	for _, k := range e.kids {
		if k.evalBits(b, leaves) {
			return true
		}
	}
	return false
}

// eval evaluates e given the coalition's sum in every dimension.
func (e *expr) eval(sums []int64, leaves []leaf) bool {
	switch e.kind {
	case eTrue:
		return true
	case eFalse:
		return false
	case eLeaf:
		l := leaves[e.leaf]
		return (sums[l.dim] >= l.quota) != l.neg
	case eAll:
		for _, k := range e.kids {
			if !k.eval(sums, leaves) {
				return false
			}
		}
		return true
	}
	for _, k := range e.kids {
		if k.eval(sums, leaves) {
			return true
		}
	}
	return false
}

// wins evaluates the compiled formula on the sums of a coalition.
func (c *compiled) wins(sums []int64) bool {
	if c.table == nil {
		return c.f.eval(sums, c.leaves)
	}
	var b uint64
	for i, l := range c.leaves {
		if sums[l.dim] >= l.quota {
			b |= 1 << uint(i)
		}
	}
	return c.table[b]
}

// winsWithout reports whether the coalition of all players but those in
// out wins.
func (c *compiled) winsWithout(out ...int) bool {
	sums := slices.Clone(c.total)
	for _, i := range out {
		for d, ws := range c.dims {
			sums[d] -= ws[i]
		}
	}
	return c.wins(sums)
}

// singleLeaf reports whether the game is one plain weighted vote, and its
// dimension and quota.
func (c *compiled) singleLeaf() (dim int, quota int64, ok bool) {
	if c.f.kind != eLeaf || c.leaves[c.f.leaf].neg {
		return 0, 0, false
	}
	l := c.leaves[c.f.leaf]
	return l.dim, l.quota, true
}

// playerTypes groups the players with identical weights in every dimension.
// Types are ordered by their first player; members are in player order.
func (c *compiled) playerTypes() [][]int {
	index := map[string]int{}
	var types [][]int
	for i := 0; i < c.n; i++ {
		var b strings.Builder
		for _, ws := range c.dims {
			b.WriteString(strconv.FormatInt(ws[i], 10))
			b.WriteByte(',')
		}
		k := b.String()
		t, ok := index[k]
		if !ok {
			t = len(types)
			index[k] = t
			types = append(types, nil)
		}
		types[t] = append(types[t], i)
	}
	return types
}

// dominanceOrder returns the players ordered so that each player's weights
// are at least every later player's in every dimension, if such an order
// exists. In a monotone game whose players are so ordered, a winning
// coalition is minimal exactly when dropping its last member makes it lose.
func (c *compiled) dominanceOrder() ([]int, bool) {
	order := make([]int, c.n)
	for i := range order {
		order[i] = i
	}
	geq := func(a, b int) bool {
		for _, ws := range c.dims {
			if ws[a] < ws[b] {
				return false
			}
		}
		return true
	}
	// Sort by total weight across dimensions, then check the chain.
	key := func(i int) (s uint64) {
		for _, ws := range c.dims {
			s += uint64(ws[i])
		}
		return s
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ka, kb := key(a), key(b)
		switch {
		case ka > kb:
			return -1
		case ka < kb:
			return 1
		}
		return 0
	})
	for j := 1; j < len(order); j++ {
		if !geq(order[j-1], order[j]) {
			return nil, false
		}
	}
	return order, true
}

// limbsFor returns how many 64-bit limbs hold counts up to 2^n exactly.
func limbsFor(n int) int { return n/64 + 1 }

var _ = bits.Len
