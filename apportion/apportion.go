package apportion

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"

	"github.com/jirga/jirga"
)

// Method names.
const (
	DHondt              = "dhondt"
	SainteLague         = "sainte-lague"
	ModifiedSainteLague = "modified-sainte-lague"
	HuntingtonHill      = "huntington-hill"
	Hare                = "hare"
	Droop               = "droop"
)

// Methods lists the method names, divisor methods first.
var Methods = []string{DHondt, SainteLague, ModifiedSainteLague, HuntingtonHill, Hare, Droop}

// MaxSeats bounds the seats of one allocation.
const MaxSeats = 100000

// Party is one party (or list) and its votes. For a ministerial allocation
// the "votes" are the party's seats in the assembly.
type Party struct {
	Name  string
	Votes int64
	// Pos is where the party was read, for diagnostics; zero if unknown.
	Pos jirga.Pos
}

// Options choose the method and its parameters.
type Options struct {
	Method string
	Seats  int
	// Threshold excludes the parties whose share of all votes is below
	// it: "5%", "1/20" or "0.05"; empty for none.
	Threshold string
	TieBreak  TieBreak
}

// Result is an allocation.
type Result struct {
	Method     string
	Seats      int
	Threshold  string
	TotalVotes int64
	// Quota is the Hare or Droop quota of a largest remainder method.
	Quota *big.Rat
	// Parties are in input order.
	Parties []PartyResult
	// Picks is the sequence in which the seats were won (see Pick).
	Picks []Pick
	// Ties lists the picks at which parties had equal claims.
	Ties []Tie
	// TieBreak describes the tie-breaking rule.
	TieBreak string
}

// PartyResult is a party's outcome.
type PartyResult struct {
	Name  string
	Votes int64
	Seats int
	// Excluded: below the threshold.
	Excluded bool
}

// Pick bases.
const (
	BasisQuotient  = "quotient"  // divisor methods
	BasisQuota     = "quota"     // a full quota of a largest remainder method
	BasisRemainder = "remainder" // a largest remainder
)

// Pick is one seat in the order it was won. In a divisor method, pick r
// goes to the party with the highest quotient votes/divisor(s), where s is
// the seats it has won so far; Quotient is that quotient, exactly. In a
// largest remainder method, the full quotas come first (parties by
// decreasing votes), then the seats won by remainders, largest first, with
// the remainder as Quotient.
type Pick struct {
	Rank      int
	Party     string
	PartySeat int // the party's first, second... seat
	Basis     string
	// Divisor is the divisor of a divisor method: "1", "1.4", "3", "√6";
	// "0" for Huntington-Hill's first seats.
	Divisor string
	// Quotient is exact; nil when irrational (Huntington-Hill past the
	// first seat), infinite (its first seat) or for a full quota.
	Quotient *big.Rat
	// QuotientText writes the quotient exactly: "18", "36/5", "100/√6",
	// "∞".
	QuotientText string
	// QuotientFloat is the quotient as a float; +Inf for "∞".
	QuotientFloat float64
	// Tied lists the other parties with an equal claim at this pick.
	Tied []string
}

// Tie is a pick at which several parties had equal claims.
type Tie struct {
	Rank    int
	Parties []string
	Winner  string
	// DecidedBy is what separated them: "votes", "secondary", "order" or
	// "lot".
	DecidedBy string
}

// Allocate apportions opt.Seats among parties by opt.Method. It returns a
// *jirga.Error with code EINVALID for an unknown method, a bad threshold or
// tie-break, no parties, duplicate names or negative votes, and when no
// party with votes passes the threshold.
func Allocate(parties []Party, opt Options) (*Result, error) {
	a, err := newAllocation(parties, opt)
	if err != nil {
		return nil, err
	}
	switch opt.Method {
	case Hare, Droop:
		a.largestRemainder()
	default:
		a.divisor()
	}
	return a.res, nil
}

// allocation is the state of one run.
type allocation struct {
	opt      Options
	parties  []Party
	eligible []int // indices of parties that passed the threshold
	seats    []int
	tie      tieBreaker
	res      *Result
}

func newAllocation(parties []Party, opt Options) (*allocation, error) {
	var ds []jirga.Diagnostic
	add := func(pos jirga.Pos, format string, args ...any) {
		if pos.File == "" {
			pos.File = "parties"
		}
		ds = append(ds, jirga.Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...)})
	}
	if !slices.Contains(Methods, opt.Method) {
		return nil, &jirga.Error{Code: jirga.EINVALID, Message: fmt.Sprintf("unknown method %q", opt.Method),
			Diagnostics: []jirga.Diagnostic{{Pos: jirga.Pos{File: "method"}, Message: "unknown method", Hint: "one of " + strings.Join(Methods, ", ")}}}
	}
	if opt.Seats < 0 || opt.Seats > MaxSeats {
		add(jirga.Pos{File: "seats"}, "seats must be between 0 and %d, got %d", MaxSeats, opt.Seats)
	}
	if len(parties) == 0 {
		add(jirga.Pos{}, "no parties")
	}
	seen := map[string]jirga.Pos{}
	var total int64
	for _, p := range parties {
		switch first, dup := seen[p.Name]; {
		case p.Name == "":
			add(p.Pos, "a party has no name")
		case dup:
			add(p.Pos, "party %q appears twice (first at %s)", p.Name, first)
		}
		seen[p.Name] = p.Pos
		if p.Votes < 0 {
			add(p.Pos, "party %q has negative votes %d", p.Name, p.Votes)
		} else if total += p.Votes; total > math.MaxInt64/4 || total < 0 {
			add(p.Pos, "the votes add up to more than %d", int64(math.MaxInt64/4))
			total = 0
		}
	}
	threshold, err := parseShare(opt.Threshold)
	if err != nil {
		add(jirga.Pos{File: "threshold"}, "%v", err)
	}
	if len(ds) > 0 {
		return nil, &jirga.Error{Code: jirga.EINVALID, Message: "invalid allocation", Diagnostics: ds}
	}
	a := &allocation{opt: opt, parties: parties, seats: make([]int, len(parties))}
	a.res = &Result{Method: opt.Method, Seats: opt.Seats, Threshold: opt.Threshold, TotalVotes: total}
	var eligibleVotes int64
	for i, p := range parties {
		excluded := threshold != nil && new(big.Rat).SetFrac64(p.Votes, max(total, 1)).Cmp(threshold) < 0
		if !excluded {
			a.eligible = append(a.eligible, i)
			eligibleVotes += p.Votes
		}
		a.res.Parties = append(a.res.Parties, PartyResult{Name: p.Name, Votes: p.Votes, Excluded: excluded})
	}
	if opt.Seats > 0 && eligibleVotes == 0 {
		msg := "no party has votes"
		if threshold != nil {
			msg = "no party with votes passes the threshold of " + opt.Threshold
		}
		return nil, jirga.Errorf(jirga.EINVALID, "cannot allocate %d seats: %s", opt.Seats, msg)
	}
	a.tie, err = newTieBreaker(opt.TieBreak, parties, a.eligible)
	if err != nil {
		return nil, err
	}
	a.res.TieBreak = opt.TieBreak.String()
	return a, nil
}

// claim is a party's current claim to the next seat: a rational (the
// quotient, or its square for Huntington-Hill) or infinite.
type claim struct {
	inf bool
	r   *big.Rat
}

func (c claim) cmp(d claim) int {
	switch {
	case c.inf && d.inf:
		return 0
	case c.inf:
		return 1
	case d.inf:
		return -1
	}
	return c.r.Cmp(d.r)
}

// divisor runs a divisor method pick by pick.
func (a *allocation) divisor() {
	claims := make([]claim, len(a.parties))
	for _, i := range a.eligible {
		claims[i] = a.claim(i)
	}
	for rank := 1; rank <= a.opt.Seats; rank++ {
		var best []int
		for _, i := range a.eligible {
			best = better(claims, best, i)
		}
		w := a.decide(rank, best, claims[best[0]].inf)
		a.res.Picks = append(a.res.Picks, a.divisorPick(rank, w, best))
		a.seats[w]++
		a.res.Parties[w].Seats++
		claims[w] = a.claim(w)
	}
}

// better adds party i to the parties with the best claim so far, or
// replaces them when its claim is higher.
func better(claims []claim, best []int, i int) []int {
	if len(best) == 0 {
		return []int{i}
	}
	switch c := claims[i].cmp(claims[best[0]]); {
	case c > 0:
		return append(best[:0], i)
	case c == 0:
		return append(best, i)
	}
	return best
}

// divisorOf returns the divisor for a party that has won s seats, as a
// rational (nil for Huntington-Hill) and as text.
func (a *allocation) divisorOf(s int) (*big.Rat, string) {
	switch a.opt.Method {
	case SainteLague:
		return big.NewRat(int64(2*s+1), 1), fmt.Sprint(2*s + 1)
	case ModifiedSainteLague:
		if s == 0 {
			return big.NewRat(7, 5), "1.4"
		}
		return big.NewRat(int64(2*s+1), 1), fmt.Sprint(2*s + 1)
	case HuntingtonHill:
		if s == 0 {
			return nil, "0"
		}
		return nil, "√" + fmt.Sprint(s*(s+1))
	}
	return big.NewRat(int64(s+1), 1), fmt.Sprint(s + 1)
}

// claim is party i's claim to its next seat.
func (a *allocation) claim(i int) claim {
	s, v := a.seats[i], a.parties[i].Votes
	d, _ := a.divisorOf(s)
	if a.opt.Method == HuntingtonHill {
		if s == 0 {
			return claim{inf: true}
		}
		vv := new(big.Int).Mul(big.NewInt(v), big.NewInt(v))
		return claim{r: new(big.Rat).SetFrac(vv, big.NewInt(int64(s)*int64(s+1)))}
	}
	return claim{r: new(big.Rat).Quo(new(big.Rat).SetInt64(v), d)}
}

func (a *allocation) divisorPick(rank, w int, tied []int) Pick {
	s, v := a.seats[w], a.parties[w].Votes
	d, dtext := a.divisorOf(s)
	p := Pick{Rank: rank, Party: a.parties[w].Name, PartySeat: s + 1, Basis: BasisQuotient, Divisor: dtext, Tied: a.others(w, tied)}
	switch {
	case d != nil:
		p.Quotient = new(big.Rat).Quo(new(big.Rat).SetInt64(v), d)
		p.QuotientText = p.Quotient.RatString()
		p.QuotientFloat, _ = p.Quotient.Float64()
	case s == 0:
		p.QuotientText, p.QuotientFloat = "∞", math.Inf(1)
	default:
		p.QuotientText = fmt.Sprintf("%d/%s", v, dtext)
		p.QuotientFloat = float64(v) / math.Sqrt(float64(s)*float64(s+1))
	}
	return p
}

func (a *allocation) others(w int, tied []int) []string {
	var out []string
	for _, i := range tied {
		if i != w {
			out = append(out, a.parties[i].Name)
		}
	}
	return out
}

// decide picks the winner among tied parties and records the tie. Among
// infinite claims (Huntington-Hill's first seats) more votes go first
// whatever the rule, and only equal votes count as a tie.
func (a *allocation) decide(rank int, tied []int, infinite bool) int {
	if len(tied) == 1 {
		return tied[0]
	}
	if infinite {
		most := slices.MaxFunc(tied, func(x, y int) int { return cmpInt64(a.parties[x].Votes, a.parties[y].Votes) })
		var top []int
		for _, i := range tied {
			if a.parties[i].Votes == a.parties[most].Votes {
				top = append(top, i)
			}
		}
		if len(top) == 1 {
			return top[0]
		}
		tied = top
	}
	w, by := a.tie.pick(tied)
	t := Tie{Rank: rank, Winner: a.parties[w].Name, DecidedBy: by}
	for _, i := range tied {
		t.Parties = append(t.Parties, a.parties[i].Name)
	}
	a.res.Ties = append(a.res.Ties, t)
	return w
}

// largestRemainder runs the Hare or Droop method: each party gets one seat
// per full quota, the seats left go to the largest remainders.
func (a *allocation) largestRemainder() {
	S := int64(a.opt.Seats)
	if S == 0 {
		return
	}
	var V int64
	for _, i := range a.eligible {
		V += a.parties[i].Votes
	}
	q := big.NewRat(V, S) // Hare
	if a.opt.Method == Droop {
		q = new(big.Rat).SetInt64(V/(S+1) + 1)
	}
	a.res.Quota = q
	rem := make([]claim, len(a.parties))
	left := a.opt.Seats
	byVotes := slices.Clone(a.eligible)
	slices.SortStableFunc(byVotes, func(x, y int) int { return cmpInt64(a.parties[y].Votes, a.parties[x].Votes) })
	rank := 0
	for _, i := range byVotes {
		v := new(big.Rat).SetInt64(a.parties[i].Votes)
		full := new(big.Int).Quo(new(big.Rat).Quo(v, q).Num(), new(big.Rat).Quo(v, q).Denom())
		n := min(int(full.Int64()), left)
		rem[i] = claim{r: new(big.Rat).Sub(v, new(big.Rat).Mul(q, new(big.Rat).SetInt(full)))}
		for range n {
			rank++
			a.seats[i]++
			a.res.Parties[i].Seats++
			a.res.Picks = append(a.res.Picks, Pick{Rank: rank, Party: a.parties[i].Name, PartySeat: a.seats[i],
				Basis: BasisQuota, QuotientText: "quota"})
		}
		left -= n
	}
	given := map[int]bool{}
	for ; left > 0; left-- {
		var best []int
		for _, i := range a.eligible {
			if given[i] {
				continue
			}
			best = better(rem, best, i)
		}
		if len(best) == 0 { // every party has had a remainder seat: start a new round
			clear(given)
			left++
			continue
		}
		rank++
		w := a.decide(rank, best, false)
		given[w] = true
		a.seats[w]++
		a.res.Parties[w].Seats++
		f, _ := rem[w].r.Float64()
		a.res.Picks = append(a.res.Picks, Pick{Rank: rank, Party: a.parties[w].Name, PartySeat: a.seats[w], Basis: BasisRemainder,
			Quotient: new(big.Rat).Set(rem[w].r), QuotientText: rem[w].r.RatString(), QuotientFloat: f, Tied: a.others(w, best)})
	}
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

// parseShare reads a threshold: "5%", "1/20", "0.05"; "" is none.
func parseShare(s string) (*big.Rat, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil, nil
	}
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	r, ok := new(big.Rat).SetString(t)
	if len(t) > 64 || strings.ContainsAny(t, "eE") || !ok {
		return nil, fmt.Errorf("threshold %q is not a percentage, fraction or decimal (e.g. 5%%, 1/20, 0.05)", s)
	}
	if pct {
		r.Quo(r, big.NewRat(100, 1))
	}
	if r.Sign() < 0 || r.Cmp(big.NewRat(1, 1)) > 0 {
		return nil, fmt.Errorf("threshold %q is not between 0 and 100%%", s)
	}
	return r, nil
}
