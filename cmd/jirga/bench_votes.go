package main

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/jirga/jirga"
	jhttp "github.com/jirga/jirga/http"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
	"github.com/jirga/jirga/sqlite"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newBenchCommand) }

func newBenchCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Load generators that measure a server",
		Long: `Bench measures jirga under load. Each subcommand sends real traffic and
reports what it measured; the figures of record are in
docs/benchmarks.md, with the commands that produced them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageError("bench needs a subcommand: votes\nrun '%s --help' for usage", cmd.CommandPath())
		},
	}
	cmd.AddCommand(newBenchVotesCommand())
	return cmd
}

type benchVotesFlags struct {
	url, setup string
	clients    int
	duration   time.Duration
	asJSON     bool
}

func newBenchVotesCommand() *cobra.Command {
	var f benchVotesFlags
	cmd := &cobra.Command{
		Use:   "votes [--clients 64] [--duration 10s] [--url URL]",
		Short: "Send signed votes from concurrent clients and report votes/s and latency",
		Long: `Votes measures how many signed votes a server accepts and makes durable per
second, and how long each takes. --clients delegates (64) each sign a
proposal.vote envelope with their own key and sequence number, post it to
POST /api/envelopes over their own connection, wait for the answer (which
comes once the entry is durable: group commit, synchronous=FULL) and sign
the next, alternating yes and no, for --duration. It reports the votes
accepted per second, the refusals, and the p50, p90 and p99 latencies.

Without --url it runs the server itself, in this process, on
127.0.0.1:0 with a fresh SQLite database in a temporary directory: the
test charter of package ledgertest (an assembly of --clients members, one
delegate each, with deterministic keys). The traffic still goes over
loopback HTTP.

To measure a separate server, write that charter and its delegates with
--setup DIR, start the server on them, then point --url at it:

  jirga bench votes --setup /tmp/b --clients 64
  jirga serve --charter /tmp/b/charter --delegates /tmp/b/delegates.json --db /tmp/b/bench.db --log-level warn &
  jirga bench votes --url http://127.0.0.1:8080 --clients 64 --duration 10s

Each run submits and opens a new proposal (by member m01) and votes on it.
Traffic goes to the given URL only: use a server of your own on this
machine.`,
		Example: `  jirga bench votes
  jirga bench votes --clients 64 --duration 10s --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runBenchVotes(cmd, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.url, "url", "", "the server to measure (default: one run in this process)")
	fl.StringVar(&f.setup, "setup", "", "write the bench charter and delegates into DIR and stop")
	fl.IntVar(&f.clients, "clients", 64, "concurrent clients, one delegate each")
	fl.DurationVar(&f.duration, "duration", 10*time.Second, "how long to send votes")
	fl.BoolVar(&f.asJSON, "json", false, "print the report as JSON")
	return cmd
}

func runBenchVotes(cmd *cobra.Command, f benchVotesFlags) error {
	if f.clients < 1 || f.clients > 10000 {
		return usageError("--clients must be from 1 to 10000, got %d", f.clients)
	}
	if f.duration <= 0 || f.duration > time.Hour {
		return usageError("--duration must be positive and at most an hour, got %s", f.duration)
	}
	if f.setup != "" {
		return writeBenchSetup(cmd.OutOrStdout(), f.setup, f.clients)
	}
	ctx := context.Background()
	url := f.url
	if url == "" {
		stop, u, err := startBenchServer(ctx, f.clients)
		if err != nil {
			return err
		}
		defer stop()
		url = u
	}
	client, err := serverClient(url)
	if err != nil {
		return err
	}
	proposal, err := openBenchProposal(ctx, client)
	if err != nil {
		return err
	}
	voters := make([]ed25519.PrivateKey, f.clients)
	for i := range voters {
		voters[i] = ledgertest.Key(ledgertest.Member(i + 1))
	}
	rep, err := client.RunVoteLoad(ctx, jhttp.VoteLoad{Voters: voters, Proposal: proposal, Duration: f.duration})
	if err != nil {
		return err
	}
	if f.asJSON {
		return writeJSON(cmd.OutOrStdout(), rep)
	}
	fmt.Fprintln(cmd.OutOrStdout(), rep.String())
	return nil
}

// writeBenchSetup writes the bench charter (charter/) and its delegates
// (delegates.json) into dir.
func writeBenchSetup(w io.Writer, dir string, clients int) error {
	for _, f := range ledgertest.CharterFiles(max(clients, 3)) {
		path := filepath.Join(dir, "charter", filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return usageError("%v", err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			return usageError("%v", err)
		}
	}
	spec, err := json.MarshalIndent(map[string]any{"delegates": ledgertest.Delegates(max(clients, 3))}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "delegates.json"), spec, 0o644); err != nil {
		return usageError("%v", err)
	}
	fmt.Fprintf(w, "wrote %s/charter and %s/delegates.json (%d members)\n", dir, dir, max(clients, 3))
	return nil
}

// startBenchServer runs a server on the bench charter with a fresh
// database in a temporary directory.
func startBenchServer(ctx context.Context, clients int) (stop func(), url string, err error) {
	dir, err := os.MkdirTemp("", "jirga-bench-")
	if err != nil {
		return nil, "", err
	}
	cleanup := func() { os.RemoveAll(dir) }
	store, err := sqlite.Open(filepath.Join(dir, "bench.db"))
	if err != nil {
		cleanup()
		return nil, "", err
	}
	g, files := ledgertest.Genesis(max(clients, 3))
	if err := store.Init(ctx, g, files); err != nil {
		store.Close()
		cleanup()
		return nil, "", err
	}
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	s, err := jhttp.NewServer(jhttp.Config{Ledger: sqlite.ServerLedger{Store: store}, Logger: quiet})
	if err == nil {
		err = s.Open("127.0.0.1:0")
	}
	if err != nil {
		store.Close()
		cleanup()
		return nil, "", err
	}
	return func() {
		s.Close(context.Background())
		store.Close()
		cleanup()
	}, s.URL(), nil
}

// openBenchProposal submits and opens a motion before the assembly, by
// member m01, open for a day.
func openBenchProposal(ctx context.Context, c *jhttp.Client) (string, error) {
	info, err := c.Ledger(ctx)
	if err != nil {
		return "", err
	}
	closes := time.Now().Add(24 * time.Hour)
	if info.Time.After(time.Now()) {
		closes = info.Time.Add(24 * time.Hour)
	}
	id := fmt.Sprintf("bench-%d", info.Height+1)
	key := ledgertest.Key(ledgertest.Member(1))
	if _, err := c.Sign(ctx, key, ledger.SubmitBody{ID: id, Body: "assembly", Kind: jirga.KindMotion, Title: "Load test " + id,
		ClosesAt: closes.UTC().Format(time.RFC3339)}); err != nil {
		return "", fmt.Errorf("submit the bench proposal: %w", err)
	}
	if _, err := c.Sign(ctx, key, ledger.OpenBody{Proposal: id}); err != nil {
		return "", fmt.Errorf("open the bench proposal: %w", err)
	}
	return id, nil
}
