// Package apportion allocates seats (or ministries) among parties in
// proportion to their votes (or seats): the divisor methods of d'Hondt,
// Sainte-Laguë (plain and modified) and Huntington-Hill, and the largest
// remainder methods with the Hare and Droop quotas, with an optional
// threshold.
//
// Besides the seats of each party, Allocate returns the sequence of picks: in
// a divisor method each pick goes to the party with the highest quotient
// votes/divisor(seats won so far), recorded with the exact quotient. This
// sequence is what ministerial allocation needs: in the Northern Ireland
// Executive the parties choose departments in that order. Ties are broken
// by a stated, deterministic rule and reported. docs/apportion.md describes
// the methods with real examples.
package apportion
