-- Derived tables: the proposals and the votes in force as of the chain's
-- head, for SQL queries by analysts and tools. They are written in the same
-- transaction as the entries that change them and rebuilt from the
-- replayed chain whenever they lag behind it (derived.height); the chain in
-- events stays the record, and these tables can always be recomputed.

CREATE TABLE derived (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	height INTEGER NOT NULL  -- the entry index the tables reflect
);
INSERT INTO derived (id, height) VALUES (1, -1);

CREATE TABLE proposals (
	id        TEXT PRIMARY KEY,
	body      TEXT NOT NULL,
	territory TEXT NOT NULL,
	kind      TEXT NOT NULL,
	rule      TEXT NOT NULL,
	title     TEXT NOT NULL,
	status    TEXT NOT NULL,  -- submitted, open, withdrawn, passed, rejected
	closes_at TEXT NOT NULL,
	passed    INTEGER,        -- 1 or 0 once closed, NULL before
	data      BLOB NOT NULL   -- the proposal as JSON (jirga.Proposal)
);

CREATE TABLE votes (
	proposal TEXT NOT NULL,
	member   TEXT NOT NULL,
	vote     TEXT NOT NULL,   -- the member's latest vote
	delegate TEXT NOT NULL,   -- the key that cast it
	idx      INTEGER NOT NULL, -- the entry that cast it
	PRIMARY KEY (proposal, member)
);
CREATE INDEX votes_by_entry ON votes (idx);
