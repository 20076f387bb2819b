// Package jirga is the vocabulary of power-sharing settlements: parties,
// communities, territories, domains and competences, actions, rights, bodies,
// decision rules, laws and the verdicts of the jurisdiction engine.
//
// The root package holds domain types, their validation and the one error
// type. It imports the standard library only. Capabilities live in their own
// packages: charter (loading and checking), engine (ask, where), review,
// rules (decision-rule tallies), power (power indices), apportion (seat
// allocation) and ledger (the governance record).
package jirga
