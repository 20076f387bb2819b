// Package sqlite is the embedded ledger store: one SQLite database file
// (modernc.org/sqlite, pure Go) in WAL mode with synchronous=FULL, whose
// schema comes from embedded, numbered migrations recorded in a
// schema_version table.
//
// The database holds the genesis, the charter files it names, and the
// append-only events table of entries (index, hash, prev_hash, time, the
// canonical envelope and its signature); triggers refuse updates and
// deletes. Derived tables (proposals, votes) serve SQL queries: they are
// written in the same transaction as the entries that change them and
// rebuilt whenever they lag behind the chain. On Open the store replays the
// chain through ledger.State.Apply, verifying every hash, signature and
// state transition, and refuses to start on a broken chain, naming the
// first bad entry. The state then lives in memory and advances with each
// append.
//
// The store is the embedded mode's sequencer. Append is safe for
// concurrent callers: a single writer takes the envelopes queued, applies
// them in arrival order, stamps their time, and commits them in one
// transaction (group commit); each caller is answered once its batch is
// durable. A refused envelope writes nothing.
package sqlite
