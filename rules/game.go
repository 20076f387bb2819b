package rules

import (
	"fmt"
	"math"
	"math/big"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/power"
)

// Game compiles rule r against body b and turns it into a simple game for
// power indices (see Rule.Game).
func Game(b *jirga.Body, r *jirga.DecisionRule) (power.Game, error) {
	c, err := Compile(b, r)
	if err != nil {
		return power.Game{}, err
	}
	return c.Game()
}

// Game turns the rule into a simple game over the body's members, in body
// order. A coalition is the set of members who vote yes; every other
// member votes no: in a simple game nobody abstains, stays away or votes
// no-with-veto. Under that assumption:
//
//   - the three bases coincide: all, present and voting are every member of
//     the threshold's scope, so a threshold over "present and voting" is
//     the same threshold over all members;
//   - a threshold on yes becomes a weighted node whose weights are the
//     members' weights (zero outside its designation, and scaled to
//     integers by their least common denominator: half cantons weigh 1,
//     full cantons 2) and whose quota is the least integer weight that
//     meets the threshold: ⌈share × total⌉, or ⌊share × total⌋ + 1 when
//     strict; a count c is c × denominator;
//   - a threshold on no (or not_yes) becomes not(yes ≥ the least weight
//     that leaves too little against it);
//   - thresholds on abstentions, no-with-veto votes or presence are
//     constant (nobody abstains, everyone is present), and a threshold over
//     an empty scope never holds;
//   - a veto is a weighted node: weight 1 for each player, quota the number
//     of players, since a player outside the coalition votes no;
//   - each designation of an each-threshold becomes one weighted node under
//     an all.
//
// Citizen votes have no fixed weight, so a rule that counts them has no
// game: Game returns an error of code invalid.
func (c *Rule) Game() (power.Game, error) {
	g := power.Game{Players: append([]string(nil), c.ids...)}
	root, err := c.gameNode(c.root)
	if err != nil {
		return power.Game{}, err
	}
	g.Root = root
	return g, nil
}

func (c *Rule) gameNode(n *node) (*power.Node, error) {
	label := n.desc
	switch n.kind {
	case KindAll, KindAny, KindNot:
		out := &power.Node{Op: map[string]power.Op{KindAll: power.OpAll, KindAny: power.OpAny, KindNot: power.OpNot}[n.kind], Label: label}
		for _, child := range n.children {
			k, err := c.gameNode(child)
			if err != nil {
				return nil, err
			}
			out.Children = append(out.Children, k)
		}
		return out, nil
	case KindVeto:
		w := make([]int64, len(c.ids))
		for _, p := range n.veto.players {
			w[p] = 1
		}
		return power.WeightedNode(w, int64(len(n.veto.players)), label), nil
	}
	th := n.th
	if th.weight.citizen {
		return nil, jirga.Errorf(jirga.EINVALID, "clause %q counts citizen votes, which have no fixed weight: a power index needs member weights (weigh by an attribute such as population instead)", label)
	}
	if len(th.scopes) == 1 {
		return c.thresholdNode(th, th.scopes[0], label)
	}
	out := &power.Node{Op: power.OpAll, Label: label}
	for i, s := range th.scopes {
		k, err := c.thresholdNode(th, s, n.parts[i])
		if err != nil {
			return nil, err
		}
		out.Children = append(out.Children, k)
	}
	return out, nil
}

// thresholdNode is the weighted node of one threshold within one scope.
func (c *Rule) thresholdNode(th *threshold, s scope, label string) (*power.Node, error) {
	w := make([]int64, len(c.ids))
	var total int64
	for _, i := range s.members {
		w[i] = th.weight.w[i]
		total += w[i]
	}
	if total == 0 {
		return constant(len(w), false, label), nil
	}
	// The required weight, in the scaled integer units of w.
	req := new(big.Rat).SetInt64(th.weight.denom)
	if th.share != nil {
		req.SetInt64(total).Mul(req, th.share)
	} else {
		req.Mul(req, th.count)
	}
	tot := new(big.Rat).SetInt64(total)
	switch th.votes {
	case jirga.VotesYes:
		return power.WeightedNode(w, quota(req, th.strict, total), label), nil
	case jirga.VotesNo, jirga.VotesNotYes:
		// total − yes ≥ req  ⟺  yes ≤ total − req  ⟺  not(yes ≥ ⌊total − req⌋ + 1);
		// total − yes > req  ⟺  yes < total − req  ⟺  not(yes ≥ ⌈total − req⌉).
		rest := new(big.Rat).Sub(tot, req)
		q := quota(rest, !th.strict, total)
		return &power.Node{Op: power.OpNot, Label: label, Children: []*power.Node{power.WeightedNode(w, q, "")}}, nil
	}
	counted := new(big.Rat) // abstain and veto: nobody
	if th.votes == jirga.VotesPresent {
		counted = tot
	}
	cmp := counted.Cmp(req)
	return constant(len(w), cmp > 0 || (cmp == 0 && !th.strict), label), nil
}

// quota is the least integer q with q ≥ x (or q > x when strict), kept
// within [0, total+1] so that it fits in int64 and still means the same.
func quota(x *big.Rat, strict bool, total int64) int64 {
	if x.Sign() < 0 {
		return 0
	}
	q := new(big.Int).Quo(x.Num(), x.Denom()) // ⌊x⌋ for x ≥ 0
	if strict || !x.IsInt() {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsInt64() || q.Int64() > total {
		if total == math.MaxInt64 {
			return total
		}
		return total + 1
	}
	return q.Int64()
}

// constant is a node that always (or never) wins.
func constant(n int, wins bool, label string) *power.Node {
	q := int64(1)
	if wins {
		q = 0
	}
	return power.WeightedNode(make([]int64, n), q, fmt.Sprintf("%s (always %s)", label, map[bool]string{true: "holds", false: "fails"}[wins]))
}
