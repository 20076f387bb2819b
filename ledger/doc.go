// Package ledger is jirga's governance record: signed envelopes, the
// hash-chained entries that order them, and the deterministic state
// machine that derives the state of a charter's institutions from them.
//
// A delegate signs an Envelope — {chain_id, kind, body, signer,
// signer_seq} in canonical JSON (Canonical) — with its ed25519 key. The
// sequencer (the embedded store, or a replicated consensus) places signed
// envelopes into entries, {index, time, prev_hash, envelope, signature,
// hash}, where the hash (SHA-256) covers every other field and prev_hash
// links each entry to the one before; the first entry links to the chain
// id, the hash of the Genesis.
//
// State.Apply is the state machine. It checks an entry's place in the
// chain, its signer's right to act and sequence number, and the charter's
// rules, and applies it; an invalid entry is refused with a *jirga.Error
// and changes nothing. It reads no clock: voting windows are times in the
// envelopes, compared with entry times. Replaying the same entries from
// the same genesis always gives the same state and State.Hash.
//
// The state holds the charter in force (State.Charter): the genesis
// charter, amended by amend_charter proposals, with the laws that
// enact_law proposals put in force and without those repealed. A law
// proposal must pass constitutional review before it is accepted and again
// when it opens and when it passes.
//
// The wire formats are specified in docs/ledger.md, with test vectors, so
// that a browser can sign envelopes with WebCrypto.
package ledger
