package power

import (
	"math/big"
	"math/bits"
)

// maxEnumerate is the most players the enumeration method accepts.
const maxEnumerate = 26

// enumerationCost estimates the enumeration method's steps and bytes.
func enumerationCost(c *compiled) (steps, bytes float64) {
	coalitions := float64(uint64(1) << uint(c.n))
	per := float64(len(c.dims) + len(c.leaves) + (c.n+7)/8 + 2)
	return coalitions * per, coalitions/8 + float64((c.n+1)*((c.n+7)/8)*256*8)
}

// computeEnumeration visits all 2^n coalitions in Gray-code order, updating
// their sums by one player at a time, and records which win in a bitmap.
// For every size s it counts the winning coalitions B(s) and, through one
// counter per byte value of the coalition's bitmask, the winning coalitions
// A_i(s) that contain each player i. In a monotone game the coalitions of
// size k without i that win with i number A_i(k+1), and those that already
// win number B(k) - A_i(k), so player i swings in A_i(k+1) - B(k) + A_i(k)
// of them. Monotonicity, when the formula does not guarantee it, and the
// minimal winning coalitions are word-parallel operations on the bitmap.
func computeEnumeration(c *compiled, ssi bool) *exactCounts {
	n := c.n
	N := uint64(1) << uint(n)
	words := (N + 63) / 64
	win := make([]uint64, words)
	chunks := (n + 7) / 8
	byByte := make([][]uint64, n+1) // [size][chunk*256+byte]
	for s := range byByte {
		byByte[s] = make([]uint64, chunks*256)
	}
	winBySize := make([]uint64, n+1)
	sums := make([]int64, len(c.dims))
	for g := uint64(0); g < N; g++ {
		S := g ^ (g >> 1)
		if g > 0 {
			i := bits.TrailingZeros64(g)
			if S>>uint(i)&1 == 1 {
				for d, ws := range c.dims {
					sums[d] += ws[i]
				}
			} else {
				for d, ws := range c.dims {
					sums[d] -= ws[i]
				}
			}
		}
		if !c.wins(sums) {
			continue
		}
		win[S/64] |= 1 << (S % 64)
		size := bits.OnesCount64(S)
		winBySize[size]++
		row := byByte[size]
		for ch := 0; ch < chunks; ch++ {
			row[ch*256+int(S>>(8*uint(ch))&255)]++
		}
	}
	ex := &exactCounts{method: "enumeration", swings: make([]*big.Int, n)}
	if !c.monotone {
		ex.nonMonotone = !bitmapMonotone(win, n)
		if ex.nonMonotone {
			return ex
		}
	}
	if ssi {
		ex.bySize = make([][]*big.Int, n)
	}
	containing := func(i, s int) int64 { // A_i(s)
		if s > n {
			return 0
		}
		var a uint64
		ch, bit := i/8, uint(i%8)
		row := byByte[s][ch*256 : ch*256+256]
		for b, x := range row {
			if b>>bit&1 == 1 {
				a += x
			}
		}
		return int64(a)
	}
	for i := 0; i < n; i++ {
		total := new(big.Int)
		var sizes []*big.Int
		if ssi {
			sizes = make([]*big.Int, n)
		}
		for k := 0; k < n; k++ {
			sw := containing(i, k+1) - int64(winBySize[k]) + containing(i, k)
			total.Add(total, big.NewInt(sw))
			if ssi {
				sizes[k] = big.NewInt(sw)
			}
		}
		ex.swings[i] = total
		if ssi {
			ex.bySize[i] = sizes
		}
	}
	ex.minimalWinning = new(big.Int).SetUint64(bitmapMinimal(win, n))
	for k := n; k >= 0; k-- {
		losing := binomial64(n, k) - winBySize[k]
		if losing > 0 {
			ex.blockSize, ex.blockCount = n-k, new(big.Int).SetUint64(losing)
			break
		}
	}
	return ex
}

// lowMasks[i] has the bits of the positions 0..63 whose bit i is clear.
var lowMasks = [6]uint64{
	0x5555555555555555, 0x3333333333333333, 0x0f0f0f0f0f0f0f0f,
	0x00ff00ff00ff00ff, 0x0000ffff0000ffff, 0x00000000ffffffff,
}

// bitmapMonotone reports whether win[S] implies win[S+i] for all S and i.
func bitmapMonotone(win []uint64, n int) bool {
	for i := 0; i < n; i++ {
		if i < 6 {
			sh := uint(1) << uint(i)
			for _, x := range win {
				if x&lowMasks[i]&^(x>>sh) != 0 {
					return false
				}
			}
			continue
		}
		step := 1 << uint(i-6)
		for w := range win {
			if w&step == 0 && win[w]&^win[w|step] != 0 {
				return false
			}
		}
	}
	return true
}

// bitmapMinimal counts the coalitions that win but lose without any one of
// their members.
func bitmapMinimal(win []uint64, n int) uint64 {
	m := make([]uint64, len(win))
	copy(m, win)
	if n < 6 {
		m[0] &= 1<<(uint(1)<<uint(n)) - 1
	}
	for i := 0; i < n; i++ {
		if i < 6 {
			sh := uint(1) << uint(i)
			for w, x := range win {
				m[w] &^= (x & lowMasks[i]) << sh
			}
			continue
		}
		step := 1 << uint(i-6)
		for w := range win {
			if w&step != 0 {
				m[w] &^= win[w^step]
			}
		}
	}
	var total uint64
	for _, x := range m {
		total += uint64(bits.OnesCount64(x))
	}
	return total
}

// binomial64 returns C(n, k) for n < 64.
func binomial64(n, k int) uint64 {
	if k < 0 || k > n {
		return 0
	}
	r := uint64(1)
	for j := 1; j <= k; j++ {
		r = r * uint64(n-k+j) / uint64(j)
	}
	return r
}
