package ledger_test

import (
	"bytes"
	"testing"

	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
)

// FuzzDecodeEntry feeds arbitrary lines to the entry decoder: an error or
// an entry, never a panic; an entry it accepts encodes back to a line that
// decodes to the same entry.
func FuzzDecodeEntry(f *testing.F) {
	f.Add([]byte(vectorLine))
	f.Add([]byte(`{"envelope":{},"hash":"","index":1,"prev_hash":"","signature":"","time":""}`))
	f.Add([]byte(`{"index":-1}`))
	f.Add([]byte(`[{"a":"\ud800"}]`))
	f.Fuzz(func(t *testing.T, line []byte) {
		e, err := ledger.DecodeEntry(line)
		if err != nil {
			return
		}
		out := e.AppendJSON(nil)
		back, err := ledger.DecodeEntry(out)
		if err != nil {
			t.Fatalf("re-decoding %s: %v", out, err)
		}
		if !bytes.Equal(back.AppendJSON(nil), out) || back.Hash() != e.Hash() {
			t.Fatalf("round trip changed the entry:\n%s\n%s", out, back.AppendJSON(nil))
		}
	})
}

// FuzzParseSigned feeds arbitrary submissions to the signed-envelope
// decoder: an error or an envelope whose canonical bytes are a fixed point
// of Canonical.
func FuzzParseSigned(f *testing.F) {
	f.Add([]byte(`{"envelope":` + vectorCanonical + `,"signature":"` + vectorSignature + `"}`))
	f.Add([]byte(`{"envelope":{"body":{}},"signature":"x"}`))
	f.Add([]byte(`{"signature":"","envelope":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ledger.ParseSigned(data)
		if err != nil {
			return
		}
		canon, err := ledger.Canonical(s.Bytes())
		if err != nil || !bytes.Equal(canon, s.Bytes()) {
			t.Fatalf("accepted envelope is not canonical: %s (%v)", s.Bytes(), err)
		}
	})
}

// FuzzCanonical checks that canonical JSON is a fixed point: whatever
// Canonical accepts, it accepts its own output unchanged.
func FuzzCanonical(f *testing.F) {
	f.Add([]byte(`{"b":"Loya Jirga — \"2/3\"\n\u0007<&>","a":[1,-2,true,null,{}],"\ue000":1,"\ud83d\ude00":2}`))
	f.Add([]byte(`[[[[]]]]`))
	f.Add([]byte(`"\u0000\u001f\\\/"`))
	f.Add([]byte(`-9007199254740991`))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := ledger.Canonical(data)
		if err != nil {
			return
		}
		again, err := ledger.Canonical(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("Canonical(%q) = %q, then %q (%v)", data, out, again, err)
		}
	})
}

// FuzzParseHeader feeds arbitrary first lines of an export.
func FuzzParseHeader(f *testing.F) {
	f.Add([]byte(`{"files":[{"data":"jirga: 1","path":"charter.yaml"}],"genesis":{"charter":{"hash":"h","id":"x"},"delegates":[],"format":"jirga-ledger/1","time":"2026-05-01T00:00:00.000000000Z"}}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		_, _ = ledger.ParseHeader(line)
	})
}

// FuzzApply signs arbitrary bodies of every kind as a delegate of the test
// ledger (with a proposal open) and applies them: a refusal or a new
// state, never a panic, and a refusal leaves the state as it was.
func FuzzApply(f *testing.F) {
	f.Add(uint8(3), []byte(`{"id":"p2","body":"assembly","kind":"enact_law","title":"t","closes_at":"2030-01-01T00:00:00Z","law":"id: x\ntitle: x\nenacted_by: assembly\nterritory: N\ndomain: movement\nrules:\n  - id: r\n    permit: relocate\n"}`))
	f.Add(uint8(6), []byte(`{"proposal":"p1","vote":"yes"}`))
	f.Add(uint8(0), []byte(`{"delegate":{"key":"AAAA","name":"x","mandates":[{"body":"assembly","member":"m01"}]}}`))
	f.Add(uint8(3), []byte(`{"id":"p3","body":"assembly","kind":"amend_charter","title":"t","closes_at":"2030-01-01T00:00:00Z","charter":"jirga: 1\nid: [\n"}`))
	f.Add(uint8(3), []byte(`{"id":"p4","body":"assembly","kind":"repeal_law","title":"t","closes_at":"2030-01-01T00:00:00Z","law_id":"movement-act"}`))
	f.Fuzz(func(t *testing.T, kind uint8, body []byte) {
		if _, err := ledger.Canonical(body); err != nil {
			return
		}
		c := ledgertest.NewChain(3)
		openMotion(t, c, "p1")
		cl := c.Client("m01")
		env := ledger.Envelope{ChainID: c.State.ChainID(), Kind: ledger.Kinds[int(kind)%len(ledger.Kinds)], Body: body, Signer: cl.Public, SignerSeq: cl.Seq() + 1}
		s, err := ledger.Sign(env, cl.Key)
		if err != nil {
			return
		}
		before := c.State.Hash()
		if _, err := c.Append(s); err != nil && c.State.Hash() != before {
			t.Fatalf("a refused %s changed the state: %v", env.Kind, err)
		}
	})
}
