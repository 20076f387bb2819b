package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/examples"
	"github.com/jirga/jirga/ui"
)

var (
	loadOnce sync.Once
	afg      *charter.Charter
	loadErr  error
)

// afghanistan loads the embedded flagship example once.
func afghanistan(t testing.TB) *charter.Charter {
	t.Helper()
	loadOnce.Do(func() { afg, loadErr = charter.LoadFS(examples.Afghanistan(), examples.AfghanistanName) })
	if loadErr != nil {
		t.Fatalf("load example: %v", loadErr)
	}
	return afg
}

// newHandler builds the UI over the Afghanistan example and the given
// ledger (nil for none).
func newHandler(t testing.TB, l ui.Ledger) *ui.Handler {
	t.Helper()
	h, err := ui.New(ui.Config{Charter: afghanistan(t), Files: examples.Afghanistan(), Ledger: l})
	if err != nil {
		t.Fatalf("ui.New: %v", err)
	}
	return h
}

// get fetches a path from h and returns the status and body.
func get(t testing.TB, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body)
}

// fakeLedger is an in-memory ledger for tests: proposals, votes and events
// kept in order, and a Voter that checks signatures with a key table.
type fakeLedger struct {
	mu        sync.Mutex
	proposals []jirga.Proposal
	votes     map[string][]jirga.Vote
	entries   []ui.Entry
	broken    string
	// submit, when set, handles Submit (the fake then is a Voter).
	submit func(signed []byte) (uint64, error)
	signer func(key string) (ui.SignerInfo, error)
}

var _ ui.Ledger = (*fakeLedger)(nil)

var t0 = time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)

func newFakeLedger() *fakeLedger {
	l := &fakeLedger{votes: map[string][]jirga.Vote{}}
	l.proposals = []jirga.Proposal{
		{ID: "P-1", Body: "national-council", Kind: jirga.KindEnactLaw, Title: "Polio vaccination <everywhere>", Text: "Every child is vaccinated against polio.",
			Rule: "ordinary-majority", Proposer: "proposer-key", ClosesAt: t0.Add(72 * time.Hour), Status: jirga.ProposalOpen, Submitted: 1, Opened: 2},
		{ID: "P-2", Body: "provincial-council", Territory: "AF-PAN", Kind: jirga.KindMotion, Title: "Open a girls' school in Bazarak",
			Rule: "provincial-majority", Proposer: "proposer-key", ClosesAt: t0.Add(24 * time.Hour), Status: jirga.ProposalPassed, Submitted: 3, Opened: 4, Closed: 7,
			Result: &jirga.Result{Passed: true, Members: 2, Yes: 1, No: 1, Clauses: []jirga.ClauseResult{{Path: "1", Label: "majority of seats voting", Held: true}}, Effect: "none"}},
	}
	l.entries = []ui.Entry{
		{Index: 1, Time: t0, Kind: "proposal.submit", Signer: "proposer-key", Hash: "h1",
			Body: json.RawMessage(`{"body":"national-council","closes_at":"2026-05-04T09:00:00Z","id":"P-1","kind":"enact_law","title":"Polio vaccination <everywhere>"}`)},
		{Index: 2, Time: t0.Add(time.Minute), Kind: "proposal.open", Signer: "proposer-key", Hash: "h2", Body: json.RawMessage(`{"proposal":"P-1"}`)},
	}
	l.castLocked("P-1", "bench-iea", jirga.VoteYes, "iea-key")
	l.castLocked("P-1", "bench-nrf", jirga.VoteNo, "nrf-key")
	return l
}

// castLocked records a vote as a new entry; the caller holds mu or owns l.
func (l *fakeLedger) castLocked(proposal, member, vote, key string) uint64 {
	index := uint64(len(l.entries) + 1)
	at := t0.Add(time.Duration(index) * time.Minute)
	vs := slices.DeleteFunc(l.votes[proposal], func(v jirga.Vote) bool { return v.Member == member })
	l.votes[proposal] = append(vs, jirga.Vote{Proposal: proposal, Member: member, Vote: vote, Delegate: key, Index: index, Time: at})
	body, _ := json.Marshal(map[string]string{"proposal": proposal, "member": member, "vote": vote})
	l.entries = append(l.entries, ui.Entry{Index: index, Time: at, Kind: "proposal.vote", Signer: key, Body: body, Hash: fmt.Sprintf("h%d", index)})
	return index
}

func (l *fakeLedger) cast(proposal, member, vote, key string) uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.castLocked(proposal, member, vote, key)
}

func (l *fakeLedger) Proposals(context.Context) ([]jirga.Proposal, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.proposals), nil
}

func (l *fakeLedger) Proposal(_ context.Context, id string) (jirga.Proposal, []jirga.Vote, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range l.proposals {
		if p.ID == id {
			return p, slices.Clone(l.votes[id]), nil
		}
	}
	return jirga.Proposal{}, nil, jirga.Errorf(jirga.ENOTFOUND, "no proposal %q", id)
}

func (l *fakeLedger) Entries(_ context.Context, from uint64, limit int) ([]ui.Entry, uint64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []ui.Entry
	for _, e := range l.entries {
		if e.Index >= from && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, uint64(len(l.entries)), nil
}

func (l *fakeLedger) Verify(context.Context) ui.Verification {
	l.mu.Lock()
	defer l.mu.Unlock()
	v := ui.Verification{OK: l.broken == "", Height: uint64(len(l.entries)), Head: strings.Repeat("ab", 32), ChainID: strings.Repeat("cd", 32), Problem: l.broken}
	return v
}

// votingLedger is a fakeLedger that also takes votes signed in the
// browser.
type votingLedger struct{ *fakeLedger }

var _ ui.Voter = votingLedger{}

func (l votingLedger) Signer(_ context.Context, key string) (ui.SignerInfo, error) {
	return l.signer(key)
}

func (l votingLedger) Submit(_ context.Context, signed []byte) (uint64, error) {
	return l.submit(signed)
}

// fstestMap is a file system of a few files, by name.
type fstestMap map[string]string

func (m fstestMap) Open(name string) (fs.File, error) {
	mfs := fstest.MapFS{}
	for k, v := range m {
		mfs[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return mfs.Open(name)
}
