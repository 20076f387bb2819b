package power

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/jirga/jirga"
)

// MaxPlayers bounds the number of players ParseWeights accepts.
const MaxPlayers = 100000

// ParseWeights parses a list of non-negative integer weights separated by
// commas or spaces, as in "4,4,4,2,2,1". "WxN" stands for N players of
// weight W: "7x5,1x10" is the UN Security Council. Errors are *jirga.Error
// values whose diagnostics name the column in source (e.g. "--weights").
func ParseWeights(source, s string) ([]int64, error) {
	var ws []int64
	var ds []jirga.Diagnostic
	fail := func(col int, format string, args ...any) {
		ds = append(ds, jirga.Diagnostic{Pos: jirga.Pos{File: source, Line: 1, Col: col}, Message: fmt.Sprintf(format, args...)})
	}
	for _, f := range fields(s) {
		w, rep := f.text, "1"
		if i := strings.IndexAny(f.text, "xX*"); i >= 0 {
			w, rep = f.text[:i], f.text[i+1:]
		}
		v, err := strconv.ParseInt(w, 10, 64)
		if err != nil || v < 0 {
			fail(f.col, "weight %q is not a non-negative integer", w)
			continue
		}
		if v > maxTotal {
			fail(f.col, "weight %d is too large (at most %d)", v, int64(maxTotal))
			continue
		}
		r, err := strconv.Atoi(rep)
		if err != nil || r < 1 {
			fail(f.col, "repetition %q is not a positive integer", rep)
			continue
		}
		if len(ws)+r > MaxPlayers {
			fail(f.col, "more than %d players", MaxPlayers)
			break
		}
		for range r {
			ws = append(ws, v)
		}
	}
	if len(ds) == 0 && len(ws) == 0 {
		fail(1, "no weights given")
	}
	if len(ds) == 0 {
		if _, ok := sumWeights(ws); !ok {
			fail(1, "the weights add up to more than %d", int64(maxTotal))
		}
	}
	if len(ds) > 0 {
		return nil, &jirga.Error{Code: jirga.EINVALID, Message: "invalid weights", Diagnostics: ds}
	}
	return ws, nil
}

// field is one token of a list and its column (counting from 1).
type field struct {
	text string
	col  int
}

func fields(s string) []field {
	var out []field
	start := -1
	for i, r := range s + "," {
		sep := r == ',' || r == ' ' || r == '\t' || r == ';' || r == '\n'
		switch {
		case sep && start >= 0:
			out = append(out, field{s[start:i], start + 1})
			start = -1
		case !sep && start < 0:
			start = i
		}
	}
	return out
}

// ParseQuota parses a quota for weights adding up to total: an absolute
// weight ("12"), or a share of the total as a percentage ("65%"), a fraction
// ("2/3") or a decimal ("0.55"), meaning "at least that share": the quota is
// the share of total rounded up. A leading ">" means "more than": ">50%" is
// a strict majority, floor(total/2)+1.
func ParseQuota(source, s string, total int64) (int64, error) {
	fail := func(format string, args ...any) (int64, error) {
		return 0, &jirga.Error{Code: jirga.EINVALID, Message: "invalid quota", Diagnostics: []jirga.Diagnostic{{
			Pos:     jirga.Pos{File: source, Line: 1, Col: 1},
			Message: fmt.Sprintf(format, args...),
			Hint:    `write a weight ("12"), a percentage ("65%"), a fraction ("2/3") or a decimal ("0.5"), optionally after ">" for "more than"`,
		}}}
	}
	t := strings.TrimSpace(s)
	strict := strings.HasPrefix(t, ">")
	t = strings.TrimSpace(strings.TrimPrefix(t, ">"))
	if t == "" {
		return fail("no quota given")
	}
	if v, err := strconv.ParseInt(t, 10, 64); err == nil {
		if v < 0 {
			return fail("quota %d is negative", v)
		}
		if strict {
			if v == maxTotal {
				return fail("quota %d is too large", v)
			}
			v++
		}
		return v, nil
	}
	share, ok := parseShare(t)
	if !ok {
		return fail("%q is not a number, percentage or fraction", s)
	}
	if share.Sign() < 0 || share.Cmp(big.NewRat(1, 1)) > 0 {
		return fail("share %s is not between 0 and 100%%", t)
	}
	x := new(big.Rat).Mul(share, new(big.Rat).SetInt64(total))
	q := new(big.Int).Quo(x.Num(), x.Denom()) // floor, as x >= 0
	if strict || !x.IsInt() {
		q.Add(q, big.NewInt(1))
	}
	return q.Int64(), nil
}

// parseShare reads "65%", "2/3" or "0.55" as an exact rational.
func parseShare(t string) (*big.Rat, bool) {
	if len(t) > 64 {
		return nil, false
	}
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	if t == "" || strings.ContainsAny(t, "eE") {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(t)
	if !ok {
		return nil, false
	}
	if pct {
		r.Quo(r, big.NewRat(100, 1))
	}
	return r, true
}
