package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	jhttp "github.com/jirga/jirga/http"
)

// A short load: every accepted vote is an entry of the ledger, and none is
// refused.
func TestBenchVotes(t *testing.T) {
	t.Parallel()
	code, out, errs := run(t, "", "bench", "votes", "--clients", "4", "--duration", "300ms", "--json")
	var rep jhttp.VoteLoadReport
	if err := json.Unmarshal([]byte(out), &rep); code != 0 || err != nil {
		t.Fatalf("exit %d %v\n%s%s", code, err, out, errs)
	}
	if rep.Clients != 4 || rep.Accepted == 0 || rep.Refused != 0 || rep.Height-rep.HeightBefore != uint64(rep.Accepted) ||
		rep.HeightBefore != 2 || rep.P50 <= 0 || rep.P99 < rep.P50 || rep.PerSec <= 0 {
		t.Errorf("report %+v", rep)
	}
}

// --setup writes a charter and delegates that jirga serve can start from,
// and the load then runs against that server.
func TestBenchVotesSetupAndURL(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	code, out, errs := run(t, "", "bench", "votes", "--setup", dir, "--clients", "3")
	if code != 0 || !strings.Contains(out, "(3 members)") {
		t.Fatalf("setup: exit %d %s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "charter", "charter.yaml")); err != nil {
		t.Fatal(err)
	}
	url, stop := startServe(t, "--charter", filepath.Join(dir, "charter"), "--delegates", filepath.Join(dir, "delegates.json"),
		"--db", filepath.Join(dir, "bench.db"))
	defer stop()
	code, out, errs = run(t, "", "bench", "votes", "--url", url, "--clients", "3", "--duration", "200ms")
	if code != 0 || !strings.Contains(out, "3 clients") || !strings.Contains(out, "0 refused") {
		t.Errorf("bench against the server: exit %d\n%s%s", code, out, errs)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"bench", "votes", "--clients", "0"}, "--clients must be from 1 to 10000"},
		{[]string{"bench", "votes", "--duration", "0s"}, "--duration must be positive"},
		{[]string{"bench"}, "bench needs a subcommand"},
	} {
		if code, out, errs := run(t, "", tc.args...); code != 2 || !strings.Contains(out+errs, tc.want) {
			t.Errorf("%v: exit %d %s%s", tc.args, code, out, errs)
		}
	}
}
