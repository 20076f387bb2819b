package sqlite

import (
	"context"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/ledger"
)

// ServerLedger is the store as a server's ledger (package http's Ledger
// interface): Append answers with the entry and the events it caused, and
// Verify replays the database read-only, as `jirga ledger verify` does.
type ServerLedger struct{ *Store }

// Append sequences a signed envelope and returns its entry and events once
// the entry is durable.
func (l ServerLedger) Append(ctx context.Context, s *ledger.Signed) (*ledger.Entry, []jirga.Event, error) {
	r, err := l.Store.Append(ctx, s)
	if err != nil {
		return nil, nil, err
	}
	return r.Entry, r.Events, nil
}

// Verify replays the database file from its genesis.
func (l ServerLedger) Verify(ctx context.Context) (*ledger.State, error) {
	return Verify(ctx, l.Path())
}
