// Package review is jirga's constitutional review: it checks the laws of a
// charter against the charter itself and reports what a mediator needs to
// know before the laws are enacted or questioned.
//
// Review finds laws enacted without competence (ultra vires), rules that
// breach a right (forbidding a protected action, binding non-members in a
// belief domain), conflicts between rules whose scopes and conditions
// overlap, rules another rule shadows, and conditions that can never hold.
// It agrees with package engine: what the engine treats as void, review
// reports, with the same reasons.
//
// Conflicts, shadowing and unsatisfiable conditions are decided by a
// static analysis of the rules' CEL conditions (Analyzer): comparisons of
// attributes with constants, string enumerations, booleans, community
// membership and the place's position in the territory tree, combined with
// &&, || and !. A condition outside this fragment makes a finding
// "possible" rather than "certain". docs/review.md describes each finding.
package review
