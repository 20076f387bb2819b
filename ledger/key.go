package ledger

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/jirga/jirga"
)

// Keys and signatures travel as base64url without padding (RFC 4648 §5),
// the encoding of a JSON Web Key's "x" and "d": a browser that holds a
// delegate's key as a JWK has its public key in ledger form already.
var b64 = base64.RawURLEncoding

// EncodeKey returns the ledger form of an ed25519 public key.
func EncodeKey(pub ed25519.PublicKey) string { return b64.EncodeToString(pub) }

// DecodeKey parses the ledger form of an ed25519 public key. It refuses
// any other spelling of the same key, so that a key has one name.
func DecodeKey(s string) (ed25519.PublicKey, error) {
	b, ok := decodeExact(s, ed25519.PublicKeySize)
	if !ok {
		return nil, invalidf("key %q is not an ed25519 public key in base64url without padding (43 characters)", clip(s))
	}
	return ed25519.PublicKey(b), nil
}

// decodeExact decodes base64url without padding into n bytes, refusing
// any other spelling of them (such as non-zero trailing bits).
func decodeExact(s string, n int) ([]byte, bool) {
	if len(s) != b64.EncodedLen(n) {
		return nil, false
	}
	b := make([]byte, n)
	if m, err := b64.Decode(b, []byte(s)); err != nil || m != n {
		return nil, false
	}
	var buf [128]byte
	return b, string(b64.AppendEncode(buf[:0], b)) == s
}

// CheckKey checks that a key in ledger form can sign under the ledger's
// signature rule (see docs/ledger.md): 32 bytes in base64url that are the
// canonical encoding of a curve point not of small order. Keys are checked
// when they are registered.
func CheckKey(s string) error {
	pub, err := DecodeKey(s)
	if err != nil {
		return err
	}
	if !checkKey(pub) {
		return invalidf("key %s is not a usable ed25519 public key (not a canonical curve point, or of small order)", s)
	}
	return nil
}

// EncodeSignature returns the ledger form of a signature.
func EncodeSignature(sig []byte) string { return b64.EncodeToString(sig) }

// DecodeSignature parses the ledger form of an ed25519 signature.
func DecodeSignature(s string) ([]byte, error) {
	b, ok := decodeExact(s, ed25519.SignatureSize)
	if !ok {
		return nil, invalidf("signature is not an ed25519 signature in base64url without padding (86 characters)")
	}
	return b, nil
}

// clip shortens s for error messages.
func clip(s string) string {
	if len(s) > 64 {
		return s[:61] + "..."
	}
	return s
}

// GenerateKey returns a new random key pair.
func GenerateKey() (ed25519.PublicKey, ed25519.PrivateKey, error) {
	return ed25519.GenerateKey(rand.Reader)
}

// JWK is an ed25519 key as a JSON Web Key (RFC 8037): the form
// `jirga keygen` writes and WebCrypto imports with
// crypto.subtle.importKey("jwk", key, "Ed25519", false, ["sign"]).
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	// X is the public key, D the private seed (absent in a public JWK),
	// both base64url without padding.
	X string `json:"x"`
	D string `json:"d,omitempty"`
}

// PrivateJWK returns the private JWK of a key.
func PrivateJWK(priv ed25519.PrivateKey) JWK {
	return JWK{Kty: "OKP", Crv: "Ed25519", X: EncodeKey(priv.Public().(ed25519.PublicKey)), D: b64.EncodeToString(priv.Seed())}
}

// ParsePrivateJWK reads a private key file written by `jirga keygen`.
func ParsePrivateJWK(data []byte) (ed25519.PrivateKey, error) {
	var k JWK
	if err := json.Unmarshal(data, &k); err != nil {
		return nil, invalidf("key file is not a JSON Web Key: %v", err)
	}
	if k.Kty != "OKP" || k.Crv != "Ed25519" {
		return nil, invalidf("key file holds a %s/%s key; an Ed25519 key (kty OKP, crv Ed25519) is needed", k.Kty, k.Crv)
	}
	seed, err := b64.DecodeString(k.D)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, invalidf("key file has no private key (d): is it a public key?")
	}
	priv := ed25519.NewKeyFromSeed(seed)
	if k.X != "" && k.X != EncodeKey(priv.Public().(ed25519.PublicKey)) {
		return nil, &jirga.Error{Code: jirga.EINVALID, Message: fmt.Sprintf("key file is inconsistent: x %q is not the public key of d", clip(k.X))}
	}
	return priv, nil
}
