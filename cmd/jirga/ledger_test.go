package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jirga/jirga/ledger"
)

// TestLedgerCommands runs a ledger's life through the CLI: keys, genesis,
// signed envelopes appended, verification, export, and tampering found.
func TestLedgerCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	at := func(name string) string { return filepath.Join(dir, name) }
	for _, name := range []string{"iea", "nrf"} {
		code, out, errs := run(t, "", "keygen", "--out", at(name))
		if code != 0 {
			t.Fatalf("keygen: %d %s", code, errs)
		}
		pub, _ := os.ReadFile(at(name + ".pub"))
		if !strings.HasPrefix(out, strings.TrimSpace(string(pub))+"\n") {
			t.Errorf("keygen printed %q, public key file %q", out, pub)
		}
	}
	db := at("council.db")
	iea, _ := os.ReadFile(at("iea.pub"))
	nrf, _ := os.ReadFile(at("nrf.pub"))
	delegates := "time: 2026-05-01T00:00:00Z\ndelegates:\n" +
		"  - {name: IEA bench, key: " + strings.TrimSpace(string(iea)) + ", mandates: [{body: national-council, member: bench-iea}]}\n" +
		"  - {name: NRF bench, key: " + strings.TrimSpace(string(nrf)) + ", mandates: [{body: national-council, member: bench-nrf}]}\n"
	os.WriteFile(at("delegates.yaml"), []byte(delegates), 0o644)

	code, out, errs := run(t, "", "ledger", "init", "--charter", "../../examples/afghanistan", "--delegates", at("delegates.yaml"), "--db", db, "--json")
	var ir initReport
	if code != 0 || json.Unmarshal([]byte(out), &ir) != nil || ir.Delegates != 2 || ir.Charter != "afghanistan" || len(ir.ChainID) != 64 || ir.Time != "2026-05-01T00:00:00.000000000Z" {
		t.Fatalf("init: exit %d %s %s", code, out, errs)
	}
	if code, _, errs := run(t, "", "ledger", "init", "--charter", "../../examples/afghanistan", "--delegates", at("delegates.yaml"), "--db", db); code != 1 || !strings.Contains(errs, "already has a genesis") {
		t.Errorf("second init: exit %d %s", code, errs)
	}

	sign := func(key, kind, body string) string {
		t.Helper()
		code, out, errs := run(t, "", "ledger", "sign", "--db", db, "--key", at(key+".key"), "--kind", kind, "--body", body)
		if code != 0 {
			t.Fatalf("sign %s: exit %d %s", kind, code, errs)
		}
		return out
	}
	appendOK := func(signed string) {
		t.Helper()
		if code, out, errs := run(t, signed, "ledger", "append", "--db", db, "-"); code != 0 || !strings.HasPrefix(out, "entry ") {
			t.Fatalf("append: exit %d %s %s", code, out, errs)
		}
	}
	appendOK(sign("iea", ledger.KindSubmit, `{"id":"m1","body":"national-council","kind":"motion","title":"A motion","closes_at":"2030-01-01T00:00:00Z"}`))
	appendOK(sign("iea", ledger.KindOpen, `{"proposal":"m1"}`))
	vote := sign("nrf", ledger.KindVote, `{"proposal":"m1","vote":"yes"}`)
	appendOK(vote)
	// A replay and a vote for another bench are refused.
	if code, _, errs := run(t, vote, "ledger", "append", "--db", db); code != 1 || !strings.Contains(errs, "line 1 refused: signer_seq 1 of") {
		t.Errorf("replay: exit %d %s", code, errs)
	}
	if code, _, errs := run(t, sign("nrf", ledger.KindVote, `{"proposal":"m1","vote":"yes","member":"bench-iea"}`), "ledger", "append", "--db", db); code != 1 || !strings.Contains(errs, `signer does not act for member "bench-iea"`) {
		t.Errorf("vote for another bench: exit %d %s", code, errs)
	}

	code, out, _ = run(t, "", "ledger", "verify", "--db", db)
	if code != 0 || !strings.Contains(out, ": 3 entries verified") || !strings.Contains(out, "chain id   "+ir.ChainID) {
		t.Fatalf("verify: exit %d %s", code, out)
	}
	code, export, _ := run(t, "", "ledger", "export", "--db", db)
	if code != 0 || strings.Count(export, "\n") != 4 {
		t.Fatalf("export: exit %d, %d lines", code, strings.Count(export, "\n"))
	}
	code, out, _ = run(t, export, "ledger", "verify", "--file", "-", "--json")
	var vr verifyReport
	if code != 0 || json.Unmarshal([]byte(out), &vr) != nil || !vr.OK || vr.Entries != 3 {
		t.Fatalf("verify export: exit %d %s", code, out)
	}
	tampered := strings.Replace(export, `"vote":"yes"`, `"vote":"no"`, 1)
	code, out, _ = run(t, tampered, "ledger", "verify", "--file", "-", "--json")
	if code != 1 || json.Unmarshal([]byte(out), &vr) != nil || vr.OK || vr.BadEntry != 3 || vr.Entries != 2 || !strings.HasPrefix(vr.Problem, "signature does not verify") {
		t.Errorf("verify tampered export: exit %d %s", code, out)
	}

	// Tamper with the database itself.
	sdb, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER events_no_update`, `UPDATE events SET prev_hash = hash WHERE idx = 2`} {
		if _, err := sdb.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	sdb.Close()
	code, out, _ = run(t, "", "ledger", "verify", "--db", db)
	if code != 1 || !strings.Contains(out, "BROKEN at entry 2: hash mismatch") || !strings.Contains(out, "the 1 entry before it verify") {
		t.Errorf("verify tampered db: exit %d %s", code, out)
	}
}

func TestLedgerUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"ledger", "verify", "--db", "a.db", "--file", "b.jsonl"}, 2, "give one of --db, --file and --url"},
		{[]string{"ledger", "verify", "--db", "does/not/exist.db"}, 1, "no ledger database at does/not/exist.db"},
		{[]string{"ledger", "init", "--charter", "x"}, 2, "needs --charter DIR and --delegates FILE"},
		{[]string{"ledger", "sign", "--key", "k"}, 2, "needs --key, --kind and --body"},
		{[]string{"ledger", "sign", "--key", "k", "--kind", "x", "--body", "{}", "--seq", "3"}, 2, "give --chain and --seq together"},
		{[]string{"ledger", "append", "--db", "does/not/exist.db"}, 1, "run jirga ledger init first"},
		{[]string{"ledger", "generate"}, 2, "needs --entries N and --db PATH"},
		{[]string{"keygen"}, 2, "--out NAME"},
	} {
		code, out, errs := run(t, "", tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.want) {
			t.Errorf("%v: exit %d, output %q%q; want exit %d and %q", tc.args, code, out, errs, tc.code, tc.want)
		}
	}
}

func TestKeygen(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	name := filepath.Join(dir, "d")
	code, out, _ := run(t, "", "keygen", "--out", name, "--json")
	var r keygenReport
	if code != 0 || json.Unmarshal([]byte(out), &r) != nil || r.JWK != nil || r.Private != name+".key" {
		t.Fatalf("keygen --json: exit %d %s", code, out)
	}
	info, err := os.Stat(name + ".key")
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v (%v)", info.Mode(), err)
	}
	priv, err := readKey(name + ".key")
	if err != nil || ledger.PrivateJWK(priv).X != r.Public {
		t.Fatalf("readKey: %v", err)
	}
	if code, _, errs := run(t, "", "keygen", "--out", name); code != 1 || !strings.Contains(errs, "d.key exists") {
		t.Errorf("overwrite: exit %d %s", code, errs)
	}
	if code, _, _ := run(t, "", "keygen", "--out", name, "--force"); code != 0 {
		t.Errorf("--force: exit %d", code)
	}
	code, out, _ = run(t, "", "keygen", "--json")
	if code != 0 || json.Unmarshal([]byte(out), &r) != nil || r.JWK == nil || r.JWK.X != r.Public || r.JWK.D == "" {
		t.Errorf("keygen --json without --out: %s", out)
	}
}

func TestLedgerGenerate(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "gen.db")
	code, out, errs := run(t, "", "ledger", "generate", "--entries", "700", "--members", "8", "--law-every", "2", "--db", db)
	if code != 0 || !strings.Contains(out, ": 700 entries, head ") {
		t.Fatalf("generate: exit %d %s %s", code, out, errs)
	}
	code, out, _ = run(t, "", "ledger", "verify", "--db", db, "--json")
	var vr verifyReport
	if code != 0 || json.Unmarshal([]byte(out), &vr) != nil || vr.Entries != 700 {
		t.Errorf("verify: exit %d %s", code, out)
	}
}
