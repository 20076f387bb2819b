-- The ledger: its genesis, the charter files the genesis names, and the
-- append-only chain of entries. Proposals, votes and delegates are derived
-- in memory by replaying the entries (package ledger); nothing derived is
-- stored, so nothing stored can disagree with the chain.

CREATE TABLE genesis (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	chain_id TEXT NOT NULL,
	genesis  BLOB NOT NULL  -- canonical JSON (ledger.Genesis.Canonical)
);

CREATE TABLE charter_files (
	path TEXT PRIMARY KEY,  -- relative to the charter directory
	data BLOB NOT NULL
);

CREATE TABLE events (
	idx       INTEGER PRIMARY KEY,  -- the entry's index, from 1
	hash      TEXT NOT NULL,        -- hex SHA-256 of the entry
	prev_hash TEXT NOT NULL,        -- the previous entry's hash (the chain id for entry 1)
	time      TEXT NOT NULL,        -- the sequencer's time, ledger.TimeFormat
	envelope  BLOB NOT NULL,        -- canonical JSON of the signed envelope
	signature TEXT NOT NULL         -- ed25519 signature, base64url
);

-- Entries are never changed or removed.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'ledger events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'ledger events are append-only'); END;
CREATE TRIGGER genesis_no_update BEFORE UPDATE ON genesis
BEGIN SELECT RAISE(ABORT, 'the genesis is never changed'); END;
CREATE TRIGGER charter_files_no_update BEFORE UPDATE ON charter_files
BEGIN SELECT RAISE(ABORT, 'the genesis charter is never changed'); END;
