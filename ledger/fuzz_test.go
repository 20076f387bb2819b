package ledger_test

import (
	"bytes"
	"testing"

	"github.com/jirga/jirga/ledger"
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
