package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jirga/jirga"
	jhttp "github.com/jirga/jirga/http"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
	"github.com/jirga/jirga/sqlite"
)

// BenchmarkAskHTTP answers the README's question over loopback HTTP from
// parallel clients.
func BenchmarkAskHTTP(b *testing.B) {
	_, base := startServer(b, jhttp.Config{})
	body := []byte(`{"at":"AF-KAN","action":"attend_secondary_school","person":{"age":14,"sex":"female","communities":["hanafi"]}}`)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := client.Post(base+"/api/ask", "application/json", bytes.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "answers/s")
}

// BenchmarkVotesHTTP posts signed votes to POST /api/envelopes over
// loopback from 64 parallel clients, one delegate each, each waiting for
// its vote to be durable (SQLite, WAL, synchronous=FULL) before the next.
func BenchmarkVotesHTTP(b *testing.B) {
	const members = 64
	st, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	g, files := ledgertest.Genesis(members)
	if err := st.Init(context.Background(), g, files); err != nil {
		b.Fatal(err)
	}
	_, base := startServer(b, jhttp.Config{Ledger: sqlite.ServerLedger{Store: st}})
	c, _ := jhttp.NewClient(base)
	m01 := ledgertest.Key(ledgertest.Member(1))
	closes := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
	if _, err := c.Sign(context.Background(), m01, ledger.SubmitBody{ID: "B", Body: "assembly", Kind: jirga.KindMotion, Title: "B", ClosesAt: closes}); err != nil {
		b.Fatal(err)
	}
	if _, err := c.Sign(context.Background(), m01, ledger.OpenBody{Proposal: "B"}); err != nil {
		b.Fatal(err)
	}
	var next atomic.Int32
	transport := &http.Transport{MaxIdleConnsPerHost: members}
	b.SetParallelism((members + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := int(next.Add(1))
		if i > members {
			b.Error("more clients than delegates")
			return
		}
		cl := ledgertest.NewClient(g.ChainID(), ledgertest.Member(i))
		if i == 1 {
			cl.Rewind(2) // m01 submitted and opened the proposal
		}
		hc := &http.Client{Transport: transport}
		votes := [2]string{jirga.VoteYes, jirga.VoteNo}
		for k := 0; pb.Next(); k++ {
			data, _ := json.Marshal(cl.Sign(ledger.VoteBody{Proposal: "B", Vote: votes[k%2]}))
			resp, err := hc.Post(base+"/api/envelopes", "application/json", bytes.NewReader(data))
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 201 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "votes/s")
}
