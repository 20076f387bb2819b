package jirga

import "time"

// Event kinds: what happened in the governance record. The ledger derives
// them from its entries; one entry may cause several events (a close that
// passes a law yields proposal.closed and law.enacted).
const (
	EventCharterAdopted     = "charter.adopted"
	EventDelegateRegistered = "delegate.registered"
	EventDelegateRotated    = "delegate.rotated"
	EventDelegateRevoked    = "delegate.revoked"
	EventProposalSubmitted  = "proposal.submitted"
	EventProposalOpened     = "proposal.opened"
	EventProposalWithdrawn  = "proposal.withdrawn"
	EventVoteCast           = "vote.cast"
	EventVoteChanged        = "vote.changed"
	EventProposalClosed     = "proposal.closed"
	EventLawEnacted         = "law.enacted"
	EventLawRepealed        = "law.repealed"
	EventCharterAmended     = "charter.amended"
)

// EventKinds lists every event kind, in a fixed order.
var EventKinds = []string{
	EventCharterAdopted, EventDelegateRegistered, EventDelegateRotated, EventDelegateRevoked,
	EventProposalSubmitted, EventProposalOpened, EventProposalWithdrawn,
	EventVoteCast, EventVoteChanged, EventProposalClosed,
	EventLawEnacted, EventLawRepealed, EventCharterAmended,
}

// Event is one thing that happened in the governance record, as derived
// from a ledger entry. Only the fields that matter to its kind are set.
type Event struct {
	// Index and Time are those of the entry (0 for the genesis).
	Index uint64    `json:"index"`
	Time  time.Time `json:"time"`
	Kind  string    `json:"kind"`
	// Signer is the key that signed the entry.
	Signer string `json:"signer,omitempty"`
	// Delegate is the key registered, rotated (the old key) or revoked;
	// Successor the new key of a rotation.
	Delegate  string `json:"delegate,omitempty"`
	Successor string `json:"successor,omitempty"`
	Proposal  string `json:"proposal,omitempty"`
	Body      string `json:"body,omitempty"`
	// Members and Vote are the members a vote was cast for and the vote.
	Members []string `json:"members,omitempty"`
	Vote    string   `json:"vote,omitempty"`
	// Law is the law enacted or repealed; Charter the charter's hash after
	// an adoption or amendment.
	Law     string  `json:"law,omitempty"`
	Charter string  `json:"charter,omitempty"`
	Result  *Result `json:"result,omitempty"`
}
