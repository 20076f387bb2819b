package main

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/jirga/jirga"
	jhttp "github.com/jirga/jirga/http"
	"github.com/jirga/jirga/ledger"
	"github.com/spf13/cobra"
)

func init() {
	commands = append(commands, newProposeCommand)
	remoteVerify = verifyServer
}

// verifyServer asks the server at url to replay its stored chain (GET
// /api/ledger/verify) and reports as jirga ledger verify does.
func verifyServer(ctx context.Context, w io.Writer, url string, asJSON bool) error {
	client, err := serverClient(url)
	if err != nil {
		return err
	}
	start := time.Now()
	v, err := client.Verify(ctx)
	if err != nil {
		return err
	}
	r := verifyReport{OK: v.OK, Source: client.URL, ChainID: v.ChainID, Entries: v.Height, Head: v.Head, StateHash: v.StateHash, Problem: v.Problem, Elapsed: time.Since(start)}
	if !v.OK {
		r.BadEntry = v.Height + 1
	}
	return reportVerify(w, r, asJSON)
}

// Defaults of the commands that talk to a server.
const (
	defaultURL = "http://localhost:8080"
	envURL     = "JIRGA_URL"
)

// signerFlags are the flags of every command that signs an envelope and
// posts it to a server.
type signerFlags struct {
	key, url string
	asJSON   bool
}

func (f *signerFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.key, "key", "", "the delegate's private key file, from jirga keygen (NAME.key)")
	fl.StringVar(&f.url, "url", "", "the server's URL ("+envURL+", default "+defaultURL+")")
	fl.BoolVar(&f.asJSON, "json", false, "print the receipt as JSON")
}

// submit signs body with the key file and posts it to the server, then
// prints the receipt.
func (f *signerFlags) submit(cmd *cobra.Command, body ledger.Body) error {
	if f.key == "" {
		return usageError("%s needs --key FILE: the delegate's private key (jirga keygen --out NAME writes NAME.key)", cmd.CommandPath())
	}
	data, err := os.ReadFile(f.key)
	if err != nil {
		return usageError("cannot read the key: %v", err)
	}
	priv, err := ledger.ParsePrivateJWK(data)
	if err != nil {
		return err
	}
	client, err := serverClient(f.url)
	if err != nil {
		return err
	}
	rc, err := client.Sign(context.Background(), priv, body)
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	if f.asJSON {
		return writeJSON(w, rc)
	}
	printReceipt(w, rc, priv)
	return nil
}

// serverClient returns a client of the server at u, $JIRGA_URL or the
// default.
func serverClient(u string) (*jhttp.Client, error) {
	if u == "" {
		u = os.Getenv(envURL)
	}
	if u == "" {
		u = defaultURL
	}
	c, err := jhttp.NewClient(u)
	if err != nil {
		return nil, usageError("%v", err)
	}
	return c, nil
}

func printReceipt(w io.Writer, rc *jhttp.Receipt, priv ed25519.PrivateKey) {
	fmt.Fprintf(w, "accepted: entry %d (%s) at %s\n  hash %s\n", rc.Index, rc.Kind, rc.Time.Format(time.RFC3339), rc.Hash)
	for _, e := range rc.Events {
		var parts []string
		for _, p := range []string{e.Proposal, e.Body, strings.Join(e.Members, ","), e.Vote, e.Law} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		line := "  " + e.Kind + " " + strings.Join(parts, " ")
		if e.Result != nil {
			outcome := "rejected"
			if e.Result.Passed {
				outcome = "passed"
			}
			line += fmt.Sprintf(": %s, %d yes, %d no, %d abstain, %d absent; %s", outcome, e.Result.Yes, e.Result.No, e.Result.Abstain, e.Result.Absent, e.Result.Effect)
		}
		fmt.Fprintln(w, line)
	}
}

type proposeFlags struct {
	signerFlags
	id, body, territory, kind, title, text, law, lawID, charterFile, opens, closes string
	open                                                                           bool
}

func newProposeCommand() *cobra.Command {
	var f proposeFlags
	cmd := &cobra.Command{
		Use:   "propose --body BODY --kind KIND --title TITLE --key KEY.key [--url URL]",
		Short: "Submit a proposal to a body, signed with a delegate's key",
		Long: `Propose submits a proposal to one of the charter's bodies on a server's
ledger (jirga serve): it signs a proposal.submit envelope with the
delegate's key file (from jirga keygen) and posts it. The server's answer
comes once the entry is durable.

The kind selects the body's decision rule: enact_law (--law FILE, the law's
YAML), repeal_law (--law-id ID), amend_charter (--charter FILE, the new
charter.yaml), allocate_seats, motion or vital_interest. Voting is open
from the proposal's opening (jirga propose open ID, or --open now) until
--closes: a duration from now (72h) or a time (2026-06-01T12:00:00Z).
The id defaults to the title in lower case with dashes.

Then: jirga vote --proposal ID --vote yes, and jirga propose close ID once
the window has passed, which tallies the votes and, for a law that passed,
puts it in force.

Subcommands sign the other steps of a proposal's life: open, close and
withdraw (the proposer only).

Exit status: 0 when the server accepted the envelope; 1 when it refused it
(the reason is printed: a bad signature or unknown key, a delegate without
a mandate in the body, a replay, a law failing constitutional review...);
2 on a usage error.`,
		Example: `  jirga propose --key iea-bench.key --body national-council --kind motion \
    --title "Polio vaccination in every province" --text "..." --closes 72h --open
  jirga propose --key iea-bench.key --body national-council --kind enact_law \
    --title "National Passport Law (amended)" --law passports.yaml --url http://council:8080
  jirga propose close polio-vaccination-in-every-province --key iea-bench.key`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runPropose(cmd, f) },
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.id, "id", "", "the proposal's id (default: from the title)")
	fl.StringVar(&f.body, "body", "", "the body that decides it")
	fl.StringVar(&f.territory, "territory", "", "the territory, for a body that sits in each territory of a level")
	fl.StringVar(&f.kind, "kind", jirga.KindMotion, "the kind: "+strings.Join(jirga.ProposalKinds, ", "))
	fl.StringVar(&f.title, "title", "", "the proposal's title")
	fl.StringVar(&f.text, "text", "", "the proposal's text")
	fl.StringVar(&f.law, "law", "", "enact_law: the law's YAML file")
	fl.StringVar(&f.lawID, "law-id", "", "repeal_law: the law to repeal (enact_law: the new law's id, read from --law when left out)")
	fl.StringVar(&f.charterFile, "charter", "", "amend_charter: the new charter.yaml")
	fl.StringVar(&f.opens, "opens", "", "earliest opening time (RFC 3339), if any")
	fl.StringVar(&f.closes, "closes", "72h", "end of voting: a duration from now or an RFC 3339 time")
	fl.BoolVar(&f.open, "open", false, "open the proposal for voting right after submitting it")
	for _, step := range []struct {
		name, short string
		body        func(id string) ledger.Body
	}{
		{"open", "Open a submitted proposal for voting", func(id string) ledger.Body { return ledger.OpenBody{Proposal: id} }},
		{"close", "Close a proposal whose voting window has ended, and tally it", func(id string) ledger.Body { return ledger.CloseBody{Proposal: id} }},
		{"withdraw", "Withdraw a proposal (its proposer only)", func(id string) ledger.Body { return ledger.WithdrawBody{Proposal: id} }},
	} {
		var sf signerFlags
		sub := &cobra.Command{
			Use:   step.name + " ID --key KEY.key [--url URL]",
			Short: step.short,
			Long:  step.short + ", signed with the delegate's key file and posted to the server (see jirga propose --help).",
			Args:  exactArgs(1, "ID"),
			RunE: func(cmd *cobra.Command, args []string) error {
				return sf.submit(cmd, step.body(args[0]))
			},
		}
		sf.register(sub)
		cmd.AddCommand(sub)
	}
	return cmd
}

func runPropose(cmd *cobra.Command, f proposeFlags) error {
	if f.body == "" || f.title == "" {
		return usageError("propose needs --body and --title\nrun '%s --help' for usage", cmd.CommandPath())
	}
	closes, err := whenFlag("--closes", f.closes)
	if err != nil {
		return err
	}
	sb := ledger.SubmitBody{ID: f.id, Body: f.body, Territory: f.territory, Kind: f.kind, Title: f.title, Text: f.text, LawID: f.lawID, ClosesAt: closes}
	if sb.ID == "" {
		sb.ID = slug(f.title)
	}
	if f.opens != "" {
		if sb.OpensAt, err = whenFlag("--opens", f.opens); err != nil {
			return err
		}
	}
	if f.law != "" {
		data, err := os.ReadFile(f.law)
		if err != nil {
			return usageError("cannot read --law: %v", err)
		}
		sb.Law = string(data)
		if sb.LawID == "" {
			sb.LawID = lawID(sb.Law)
		}
	}
	if f.charterFile != "" {
		data, err := os.ReadFile(f.charterFile)
		if err != nil {
			return usageError("cannot read --charter: %v", err)
		}
		sb.Charter = string(data)
	}
	if err := f.submit(cmd, sb); err != nil {
		return err
	}
	if f.open {
		return f.submit(cmd, ledger.OpenBody{Proposal: sb.ID})
	}
	return nil
}

// whenFlag reads a time flag: a duration from now, or an RFC 3339 time.
func whenFlag(name, v string) (string, error) {
	if d, err := time.ParseDuration(v); err == nil {
		if d <= 0 {
			return "", usageError("%s must be in the future, got %s", name, v)
		}
		return time.Now().Add(d).UTC().Format(time.RFC3339), nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return "", usageError("%s must be a duration (72h) or an RFC 3339 time (2026-06-01T12:00:00Z), got %q", name, v)
	}
	return t.UTC().Format(time.RFC3339), nil
}

// slug turns a title into an id: lower case letters and digits joined by
// single dashes, at most 48 characters.
func slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= 48 {
			break
		}
	}
	if b.Len() == 0 {
		return "proposal"
	}
	return strings.TrimSuffix(b.String()[:min(b.Len(), 48)], "-")
}

// lawID reads the id: line of a law's YAML, or "" (the server then names
// the problem).
func lawID(yaml string) string {
	for _, line := range strings.Split(yaml, "\n") {
		if v, ok := strings.CutPrefix(line, "id:"); ok {
			return strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return ""
}
