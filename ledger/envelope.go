package ledger

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/jirga/jirga"
)

// Envelope kinds: what a delegate may sign. Each has its own body
// (docs/ledger.md, "Envelope bodies").
const (
	KindRegister = "delegate.register"
	KindRotate   = "delegate.rotate"
	KindRevoke   = "delegate.revoke"
	KindSubmit   = "proposal.submit"
	KindOpen     = "proposal.open"
	KindWithdraw = "proposal.withdraw"
	KindVote     = "proposal.vote"
	KindClose    = "proposal.close"
)

// Kinds lists every envelope kind, in a fixed order.
var Kinds = []string{KindRegister, KindRotate, KindRevoke, KindSubmit, KindOpen, KindWithdraw, KindVote, KindClose}

// MaxEnvelopeSize bounds the canonical encoding of one envelope (a charter
// amendment carries a whole charter.yaml).
const MaxEnvelopeSize = 4 << 20

// Envelope is what a delegate signs: the ledger it is meant for (chain_id,
// the genesis hash), what it does (kind and body), who signs it (signer,
// a public key) and the signer's sequence number, which increases by one
// with each envelope the signer submits. The signature covers the
// envelope's canonical JSON encoding (see Canonical).
type Envelope struct {
	ChainID   string          `json:"chain_id"`
	Kind      string          `json:"kind"`
	Body      json.RawMessage `json:"body"`
	Signer    string          `json:"signer"`
	SignerSeq uint64          `json:"signer_seq"`
}

// Canonical returns the bytes a delegate signs: the envelope as canonical
// JSON, {"body":{...},"chain_id":"...","kind":"...","signer":"...","signer_seq":N}.
func (e Envelope) Canonical() ([]byte, error) {
	body, err := parseJSON(e.Body)
	if err != nil {
		return nil, invalidf("envelope body: %v", err)
	}
	env := object{
		{"body", body},
		{"chain_id", e.ChainID},
		{"kind", e.Kind},
		{"signer", e.Signer},
		{"signer_seq", int64(e.SignerSeq)},
	}
	if e.SignerSeq > MaxSafeInteger {
		return nil, invalidf("envelope: signer_seq %d is too large", e.SignerSeq)
	}
	if _, _, err := decodeEnvelope(env); err != nil {
		return nil, err
	}
	return appendCanonical(nil, env), nil
}

// decodeEnvelope checks a parsed envelope and returns it with its body.
func decodeEnvelope(v any) (Envelope, object, error) {
	f := newFields(v, "envelope")
	var e Envelope
	e.ChainID = f.str("chain_id", true)
	e.Kind = f.str("kind", true)
	e.Signer = f.str("signer", true)
	e.SignerSeq = f.uint("signer_seq", true)
	bodyVal, _ := f.value("body", true)
	if err := f.done(); err != nil {
		return e, nil, err
	}
	body, ok := bodyVal.(object)
	if !ok {
		return e, nil, invalidf("envelope: body must be a JSON object")
	}
	if !isHash(e.ChainID) {
		return e, nil, invalidf("envelope: chain_id %q is not a ledger's chain id (64 lowercase hex digits)", clip(e.ChainID))
	}
	if !slices.Contains(Kinds, e.Kind) {
		return e, nil, invalidf("envelope: unknown kind %q (known: %v)", clip(e.Kind), Kinds)
	}
	if _, err := DecodeKey(e.Signer); err != nil {
		return e, nil, invalidf("envelope: signer: %s", jirga.ErrorMessage(err))
	}
	if e.SignerSeq < 1 {
		return e, nil, invalidf("envelope: signer_seq starts at 1")
	}
	return e, body, nil
}

// isHash reports whether s is a hex SHA-256 in lowercase.
func isHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Signed is an envelope whose signature has been verified against its
// signer's key. It can only be made by Sign, Verify or ParseSigned, so a
// *Signed is always authentic; whether its signer may act is for Apply.
// It is immutable.
type Signed struct {
	env       Envelope // without Body: body holds it
	body      object
	canonical []byte
	sig       []byte
	pub       []byte // the signer's key, decoded
}

// Sign signs an envelope with a private key. The envelope's signer must be
// the key's public half.
func Sign(e Envelope, priv ed25519.PrivateKey) (*Signed, error) {
	if len(priv) != ed25519.PrivateKeySize {
		return nil, invalidf("sign: not an ed25519 private key")
	}
	if want := EncodeKey(priv.Public().(ed25519.PublicKey)); e.Signer != want {
		return nil, invalidf("sign: envelope signer %q is not the key's public half %q", clip(e.Signer), want)
	}
	data, err := e.Canonical()
	if err != nil {
		return nil, err
	}
	v, err := parseJSON(data)
	if err != nil {
		return nil, invalidf("envelope: %v", err)
	}
	env, body, err := decodeEnvelope(v)
	if err != nil {
		return nil, err
	}
	// The signature is made here with the signer's own key: no need to
	// verify it.
	pub, _ := DecodeKey(env.Signer)
	return &Signed{env: env, body: body, canonical: data, sig: ed25519.Sign(priv, data), pub: pub}, nil
}

// Verify canonicalises an envelope given as JSON (in any formatting) and
// verifies its signature (base64url) against the envelope's signer.
func Verify(envelope []byte, signature string) (*Signed, error) {
	sig, err := DecodeSignature(signature)
	if err != nil {
		return nil, err
	}
	return open(envelope, sig, false, true)
}

// ParseSigned reads a signed envelope as submitted to a server:
// {"envelope": {...}, "signature": "..."}.
func ParseSigned(data []byte) (*Signed, error) {
	v, err := parseJSON(data)
	if err != nil {
		return nil, invalidf("signed envelope: %v", err)
	}
	f := newFields(v, "signed envelope")
	envVal, _ := f.value("envelope", true)
	sig := f.str("signature", true)
	if err := f.done(); err != nil {
		return nil, err
	}
	raw, err := DecodeSignature(sig)
	if err != nil {
		return nil, err
	}
	return openValue(envVal, nil, raw, true)
}

// open parses envelope bytes and, when verify is set, verifies sig. With
// canonical set the bytes must already be canonical (as stored in a
// ledger).
func open(data, sig []byte, canonical, verify bool) (*Signed, error) {
	if len(data) > MaxEnvelopeSize {
		return nil, invalidf("envelope is %d bytes, more than the %d allowed", len(data), MaxEnvelopeSize)
	}
	v, err := parseJSON(data)
	if err != nil {
		return nil, invalidf("envelope: %v", err)
	}
	if canonical {
		return openValue(v, data, sig, verify)
	}
	return openValue(v, nil, sig, verify)
}

// openValue checks a parsed envelope and, when verify is set, its
// signature. When stored is non-nil it must equal the canonical encoding.
func openValue(v any, stored, sig []byte, verify bool) (*Signed, error) {
	env, body, err := decodeEnvelope(v)
	if err != nil {
		return nil, err
	}
	data := appendCanonical(nil, v)
	if len(data) > MaxEnvelopeSize {
		return nil, invalidf("envelope is %d bytes, more than the %d allowed", len(data), MaxEnvelopeSize)
	}
	if stored != nil && string(stored) != string(data) {
		return nil, invalidf("envelope bytes are not in canonical form")
	}
	pub, _ := DecodeKey(env.Signer)
	s := &Signed{env: env, body: body, canonical: data, sig: sig, pub: pub}
	if verify && !verifySignature(s.signerKey(), data, sig) {
		return nil, s.badSignature()
	}
	return s, nil
}

// signerKey returns the signer's 32-byte public key.
func (s *Signed) signerKey() []byte { return s.pub }

func (s *Signed) badSignature() error {
	return jirga.Errorf(jirga.EUNAUTHORIZED, "signature does not verify with the signer's key %s", s.env.Signer)
}

// Envelope returns a copy of the envelope; its Body is canonical JSON.
func (s *Signed) Envelope() Envelope {
	e := s.env
	e.Body = appendCanonical(nil, s.body)
	return e
}

// Kind returns the envelope's kind.
func (s *Signed) Kind() string { return s.env.Kind }

// Signer returns the signer's public key.
func (s *Signed) Signer() string { return s.env.Signer }

// Seq returns the signer_seq.
func (s *Signed) Seq() uint64 { return s.env.SignerSeq }

// Bytes returns the canonical encoding of the envelope: what was signed.
func (s *Signed) Bytes() []byte { return slices.Clone(s.canonical) }

// Signature returns the signature in ledger form (base64url).
func (s *Signed) Signature() string { return EncodeSignature(s.sig) }

// ID returns the hex SHA-256 of the signed envelope bytes, which names an
// envelope before it has an entry.
func (s *Signed) ID() string { return hashHex(s.canonical) }

// MarshalJSON encodes the signed envelope as a server accepts it:
// {"envelope":{...},"signature":"..."} in canonical JSON.
func (s *Signed) MarshalJSON() ([]byte, error) {
	b := append([]byte(`{"envelope":`), s.canonical...)
	b = append(b, `,"signature":`...)
	b = strconv.AppendQuote(b, s.Signature())
	return append(b, '}'), nil
}

// String describes the envelope for logs and errors.
func (s *Signed) String() string {
	return fmt.Sprintf("%s by %s (signer_seq %d)", s.env.Kind, s.env.Signer, s.env.SignerSeq)
}

func hashHex(data []byte) string {
	sum := sha256Sum(data)
	return hex.EncodeToString(sum[:])
}
