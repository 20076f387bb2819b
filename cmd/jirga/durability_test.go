package main

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jirga/jirga"
	jhttp "github.com/jirga/jirga/http"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
)

// TestServeSurvivesSIGKILL runs jirga serve as a subprocess, sends signed
// votes from several delegates at once, kills the server with SIGKILL in
// the middle of the load, restarts it on the same database, and checks
// that every vote the server acknowledged is in the ledger, with the hash
// it was acknowledged with, and that the whole chain verifies.
func TestServeSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills a server")
	}
	t.Parallel()
	const voters = 8
	dir := t.TempDir()
	if code, out, errs := run(t, "", "bench", "votes", "--setup", dir, "--clients", fmt.Sprint(voters)); code != 0 {
		t.Fatalf("setup: exit %d %s%s", code, out, errs)
	}
	db := filepath.Join(dir, "council.db")
	charterDir := filepath.Join(dir, "charter")
	cmd, stderr := jirgaProcess(t, nil, "serve", "--addr", "127.0.0.1:0", "--charter", charterDir,
		"--delegates", filepath.Join(dir, "delegates.json"), "--db", db)
	url, sc := waitServing(t, stderr)
	go func() { // keep the pipe drained
		for sc.Scan() {
		}
	}()
	ctx := context.Background()
	client, err := jhttp.NewClient(url)
	if err != nil {
		t.Fatal(err)
	}
	proposal, err := openBenchProposal(ctx, client)
	if err != nil {
		t.Fatal(err)
	}

	// Each voter votes again and again, alternating yes and no, and keeps
	// the receipt of every vote the server acknowledged.
	var mu sync.Mutex
	acked := map[uint64]string{} // entry index -> hash
	var wg sync.WaitGroup
	for i := range voters {
		key := ledgertest.Key(ledgertest.Member(i + 1))
		wg.Go(func() { vote(ctx, client, key, proposal, &mu, acked) })
	}
	// Kill the server once the load is well under way.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 200 || time.Now().After(deadline) {
			break
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	wg.Wait()
	if len(acked) < 200 {
		t.Fatalf("only %d votes acknowledged before the kill", len(acked))
	}

	url, stop := startServe(t, "--charter", charterDir, "--db", db)
	defer stop()
	stored := entryHashes(t, url)
	for index, hash := range acked {
		if stored[index] != hash {
			t.Errorf("acknowledged entry %d (%s) is %q after the restart", index, hash, stored[index])
		}
	}
	code, out, errs := run(t, "", "ledger", "verify", "--url", url)
	if code != 0 || !strings.Contains(out, "verified") {
		t.Errorf("verify after the restart: exit %d\n%s%s", code, out, errs)
	}
	t.Logf("%d votes acknowledged before SIGKILL; %d entries after the restart", len(acked), len(stored))
}

// vote casts votes until the server stops answering.
func vote(ctx context.Context, c *jhttp.Client, key ed25519.PrivateKey, proposal string, mu *sync.Mutex, acked map[uint64]string) {
	sg, err := c.Signer(ctx, ledger.EncodeKey(key.Public().(ed25519.PublicKey)))
	if err != nil {
		return
	}
	seq := sg.NextSeq
	for k := 0; ; k++ {
		choice := jirga.VoteYes
		if k%2 == 1 {
			choice = jirga.VoteNo
		}
		env, err := ledger.NewEnvelope(sg.ChainID, sg.Delegate.Key, seq, ledger.VoteBody{Proposal: proposal, Vote: choice})
		if err != nil {
			return
		}
		signed, err := ledger.Sign(env, key)
		if err != nil {
			return
		}
		r, err := c.Submit(ctx, signed)
		if err != nil {
			return // the server is gone
		}
		mu.Lock()
		acked[r.Index] = r.Hash
		mu.Unlock()
		seq++
	}
}

// entryHashes reads every entry's index and hash from a server.
func entryHashes(t *testing.T, url string) map[uint64]string {
	t.Helper()
	out := map[uint64]string{}
	for after := uint64(0); ; {
		resp, err := http.Get(fmt.Sprintf("%s/api/ledger/entries?after=%d&limit=%d", url, after, jhttp.MaxPageSize))
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Entries []struct {
				Index uint64 `json:"index"`
				Hash  string `json:"hash"`
			} `json:"entries"`
			Height, Next uint64
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Entries {
			out[e.Index] = e.Hash
		}
		if page.Next >= page.Height || len(page.Entries) == 0 {
			return out
		}
		after = page.Next
	}
}
