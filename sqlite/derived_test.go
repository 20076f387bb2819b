package sqlite_test

import (
	"database/sql"
	"testing"

	"github.com/jirga/jirga/ledger"
)

// derivedRows reads the derived tables: each member's vote on a proposal,
// the proposal's status, and the height the tables reflect.
func (f *fixture) derivedRows(proposal string) (votes map[string]string, status string, height int64) {
	f.t.Helper()
	db, err := sql.Open("sqlite", "file:"+f.path+"?mode=ro")
	if err != nil {
		f.t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT member, vote FROM votes WHERE proposal = ?`, proposal)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	votes = map[string]string{}
	for rows.Next() {
		var m, v string
		if err := rows.Scan(&m, &v); err != nil {
			f.t.Fatal(err)
		}
		votes[m] = v
	}
	db.QueryRow(`SELECT status FROM proposals WHERE id = ?`, proposal).Scan(&status)
	db.QueryRow(`SELECT height FROM derived WHERE id = 1`).Scan(&height)
	return votes, status, height
}

// TestDerivedTables checks that the proposals and votes tables follow the
// chain in the same transaction as its entries (a changed vote replaces the
// earlier one), and are rebuilt from the chain when they lag behind it.
func TestDerivedTables(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.openMotion("p1")
	f.must("m02", ledger.VoteBody{Proposal: "p1", Vote: "yes"})
	f.must("m03", ledger.VoteBody{Proposal: "p1", Vote: "no"})
	f.must("m02", ledger.VoteBody{Proposal: "p1", Vote: "abstain"})
	votes, status, height := f.derivedRows("p1")
	if len(votes) != 2 || votes["m02"] != "abstain" || votes["m03"] != "no" || status != "open" || height != 5 {
		t.Fatalf("derived rows: %v %q at %d", votes, status, height)
	}

	// Wipe them behind the store's back; reopening rebuilds them.
	db, err := sql.Open("sqlite", "file:"+f.path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DELETE FROM votes`, `DELETE FROM proposals`, `UPDATE derived SET height = 0`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	f.reopen()
	votes, status, height = f.derivedRows("p1")
	if len(votes) != 2 || votes["m02"] != "abstain" || status != "open" || height != 5 {
		t.Errorf("after the rebuild: %v %q at %d", votes, status, height)
	}
}
