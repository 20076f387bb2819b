package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
	"github.com/jirga/jirga/sqlite"
)

// BenchmarkAppend64 measures the store's write throughput as a server
// sees it: 64 delegates submit signed votes at once, and for each the
// server decodes and verifies the submission (ParseSigned) and appends it
// (Append returns once the vote is durable). The delegates sign before the
// clock starts — in production they sign on their own machines. It
// reports accepted votes per second and latency percentiles from
// submission to durable acknowledgement.
func BenchmarkAppend64(b *testing.B) {
	const writers = 64
	path := filepath.Join(b.TempDir(), "bench.db")
	s, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	g, files := ledgertest.Genesis(writers)
	ctx := context.Background()
	if err := s.Init(ctx, g, files); err != nil {
		b.Fatal(err)
	}
	clients := make([]*ledgertest.Client, writers)
	for i := range clients {
		clients[i] = ledgertest.NewClient(g.ChainID(), ledgertest.Member(i+1))
	}
	for _, body := range []ledger.Body{
		ledger.SubmitBody{ID: "p1", Body: "assembly", Kind: jirga.KindMotion, Title: "Benchmark", ClosesAt: "2100-01-01T00:00:00Z"},
		ledger.OpenBody{Proposal: "p1"},
	} {
		if _, err := s.Append(ctx, clients[0].Sign(body)); err != nil {
			b.Fatal(err)
		}
	}
	// Each writer's submissions, signed in order.
	wire := make([][][]byte, writers)
	for i := range b.N {
		w := i % writers
		data, _ := clients[w].Sign(ledger.VoteBody{Proposal: "p1", Vote: jirga.VoteValues[i%3]}).MarshalJSON()
		wire[w] = append(wire[w], data)
	}
	latencies := make([][]time.Duration, writers)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, data := range wire[w] {
				t0 := time.Now()
				signed, err := ledger.ParseSigned(data)
				if err == nil {
					_, err = s.Append(ctx, signed)
				}
				if err != nil {
					b.Error(err)
					return
				}
				latencies[w] = append(latencies[w], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	all := slices.Concat(latencies...)
	slices.Sort(all)
	if len(all) == 0 {
		return
	}
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "votes/s")
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkOpenNew measures what a server does at its first start: create
// the database, migrate it, and write the genesis of the Afghanistan
// example (loading its charter).
func BenchmarkOpenNew(b *testing.B) {
	files, err := ledger.ReadCharterFiles(os.DirFS("../examples/afghanistan"))
	if err != nil {
		b.Fatal(err)
	}
	g := afghanGenesis(b, files)
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := sqlite.Open(filepath.Join(dir, fmt.Sprintf("new%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Init(context.Background(), g, files); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

// BenchmarkReopen measures opening a database of 10,000 entries: replay
// and verification of every entry.
func BenchmarkReopen(b *testing.B) {
	const n = 10000
	path := filepath.Join(b.TempDir(), "reopen.db")
	generate(b, path, n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := sqlite.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if h, _ := s.Head(); h != n {
			b.Fatalf("height %d", h)
		}
		s.Close()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// generate writes a generated ledger of n entries to a new database.
func generate(b *testing.B, path string, n int) {
	b.Helper()
	var entries []*ledger.Entry
	g, err := ledgertest.Generate(ledgertest.GenerateConfig{Entries: n}, func(e *ledger.Entry) error {
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	_, files := ledgertest.Genesis(64)
	if _, err := sqlite.Import(context.Background(), path, g, files, func(yield func(*ledger.Entry, error) bool) {
		for _, e := range entries {
			if !yield(e, nil) {
				return
			}
		}
	}); err != nil {
		b.Fatal(err)
	}
}

// afghanGenesis is a genesis of the Afghanistan example with one delegate.
func afghanGenesis(b *testing.B, files []charter.File) *ledger.Genesis {
	b.Helper()
	c, err := charter.LoadFiles("", files)
	if err != nil {
		b.Fatal(err)
	}
	d := ledger.GenesisDelegate{Key: ledgertest.PublicKey("iea"), Name: "IEA bench", Mandates: []jirga.Mandate{{Body: "national-council", Member: "bench-iea"}}}
	g, err := ledger.NewGenesis(c, &ledger.GenesisSpec{Delegates: []ledger.GenesisDelegate{d}}, ledgertest.Epoch)
	if err != nil {
		b.Fatal(err)
	}
	return g
}
