package jirga

import (
	"fmt"
	"time"
)

// Proposal statuses. A proposal is submitted, then opened for voting, then
// closed as passed or rejected; its proposer may withdraw it before it
// closes.
const (
	ProposalSubmitted = "submitted"
	ProposalOpen      = "open"
	ProposalWithdrawn = "withdrawn"
	ProposalPassed    = "passed"
	ProposalRejected  = "rejected"
)

// Proposal is a motion before one body of the charter: to enact or repeal a
// law, amend the charter, allocate seats, or any other matter. Its kind
// selects the body's decision rule (BodyRule.Kinds).
type Proposal struct {
	ID   string `json:"id"`
	Body string `json:"body"`
	// Territory names the territory of a body that sits in every territory
	// of a level (Body.PerLevel); empty otherwise.
	Territory string `json:"territory,omitempty"`
	Kind      string `json:"kind"`
	Title     string `json:"title"`
	Text      string `json:"text,omitempty"`
	// Law is the source text (YAML or JSON) of the law an enact_law
	// proposal would enact; LawID is that law's id, or the id of the law a
	// repeal_law proposal would repeal.
	Law   string `json:"law,omitempty"`
	LawID string `json:"law_id,omitempty"`
	// Charter is the full text of the charter.yaml an amend_charter
	// proposal would put in force.
	Charter string `json:"charter,omitempty"`
	// Rule is the id of the body's rule that decides the proposal.
	Rule string `json:"rule"`
	// Proposer is the public key of the delegate who submitted it.
	Proposer string `json:"proposer"`
	// OpensAt, when set, is the earliest time the proposal may be opened;
	// ClosesAt ends its voting window. Both are compared with ledger entry
	// times, never with a clock.
	OpensAt  time.Time `json:"opens_at,omitzero"`
	ClosesAt time.Time `json:"closes_at"`
	Status   string    `json:"status"`
	// Submitted, Opened and Closed are the ledger indexes of the entries
	// that submitted, opened and closed (or withdrew) the proposal.
	Submitted uint64 `json:"submitted"`
	Opened    uint64 `json:"opened,omitempty"`
	Closed    uint64 `json:"closed,omitempty"`
	// Result is the tally at close.
	Result *Result `json:"result,omitempty"`
}

// Result is the outcome of a proposal at its close.
type Result struct {
	Passed bool `json:"passed"`
	// Counts of members by the vote they cast.
	Members int `json:"members"`
	Yes     int `json:"yes"`
	No      int `json:"no"`
	Veto    int `json:"veto"`
	Abstain int `json:"abstain"`
	Absent  int `json:"absent"`
	// Clauses summarise the rule's clauses: each one's label and whether it
	// held.
	Clauses []ClauseResult `json:"clauses"`
	// Effect says what the result did: "law enacted", "law repealed",
	// "charter amended", "none", or why a passed proposal could not take
	// effect ("not enacted: ...").
	Effect string `json:"effect"`
}

// ClauseResult is one clause of a decision rule as tallied.
type ClauseResult struct {
	Path  string `json:"path"`
	Label string `json:"label"`
	Held  bool   `json:"held"`
}

// Votes a delegate may cast on a proposal.
const (
	VoteYes     = "yes"
	VoteNo      = "no"
	VoteAbstain = "abstain"
	// VoteVeto is a no that also counts toward veto thresholds (Cosmos
	// SDK's "no with veto").
	VoteVeto = "veto"
)

// VoteValues lists the votes a ballot may hold, in a fixed order.
var VoteValues = []string{VoteYes, VoteNo, VoteAbstain, VoteVeto}

// Vote is the latest ballot of one member of a body on a proposal.
type Vote struct {
	Proposal string `json:"proposal"`
	Member   string `json:"member"`
	Vote     string `json:"vote"`
	// Delegate is the public key that cast it.
	Delegate string `json:"delegate"`
	// Index and Time are those of the ledger entry that cast it.
	Index uint64    `json:"index"`
	Time  time.Time `json:"time"`
}

// Delegate statuses.
const (
	DelegateActive  = "active"
	DelegateRotated = "rotated" // replaced by a new key
	DelegateRevoked = "revoked"
)

// Delegate is a person acting for members of bodies, known by an ed25519
// public key. A delegate signs the envelopes it submits to the ledger.
type Delegate struct {
	// Key is the ed25519 public key, base64url without padding.
	Key      string    `json:"key"`
	Name     string    `json:"name"`
	Mandates []Mandate `json:"mandates"`
	Status   string    `json:"status"`
	// Successor is the key that replaced a rotated key.
	Successor string `json:"successor,omitempty"`
	// Seq is the signer_seq of the delegate's last accepted envelope.
	Seq uint64 `json:"seq"`
	// Since is the ledger index at which the key was registered (0 for
	// the genesis).
	Since uint64 `json:"since"`
}

// Mandate says whom a delegate acts for in one body: either one member, or
// every member of a party in a body that votes by party. Territory names
// the territory of a body that sits in every territory of a level.
type Mandate struct {
	Body      string `json:"body" yaml:"body"`
	Territory string `json:"territory,omitempty" yaml:"territory"`
	Party     string `json:"party,omitempty" yaml:"party"`
	Member    string `json:"member,omitempty" yaml:"member"`
}

// String formats a mandate as body[/territory]:party=P or :member=M.
func (m Mandate) String() string {
	s := m.Body
	if m.Territory != "" {
		s += "/" + m.Territory
	}
	if m.Party != "" {
		return s + ":party=" + m.Party
	}
	return s + ":member=" + m.Member
}

// Validate checks the mandate's shape: a body and exactly one of party or
// member. Whether they exist is the charter's business.
func (m Mandate) Validate() error {
	switch {
	case m.Body == "":
		return Errorf(EINVALID, "mandate: body is required")
	case m.Party == "" && m.Member == "":
		return Errorf(EINVALID, "mandate %s: name a party or a member", m.Body)
	case m.Party != "" && m.Member != "":
		return Errorf(EINVALID, "mandate %s: name a party or a member, not both (party %q, member %q)", m.Body, m.Party, m.Member)
	}
	return nil
}

// Covers reports whether mandate m grants every power of mandate o, given
// the party of o's member (empty when o names a party or the member has
// none): the same seat, or a party mandate over a member of that party.
func (m Mandate) Covers(o Mandate, memberParty string) bool {
	if m.Body != o.Body || m.Territory != o.Territory {
		return false
	}
	if m.Member != "" {
		return o.Member == m.Member
	}
	if o.Party != "" {
		return o.Party == m.Party
	}
	return memberParty != "" && memberParty == m.Party
}

// ValidateVote checks that v is one of VoteValues.
func ValidateVote(v string) error {
	for _, w := range VoteValues {
		if v == w {
			return nil
		}
	}
	return &Error{Code: EINVALID, Message: fmt.Sprintf("unknown vote %q: use yes, no, abstain or veto", v)}
}
