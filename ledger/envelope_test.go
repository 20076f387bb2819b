package ledger_test

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/ledger"
)

// The test vector of docs/ledger.md: RFC 8032's first key signs a vote.
const (
	vectorSeed      = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
	vectorPublic    = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
	vectorChain     = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	vectorCanonical = `{"body":{"proposal":"p1","vote":"yes"},"chain_id":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","kind":"proposal.vote","signer":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","signer_seq":1}`
	vectorSignature = "YAd5BaQUbLvp1CasHr6DLExXwhlih8XP_VxJxBKSFXf-2BKWQzqWvStV4u6nOHdD3YHcEV0l1H3TJBXjORJzAg"
	vectorHash      = "9768bbba60e15a6e572d566c0c83ac640d36703e2c85fbf303a26262b40912ef"
	vectorLine      = `{"envelope":` + vectorCanonical + `,"hash":"` + vectorHash + `","index":1,"prev_hash":"` + vectorChain + `","signature":"` + vectorSignature + `","time":"2026-05-01T00:00:00.000000000Z"}`
)

func vectorKey(t testing.TB) ed25519.PrivateKey {
	seed, err := hex.DecodeString(vectorSeed)
	if err != nil {
		t.Fatal(err)
	}
	return ed25519.NewKeyFromSeed(seed)
}

func vectorEnvelope() ledger.Envelope {
	return ledger.Envelope{ChainID: vectorChain, Kind: ledger.KindVote, Body: json.RawMessage(`{ "vote": "yes", "proposal": "p1" }`), Signer: vectorPublic, SignerSeq: 1}
}

func TestVector(t *testing.T) {
	t.Parallel()
	priv := vectorKey(t)
	if got := ledger.EncodeKey(priv.Public().(ed25519.PublicKey)); got != vectorPublic {
		t.Fatalf("public key = %s, want %s", got, vectorPublic)
	}
	canon, err := vectorEnvelope().Canonical()
	if err != nil || string(canon) != vectorCanonical {
		t.Fatalf("Canonical = %s, %v\nwant %s", canon, err, vectorCanonical)
	}
	s, err := ledger.Sign(vectorEnvelope(), priv)
	if err != nil {
		t.Fatal(err)
	}
	if s.Signature() != vectorSignature {
		t.Errorf("signature = %s, want %s", s.Signature(), vectorSignature)
	}
	e := ledger.Seal(1, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), vectorChain, s)
	if e.Hash() != vectorHash {
		t.Errorf("entry hash = %s, want %s", e.Hash(), vectorHash)
	}
	if got := string(e.AppendJSON(nil)); got != vectorLine {
		t.Errorf("entry line\n got %s\nwant %s", got, vectorLine)
	}
	// The line reads back to the same entry.
	back, err := ledger.DecodeEntry([]byte(vectorLine))
	if err != nil {
		t.Fatal(err)
	}
	if back.Hash() != vectorHash || string(back.Signed().Bytes()) != vectorCanonical || back.Index() != 1 {
		t.Errorf("DecodeEntry = %+v", back.Raw())
	}
	// Verify accepts the envelope in any formatting.
	loose := `{ "signer_seq": 1, "signer": "` + vectorPublic + `", "kind": "proposal.vote", "chain_id": "` + vectorChain + `", "body": {"vote":"yes","proposal":"p1"} }`
	if v, err := ledger.Verify([]byte(loose), vectorSignature); err != nil || string(v.Bytes()) != vectorCanonical {
		t.Errorf("Verify(loose) = %v", err)
	}
}

// TestWebCrypto checks that a browser's primitives reproduce the vector:
// testdata/webcrypto.mjs uses JSON.stringify, WebCrypto Ed25519 and
// SHA-256 only. It runs when node 20 or later is installed.
func TestWebCrypto(t *testing.T) {
	t.Parallel()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	version, err := exec.Command(node, "--version").Output()
	var major int
	if _, serr := fmt.Sscanf(string(version), "v%d.", &major); err != nil || serr != nil || major < 20 {
		t.Skipf("node %s: WebCrypto Ed25519 needs node 20 or later", strings.TrimSpace(string(version)))
	}
	out, err := exec.Command(node, "testdata/webcrypto.mjs").CombinedOutput()
	if err != nil {
		t.Fatalf("node testdata/webcrypto.mjs: %v\n%s", err, out)
	}
	var got struct{ Canonical, Signature, Hash string }
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node output %s: %v", out, err)
	}
	if got.Canonical != vectorCanonical || got.Signature != vectorSignature || got.Hash != vectorHash {
		t.Errorf("WebCrypto gives\n%+v\nwant canonical %s, signature %s, hash %s", got, vectorCanonical, vectorSignature, vectorHash)
	}
}

func TestVerifyRefuses(t *testing.T) {
	t.Parallel()
	other := ed25519.NewKeyFromSeed(make([]byte, 32))
	forged := ledger.EncodeSignature(ed25519.Sign(other, []byte(vectorCanonical)))
	tests := []struct {
		name, envelope, signature, code, want string
	}{
		{"forged signature", vectorCanonical, forged, jirga.EUNAUTHORIZED, "signature does not verify"},
		{"tampered body", strings.Replace(vectorCanonical, `"yes"`, `"no"`, 1), vectorSignature, jirga.EUNAUTHORIZED, "signature does not verify"},
		{"tampered seq", strings.Replace(vectorCanonical, `"signer_seq":1`, `"signer_seq":2`, 1), vectorSignature, jirga.EUNAUTHORIZED, "signature does not verify"},
		{"signature not base64url", vectorCanonical, "YAd5+aQU", jirga.EINVALID, "not an ed25519 signature"},
		{"padded signature", vectorCanonical, vectorSignature + "==", jirga.EINVALID, "not an ed25519 signature"},
		{"unknown kind", strings.Replace(vectorCanonical, "proposal.vote", "proposal.steal", 1), vectorSignature, jirga.EINVALID, `unknown kind "proposal.steal"`},
		{"bad chain id", strings.Replace(vectorCanonical, vectorChain, "abc", 1), vectorSignature, jirga.EINVALID, "chain_id"},
		{"bad signer", strings.Replace(vectorCanonical, vectorPublic, "11qYAYKx", 1), vectorSignature, jirga.EINVALID, "signer"},
		{"seq zero", strings.Replace(vectorCanonical, `"signer_seq":1`, `"signer_seq":0`, 1), vectorSignature, jirga.EINVALID, "signer_seq starts at 1"},
		{"unknown field", strings.Replace(vectorCanonical, `"kind"`, `"extra":1,"kind"`, 1), vectorSignature, jirga.EINVALID, `unknown field "extra"`},
		{"body not an object", strings.Replace(vectorCanonical, `{"proposal":"p1","vote":"yes"}`, `[]`, 1), vectorSignature, jirga.EINVALID, "body must be a JSON object"},
		{"not JSON", `{"body":`, vectorSignature, jirga.EINVALID, "unexpected end of input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ledger.Verify([]byte(tt.envelope), tt.signature)
			if jirga.ErrorCode(err) != tt.code || !strings.Contains(jirga.ErrorMessage(err), tt.want) {
				t.Errorf("Verify: %v (code %s), want %s containing %q", err, jirga.ErrorCode(err), tt.code, tt.want)
			}
		})
	}
}

func TestNewEntryRefuses(t *testing.T) {
	t.Parallel()
	good := ledger.RawEntry{Index: 1, Time: "2026-05-01T00:00:00.000000000Z", PrevHash: vectorChain, Envelope: []byte(vectorCanonical), Signature: vectorSignature, Hash: vectorHash}
	if _, err := ledger.NewEntry(good); err != nil {
		t.Fatalf("NewEntry(good): %v", err)
	}
	tests := []struct {
		name string
		edit func(*ledger.RawEntry)
		want string
	}{
		{"non-canonical envelope", func(r *ledger.RawEntry) { r.Envelope = []byte(" " + vectorCanonical) }, "entry 1: envelope bytes are not in canonical form"},
		{"other time spelling", func(r *ledger.RawEntry) { r.Time = "2026-05-01T00:00:00Z" }, "entry 1: time"},
		{"forged signature", func(r *ledger.RawEntry) { r.Signature = vectorSignature[:80] + "AAAAAA" }, "entry 1: signature does not verify"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := good
			tt.edit(&r)
			_, err := ledger.NewEntry(r)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("NewEntry: %v, want %q", err, tt.want)
			}
		})
	}
}

func TestKeys(t *testing.T) {
	t.Parallel()
	priv := vectorKey(t)
	jwk := ledger.PrivateJWK(priv)
	data, _ := json.Marshal(jwk)
	back, err := ledger.ParsePrivateJWK(data)
	if err != nil || !back.Equal(priv) {
		t.Fatalf("ParsePrivateJWK(%s) = %v", data, err)
	}
	for _, bad := range []string{
		`{"kty":"EC","crv":"P-256","x":"a","d":"b"}`,
		`{"kty":"OKP","crv":"Ed25519","x":"` + vectorPublic + `"}`,
		`{"kty":"OKP","crv":"Ed25519","x":"AAAAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"` + jwk.D + `"}`,
		`not json`,
	} {
		if _, err := ledger.ParsePrivateJWK([]byte(bad)); jirga.ErrorCode(err) != jirga.EINVALID {
			t.Errorf("ParsePrivateJWK(%s) = %v, want invalid", bad, err)
		}
	}
	// The identity point (y = 1) has small order; y = p (2^255 - 19) is a
	// non-canonical encoding of y = 0.
	identity := make([]byte, 32)
	identity[0] = 1
	nonCanonical := []byte{0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}
	for _, bad := range [][]byte{identity, nonCanonical} {
		if err := ledger.CheckKey(ledger.EncodeKey(bad)); err == nil || !strings.Contains(err.Error(), "not a usable ed25519 public key") {
			t.Errorf("CheckKey(%x) = %v", bad, err)
		}
	}
	if err := ledger.CheckKey(vectorPublic); err != nil {
		t.Errorf("CheckKey(vector) = %v", err)
	}
	if _, err := ledger.DecodeKey(vectorPublic + "="); err == nil {
		t.Error("DecodeKey accepted a padded key")
	}
	if k, err := ledger.DecodeKey(vectorPublic); err != nil || ledger.EncodeKey(k) != vectorPublic {
		t.Errorf("DecodeKey(%s) = %v", vectorPublic, err)
	}
}
