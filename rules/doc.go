// Package rules gives decision rules their meaning: it checks a rule tree
// against the body that uses it, tallies a vote under it clause by clause,
// and turns it into a simple game for power indices.
//
// A rule is a tree of jirga.DecisionRule nodes: all, any and not combine
// clauses; threshold, quorum and veto are the leaves. The language is
// described in docs/rules.md, with the real rules of the UN Security
// Council, the EU Council, the Northern Ireland Assembly, the Swiss People
// and Cantons and Cosmos SDK governance written out as examples.
//
// Arithmetic is exact: shares such as "2/3" or "65%" are rationals, member
// weights (seats, populations, half-cantons) are scaled to integers by their
// least common denominator, and every comparison is made without rounding.
// A tally is deterministic: it walks members in the body's order and clauses
// in the rule's order.
package rules
