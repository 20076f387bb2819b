package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"iter"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/ledger"
)

// ErrClosed is returned by Append on a closed store.
var ErrClosed = jirga.Errorf(jirga.EINTERNAL, "the ledger store is closed")

// Append sequences a signed envelope: the store stamps the time, applies
// it to the state and, when the state machine accepts it, makes it the
// next entry. It returns once the entry is durable. A refused envelope
// yields the state machine's *jirga.Error and writes nothing.
//
// Append is safe for concurrent use. Once an envelope is queued, Append
// waits for its answer whatever ctx does, so that a caller never mistakes
// an appended envelope for a lost one.
func (s *Store) Append(ctx context.Context, signed *ledger.Signed) (*Receipt, error) {
	if signed == nil {
		return nil, jirga.Errorf(jirga.EINVALID, "no envelope")
	}
	req := &request{signed: signed, done: make(chan reply, 1)}
	select {
	case s.queue <- req:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-s.closing:
		return nil, ErrClosed
	}
	select {
	case r := <-req.done:
		return r.receipt, r.err
	case <-s.stopped:
		// The writer has stopped: it answered the request, or never took
		// it (queued during Close), in which case it was not appended.
		select {
		case r := <-req.done:
			return r.receipt, r.err
		default:
			return nil, ErrClosed
		}
	}
}

// writer is the sequencer: it takes the envelopes queued, a batch at a
// time, and commits each batch in one transaction.
func (s *Store) writer() {
	defer close(s.stopped)
	batch := make([]*request, 0, s.opts.MaxBatch)
	for {
		var first *request
		select {
		case first = <-s.queue:
		case <-s.closing:
			s.drain()
			return
		}
		batch = append(batch[:0], first)
	fill:
		for len(batch) < s.opts.MaxBatch {
			select {
			case r := <-s.queue:
				batch = append(batch, r)
			default:
				break fill
			}
		}
		s.commit(batch)
	}
}

// drain answers the envelopes still queued at Close.
func (s *Store) drain() {
	for {
		select {
		case r := <-s.queue:
			r.done <- reply{err: ErrClosed}
		default:
			return
		}
	}
}

// commit applies a batch in order and writes the accepted entries in one
// transaction. The state lock is held throughout, so that readers never
// see an entry that is not yet durable.
func (s *Store) commit(batch []*request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failed != nil {
		for _, r := range batch {
			r.done <- reply{err: s.failed}
		}
		return
	}
	if s.state == nil {
		for _, r := range batch {
			r.done <- reply{err: s.errNoGenesis()}
		}
		return
	}
	now := s.opts.Now().UTC()
	var accepted []*request
	var receipts []*Receipt
	for _, r := range batch {
		t := now
		if last := s.state.Time(); t.Before(last) {
			t = last
		}
		e := ledger.Seal(s.state.Height()+1, t, s.state.Head(), r.signed)
		events, err := s.state.Apply(e)
		if err != nil {
			r.done <- reply{err: err}
			continue
		}
		accepted = append(accepted, r)
		receipts = append(receipts, &Receipt{Entry: e, Events: events})
	}
	if len(accepted) == 0 {
		return
	}
	entries := make([]*ledger.Entry, len(receipts))
	for i, rc := range receipts {
		entries[i] = rc.Entry
	}
	if err := writeEntries(context.Background(), s.db, entries, s.state, touched(receipts)); err != nil {
		// The state has moved past what is on disk: refuse everything
		// until the store is reopened, which replays what is durable.
		s.failed = jirga.Errorf(jirga.EINTERNAL, "the ledger store failed to commit (%v): reopen it", err)
		for _, r := range accepted {
			r.done <- reply{err: s.failed}
		}
		return
	}
	for i, r := range accepted {
		r.done <- reply{receipt: receipts[i]}
	}
}

// writeEntries inserts entries in one transaction, with the derived rows
// of the proposals they touched as of st, the state after them.
func writeEntries(ctx context.Context, db *sql.DB, entries []*ledger.Entry, st *ledger.State, proposals []string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO events (idx, hash, prev_hash, time, envelope, signature) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, e := range entries {
		r := e.Raw()
		if _, err := stmt.ExecContext(ctx, int64(r.Index), r.Hash, r.PrevHash, r.Time, r.Envelope, r.Signature); err != nil {
			return fmt.Errorf("insert entry %d: %w", r.Index, err)
		}
	}
	if st != nil {
		if err := writeDerived(ctx, tx, st, proposals); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Import creates a ledger database at path from a genesis, its charter
// files and entries made elsewhere (an export, a generator), applying each
// entry to the state as it goes: a bad entry stops the import with an
// error naming it, and nothing after it is written. The database must be
// new.
func Import(ctx context.Context, path string, g *ledger.Genesis, files []charter.File, entries iter.Seq2[*ledger.Entry, error]) (*ledger.State, error) {
	s, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := s.Init(ctx, g, files); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	const chunk = 8192
	buf := make([]*ledger.Entry, 0, chunk)
	flush := func() error {
		if len(buf) == 0 {
			return nil
		}
		err := writeEntries(ctx, s.db, buf, nil, nil) // derived rows: once, at the end

		buf = buf[:0]
		return err
	}
	for e, err := range entries {
		if err != nil {
			return s.state, err
		}
		if _, err := s.state.Apply(e); err != nil {
			if ferr := flush(); ferr != nil {
				return s.state, ferr
			}
			return s.state, &jirga.Error{Code: jirga.ErrorCode(err), Message: fmt.Sprintf("entry %d: %s", e.Index(), jirga.ErrorMessage(err))}
		}
		buf = append(buf, e)
		if len(buf) == chunk {
			if err := flush(); err != nil {
				return s.state, err
			}
		}
	}
	if err := flush(); err != nil {
		return s.state, err
	}
	return s.state, syncDerived(ctx, s.db, s.state)
}
