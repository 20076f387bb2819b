// Package engine answers questions about a charter: may this person do this
// action in this place, and why (Ask); where can this person live by their
// own ideals (Where).
//
// New compiles a loaded charter into an index keyed by territory and
// action, so that a question costs time in proportion to the rules that
// could apply to it, not to every rule. Conditions of the common shapes
// (comparisons of attributes with constants, community membership, and,
// or, not) are compiled to native predicates; any other CEL expression is
// evaluated by cel-go. The semantics are specified in docs/semantics.md.
package engine
