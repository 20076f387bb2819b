// Package gen generates the jurisdiction engine's benchmark workload: a
// charter of one nation, its provinces and districts, a few communities and
// actions, and a number of laws whose rules permit an action to adults in
// the daytime or forbid it to one community in an emergency; a population
// of persons; and questions about them.
//
// Everything is derived from a Config with a seeded PRNG, so the same
// Config always yields the same bytes. The workload is described once, as
// plain data (Workload), so that the main module's benchmarks and the
// bench module's comparison with cedar-go and OPA all answer the same
// questions about the same rules; Files renders it as a charter directory
// and WriteDir writes it to disk with a JSONL file of questions for
// `jirga ask --batch` (the command in ./cmd does this from the shell).
// Allowed is the reference answer, computed by brute force, against which
// the engines are tested; Cycle runs a benchmark's loop over pre-built
// questions and reports CPU time per op beside wall time.
package gen
