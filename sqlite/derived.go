package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/ledger"
)

// execer is what the derived-table writers need of a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// touched returns the proposals a batch's events concern, in order,
// without repeats.
func touched(receipts []*Receipt) []string {
	var ids []string
	for _, r := range receipts {
		for _, ev := range r.Events {
			if ev.Proposal != "" && !slices.Contains(ids, ev.Proposal) {
				ids = append(ids, ev.Proposal)
			}
		}
	}
	return ids
}

// writeDerived brings the derived rows of the given proposals up to st,
// and records st's height as the one the tables reflect.
func writeDerived(ctx context.Context, tx execer, st *ledger.State, ids []string) error {
	for _, id := range ids {
		p, ok := st.Proposal(id)
		if !ok {
			continue
		}
		if err := writeProposal(ctx, tx, p, st.Votes(id)); err != nil {
			return fmt.Errorf("derived rows of proposal %s: %w", id, err)
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE derived SET height = ? WHERE id = 1`, int64(st.Height()))
	return err
}

func writeProposal(ctx context.Context, tx execer, p jirga.Proposal, votes []jirga.Vote) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	var passed any
	if p.Result != nil {
		passed = p.Result.Passed
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO proposals (id, body, territory, kind, rule, title, status, closes_at, passed, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET status = excluded.status, passed = excluded.passed, data = excluded.data`,
		p.ID, p.Body, p.Territory, p.Kind, p.Rule, p.Title, p.Status, p.ClosesAt.UTC().Format(time.RFC3339), passed, data); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM votes WHERE proposal = ?`, p.ID); err != nil {
		return err
	}
	for _, v := range votes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO votes (proposal, member, vote, delegate, idx) VALUES (?, ?, ?, ?, ?)`,
			v.Proposal, v.Member, v.Vote, v.Delegate, int64(v.Index)); err != nil {
			return err
		}
	}
	return nil
}

// syncDerived rebuilds the derived tables from st when they do not reflect
// its height: a database written before they existed, or by Import.
func syncDerived(ctx context.Context, db *sql.DB, st *ledger.State) error {
	var height int64
	if err := db.QueryRowContext(ctx, `SELECT height FROM derived WHERE id = 1`).Scan(&height); err != nil {
		return fmt.Errorf("read derived height: %w", err)
	}
	if st == nil || height == int64(st.Height()) {
		return nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range []string{`DELETE FROM votes`, `DELETE FROM proposals`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	var ids []string
	for _, p := range st.Proposals() {
		ids = append(ids, p.ID)
	}
	if err := writeDerived(ctx, tx, st, ids); err != nil {
		return err
	}
	return tx.Commit()
}
