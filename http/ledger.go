package http

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/rules"
)

// Ledger is the governance record a server runs. In the embedded mode it
// is the SQLite store (package sqlite, adapted by `jirga serve`): the
// store is the sequencer, stamps each entry's time, and answers an Append
// once the entry is durable.
type Ledger interface {
	// Append sequences a signed envelope and returns its entry and the
	// events it caused once the entry is durable, or the state machine's
	// *jirga.Error, having written nothing.
	Append(ctx context.Context, s *ledger.Signed) (*ledger.Entry, []jirga.Event, error)
	// View calls fn with the current state under a read lock; fn must not
	// keep the state. Before the ledger has a genesis it returns an
	// error (ENOTFOUND) without calling fn.
	View(fn func(*ledger.State) error) error
	// Entries returns up to limit entries from index from on, in order.
	Entries(ctx context.Context, from uint64, limit int) ([]*ledger.Entry, error)
	// GenesisFiles returns the charter files the genesis names.
	GenesisFiles(ctx context.Context) ([]charter.File, error)
	// Verify replays the stored chain from its genesis, checking every
	// hash, signature and state transition, and returns the final state
	// or an error naming the first bad entry.
	Verify(ctx context.Context) (*ledger.State, error)
	// Export writes the ledger as JSON lines: a header with the genesis
	// and its charter files, then every entry, as `jirga ledger export`
	// does.
	Export(ctx context.Context, w io.Writer) error
}

// Paging of the ledger's lists.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
)

// ledgerCharter returns the ledger's charter in force, or nil before its
// genesis.
func ledgerCharter(l Ledger) *charter.Charter {
	var c *charter.Charter
	l.View(func(st *ledger.State) error { c = st.Charter(); return nil })
	return c
}

// ledgerHeight is the metric of the ledger's height.
func (s *Server) ledgerHeight() float64 {
	var h uint64
	s.ledger.View(func(st *ledger.State) error { h = st.Height(); return nil })
	return float64(h)
}

// view runs fn on the ledger's state, or fails when the server keeps no
// ledger.
func (s *Server) view(fn func(*ledger.State) error) error {
	if s.ledger == nil {
		return errNoLedger()
	}
	return s.ledger.View(fn)
}

func errNoLedger() error {
	return jirga.Errorf(jirga.ENOTFOUND, "this server keeps no ledger")
}

// LedgerInfo is the body of GET /api/ledger.
type LedgerInfo struct {
	ChainID string `json:"chain_id"`
	Height  uint64 `json:"height"`
	// Head is the last entry's hash (the chain id at the genesis); Time
	// its time.
	Head string    `json:"head"`
	Time time.Time `json:"time"`
	// StateHash is the hash of the state's canonical encoding: two nodes
	// that applied the same entries have the same.
	StateHash   string          `json:"state_hash"`
	CharterHash string          `json:"charter_hash"`
	Genesis     json.RawMessage `json:"genesis"`
	Delegates   int             `json:"delegates"`
	Proposals   int             `json:"proposals"`
}

// handleLedger serves GET /api/ledger.
func (s *Server) handleLedger(w http.ResponseWriter, r *http.Request) error {
	var info LedgerInfo
	err := s.view(func(st *ledger.State) error {
		info = LedgerInfo{ChainID: st.ChainID(), Height: st.Height(), Head: st.Head(), Time: st.Time(), StateHash: st.Hash(),
			CharterHash: st.Charter().Hash, Genesis: st.Genesis().Canonical(), Delegates: len(st.Delegates()), Proposals: len(st.Proposals())}
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, info)
	return nil
}

// page reads ?after=N&limit=M.
func page(r *http.Request) (after uint64, limit int, err error) {
	q := r.URL.Query()
	if v := q.Get("after"); v != "" {
		if after, err = strconv.ParseUint(v, 10, 64); err != nil {
			return 0, 0, jirga.Errorf(jirga.EINVALID, "after must be an entry index (a whole number), got %q", v)
		}
	}
	limit = DefaultPageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxPageSize {
			return 0, 0, jirga.Errorf(jirga.EINVALID, "limit must be a whole number from 1 to %d, got %q", MaxPageSize, v)
		}
		limit = n
	}
	return after, limit, nil
}

// EntryPage is the body of GET /api/ledger/entries: entries as `jirga
// ledger export` writes them, each the preimage of its hash plus the hash.
type EntryPage struct {
	Entries []*ledger.Entry `json:"entries"`
	Height  uint64          `json:"height"`
	// Next is the after of the next page; it equals Height at the end.
	Next uint64 `json:"next"`
}

// handleEntries serves GET /api/ledger/entries?after=N&limit=M.
func (s *Server) handleEntries(w http.ResponseWriter, r *http.Request) error {
	after, limit, err := page(r)
	if err != nil {
		return err
	}
	var height uint64
	if err := s.view(func(st *ledger.State) error { height = st.Height(); return nil }); err != nil {
		return err
	}
	p := EntryPage{Entries: []*ledger.Entry{}, Height: height, Next: after}
	if after < height {
		entries, err := s.ledger.Entries(r.Context(), after+1, limit)
		if err != nil {
			return err
		}
		p.Entries = entries
		if n := len(entries); n > 0 {
			p.Next = entries[n-1].Index()
		}
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// EventPage is the body of GET /api/ledger/events: what happened in the
// entries after an index, every event of each entry listed.
type EventPage struct {
	Events []jirga.Event `json:"events"`
	Height uint64        `json:"height"`
	// Next is the after of the next page: the last entry whose events
	// are listed. It equals Height at the end.
	Next uint64 `json:"next"`
}

// handleEvents serves GET /api/ledger/events?after=N&limit=M, where limit
// counts entries (each with all its events).
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) error {
	after, limit, err := page(r)
	if err != nil {
		return err
	}
	if s.ledger == nil {
		return errNoLedger()
	}
	events, next, height, err := s.events.page(r.Context(), s.ledger, after, limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, EventPage{Events: events, Height: height, Next: next})
	return nil
}

// eventLog derives the events of stored entries by applying them, in
// order, to a state of its own, and keeps them: the store records entries,
// not what they caused. It catches up when events are asked for, and once
// in the background when the server starts; an interrupted catch-up keeps
// what it derived.
type eventLog struct {
	mu     sync.Mutex
	state  *ledger.State
	events []jirga.Event
	// start[i] is the offset in events of the first event of entry i+1.
	start []int
}

// page returns the events of the entries after index after, at most limit
// entries' worth, the index of the last of those entries, and the height.
func (l *eventLog) page(ctx context.Context, lg Ledger, after uint64, limit int) ([]jirga.Event, uint64, uint64, error) {
	var height uint64
	var g *ledger.Genesis
	if err := lg.View(func(st *ledger.State) error { height, g = st.Height(), st.Genesis(); return nil }); err != nil {
		return nil, 0, 0, err
	}
	// Catch up a batch at a time, letting other readers in between.
	for {
		done, err := l.catchUp(ctx, lg, g, height)
		if err != nil {
			return nil, 0, 0, err
		}
		if done {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, 0, 0, err
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if after >= uint64(len(l.start)) {
		return []jirga.Event{}, after, height, nil
	}
	last := min(after+uint64(limit), uint64(len(l.start)))
	from, to := l.start[after], len(l.events)
	if last < uint64(len(l.start)) {
		to = l.start[last]
	}
	return append([]jirga.Event{}, l.events[from:to]...), last, height, nil
}

// catchUp applies the next batch of stored entries, up to height, to the
// log's state, and reports whether the log has reached height.
func (l *eventLog) catchUp(ctx context.Context, lg Ledger, g *ledger.Genesis, height uint64) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.state == nil {
		files, err := lg.GenesisFiles(ctx)
		if err != nil {
			return false, err
		}
		if l.state, err = ledger.NewState(g, files); err != nil {
			return false, err
		}
	}
	if uint64(len(l.start)) >= height {
		return true, nil
	}
	entries, err := lg.Entries(ctx, uint64(len(l.start))+1, int(min(height-uint64(len(l.start)), MaxPageSize)))
	if err != nil {
		return false, err
	}
	if len(entries) == 0 {
		return false, jirga.Errorf(jirga.EINTERNAL, "ledger: entry %d is missing", len(l.start)+1)
	}
	for _, e := range entries {
		evs, err := l.state.Apply(e)
		if err != nil {
			return false, fmt.Errorf("derive the events of entry %d: %w", e.Index(), err)
		}
		l.start = append(l.start, len(l.events))
		l.events = append(l.events, evs...)
	}
	return uint64(len(l.start)) >= height, nil
}

// exportPath is the route whose answer may take longer than a request's
// deadline: the whole ledger.
const exportPath = "/api/ledger/export"

// handleExport serves GET /api/ledger/export: the whole ledger as JSON
// lines, streamed, which `jirga ledger verify --file -` verifies. It is
// exempt from the request deadline and the write timeout; a client that
// goes away ends it.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) error {
	if err := s.view(func(*ledger.State) error { return nil }); err != nil {
		return err
	}
	http.NewResponseController(w).SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Content-Disposition", `attachment; filename="ledger.jsonl"`)
	if err := s.ledger.Export(r.Context(), w); err != nil {
		// The status is sent; all that is left is to stop and say so.
		s.logger.Error("export", slog.String("error", err.Error()))
	}
	return nil
}

// Verification is the body of GET /api/ledger/verify: the result of
// replaying the stored chain from its genesis.
type Verification struct {
	OK        bool   `json:"ok"`
	ChainID   string `json:"chain_id"`
	Height    uint64 `json:"height"`
	Head      string `json:"head"`
	StateHash string `json:"state_hash"`
	// Problem names the first bad entry and what is wrong with it.
	Problem string `json:"problem,omitempty"`
}

// handleVerify serves GET /api/ledger/verify.
func (s *Server) handleVerify(w http.ResponseWriter, r *http.Request) error {
	var live Verification
	if err := s.view(func(st *ledger.State) error {
		live = Verification{ChainID: st.ChainID(), Height: st.Height(), Head: st.Head(), StateHash: st.Hash()}
		return nil
	}); err != nil {
		return err
	}
	v := s.verify(r.Context(), live)
	writeJSON(w, http.StatusOK, v)
	return nil
}

// verify replays the chain and compares it with the live state seen
// before: the replay reaches at least that height, and at that height
// the same head and state.
func (s *Server) verify(ctx context.Context, live Verification) Verification {
	st, err := s.ledger.Verify(ctx)
	v := Verification{ChainID: live.ChainID}
	if st != nil {
		v.Height, v.Head, v.StateHash = st.Height(), st.Head(), st.Hash()
	}
	switch {
	case err != nil:
		v.Problem = jirga.ErrorMessage(err)
		if jirga.ErrorCode(err) == jirga.EINTERNAL {
			v.Problem = err.Error()
		}
	case st.ChainID() != live.ChainID:
		v.Problem = fmt.Sprintf("the stored genesis is chain %s, the server runs %s", st.ChainID(), live.ChainID)
	case st.Height() < live.Height:
		v.Problem = fmt.Sprintf("the stored chain ends at %d, before the server's height %d", st.Height(), live.Height)
	case st.Height() == live.Height && (st.Head() != live.Head || st.Hash() != live.StateHash):
		v.Problem = fmt.Sprintf("at height %d the replay gives head %s and state %s, the server %s and %s", st.Height(), st.Head(), st.Hash(), live.Head, live.StateHash)
	default:
		v.OK = true
	}
	return v
}

// ProposalView is the body of GET /api/proposals/{id}: the proposal, the
// latest vote of each member, and the tally clause by clause as it stands
// (live while the proposal is open, final once closed).
type ProposalView struct {
	jirga.Proposal
	Votes []jirga.Vote   `json:"votes"`
	Tally *rules.Outcome `json:"tally,omitempty"`
	Note  string         `json:"tally_note,omitempty"`
}

// handleProposals serves GET /api/proposals[?status=S][&body=B].
func (s *Server) handleProposals(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	status, body := q.Get("status"), q.Get("body")
	switch status {
	case "", jirga.ProposalSubmitted, jirga.ProposalOpen, jirga.ProposalWithdrawn, jirga.ProposalPassed, jirga.ProposalRejected:
	default:
		return jirga.Errorf(jirga.EINVALID, "status must be submitted, open, withdrawn, passed or rejected, got %q", status)
	}
	out := []jirga.Proposal{}
	err := s.view(func(st *ledger.State) error {
		for _, p := range st.Proposals() {
			if (status == "" || p.Status == status) && (body == "" || p.Body == body) {
				out = append(out, p)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"proposals": out})
	return nil
}

// handleProposal serves GET /api/proposals/{id}.
func (s *Server) handleProposal(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	var v ProposalView
	err := s.view(func(st *ledger.State) error {
		p, ok := st.Proposal(id)
		if !ok {
			return proposalNotFound(st, id)
		}
		v = ProposalView{Proposal: p, Votes: nonNil(st.Votes(id))}
		out, err := st.Tally(id)
		if err != nil {
			v.Note = jirga.ErrorMessage(err)
		}
		v.Tally = out
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// handleProposalVotes serves GET /api/proposals/{id}/votes.
func (s *Server) handleProposalVotes(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	var votes []jirga.Vote
	err := s.view(func(st *ledger.State) error {
		if _, ok := st.Proposal(id); !ok {
			return proposalNotFound(st, id)
		}
		votes = nonNil(st.Votes(id))
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"proposal": id, "votes": votes})
	return nil
}

func proposalNotFound(st *ledger.State, id string) error {
	ps := st.Proposals()
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return notFound("proposal", id, ids)
}

// Signer is the body of GET /api/delegates/{key}: what a delegate needs to
// sign its next envelope.
type Signer struct {
	ChainID  string         `json:"chain_id"`
	Delegate jirga.Delegate `json:"delegate"`
	// NextSeq is the signer_seq the delegate's next envelope must carry.
	NextSeq uint64 `json:"signer_seq"`
}

// handleDelegates serves GET /api/delegates.
func (s *Server) handleDelegates(w http.ResponseWriter, r *http.Request) error {
	var ds []jirga.Delegate
	if err := s.view(func(st *ledger.State) error { ds = nonNil(st.Delegates()); return nil }); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"delegates": ds})
	return nil
}

// handleDelegate serves GET /api/delegates/{key}.
func (s *Server) handleDelegate(w http.ResponseWriter, r *http.Request) error {
	key := r.PathValue("key")
	var sg Signer
	err := s.view(func(st *ledger.State) error {
		d, ok := st.Delegate(key)
		if !ok {
			return jirga.Errorf(jirga.ENOTFOUND, "no delegate has key %q (jirga keygen prints a key's public half)", key)
		}
		sg = Signer{ChainID: st.ChainID(), Delegate: d, NextSeq: st.NextSeq(key)}
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sg)
	return nil
}

// Receipt is the body of an accepted envelope: its entry, durable, and
// the events it caused.
type Receipt struct {
	Index  uint64        `json:"index"`
	Hash   string        `json:"hash"`
	Time   time.Time     `json:"time"`
	Kind   string        `json:"kind"`
	Events []jirga.Event `json:"events"`
}

// handleEnvelope serves POST /api/envelopes: a signed envelope,
// {"envelope": {...}, "signature": "..."}. It answers 201 with a Receipt
// once the entry is durable; a refused envelope writes nothing and gets
// the reason: 400 malformed, 401 a bad signature or an unknown, rotated or
// revoked key, 403 a delegate acting beyond its mandates, 404 an unknown
// proposal, 409 a replayed or skipped signer_seq or a proposal in the
// wrong state.
func (s *Server) handleEnvelope(w http.ResponseWriter, r *http.Request) error {
	if s.ledger == nil {
		return errNoLedger()
	}
	data, err := readBody(r)
	if err != nil {
		return err
	}
	signed, err := ledger.ParseSigned(data)
	if err != nil {
		return err
	}
	entry, events, err := s.ledger.Append(r.Context(), signed)
	if err != nil {
		return s.refused(signed, err)
	}
	writeJSON(w, http.StatusCreated, Receipt{Index: entry.Index(), Hash: entry.Hash(), Time: entry.Time(), Kind: signed.Kind(), Events: nonNil(events)})
	return nil
}

// refused translates the state machine's refusal. The ledger has one code
// for "may not": unauthorized. At this edge it is 401 when the signer is
// not an active delegate (authentication failed) and 403 when it is one
// that may not do what it asked.
func (s *Server) refused(signed *ledger.Signed, err error) error {
	var je *jirga.Error
	if !errors.As(err, &je) || je.Code != jirga.EUNAUTHORIZED {
		return err
	}
	active := false
	s.ledger.View(func(st *ledger.State) error {
		d, ok := st.Delegate(signed.Signer())
		active = ok && d.Status == jirga.DelegateActive
		return nil
	})
	if !active {
		return err
	}
	return &jirga.Error{Code: EFORBIDDEN, Message: je.Message, Diagnostics: je.Diagnostics}
}
