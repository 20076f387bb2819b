// Package power computes who really holds power under a decision rule: the
// Banzhaf and Shapley-Shubik indices of a simple voting game, its veto
// players and dummies, its minimal winning coalitions and its smallest
// blocking coalitions.
//
// A Game is a set of players and a formula over weighted thresholds (see
// Node): a plain weighted vote [q; w1..wn], or compound rules such as the UN
// Security Council's (9 of 15 including all 5 permanent members) or the EU
// Council's qualified majority (15 of 27 states with 65% of the population,
// unless fewer than 4 states oppose). Compute works the indices out exactly,
// as rationals, choosing an algorithm by the shape of the game; games too
// large for exact computation are refused unless an estimate is asked for,
// in which case it samples with a fixed seed and reports 95% confidence
// intervals. docs/power.md describes the indices and the algorithms.
package power
