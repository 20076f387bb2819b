package ledger

import (
	"sync"

	"github.com/oasisprotocol/curve25519-voi/curve"
	voi "github.com/oasisprotocol/curve25519-voi/primitives/ed25519"
)

// The ledger's signature rule is RFC 8032 §5.1.7 Ed25519 verification with
// the cofactored equation [8][S]B = [8]R + [8][k]A (as FIPS 186-5 states
// it), canonical encodings of A and R, S below the group order, and no
// public key of small order. Under this rule verifying signatures one by
// one and in batches (Replay) gives the same answer for every signature,
// so a node replaying a ledger accepts exactly what the sequencer
// accepted. It is curve25519-voi's default, and the rule CometBFT's
// validators use for batch verification too.
//
// Signing is standard Ed25519 (crypto/ed25519, WebCrypto): an honest
// signature is valid under every rule.
var sigOptions = &voi.Options{Verify: voi.VerifyOptionsDefault}

// maxCachedKeys bounds the cache of expanded public keys, so that a flood
// of envelopes signed by random keys cannot grow it without end.
const maxCachedKeys = 1 << 12

// keys caches expanded public keys (about 1.5 KiB each): expanding a key
// once makes each later verification about twice as fast.
var keys = struct {
	sync.RWMutex
	m map[string]*voi.ExpandedPublicKey
}{m: map[string]*voi.ExpandedPublicKey{}}

// expandKey returns the expanded form of a 32-byte public key, or nil when
// it does not decode to a curve point.
func expandKey(pub []byte) *voi.ExpandedPublicKey {
	keys.RLock()
	x, ok := keys.m[string(pub)]
	keys.RUnlock()
	if ok {
		return x
	}
	x, err := voi.NewExpandedPublicKey(pub)
	if err != nil {
		x = nil
	}
	keys.Lock()
	if len(keys.m) < maxCachedKeys {
		keys.m[string(pub)] = x
	}
	keys.Unlock()
	return x
}

// checkKey reports whether a 32-byte public key can sign under the
// ledger's rule: the canonical encoding of a curve point not of small
// order. Keys are checked when they are registered.
func checkKey(pub []byte) bool {
	var y curve.CompressedEdwardsY
	var p curve.EdwardsPoint
	if _, err := y.SetBytes(pub); err != nil || !y.IsCanonicalVartime() {
		return false
	}
	if _, err := p.SetCompressedY(&y); err != nil {
		return false
	}
	return !p.IsSmallOrder()
}

// verifySignature reports whether sig is a valid signature of msg by the
// 32-byte public key pub.
func verifySignature(pub, msg, sig []byte) bool {
	x := expandKey(pub)
	if x == nil || len(sig) != voi.SignatureSize {
		return false
	}
	return voi.VerifyExpandedWithOptions(x, msg, sig, sigOptions)
}

// batchVerify checks many signatures at once and reports which are valid:
// all of them at about half the cost of one-by-one checks when all are
// valid, each one separately otherwise. pubs, msgs and sigs are parallel.
func batchVerify(pubs, msgs, sigs [][]byte) []bool {
	valid := make([]bool, len(pubs))
	v := voi.NewBatchVerifierWithCapacity(len(pubs))
	idx := make([]int, 0, len(pubs))
	for i := range pubs {
		x := expandKey(pubs[i])
		if x == nil || len(sigs[i]) != voi.SignatureSize {
			continue
		}
		v.AddExpandedWithOptions(x, msgs[i], sigs[i], sigOptions)
		idx = append(idx, i)
	}
	if len(idx) == 0 {
		return valid
	}
	// The batch's random coefficients only decide how fast a bad
	// signature is found, never which signatures are valid.
	_, ok := v.Verify(nil)
	for j, i := range idx {
		valid[i] = ok[j]
	}
	return valid
}
