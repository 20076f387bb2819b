package ledger_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
)

func TestGenesis(t *testing.T) {
	t.Parallel()
	g, files := ledgertest.Genesis(members)
	canon := g.Canonical()
	if again, err := ledger.Canonical(canon); err != nil || !bytes.Equal(again, canon) {
		t.Fatalf("genesis is not canonical JSON: %v\n%s", err, canon)
	}
	back, err := ledger.ParseGenesis(canon)
	if err != nil || back.ChainID() != g.ChainID() {
		t.Fatalf("ParseGenesis round trip: %v", err)
	}
	if ev := g.Events(); len(ev) != members+9 || ev[0].Kind != jirga.EventCharterAdopted || ev[0].Charter != g.CharterHash ||
		ev[1].Kind != jirga.EventDelegateRegistered || ev[1].Delegate != ledgertest.PublicKey("m01") {
		t.Errorf("genesis events = %+v", ev[:2])
	}
	if len(g.Delegates) != members+8 || g.Time != ledgertest.Epoch {
		t.Errorf("genesis = %d delegates at %s", len(g.Delegates), g.Time)
	}
	s, err := ledger.NewState(g, files)
	if err != nil {
		t.Fatal(err)
	}
	if s.Head() != g.ChainID() || s.Height() != 0 || s.NextSeq(ledgertest.PublicKey("m01")) != 1 {
		t.Errorf("state at genesis: head %s height %d", s.Head(), s.Height())
	}
	// Another charter file set is refused.
	other := ledgertest.CharterFiles(members + 1)
	if _, err := ledger.NewState(g, other); err == nil || !strings.Contains(err.Error(), "but the charter files hash to") {
		t.Errorf("NewState(other charter) = %v", err)
	}
}

func TestParseGenesisSpec(t *testing.T) {
	t.Parallel()
	spec, err := ledger.ParseGenesisSpec("delegates.yaml", []byte(`time: 2026-06-01T00:00:00Z
delegates:
  - name: Red
    key: `+ledgertest.PublicKey("red")+`
    mandates:
      - {body: council, party: red}
`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := charter.LoadFiles("", ledgertest.CharterFiles(members))
	if err != nil {
		t.Fatal(err)
	}
	g, err := ledger.NewGenesis(c, spec, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if !g.Time.Equal(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)) || g.Delegates[0].Mandates[0].Party != "red" || g.CharterHash != c.Hash {
		t.Errorf("genesis = %+v", g)
	}

	_, err = ledger.ParseGenesisSpec("delegates.yaml", []byte("delegates:\n  - name: x\n    keys: abc\n"))
	var je *jirga.Error
	if !asError(err, &je) || len(je.Diagnostics) != 1 || je.Diagnostics[0].Line != 3 || je.Diagnostics[0].File != "delegates.yaml" {
		t.Errorf("unknown field: %v", err)
	}

	bad := []struct {
		name string
		d    ledger.GenesisDelegate
		want string
	}{
		{"bad key", ledger.GenesisDelegate{Name: "x", Key: "abc", Mandates: []jirga.Mandate{{Body: "council", Party: "red"}}}, "is not an ed25519 public key"},
		{"no mandate", ledger.GenesisDelegate{Name: "x", Key: ledgertest.PublicKey("x")}, "at least one mandate"},
		{"unknown body", ledger.GenesisDelegate{Name: "x", Key: ledgertest.PublicKey("x"), Mandates: []jirga.Mandate{{Body: "counsel", Party: "red"}}}, `no body "counsel" (did you mean "council"?)`},
		{"party in a body voting by member", ledger.GenesisDelegate{Name: "x", Key: ledgertest.PublicKey("x"), Mandates: []jirga.Mandate{{Body: "assembly", Party: "red"}}}, "votes by member"},
		{"unknown member", ledger.GenesisDelegate{Name: "x", Key: ledgertest.PublicKey("x"), Mandates: []jirga.Mandate{{Body: "assembly", Member: "m9"}}}, `has no member "m9"`},
		{"both party and member", ledger.GenesisDelegate{Name: "x", Key: ledgertest.PublicKey("x"), Mandates: []jirga.Mandate{{Body: "council", Party: "red", Member: "red"}}}, "not both"},
		{"provincial without territory", ledger.GenesisDelegate{Name: "x", Key: ledgertest.PublicKey("x"), Mandates: []jirga.Mandate{{Body: "provincial", Member: "gov"}}}, "name the territory"},
		{"provincial in the nation", ledger.GenesisDelegate{Name: "x", Key: ledgertest.PublicKey("x"), Mandates: []jirga.Mandate{{Body: "provincial", Territory: "N", Member: "gov"}}}, `territory "N" is a nation`},
	}
	for _, b := range bad {
		_, err := ledger.NewGenesis(c, &ledger.GenesisSpec{Delegates: []ledger.GenesisDelegate{b.d}}, ledgertest.Epoch)
		if jirga.ErrorCode(err) != jirga.EINVALID || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s: %v, want %q", b.name, err, b.want)
		}
	}
	twice := []ledger.GenesisDelegate{ledgertest.Delegates(members)[0], ledgertest.Delegates(members)[0]}
	if _, err := ledger.NewGenesis(c, &ledger.GenesisSpec{Delegates: twice}, ledgertest.Epoch); err == nil || !strings.Contains(err.Error(), "listed twice") {
		t.Errorf("duplicate key: %v", err)
	}
}

func asError(err error, target **jirga.Error) bool { return errors.As(err, target) }
