package ui

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jirga/jirga"
)

// Ledger is what the UI reads of the governance ledger. Package http
// satisfies it from package ledger and its store (State.Proposals,
// State.Proposal and State.Votes, Store.Entries, a replay for Verify). Without one
// (Config.Ledger nil) the proposals and ledger pages say that the server
// keeps no ledger.
//
// Errors should be *jirga.Error values: ENOTFOUND from Proposal for an
// unknown id becomes a 404 page, any other error a 500 page.
type Ledger interface {
	// Proposals lists every proposal, in the order they were submitted.
	Proposals(ctx context.Context) ([]jirga.Proposal, error)
	// Proposal returns one proposal and the latest vote of each member
	// that voted on it (State.Votes).
	Proposal(ctx context.Context, id string) (jirga.Proposal, []jirga.Vote, error)
	// Entries returns at most limit entries from index from on (the first
	// entry's index is 1), in order, and the chain's height (the last
	// entry's index): sqlite.Store.Entries and Head.
	Entries(ctx context.Context, from uint64, limit int) ([]Entry, uint64, error)
	// Verify replays the chain from its genesis and reports whether every
	// hash, link and signature checks out.
	Verify(ctx context.Context) Verification
}

// Entry is one entry of the chain as the ledger page lists it. From a
// *ledger.Entry e: Index e.Index(), Time e.Time(), Kind e.Signed().Kind(),
// Signer e.Signed().Signer(), Body e.Signed().Envelope().Body, Hash
// e.Hash(), PrevHash e.PrevHash().
type Entry struct {
	Index uint64
	Time  time.Time
	// Kind is the envelope's kind: proposal.vote, delegate.register...
	Kind   string
	Signer string
	// Body is the envelope's body as JSON; the page says what it did.
	Body     json.RawMessage
	Hash     string
	PrevHash string
}

// Verification is the result of replaying the chain.
type Verification struct {
	// OK is true when every entry checked out.
	OK bool
	// Height is the number of entries checked; Head the last one's hash
	// (the chain id when there is none).
	Height uint64
	Head   string
	// ChainID names the ledger: the hash of its genesis.
	ChainID string
	// Problem says what failed, and at which index, when OK is false.
	Problem string
}

// Voter is implemented by a Ledger that accepts votes signed in the
// browser. Proposal pages then offer a form whose script signs a
// proposal.vote envelope with WebCrypto Ed25519 and the delegate's JSON
// Web Key, which never leaves the browser (docs/ledger.md gives the
// canonical encoding the script reproduces). Without a Voter, and in any
// browser without JavaScript, the page shows the `jirga vote` command
// instead.
type Voter interface {
	// Signer returns what the delegate with public key key (base64url, no
	// padding) needs to sign: the chain id, the delegate, and its next
	// signer_seq (State.NextSeq). An unknown key is ENOTFOUND.
	Signer(ctx context.Context, key string) (SignerInfo, error)
	// Submit verifies and appends a signed envelope given as
	// {"envelope":{...},"signature":"..."} (ledger.ParseSigned's input)
	// and returns the index of its entry.
	Submit(ctx context.Context, signed []byte) (uint64, error)
}

// SignerInfo is what a delegate needs to sign an envelope.
type SignerInfo struct {
	ChainID  string         `json:"chain_id"`
	Delegate jirga.Delegate `json:"delegate"`
	NextSeq  uint64         `json:"signer_seq"`
}

// noLedger is the Ledger of a server that keeps none: nothing to list,
// nothing to verify.
type noLedger struct{}

func (noLedger) Proposals(context.Context) ([]jirga.Proposal, error) { return nil, nil }

func (noLedger) Proposal(_ context.Context, id string) (jirga.Proposal, []jirga.Vote, error) {
	return jirga.Proposal{}, nil, jirga.Errorf(jirga.ENOTFOUND, "no proposal %q: this server keeps no ledger", id)
}

func (noLedger) Entries(context.Context, uint64, int) ([]Entry, uint64, error) {
	return nil, 0, nil
}

func (noLedger) Verify(context.Context) Verification { return Verification{OK: true} }
