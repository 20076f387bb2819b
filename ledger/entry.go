package ledger

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jirga/jirga"
)

// TimeFormat is the canonical form of an entry's time: RFC 3339 in UTC
// with nine fractional digits, so that times sort as text.
const TimeFormat = "2006-01-02T15:04:05.000000000Z07:00"

// FormatTime returns t in TimeFormat, in UTC.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeFormat) }

// parseEntryTime parses a time in TimeFormat and refuses other spellings,
// so that the hash of an entry has one preimage.
func parseEntryTime(s string) (time.Time, error) {
	t, err := time.Parse(TimeFormat, s)
	if err != nil || FormatTime(t) != s {
		return time.Time{}, fmt.Errorf("time %q is not in the form 2026-05-01T12:00:00.000000000Z", clip(s))
	}
	return t.UTC(), nil
}

func sha256Sum(data []byte) [32]byte { return sha256.Sum256(data) }

// Entry is one signed envelope as ordered by the sequencer: its position
// (index, from 1), the sequencer's time, the previous entry's hash (the
// chain id for the first entry), and its own hash, which covers all the
// rest. An *Entry is immutable; it can only be made by Seal, NewEntry or
// DecodeEntry, which verify the envelope's signature.
type Entry struct {
	index    uint64
	time     time.Time
	prevHash string
	signed   *Signed
	hash     string
	// timeText and sigText are the time and signature in ledger form.
	timeText, sigText string
	// computed is the hash recomputed from the fields; it differs from
	// hash only in an entry read from outside whose hash was wrong.
	computed string
}

// Seal makes the entry that places a signed envelope at index, after the
// entry whose hash is prevHash, at time t.
func Seal(index uint64, t time.Time, prevHash string, s *Signed) *Entry {
	e := &Entry{index: index, time: t.UTC(), prevHash: prevHash, signed: s}
	e.timeText, e.sigText = FormatTime(e.time), EncodeSignature(s.sig)
	e.computed = e.computeHash()
	e.hash = e.computed
	return e
}

// RawEntry is an entry as stored: the columns of the events table.
type RawEntry struct {
	Index     uint64
	Time      string
	PrevHash  string
	Envelope  []byte
	Signature string
	Hash      string
}

// AppendJSON appends the stored entry as a line of an export, as
// Entry.AppendJSON would, without checking it: a dump is checked when it
// is verified.
func (r RawEntry) AppendJSON(b []byte) []byte {
	return appendEntry(b, r.Envelope, &r.Hash, r.Index, r.PrevHash, r.Signature, r.Time)
}

// NewEntry checks a stored entry: its time is canonical, its envelope
// canonical and signed by its signer. Whether its hash matches and it
// follows its predecessor is checked by Apply, which names the entry.
func NewEntry(r RawEntry) (*Entry, error) { return newEntry(r, true) }

// newEntry is NewEntry, leaving the signature to the caller when verify is
// false (Replay checks signatures in batches).
func newEntry(r RawEntry, verify bool) (*Entry, error) {
	t, err := parseEntryTime(r.Time)
	if err != nil {
		return nil, entryError(r.Index, jirga.Errorf(jirga.EINVALID, "%v", err))
	}
	sig, err := DecodeSignature(r.Signature)
	if err != nil {
		return nil, entryError(r.Index, err)
	}
	s, err := open(r.Envelope, sig, true, verify)
	if err != nil {
		return nil, entryError(r.Index, err)
	}
	e := &Entry{index: r.Index, time: t, prevHash: r.PrevHash, signed: s, hash: r.Hash, timeText: r.Time, sigText: r.Signature}
	e.computed = e.computeHash()
	return e, nil
}

// DecodeEntry reads an entry written by AppendJSON (a line of
// `jirga ledger export`).
func DecodeEntry(line []byte) (*Entry, error) { return decodeEntry(line, true) }

// decodeEntry is DecodeEntry, leaving the signature to the caller when
// verify is false.
func decodeEntry(line []byte, verify bool) (*Entry, error) {
	v, err := parseJSON(line)
	if err != nil {
		return nil, invalidf("entry: %v", err)
	}
	f := newFields(v, "entry")
	index := f.uint("index", true)
	ts := f.str("time", true)
	prev := f.str("prev_hash", true)
	envVal, _ := f.value("envelope", true)
	sigText := f.str("signature", true)
	hash := f.str("hash", true)
	if err := f.done(); err != nil {
		return nil, err
	}
	t, err := parseEntryTime(ts)
	if err != nil {
		return nil, entryError(index, jirga.Errorf(jirga.EINVALID, "%v", err))
	}
	sig, err := DecodeSignature(sigText)
	if err != nil {
		return nil, entryError(index, err)
	}
	s, err := openValue(envVal, nil, sig, verify)
	if err != nil {
		return nil, entryError(index, err)
	}
	e := &Entry{index: index, time: t, prevHash: prev, signed: s, hash: hash, timeText: ts, sigText: sigText}
	e.computed = e.computeHash()
	return e, nil
}

// entryError names the entry an error is about, keeping its code.
func entryError(index uint64, err error) error {
	return &jirga.Error{Code: jirga.ErrorCode(err), Message: fmt.Sprintf("entry %d: %s", index, jirga.ErrorMessage(err))}
}

// preimage is the canonical JSON the entry's hash covers:
// {"envelope":{...},"index":N,"prev_hash":"...","signature":"...","time":"..."}.
func (e *Entry) preimage(b []byte) []byte {
	return appendEntry(b, e.signed.canonical, nil, e.index, e.prevHash, e.sigText, e.timeText)
}

// appendEntry appends an entry's fields as canonical JSON, with its hash
// when hash is not nil.
func appendEntry(b, envelope []byte, hash *string, index uint64, prevHash, signature, time string) []byte {
	b = append(b, `{"envelope":`...)
	b = append(b, envelope...)
	if hash != nil {
		b = append(b, `,"hash":`...)
		b = appendString(b, *hash)
	}
	b = append(b, `,"index":`...)
	b = strconv.AppendUint(b, index, 10)
	b = append(b, `,"prev_hash":`...)
	b = appendString(b, prevHash)
	b = append(b, `,"signature":`...)
	b = appendString(b, signature)
	b = append(b, `,"time":`...)
	b = appendString(b, time)
	return append(b, '}')
}

func (e *Entry) computeHash() string { return hashHex(e.preimage(nil)) }

// Index returns the entry's position in the ledger, from 1.
func (e *Entry) Index() uint64 { return e.index }

// Time returns the time the sequencer stamped.
func (e *Entry) Time() time.Time { return e.time }

// PrevHash returns the hash of the previous entry (the chain id for the
// first).
func (e *Entry) PrevHash() string { return e.prevHash }

// Hash returns the entry's hash as recorded.
func (e *Entry) Hash() string { return e.hash }

// Signed returns the signed envelope.
func (e *Entry) Signed() *Signed { return e.signed }

// Raw returns the entry as stored.
func (e *Entry) Raw() RawEntry {
	return RawEntry{
		Index:     e.index,
		Time:      e.timeText,
		PrevHash:  e.prevHash,
		Envelope:  slices.Clone(e.signed.canonical),
		Signature: e.sigText,
		Hash:      e.hash,
	}
}

// AppendJSON appends the entry as one line of canonical JSON (without a
// newline): the preimage of its hash plus the hash itself.
func (e *Entry) AppendJSON(b []byte) []byte {
	return appendEntry(b, e.signed.canonical, &e.hash, e.index, e.prevHash, e.sigText, e.timeText)
}

// MarshalJSON implements json.Marshaler with AppendJSON.
func (e *Entry) MarshalJSON() ([]byte, error) { return e.AppendJSON(nil), nil }
