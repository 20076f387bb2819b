package ledger_test

import (
	"testing"

	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
)

// BenchmarkReplay replays a generated ledger of 50,000 entries held in
// memory — the shape `jirga ledger generate` writes: 64 members voting
// four times on each proposal, a law every 100 proposals — decoding,
// batch signature checks and Apply, on every core. It reports entries per
// second.
func BenchmarkReplay(b *testing.B) {
	var raw []ledger.RawEntry
	g, err := ledgertest.Generate(ledgertest.GenerateConfig{Entries: 50000, LawEvery: 100}, func(e *ledger.Entry) error {
		raw = append(raw, e.Raw())
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	_, files := ledgertest.Genesis(64)
	b.ResetTimer()
	for range b.N {
		s, err := ledger.NewState(g, files)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Replay(func(yield func(ledger.RawEntry, error) bool) {
			for _, r := range raw {
				if !yield(r, nil) {
					return
				}
			}
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(raw)*b.N)/b.Elapsed().Seconds(), "entries/s")
}

// BenchmarkApplyVote measures the state machine alone on a vote whose
// signature is already checked: the sequential part of every append and
// replay.
func BenchmarkApplyVote(b *testing.B) {
	c := ledgertest.NewChain(64)
	if _, err := c.Do("m01", ledger.SubmitBody{ID: "p1", Body: "assembly", Kind: "motion", Title: "T", ClosesAt: "2100-01-01T00:00:00Z"}); err != nil {
		b.Fatal(err)
	}
	if _, err := c.Do("m01", ledger.OpenBody{Proposal: "p1"}); err != nil {
		b.Fatal(err)
	}
	clients := make([]*ledgertest.Client, 64)
	for i := range clients {
		clients[i] = c.Client(ledgertest.Member(i + 1))
	}
	signed := make([]*ledger.Signed, b.N)
	for i := range signed {
		signed[i] = clients[i%64].Sign(ledger.VoteBody{Proposal: "p1", Vote: []string{"yes", "no"}[i%2]})
	}
	b.ResetTimer()
	for _, s := range signed {
		if _, err := c.Append(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseSigned measures what a server does with each submission
// before it is sequenced: parse, canonicalise, verify the signature.
func BenchmarkParseSigned(b *testing.B) {
	c := ledgertest.NewClient("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "m01")
	wire, _ := c.Sign(ledger.VoteBody{Proposal: "p1", Vote: "yes"}).MarshalJSON()
	b.ResetTimer()
	for range b.N {
		if _, err := ledger.ParseSigned(wire); err != nil {
			b.Fatal(err)
		}
	}
}
