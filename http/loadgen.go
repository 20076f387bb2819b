package http

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/ledger"
)

// VoteLoad configures a load of signed votes: Voters delegates, each with
// its own connection, cast votes on one open proposal one after another,
// each waiting for the answer (the entry durable) before signing the next,
// for Duration.
type VoteLoad struct {
	// Voters are the delegates' private keys; each votes for every member
	// it acts for in the proposal's body.
	Voters []ed25519.PrivateKey
	// Proposal is an open proposal the voters may vote on.
	Proposal string
	// Duration is how long the load lasts.
	Duration time.Duration
}

// VoteLoadReport is what a load measured.
type VoteLoadReport struct {
	Clients  int           `json:"clients"`
	Duration time.Duration `json:"duration_ns"`
	// Accepted counts the votes the server acknowledged: each answer
	// comes once its entry is durable (group commit, synchronous=FULL).
	Accepted int     `json:"accepted"`
	Refused  int     `json:"refused"`
	PerSec   float64 `json:"votes_per_second"`
	// Latencies of accepted votes, from sending to the durable answer.
	P50 time.Duration `json:"p50_ns"`
	P90 time.Duration `json:"p90_ns"`
	P99 time.Duration `json:"p99_ns"`
	Max time.Duration `json:"max_ns"`
	// Height is the ledger's height after the load; HeightBefore before.
	HeightBefore uint64 `json:"height_before"`
	Height       uint64 `json:"height"`
	// FirstError is the first refusal, if any.
	FirstError string `json:"first_error,omitempty"`
}

// String summarises a report in one paragraph.
func (r *VoteLoadReport) String() string {
	s := fmt.Sprintf("%d clients, %s: %d votes accepted and durable (%.0f votes/s), %d refused\nlatency p50 %s, p90 %s, p99 %s, max %s\nledger height %d → %d",
		r.Clients, r.Duration.Round(time.Millisecond), r.Accepted, r.PerSec, r.Refused,
		r.P50.Round(10*time.Microsecond), r.P90.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Max.Round(10*time.Microsecond), r.HeightBefore, r.Height)
	if r.FirstError != "" {
		s += "\nfirst refusal: " + r.FirstError
	}
	return s
}

// RunVoteLoad sends the load to the server and measures it. Each voter
// signs with the server's chain id and its own sequence numbers, as `jirga
// vote` does, alternating yes and no so that every vote changes the
// ledger.
func (c *Client) RunVoteLoad(ctx context.Context, load VoteLoad) (*VoteLoadReport, error) {
	n := len(load.Voters)
	if n == 0 || load.Duration <= 0 || load.Proposal == "" {
		return nil, jirga.Errorf(jirga.EINVALID, "a vote load needs voters, a proposal and a duration")
	}
	// One connection per voter, kept alive.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConns, transport.MaxIdleConnsPerHost, transport.MaxConnsPerHost = n, n, n
	lc := &Client{URL: c.URL, HTTP: &http.Client{Transport: transport, Timeout: 30 * time.Second}}
	defer transport.CloseIdleConnections()

	signers := make([]*Signer, n)
	for i, key := range load.Voters {
		sg, err := lc.Signer(ctx, ledger.EncodeKey(key.Public().(ed25519.PublicKey)))
		if err != nil {
			return nil, fmt.Errorf("voter %d: %w", i+1, err)
		}
		signers[i] = sg
	}
	before, err := lc.Ledger(ctx)
	if err != nil {
		return nil, err
	}

	type result struct {
		latencies []time.Duration
		refused   int
		firstErr  error
	}
	results := make([]result, n)
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(load.Duration)
	for i := range n {
		wg.Go(func() {
			r := &results[i]
			sg, key := signers[i], load.Voters[i]
			seq := sg.NextSeq
			votes := [2]string{jirga.VoteYes, jirga.VoteNo}
			for k := 0; time.Now().Before(deadline) && ctx.Err() == nil; k++ {
				env, err := ledger.NewEnvelope(sg.ChainID, sg.Delegate.Key, seq, ledger.VoteBody{Proposal: load.Proposal, Vote: votes[k%2]})
				var signed *ledger.Signed
				if err == nil {
					signed, err = ledger.Sign(env, key)
				}
				if err != nil {
					r.firstErr = err
					return
				}
				sent := time.Now()
				if _, err := lc.Submit(ctx, signed); err != nil {
					r.refused++
					if r.firstErr == nil {
						r.firstErr = err
					}
					// Resynchronise the sequence number with the server.
					if sg2, err := lc.Signer(ctx, sg.Delegate.Key); err == nil {
						seq = sg2.NextSeq
					}
					continue
				}
				r.latencies = append(r.latencies, time.Since(sent))
				seq++
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	after, err := lc.Ledger(ctx)
	if err != nil {
		return nil, err
	}
	rep := &VoteLoadReport{Clients: n, Duration: elapsed, HeightBefore: before.Height, Height: after.Height}
	var all []time.Duration
	for _, r := range results {
		all = append(all, r.latencies...)
		rep.Refused += r.refused
		if r.firstErr != nil && rep.FirstError == "" {
			rep.FirstError = r.firstErr.Error()
		}
	}
	rep.Accepted = len(all)
	rep.PerSec = float64(rep.Accepted) / elapsed.Seconds()
	if len(all) > 0 {
		slices.Sort(all)
		q := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
		rep.P50, rep.P90, rep.P99, rep.Max = q(0.50), q(0.90), q(0.99), all[len(all)-1]
	}
	return rep, nil
}
