package apportion

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/jirga/jirga"
)

// Tie-break rules.
const (
	// TieVotes prefers the party with more votes, then decides by lot.
	// It is the default.
	TieVotes = "votes"
	// TieSecondary prefers the party with more secondary votes (such as
	// first-preference votes), then decides by lot.
	TieSecondary = "secondary"
	// TieOrder prefers the party listed first in Order (parties not
	// listed come after), then decides by lot.
	TieOrder = "order"
	// TieLot decides by lot.
	TieLot = "lot"
)

// TieBreak says how parties with equal claims to a seat are separated.
// Every rule ends with a lot: the parties are put in a random order by a PCG
// generator seeded with Seed, shuffling them as listed in the input; the
// party drawn earlier wins. The same seed always gives the same order.
type TieBreak struct {
	Rule string
	Seed uint64
	// Order is the preference order of TieOrder.
	Order []string
	// Secondary holds the secondary votes of TieSecondary, by party, and
	// SecondaryName says what they are (e.g. "first-preference votes").
	Secondary     map[string]int64
	SecondaryName string
}

// ParseTieBreak reads a tie-break rule: "votes", "lot", "order:A,B,C" or
// "secondary" (the secondary votes are supplied separately). "votes:SEED",
// "lot:SEED" and "secondary:SEED" set the seed of the final lot.
func ParseTieBreak(s string) (TieBreak, error) {
	rule, arg, hasArg := strings.Cut(strings.TrimSpace(s), ":")
	t := TieBreak{Rule: rule}
	fail := func(format string, args ...any) (TieBreak, error) {
		return TieBreak{}, &jirga.Error{Code: jirga.EINVALID, Message: "invalid tie-break rule", Diagnostics: []jirga.Diagnostic{{
			Pos: jirga.Pos{File: "tie-break"}, Message: fmt.Sprintf(format, args...),
			Hint: `write votes, lot, lot:SEED, order:A,B,C or secondary (with the secondary votes)`,
		}}}
	}
	switch rule {
	case "":
		t.Rule = TieVotes
	case TieVotes, TieLot, TieSecondary:
		if hasArg {
			seed, err := strconv.ParseUint(strings.TrimSpace(arg), 10, 64)
			if err != nil {
				return fail("seed %q is not a non-negative integer", arg)
			}
			t.Seed = seed
		}
	case TieOrder:
		for _, p := range strings.Split(arg, ",") {
			if p = strings.TrimSpace(p); p != "" {
				t.Order = append(t.Order, p)
			}
		}
		if len(t.Order) == 0 {
			return fail("order: lists no party")
		}
	default:
		return fail("unknown rule %q", rule)
	}
	return t, nil
}

// String describes the rule.
func (t TieBreak) String() string {
	lot := fmt.Sprintf("then by lot (seed %d)", t.Seed)
	switch t.Rule {
	case TieLot:
		return fmt.Sprintf("by lot (seed %d)", t.Seed)
	case TieOrder:
		return fmt.Sprintf("by the order %s, %s", strings.Join(t.Order, ", "), lot)
	case TieSecondary:
		name := t.SecondaryName
		if name == "" {
			name = "secondary votes"
		}
		return fmt.Sprintf("by more %s, %s", name, lot)
	}
	return "by more votes, " + lot
}

// tieBreaker applies a TieBreak to parties.
type tieBreaker struct {
	t       TieBreak
	parties []Party
	key     []int64 // the rule's criterion by party index: larger wins
	lot     []int   // position of each party in the lot's order
}

func newTieBreaker(t TieBreak, parties []Party, eligible []int) (tieBreaker, error) {
	if t.Rule == "" {
		t.Rule = TieVotes
	}
	tb := tieBreaker{t: t, parties: parties, key: make([]int64, len(parties)), lot: make([]int, len(parties))}
	var ds []jirga.Diagnostic
	switch t.Rule {
	case TieVotes:
		for i, p := range parties {
			tb.key[i] = p.Votes
		}
	case TieSecondary:
		for _, i := range eligible {
			v, ok := t.Secondary[parties[i].Name]
			if !ok {
				ds = append(ds, jirga.Diagnostic{Pos: jirga.Pos{File: "tie-break"}, Message: fmt.Sprintf("no secondary votes for party %q", parties[i].Name)})
			}
			tb.key[i] = v
		}
	case TieOrder:
		names := make([]string, len(parties))
		for i, p := range parties {
			names[i] = p.Name
			tb.key[i] = -int64(len(t.Order)) - 1 // unlisted: after every listed party
		}
		for j, name := range t.Order {
			i := slices.Index(names, name)
			if i < 0 {
				ds = append(ds, jirga.Diagnostic{Pos: jirga.Pos{File: "tie-break"}, Message: fmt.Sprintf("order names an unknown party %q", name)})
				continue
			}
			tb.key[i] = -int64(j)
		}
	case TieLot:
	default:
		ds = append(ds, jirga.Diagnostic{Pos: jirga.Pos{File: "tie-break"}, Message: fmt.Sprintf("unknown rule %q", t.Rule)})
	}
	if len(ds) > 0 {
		return tb, &jirga.Error{Code: jirga.EINVALID, Message: "invalid tie-break rule", Diagnostics: ds}
	}
	order := make([]int, len(parties))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(t.Seed, 0x6c6f74))
	rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
	for pos, i := range order {
		tb.lot[i] = pos
	}
	return tb, nil
}

// pick returns the winner among tied parties and what decided it.
func (tb tieBreaker) pick(tied []int) (int, string) {
	by := TieLot
	if tb.t.Rule != TieLot {
		best := slices.MaxFunc(tied, func(x, y int) int { return cmpInt64(tb.key[x], tb.key[y]) })
		var top []int
		for _, i := range tied {
			if tb.key[i] == tb.key[best] {
				top = append(top, i)
			}
		}
		if len(top) == 1 {
			return top[0], tb.t.Rule
		}
		tied = top
	}
	return slices.MinFunc(tied, func(x, y int) int { return tb.lot[x] - tb.lot[y] }), by
}
