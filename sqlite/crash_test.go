package sqlite_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
	"github.com/jirga/jirga/sqlite"
)

// The crash helper is this test binary run again with these variables
// set: it opens the store at $JIRGA_CRASH_DB and appends votes from
// crashWriters delegates at once, printing a line for each vote once
// Append has acknowledged it, until it is killed.
const (
	envCrashHelper = "JIRGA_SQLITE_CRASH_HELPER"
	envCrashDB     = "JIRGA_CRASH_DB"
	crashWriters   = 16
)

func TestMain(m *testing.M) {
	if os.Getenv(envCrashHelper) == "1" {
		crashHelper(os.Getenv(envCrashDB))
		return
	}
	os.Exit(m.Run())
}

// crashHelper appends until killed. Each acknowledged vote is printed as
// "ack INDEX HASH MEMBER SEQ".
func crashHelper(path string) {
	s, err := sqlite.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(3)
	}
	chain := s.Genesis().ChainID()
	var out sync.Mutex
	var wg sync.WaitGroup
	for m := 1; m <= crashWriters; m++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := ledgertest.Member(m)
			cl := ledgertest.NewClient(chain, name)
			s.View(func(st *ledger.State) error {
				cl.Rewind(st.NextSeq(cl.Public) - 1)
				return nil
			})
			for k := 0; ; k++ {
				signed := cl.Sign(ledger.VoteBody{Proposal: "p1", Vote: []string{"yes", "no", "abstain"}[k%3]})
				r, err := s.Append(context.Background(), signed)
				if err != nil {
					fmt.Fprintln(os.Stderr, "helper:", err)
					os.Exit(4)
				}
				out.Lock()
				fmt.Fprintf(os.Stdout, "ack %d %s %s %d\n", r.Entry.Index(), r.Entry.Hash(), name, signed.Seq())
				out.Unlock()
			}
		}()
	}
	wg.Wait()
}

// ack is one acknowledged vote as the helper reported it.
type ack struct {
	index      uint64
	hash, name string
	seq        uint64
}

// TestCrashDurability kills a process with SIGKILL while it appends votes
// from many goroutines, then reopens the database: it must open (the chain
// verifies) and hold every vote the process acknowledged. It runs the
// test binary itself as the process; -short skips it.
func TestCrashDurability(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a helper process mid-load; skipped with -short")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	g, files := ledgertest.Genesis(members)
	ctx := context.Background()
	if err := s.Init(ctx, g, files); err != nil {
		t.Fatal(err)
	}
	m01 := ledgertest.NewClient(g.ChainID(), "m01")
	for _, b := range []ledger.Body{
		ledger.SubmitBody{ID: "p1", Body: "assembly", Kind: "motion", Title: "Endurance", ClosesAt: "2100-01-01T00:00:00Z"},
		ledger.OpenBody{Proposal: "p1"},
	} {
		if _, err := s.Append(ctx, m01.Sign(b)); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()

	var acks []ack
	for round := range 3 {
		acks = append(acks, runAndKill(t, path, 300+round*200)...)
		reopened, err := sqlite.Open(path)
		if err != nil {
			t.Fatalf("round %d: reopening after SIGKILL: %v", round, err)
		}
		checkAcks(t, reopened, acks)
		reopened.Close()
	}
	if _, err := sqlite.Verify(ctx, path); err != nil {
		t.Fatalf("Verify: %v", err)
	}
}

// runAndKill starts the helper, kills it after n acknowledgements and
// returns every acknowledgement it printed.
func runAndKill(t *testing.T, path string, n int) []ack {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envCrashHelper+"=1", envCrashDB+"="+path)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acks []ack
	sc := bufio.NewScanner(stdout)
	killed := false
	deadline := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	for sc.Scan() {
		var a ack
		if _, err := fmt.Sscanf(sc.Text(), "ack %d %s %s %d", &a.index, &a.hash, &a.name, &a.seq); err != nil {
			t.Fatalf("helper printed %q", sc.Text())
		}
		acks = append(acks, a)
		if len(acks) == n && !killed {
			if err := cmd.Process.Kill(); err != nil { // SIGKILL
				t.Fatal(err)
			}
			killed = true
		}
	}
	err = cmd.Wait()
	if !killed {
		t.Fatalf("helper stopped by itself after %d acks: %v\n%s", len(acks), err, stderr.String())
	}
	return acks
}

// checkAcks checks that every acknowledged vote is in the ledger, at the
// index and with the hash acknowledged.
func checkAcks(t *testing.T, s *sqlite.Store, acks []ack) {
	t.Helper()
	height, _ := s.Head()
	for _, a := range acks {
		if a.index > height {
			t.Fatalf("acknowledged entry %d (%s seq %d) lost: the ledger ends at %d", a.index, a.name, a.seq, height)
		}
		entries, err := s.Entries(context.Background(), a.index, 1)
		if err != nil || len(entries) != 1 {
			t.Fatalf("entry %d: %v", a.index, err)
		}
		e := entries[0]
		if e.Hash() != a.hash || e.Signed().Seq() != a.seq || e.Signed().Signer() != ledgertest.PublicKey(a.name) {
			t.Fatalf("entry %d is %s by %s seq %d, but %s seq %d with hash %s was acknowledged",
				a.index, e.Hash(), e.Signed().Signer(), e.Signed().Seq(), a.name, a.seq, a.hash)
		}
	}
}
