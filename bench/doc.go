// Package bench compares jirga's jurisdiction engine with two general
// policy engines, cedar-go and OPA, on one workload: the charter that
// package internal/gen generates (issue 3). It is a Go module of its own so
// that cedar-go and OPA stay out of jirga's go.mod.
//
// Each engine gets the same rules in its own idiom — a jirga charter, a
// Cedar policy set over an entity hierarchy of places, and a Rego policy
// over rules held as data — and the same questions, built ahead of time.
// The encodings follow jirga's semantics exactly, including concurrent
// competence (a province's permit bounds a district's forbid); the
// differential test holds all three, and a brute-force reference, to the
// same answer on every sampled question. docs/benchmarks.md records the
// figures.
package bench
