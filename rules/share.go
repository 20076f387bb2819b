package rules

import (
	"fmt"
	"math/big"
	"strings"
)

// maxDigits bounds the digits of a written share or count, so that a
// number can never be large enough to make exact arithmetic slow.
const maxDigits = 30

// ParseShare parses a fraction of a base: "1/2", "2/3", "0.55", "65%",
// "55.5%" or "1". The result is exact and lies between 0 and 1 inclusive.
func ParseShare(s string) (*big.Rat, error) {
	r, err := parseAmount(s, true)
	if err != nil {
		return nil, err
	}
	if r.Cmp(big.NewRat(1, 1)) > 0 {
		return nil, fmt.Errorf("share %q is more than the whole (1, 100%%)", s)
	}
	return r, nil
}

// ParseCount parses an absolute amount of weight: "9", "4", "11.5" (cantonal
// votes) or "23/2". The result is exact and not negative.
func ParseCount(s string) (*big.Rat, error) {
	return parseAmount(s, false)
}

// parseAmount reads a non-negative decimal ("0.55"), fraction ("2/3") or,
// when percent is allowed, percentage ("65%"). It accepts nothing else:
// no sign, exponent, base prefix or space inside the number.
func parseAmount(s string, percent bool) (*big.Rat, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil, fmt.Errorf("empty number")
	}
	if num, den, ok := strings.Cut(t, "/"); ok {
		n, errN := parseDecimal(strings.TrimSpace(num), false)
		d, errD := parseDecimal(strings.TrimSpace(den), false)
		if errN != nil || errD != nil {
			return nil, fmt.Errorf("%q is not a fraction of whole numbers like 2/3", s)
		}
		if d.Sign() == 0 {
			return nil, fmt.Errorf("%q divides by zero", s)
		}
		return n.Quo(n, d), nil
	}
	pct := false
	if strings.HasSuffix(t, "%") {
		if !percent {
			return nil, fmt.Errorf("%q: a count is an amount, not a percentage (use share for a fraction)", s)
		}
		pct, t = true, strings.TrimSpace(strings.TrimSuffix(t, "%"))
	}
	r, err := parseDecimal(t, true)
	if err != nil {
		if percent {
			return nil, fmt.Errorf("%q is not a share: write a fraction (2/3), a decimal (0.55) or a percentage (65%%)", s)
		}
		return nil, fmt.Errorf("%q is not a count: write a number such as 9 or 11.5", s)
	}
	if pct {
		r.Quo(r, big.NewRat(100, 1))
	}
	return r, nil
}

// parseDecimal reads digits with, when point is true, one optional decimal
// point between digits.
func parseDecimal(s string, point bool) (*big.Rat, error) {
	whole, frac, hasPoint := strings.Cut(s, ".")
	if hasPoint && (!point || frac == "") {
		return nil, fmt.Errorf("bad number %q", s)
	}
	if whole == "" || len(whole)+len(frac) > maxDigits || !allDigits(whole) || !allDigits(frac) {
		return nil, fmt.Errorf("bad number %q", s)
	}
	n, _ := new(big.Int).SetString(whole+frac, 10)
	d := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(frac))), nil)
	return new(big.Rat).SetFrac(n, d), nil
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// FormatRat writes r exactly: an integer as "9", a fraction as "23/2".
func FormatRat(r *big.Rat) string {
	if r == nil {
		return ""
	}
	if r.IsInt() {
		return r.Num().String()
	}
	return r.String()
}

// ratFloat returns the nearest float64 to r.
func ratFloat(r *big.Rat) float64 {
	if r == nil {
		return 0
	}
	f, _ := r.Float64()
	return f
}
