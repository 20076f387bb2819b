package power

import (
	"math/big"
	"math/bits"
)

// Counts of coalitions reach 2^n, past int64 for n >= 63. The dynamic
// programmes keep them as fixed-width integers of L 64-bit limbs (least
// significant first), with arithmetic modulo 2^(64L). Every count and every
// final result is non-negative and below 2^(64L), so sums and differences
// taken modulo 2^(64L) are exact even when intermediate differences wrap.

// addVec adds src to dst entry by entry (L limbs per entry), from the last
// entry down, so that dst may be src shifted to higher entries in the same
// array.
func addVec(dst, src []uint64, L int) {
	switch L {
	case 1:
		src = src[:len(dst)]
		for i := len(dst) - 1; i >= 0; i-- {
			dst[i] += src[i]
		}
	case 2:
		src = src[:len(dst)]
		for i := len(dst) - 2; i >= 0; i -= 2 {
			var c uint64
			dst[i], c = bits.Add64(dst[i], src[i], 0)
			dst[i+1], _ = bits.Add64(dst[i+1], src[i+1], c)
		}
	case 4:
		src = src[:len(dst)]
		for i := len(dst) - 4; i >= 0; i -= 4 {
			d, s := dst[i:i+4:i+4], src[i:i+4:i+4]
			var c uint64
			d[0], c = bits.Add64(d[0], s[0], 0)
			d[1], c = bits.Add64(d[1], s[1], c)
			d[2], c = bits.Add64(d[2], s[2], c)
			d[3], _ = bits.Add64(d[3], s[3], c)
		}
	default:
		for e := len(dst)/L - 1; e >= 0; e-- {
			d, s := dst[e*L:e*L+L], src[e*L:e*L+L]
			var c uint64
			for l := range d {
				d[l], c = bits.Add64(d[l], s[l], c)
			}
		}
	}
}

// acc is one L-limb accumulator.
type acc []uint64

func newAcc(L int) acc { return make(acc, L) }

func (a acc) add(x []uint64) {
	var c uint64
	for l := range a {
		a[l], c = bits.Add64(a[l], x[l], c)
	}
}

func (a acc) sub(x []uint64) {
	var b uint64
	for l := range a {
		a[l], b = bits.Sub64(a[l], x[l], b)
	}
}

func (a acc) zero() {
	for l := range a {
		a[l] = 0
	}
}

// big returns a as a non-negative big.Int.
func (a acc) big() *big.Int {
	words := make([]big.Word, 0, len(a)*64/bits.UintSize)
	for _, x := range a {
		if bits.UintSize == 64 {
			words = append(words, big.Word(x))
		} else {
			words = append(words, big.Word(uint32(x)), big.Word(x>>32))
		}
	}
	return new(big.Int).SetBits(words)
}

// entry returns entry i of a table of L-limb entries.
func entry(t []uint64, i, L int) []uint64 { return t[i*L : i*L+L : i*L+L] }

// factorials returns 0!..n!.
func factorials(n int) []*big.Int {
	f := make([]*big.Int, n+1)
	f[0] = big.NewInt(1)
	for k := 1; k <= n; k++ {
		f[k] = new(big.Int).Mul(f[k-1], big.NewInt(int64(k)))
	}
	return f
}

// shapleyShubik turns swing counts by coalition size into the
// Shapley-Shubik index: sum over k of bySize[k] * k!(n-k-1)! / n!.
func shapleyShubik(bySize []*big.Int, fact []*big.Int) *big.Rat {
	n := len(fact) - 1
	num := new(big.Int)
	t := new(big.Int)
	for k, c := range bySize {
		if c == nil || c.Sign() == 0 || k > n-1 {
			continue
		}
		t.Mul(fact[k], fact[n-k-1])
		t.Mul(t, c)
		num.Add(num, t)
	}
	return new(big.Rat).SetFrac(num, fact[n])
}
