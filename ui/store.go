package ui

import (
	"context"
	"sync"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/ledger"
)

// Store is a ledger store as package http holds it (its Ledger
// interface, which `jirga serve` satisfies with the SQLite store).
type Store interface {
	// Append sequences a signed envelope and returns its entry and the
	// events it caused, or the state machine's *jirga.Error.
	Append(ctx context.Context, s *ledger.Signed) (*ledger.Entry, []jirga.Event, error)
	// View calls fn with the current state under a read lock.
	View(fn func(*ledger.State) error) error
	// Entries returns up to limit entries from index from on, in order.
	Entries(ctx context.Context, from uint64, limit int) ([]*ledger.Entry, error)
	// Verify replays the stored chain from its genesis.
	Verify(ctx context.Context) (*ledger.State, error)
}

// StoreLedger is a Store seen as the UI's Ledger and Voter. Its Current
// method is the Config.State of a UI over the ledger: the charter in
// force, with the laws enacted on the ledger, and its engine.
type StoreLedger struct {
	store Store

	mu      sync.Mutex
	charter *charter.Charter
	engine  *engine.Engine
	// verified caches the last verification, keyed by the head it
	// verified: replaying the chain again is needed only when it grew.
	verified     Verification
	verifiedHead string
}

var (
	_ Ledger = (*StoreLedger)(nil)
	_ Voter  = (*StoreLedger)(nil)
)

// FromStore returns the UI's view of a ledger store:
//
//	l := ui.FromStore(store)
//	h, err := ui.New(ui.Config{State: l.Current, Files: fsys, Ledger: l})
func FromStore(s Store) *StoreLedger { return &StoreLedger{store: s} }

// Current returns the charter in force and its engine, compiling the
// engine again only when the ledger changed the charter. Before the
// ledger has a genesis it returns nil.
func (l *StoreLedger) Current() (*charter.Charter, *engine.Engine) {
	var c *charter.Charter
	if err := l.store.View(func(st *ledger.State) error { c = st.Charter(); return nil }); err != nil || c == nil {
		return nil, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if c != l.charter {
		e, err := engine.New(c)
		if err != nil {
			return nil, nil
		}
		l.charter, l.engine = c, e
	}
	return l.charter, l.engine
}

// Proposals implements Ledger.
func (l *StoreLedger) Proposals(context.Context) ([]jirga.Proposal, error) {
	var out []jirga.Proposal
	err := l.view(func(st *ledger.State) error { out = st.Proposals(); return nil })
	if err == errNoGenesis {
		return nil, nil
	}
	return out, err
}

// Proposal implements Ledger.
func (l *StoreLedger) Proposal(_ context.Context, id string) (jirga.Proposal, []jirga.Vote, error) {
	var p jirga.Proposal
	var votes []jirga.Vote
	err := l.view(func(st *ledger.State) error {
		var ok bool
		if p, ok = st.Proposal(id); !ok {
			return jirga.Errorf(jirga.ENOTFOUND, "no proposal %q", id)
		}
		votes = st.Votes(id)
		return nil
	})
	return p, votes, err
}

// Entries implements Ledger.
func (l *StoreLedger) Entries(ctx context.Context, from uint64, limit int) ([]Entry, uint64, error) {
	var height uint64
	if err := l.view(func(st *ledger.State) error { height = st.Height(); return nil }); err == errNoGenesis {
		return nil, 0, nil
	} else if err != nil {
		return nil, 0, err
	}
	es, err := l.store.Entries(ctx, from, limit)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Entry, len(es))
	for i, e := range es {
		s := e.Signed()
		out[i] = Entry{Index: e.Index(), Time: e.Time(), Kind: s.Kind(), Signer: s.Signer(), Body: s.Envelope().Body, Hash: e.Hash(), PrevHash: e.PrevHash()}
	}
	return out, height, nil
}

// Verify implements Ledger: it replays the stored chain, once per head.
func (l *StoreLedger) Verify(ctx context.Context) Verification {
	var live Verification
	if err := l.view(func(st *ledger.State) error {
		live = Verification{Height: st.Height(), Head: st.Head(), ChainID: st.ChainID()}
		return nil
	}); err == errNoGenesis {
		return Verification{OK: true}
	} else if err != nil {
		return Verification{Problem: jirga.ErrorMessage(err)}
	}
	l.mu.Lock()
	if l.verifiedHead == live.Head && l.verifiedHead != "" {
		v := l.verified
		l.mu.Unlock()
		return v
	}
	l.mu.Unlock()
	st, err := l.store.Verify(ctx)
	v := live
	switch {
	case err != nil:
		v.Problem = jirga.ErrorMessage(err)
	case st.Height() < live.Height:
		// Entries arrived during the replay: what was replayed checks out.
		v.OK, v.Height, v.Head = true, st.Height(), st.Head()
	case st.Head() != live.Head && st.Height() == live.Height:
		v.Problem = "the replayed chain ends at " + st.Head() + ", the ledger at " + live.Head
	default:
		v.OK, v.Height, v.Head = true, st.Height(), st.Head()
	}
	l.mu.Lock()
	l.verified, l.verifiedHead = v, v.Head
	l.mu.Unlock()
	return v
}

// Signer implements Voter.
func (l *StoreLedger) Signer(_ context.Context, key string) (SignerInfo, error) {
	var info SignerInfo
	err := l.view(func(st *ledger.State) error {
		d, ok := st.Delegate(key)
		if !ok {
			return jirga.Errorf(jirga.ENOTFOUND, "no delegate with key %q", key)
		}
		info = SignerInfo{ChainID: st.ChainID(), Delegate: d, NextSeq: st.NextSeq(key)}
		return nil
	})
	return info, err
}

// Submit implements Voter.
func (l *StoreLedger) Submit(ctx context.Context, signed []byte) (uint64, error) {
	s, err := ledger.ParseSigned(signed)
	if err != nil {
		return 0, err
	}
	e, _, err := l.store.Append(ctx, s)
	if err != nil {
		return 0, err
	}
	return e.Index(), nil
}

// view reads the state. A ledger without a genesis yet (View returns
// without calling fn) reads as an empty one.
func (l *StoreLedger) view(fn func(*ledger.State) error) error {
	called := false
	err := l.store.View(func(st *ledger.State) error {
		called = true
		return fn(st)
	})
	if !called && jirga.ErrorCode(err) == jirga.ENOTFOUND {
		return errNoGenesis
	}
	return err
}

// errNoGenesis is the error of a ledger that has no genesis yet.
var errNoGenesis = jirga.Errorf(jirga.ENOTFOUND, "the ledger has no genesis yet: start it with jirga ledger init or jirga serve --delegates")
