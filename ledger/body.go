package ledger

import (
	"encoding/json"
	"regexp"
	"time"

	"github.com/jirga/jirga"
)

// Body is the body of an envelope of one kind. The types below are the
// bodies clients build; NewEnvelope wraps one for signing.
type Body interface {
	// EnvelopeKind returns the envelope kind the body belongs to.
	EnvelopeKind() string
}

// RegisterBody registers a new delegate key (delegate.register). The
// signer must hold mandates covering every mandate of the new delegate.
type RegisterBody struct {
	Delegate GenesisDelegate `json:"delegate"`
}

// RotateBody replaces the signer's key with a new one (delegate.rotate):
// the new key inherits the name and mandates; the old key stops working.
type RotateBody struct {
	Key string `json:"key"`
}

// RevokeBody revokes a key (delegate.revoke): the signer's own, or one
// whose every mandate the signer's mandates cover.
type RevokeBody struct {
	Key    string `json:"key"`
	Reason string `json:"reason,omitempty"`
}

// SubmitBody submits a proposal to a body (proposal.submit).
type SubmitBody struct {
	ID        string `json:"id"`
	Body      string `json:"body"`
	Territory string `json:"territory,omitempty"`
	Kind      string `json:"kind"`
	Title     string `json:"title"`
	Text      string `json:"text,omitempty"`
	// Law is the YAML or JSON text of the law to enact (enact_law).
	Law string `json:"law,omitempty"`
	// LawID is the law to repeal (repeal_law).
	LawID string `json:"law_id,omitempty"`
	// Charter is the new charter.yaml (amend_charter).
	Charter string `json:"charter,omitempty"`
	// OpensAt (optional) and ClosesAt are RFC 3339 times.
	OpensAt  string `json:"opens_at,omitempty"`
	ClosesAt string `json:"closes_at"`
}

// OpenBody opens a submitted proposal for voting (proposal.open).
type OpenBody struct {
	Proposal string `json:"proposal"`
}

// WithdrawBody withdraws a proposal (proposal.withdraw); only its proposer
// may.
type WithdrawBody struct {
	Proposal string `json:"proposal"`
}

// VoteBody casts or changes a vote (proposal.vote). Without Member it
// votes for every member the signer acts for in the proposal's body.
type VoteBody struct {
	Proposal string `json:"proposal"`
	Vote     string `json:"vote"`
	Member   string `json:"member,omitempty"`
}

// CloseBody closes a proposal whose voting window has ended and tallies it
// (proposal.close).
type CloseBody struct {
	Proposal string `json:"proposal"`
}

// EnvelopeKind implements Body.
func (RegisterBody) EnvelopeKind() string { return KindRegister }

// EnvelopeKind implements Body.
func (RotateBody) EnvelopeKind() string { return KindRotate }

// EnvelopeKind implements Body.
func (RevokeBody) EnvelopeKind() string { return KindRevoke }

// EnvelopeKind implements Body.
func (SubmitBody) EnvelopeKind() string { return KindSubmit }

// EnvelopeKind implements Body.
func (OpenBody) EnvelopeKind() string { return KindOpen }

// EnvelopeKind implements Body.
func (WithdrawBody) EnvelopeKind() string { return KindWithdraw }

// EnvelopeKind implements Body.
func (VoteBody) EnvelopeKind() string { return KindVote }

// EnvelopeKind implements Body.
func (CloseBody) EnvelopeKind() string { return KindClose }

// NewEnvelope returns the envelope that carries body, ready to sign.
func NewEnvelope(chainID, signer string, seq uint64, body Body) (Envelope, error) {
	data, err := json.Marshal(body)
	if err != nil {
		return Envelope{}, invalidf("envelope body: %v", err)
	}
	canon, err := Canonical(data)
	if err != nil {
		return Envelope{}, invalidf("envelope body: %v", err)
	}
	return Envelope{ChainID: chainID, Kind: body.EnvelopeKind(), Body: canon, Signer: signer, SignerSeq: seq}, nil
}

// idPattern is the form of proposal ids: they also name files.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$`)

// proposalRef decodes the body of open, withdraw and close.
func proposalRef(body object, kind string) (string, error) {
	f := newFields(body, kind+" body")
	id := f.str("proposal", true)
	return id, f.done()
}

// submission is a decoded proposal.submit body.
type submission struct {
	SubmitBody
	opens, closes time.Time
}

func decodeSubmit(body object) (*submission, error) {
	f := newFields(body, "proposal.submit body")
	s := &submission{}
	s.ID = f.str("id", true)
	s.Body = f.str("body", true)
	s.Territory = f.str("territory", false)
	s.Kind = f.str("kind", true)
	s.Title = f.str("title", true)
	s.Text = f.str("text", false)
	s.Law = f.str("law", false)
	s.LawID = f.str("law_id", false)
	s.Charter = f.str("charter", false)
	s.opens = f.time("opens_at", false)
	s.closes = f.time("closes_at", true)
	if err := f.done(); err != nil {
		return nil, err
	}
	if !idPattern.MatchString(s.ID) {
		return nil, invalidf("proposal id %q: use letters, digits, '.', '_' and '-', starting with a letter or digit (at most 100)", clip(s.ID))
	}
	return s, nil
}

func decodeVote(body object) (*VoteBody, error) {
	f := newFields(body, "proposal.vote body")
	v := &VoteBody{Proposal: f.str("proposal", true), Vote: f.str("vote", true), Member: f.str("member", false)}
	if err := f.done(); err != nil {
		return nil, err
	}
	if err := jirga.ValidateVote(v.Vote); err != nil {
		return nil, err
	}
	return v, nil
}

func decodeRegister(body object) (GenesisDelegate, error) {
	f := newFields(body, "delegate.register body")
	dv, _ := f.value("delegate", true)
	if err := f.done(); err != nil {
		return GenesisDelegate{}, err
	}
	return decodeGenesisDelegate(dv, "delegate")
}

func decodeRotate(body object) (string, error) {
	f := newFields(body, "delegate.rotate body")
	key := f.str("key", true)
	return key, f.done()
}

func decodeRevoke(body object) (RevokeBody, error) {
	f := newFields(body, "delegate.revoke body")
	r := RevokeBody{Key: f.str("key", true), Reason: f.str("reason", false)}
	return r, f.done()
}
