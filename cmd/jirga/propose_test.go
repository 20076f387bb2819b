package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	jhttp "github.com/jirga/jirga/http"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
)

// ledgerDir writes the test charter of package ledgertest (an assembly of
// three members), its delegates file and the key files of m01, m02 and
// red (the council's red party) into a new directory.
func ledgerDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range ledgertest.CharterFiles(3) {
		path := filepath.Join(dir, "charter", filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	spec, _ := json.Marshal(map[string]any{"delegates": ledgertest.Delegates(3)})
	if err := os.WriteFile(filepath.Join(dir, "delegates.json"), spec, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"m01", "m02", "red"} {
		jwk, _ := json.Marshal(ledger.PrivateJWK(ledgertest.Key(name)))
		if err := os.WriteFile(filepath.Join(dir, name+".key"), jwk, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// startServe runs jirga serve as a process and returns its URL.
func startServe(t *testing.T, args ...string) (url string, stop func() string) {
	t.Helper()
	cmd, stderr := jirgaProcess(t, nil, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	url, sc := waitServing(t, stderr)
	// Keep reading the server's log while the test runs: a server whose
	// stderr pipe fills up blocks on its next request line.
	var rest strings.Builder
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		for sc.Scan() {
			rest.WriteString(sc.Text() + "\n")
		}
	}()
	return url, func() string {
		cmd.Process.Signal(syscall.SIGTERM)
		<-drained
		if err := cmd.Wait(); err != nil {
			t.Errorf("serve: %v\n%s", err, rest.String())
		}
		return rest.String()
	}
}

func TestProposeAndVote(t *testing.T) {
	t.Parallel()
	dir := ledgerDir(t)
	db := filepath.Join(dir, "jirga.db")
	url, stop := startServe(t, "--charter", filepath.Join(dir, "charter"), "--db", db, "--delegates", filepath.Join(dir, "delegates.json"))
	key := func(name string) string { return filepath.Join(dir, name+".key") }

	code, out, errs := run(t, "", "propose", "--url", url, "--key", key("m01"), "--body", "assembly", "--title", "A Motion, for Testing!", "--closes", "1h", "--open")
	if code != 0 || !strings.Contains(out, "accepted: entry 1 (proposal.submit)") || !strings.Contains(out, "proposal.submitted a-motion-for-testing assembly") ||
		!strings.Contains(out, "accepted: entry 2 (proposal.open)") {
		t.Fatalf("propose: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = run(t, "", "vote", "--url", url, "--key", key("m01"), "--proposal", "a-motion-for-testing", "--vote", "yes")
	if code != 0 || !strings.Contains(out, "accepted: entry 3 (proposal.vote)") || !strings.Contains(out, "vote.cast a-motion-for-testing assembly m01 yes") {
		t.Errorf("vote: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = run(t, "", "vote", "--url", url, "--key", key("m02"), "--proposal", "a-motion-for-testing", "--vote", "no", "--json")
	var rc jhttp.Receipt
	if err := json.Unmarshal([]byte(out), &rc); code != 0 || err != nil || rc.Index != 4 || rc.Events[0].Vote != "no" {
		t.Errorf("vote --json: exit %d\n%s%s", code, out, errs)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"vote", "--url", url, "--key", key("red"), "--proposal", "a-motion-for-testing", "--vote", "yes"}, 1, "(403)"},
		{[]string{"vote", "--url", url, "--key", key("m02"), "--proposal", "nope", "--vote", "yes"}, 1, `no proposal "nope" (404)`},
		{[]string{"propose", "close", "a-motion-for-testing", "--url", url, "--key", key("m01")}, 1, "(409)"},
		{[]string{"vote", "--url", url, "--key", key("m02"), "--proposal", "x", "--vote", "maybe"}, 2, `unknown vote "maybe"`},
		{[]string{"vote", "--url", url, "--proposal", "x", "--vote", "yes"}, 2, "needs --key FILE"},
		{[]string{"vote", "--url", "ftp://x", "--key", key("m02"), "--proposal", "x", "--vote", "yes"}, 2, "must be http://host:port"},
		{[]string{"vote", "--url", "http://127.0.0.1:1", "--key", key("m02"), "--proposal", "x", "--vote", "yes"}, 1, "cannot reach the server"},
		{[]string{"propose", "--url", url, "--key", key("m02"), "--title", "x"}, 2, "needs --body and --title"},
		{[]string{"propose", "--url", url, "--key", key("m02"), "--body", "assembly", "--title", "x", "--closes", "soon"}, 2, "--closes must be a duration"},
	} {
		code, out, errs := run(t, "", tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.want) {
			t.Errorf("%v: exit %d, %s%s; want %d and %q", tc.args, code, out, errs, tc.code, tc.want)
		}
	}

	client, _ := jhttp.NewClient(url)
	v, err := client.Verify(context.Background())
	if err != nil || !v.OK || v.Height != 4 {
		t.Errorf("verify: %+v %v", v, err)
	}
	code, out, errs = run(t, "", "ledger", "verify", "--url", url)
	if code != 0 || !strings.Contains(out, url+": 4 entries verified") || !strings.Contains(out, "head       "+v.Head) {
		t.Errorf("ledger verify --url: exit %d\n%s%s", code, out, errs)
	}
	stop()

	// Restarted on the same database: the ledger is replayed, not re-created.
	url, stop = startServe(t, "--db", db)
	client.URL = url
	info, err := client.Ledger(context.Background())
	if err != nil || info.Height != 4 || info.ChainID != v.ChainID {
		t.Errorf("after restart: %+v %v", info, err)
	}
	if r, err := http.Get(url + "/"); err != nil || r.StatusCode != 200 {
		t.Errorf("web UI over the ledger's charter: %v %v", r, err)
	}
	if log := stop(); strings.Contains(log, "level=ERROR") {
		t.Errorf("log:\n%s", log)
	}

	// The database belongs to its charter.
	code, _, errs = run(t, "", "serve", "--db", db, "--charter", "../../examples/un-security-council", "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errs, "was started with charter ledgertest") {
		t.Errorf("other charter: exit %d %s", code, errs)
	}
	code, _, errs = run(t, "", "serve", "--db", db, "--delegates", filepath.Join(dir, "delegates.json"), "--addr", "127.0.0.1:0")
	if code != 1 || !strings.Contains(errs, "already has a genesis") {
		t.Errorf("second genesis: exit %d %s", code, errs)
	}
}
