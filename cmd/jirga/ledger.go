package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
	"github.com/jirga/jirga/sqlite"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newLedgerCommand) }

// remoteVerify verifies the ledger of the server at url and writes the
// report; the HTTP client sets it (jirga ledger verify --url URL). While
// it is nil, --url is refused.
var remoteVerify func(ctx context.Context, w io.Writer, url string, asJSON bool) error

func newLedgerCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ledger",
		Short: "Create, verify and export the governance ledger",
		Long: `The governance ledger is the append-only, hash-chained, signed record of a
charter's institutions: delegates, proposals, votes, tallies and the laws
they put in force. Each entry holds an envelope signed by a delegate's
ed25519 key; each entry's hash covers the previous one's. docs/ledger.md
describes the formats, the rules and the store.

The ledger lives in an SQLite database: --db PATH, else $JIRGA_DB, else
./jirga.db.`,
		Example: `  jirga keygen --out iea-bench
  jirga ledger init --charter examples/afghanistan --delegates delegates.yaml
  jirga ledger verify
  jirga ledger export > ledger.jsonl
  jirga ledger verify --file ledger.jsonl`,
	}
	cmd.AddCommand(newLedgerInitCommand(), newLedgerVerifyCommand(), newLedgerExportCommand(),
		newLedgerSignCommand(), newLedgerAppendCommand(), newLedgerGenerateCommand())
	return cmd
}

// dbFlag registers --db with the $JIRGA_DB default.
func dbFlag(cmd *cobra.Command, db *string) {
	cmd.Flags().StringVar(db, "db", "", "ledger database (default $"+sqlite.EnvPath+", else "+sqlite.DefaultPath+")")
}

func dbPath(db string) string {
	if db != "" {
		return db
	}
	return sqlite.PathFromEnv()
}

// initReport is the JSON form of jirga ledger init.
type initReport struct {
	DB        string `json:"db"`
	ChainID   string `json:"chain_id"`
	Charter   string `json:"charter"`
	Hash      string `json:"charter_hash"`
	Delegates int    `json:"delegates"`
	Time      string `json:"time"`
}

func newLedgerInitCommand() *cobra.Command {
	var dir, delegates, db string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "init --charter DIR --delegates FILE [--db PATH]",
		Short: "Start a ledger: write its genesis (charter and first delegates)",
		Long: `Init writes the genesis of a new ledger: the charter adopted (the hash of
its files; the files themselves are kept in the database so that the
ledger can be verified without them) and the delegates who may act from
the start, with their public keys (jirga keygen) and mandates.

The delegates file (YAML or JSON):

  time: 2026-05-01T00:00:00Z     # optional: the time of adoption (default: now)
  delegates:
    - name: Islamic Emirate bench
      key: 11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo
      mandates:
        - {body: national-council, member: bench-iea}
    - name: Kabul governing bench
      key: ...
      mandates:
        - {body: provincial-council, territory: AF-KAB, member: governing-bench}

A mandate names one member of a body, or a party in a body that votes
by_party (the party's delegate casts its members' seats together); a body
that sits in every province needs the territory. Init prints the chain id,
which every envelope must carry.

The charter must be valid (jirga check) and the database new.`,
		Example: `  jirga ledger init --charter examples/afghanistan --delegates delegates.yaml
  jirga ledger init --charter examples/northern-ireland --delegates ni.yaml --db ni.db --json`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir == "" || delegates == "" {
				return usageError("%s needs --charter DIR and --delegates FILE", cmd.CommandPath())
			}
			return runLedgerInit(cmd.Context(), cmd.OutOrStdout(), dir, delegates, dbPath(db), asJSON)
		},
	}
	cmd.Flags().StringVar(&dir, "charter", "", "the charter directory")
	cmd.Flags().StringVar(&delegates, "delegates", "", "the delegates file (YAML or JSON)")
	dbFlag(cmd, &db)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}

func runLedgerInit(ctx context.Context, w io.Writer, dir, delegates, db string, asJSON bool) error {
	c, err := charter.Load(dir)
	if err != nil {
		return err
	}
	files, err := ledger.ReadCharterFiles(os.DirFS(dir))
	if err != nil {
		return err
	}
	data, err := os.ReadFile(delegates)
	if err != nil {
		return jirga.Errorf(jirga.EINVALID, "read delegates: %v", err)
	}
	spec, err := ledger.ParseGenesisSpec(delegates, data)
	if err != nil {
		return err
	}
	g, err := ledger.NewGenesis(c, spec, time.Now().Truncate(time.Second))
	if err != nil {
		return jirga.Errorf(jirga.ErrorCode(err), "%s: %s", delegates, jirga.ErrorMessage(err))
	}
	s, err := sqlite.Open(db)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Init(ctx, g, files); err != nil {
		return err
	}
	r := initReport{DB: db, ChainID: g.ChainID(), Charter: g.CharterID, Hash: g.CharterHash, Delegates: len(g.Delegates), Time: ledger.FormatTime(g.Time)}
	if asJSON {
		return writeJSON(w, r)
	}
	fmt.Fprintf(w, "%s: ledger of charter %s started with %d %s\nchain id %s\n", db, r.Charter, r.Delegates, pluralize(r.Delegates, "delegate", "delegates"), r.ChainID)
	return nil
}

// verifyReport is the JSON form of jirga ledger verify.
type verifyReport struct {
	OK        bool   `json:"ok"`
	Source    string `json:"source"`
	ChainID   string `json:"chain_id,omitempty"`
	Entries   uint64 `json:"entries"`
	Head      string `json:"head,omitempty"`
	StateHash string `json:"state_hash,omitempty"`
	// BadEntry is the index of the first entry that failed, and Problem
	// what failed.
	BadEntry uint64        `json:"bad_entry,omitempty"`
	Problem  string        `json:"problem,omitempty"`
	Elapsed  time.Duration `json:"-"`
}

func newLedgerVerifyCommand() *cobra.Command {
	var db, file, url string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "verify [--db PATH | --file EXPORT | --url URL]",
		Short: "Replay the ledger and check every hash, signature and rule",
		Long: `Verify replays the ledger from its genesis: it recomputes every entry's
hash and its link to the previous entry, checks every signature, and
applies every entry to the state machine again, with the charter's rules,
as the server did when it accepted it. It prints the number of entries,
the head hash and the state hash; two copies of a ledger that print the
same head and state hash hold the same record.

On the first bad entry it stops and names it: its index and what failed
(hash mismatch, broken link, bad signature, a replayed signer_seq, a vote
the rules refuse...).

--db verifies a database (read-only: it can run beside a live server),
--file an export written by jirga ledger export ("-" for standard input),
--url the ledger of a running server.

Exit status: 0 when the ledger verifies, 1 when it does not, 2 on a usage
error.`,
		Example: `  jirga ledger verify
  jirga ledger verify --db council.db --json
  jirga ledger export --db council.db | jirga ledger verify --file -`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			sources := 0
			for _, s := range []string{db, file, url} {
				if s != "" {
					sources++
				}
			}
			if sources > 1 {
				return usageError("give one of --db, --file and --url")
			}
			if url != "" {
				if remoteVerify == nil {
					return usageError("--url is not available in this build")
				}
				return remoteVerify(cmd.Context(), cmd.OutOrStdout(), url, asJSON)
			}
			return runLedgerVerify(cmd.Context(), cmd.InOrStdin(), cmd.OutOrStdout(), db, file, asJSON)
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&file, "file", "", `an export to verify ("-" for standard input)`)
	cmd.Flags().StringVar(&url, "url", "", "verify the ledger of the server at URL")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}

func runLedgerVerify(ctx context.Context, stdin io.Reader, w io.Writer, db, file string, asJSON bool) error {
	start := time.Now()
	var st *ledger.State
	var err error
	r := verifyReport{}
	if file != "" {
		r.Source = file
		in := stdin
		if file != "-" {
			f, ferr := os.Open(file)
			if ferr != nil {
				return jirga.Errorf(jirga.EINVALID, "open export: %v", ferr)
			}
			defer f.Close()
			in = f
		}
		st, err = ledger.VerifyExport(bufio.NewReaderSize(in, 1<<20))
	} else {
		r.Source = dbPath(db)
		st, err = sqlite.Verify(ctx, r.Source)
	}
	if st == nil && err != nil {
		return err
	}
	r.Elapsed = time.Since(start)
	r.ChainID, r.Entries, r.Head, r.StateHash = st.ChainID(), st.Height(), st.Head(), st.Hash()
	r.OK = err == nil
	if err != nil {
		r.BadEntry, r.Problem = st.Height()+1, jirga.ErrorMessage(err)
		if jirga.ErrorCode(err) == jirga.EINTERNAL {
			r.Problem = err.Error()
		}
		r.Problem = strings.TrimPrefix(r.Problem, fmt.Sprintf("entry %d: ", r.BadEntry))
	}
	return reportVerify(w, r, asJSON)
}

// reportVerify prints a verification, as JSON or for people, and exits 1
// when the chain is broken.
func reportVerify(w io.Writer, r verifyReport, asJSON bool) error {
	if asJSON {
		if err := writeJSON(w, r); err != nil {
			return err
		}
	} else {
		printVerify(w, r)
	}
	if !r.OK {
		return silentExit(exitFailure)
	}
	return nil
}

func printVerify(w io.Writer, r verifyReport) {
	if r.OK {
		fmt.Fprintf(w, "%s: %d %s verified in %s\n", r.Source, r.Entries, pluralize(int(r.Entries), "entry", "entries"), r.Elapsed.Round(time.Millisecond))
	} else {
		fmt.Fprintf(w, "%s: BROKEN at entry %d: %s\n", r.Source, r.BadEntry, r.Problem)
		fmt.Fprintf(w, "the %d %s before it verify\n", r.Entries, pluralize(int(r.Entries), "entry", "entries"))
	}
	fmt.Fprintf(w, "chain id   %s\nhead       %s\nstate hash %s\n", r.ChainID, r.Head, r.StateHash)
}

func newLedgerExportCommand() *cobra.Command {
	var db, out string
	cmd := &cobra.Command{
		Use:   "export [--db PATH] [--out FILE]",
		Short: "Write the ledger as JSON lines",
		Long: `Export writes the whole ledger as JSON lines: first a header holding the
genesis and the charter files it names, then one entry per line, each the
canonical JSON of its fields and hash:

  {"files":[{"data":"jirga: 1\n...","path":"charter.yaml"},...],"genesis":{...}}
  {"envelope":{...},"hash":"...","index":1,"prev_hash":"...","signature":"...","time":"..."}

An export is everything needed to verify the ledger elsewhere (jirga
ledger verify --file). Entries are written as stored, without checking
them; the database is opened read-only, so a live server can keep running.`,
		Example: `  jirga ledger export > ledger.jsonl
  jirga ledger export --db council.db --out council.jsonl`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			w := cmd.OutOrStdout()
			if out != "" {
				f, err := os.Create(out)
				if err != nil {
					return jirga.Errorf(jirga.EINVALID, "create %s: %v", out, err)
				}
				defer f.Close()
				w = f
			}
			return sqlite.ExportFile(cmd.Context(), dbPath(db), w)
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&out, "out", "", "write to FILE instead of standard output")
	return cmd
}

func newLedgerSignCommand() *cobra.Command {
	var db, key, chain, kind, body string
	var seq uint64
	cmd := &cobra.Command{
		Use:   "sign --key FILE --kind KIND --body JSON [--db PATH | --chain ID --seq N]",
		Short: "Sign an envelope offline",
		Long: `Sign makes a signed envelope with a delegate's key and prints it as the
server takes it: {"envelope": {...}, "signature": "..."}. Nothing is sent:
append it with jirga ledger append, or POST it to a server's
/api/envelopes.

The envelope needs the ledger's chain id and the delegate's next
signer_seq: they are read from the database (--db, read-only) unless
--chain and --seq give them, for a key kept on a machine without the
ledger.

Kinds and their bodies (docs/ledger.md):
  delegate.register  {"delegate":{"key":"...","name":"...","mandates":[{"body":"...","member":"..."}]}}
  delegate.rotate    {"key":"NEW KEY"}
  delegate.revoke    {"key":"...","reason":"..."}
  proposal.submit    {"id":"...","body":"...","kind":"motion","title":"...","closes_at":"2026-06-01T00:00:00Z"}
  proposal.open      {"proposal":"ID"}
  proposal.vote      {"proposal":"ID","vote":"yes|no|abstain|veto"}
  proposal.withdraw  {"proposal":"ID"}
  proposal.close     {"proposal":"ID"}

--body @FILE reads the body from a file.`,
		Example: `  jirga ledger sign --key iea-bench.key --kind proposal.vote --body '{"proposal":"p1","vote":"yes"}' > vote.json
  jirga ledger sign --key iea-bench.key --chain 5f1c... --seq 7 --kind proposal.open --body '{"proposal":"p1"}'`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if key == "" || kind == "" || body == "" {
				return usageError("%s needs --key, --kind and --body", cmd.CommandPath())
			}
			if (chain == "") != (seq == 0) {
				return usageError("give --chain and --seq together, or neither (they are then read from --db)")
			}
			return runLedgerSign(cmd.Context(), cmd.OutOrStdout(), dbPath(db), key, chain, seq, kind, body)
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&key, "key", "", "the delegate's private key file (jirga keygen)")
	cmd.Flags().StringVar(&chain, "chain", "", "the ledger's chain id (default: read from --db)")
	cmd.Flags().Uint64Var(&seq, "seq", 0, "the signer_seq to use (default: the delegate's next, read from --db)")
	cmd.Flags().StringVar(&kind, "kind", "", "the envelope kind, e.g. proposal.vote")
	cmd.Flags().StringVar(&body, "body", "", "the body as JSON, or @FILE")
	return cmd
}

func runLedgerSign(ctx context.Context, w io.Writer, db, keyFile, chain string, seq uint64, kind, body string) error {
	priv, err := readKey(keyFile)
	if err != nil {
		return err
	}
	data := []byte(body)
	if name, ok := strings.CutPrefix(body, "@"); ok {
		if data, err = os.ReadFile(name); err != nil {
			return jirga.Errorf(jirga.EINVALID, "read body: %v", err)
		}
	}
	env := ledger.Envelope{ChainID: chain, Kind: kind, Body: data, Signer: ledger.EncodeKey(priv.Public().(ed25519.PublicKey)), SignerSeq: seq}
	if chain == "" {
		st, err := sqlite.Verify(ctx, db)
		if err != nil {
			return err
		}
		env.ChainID, env.SignerSeq = st.ChainID(), st.NextSeq(env.Signer)
	}
	s, err := ledger.Sign(env, priv)
	if err != nil {
		return err
	}
	out, _ := s.MarshalJSON()
	_, err = fmt.Fprintf(w, "%s\n", out)
	return err
}

// appendReport is one line of jirga ledger append --json.
type appendReport struct {
	Index  uint64        `json:"index"`
	Hash   string        `json:"hash"`
	Kind   string        `json:"kind"`
	Events []jirga.Event `json:"events"`
}

func newLedgerAppendCommand() *cobra.Command {
	var db string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "append [--db PATH] [FILE|-]",
		Short: "Append signed envelopes to a local ledger without a server",
		Long: `Append reads signed envelopes, one JSON object per line as jirga ledger
sign prints them, and appends them to the ledger database in order, as a
server would: the state machine checks each one (signature, signer,
signer_seq, the charter's rules). It stops at the first refusal, which it
reports; what was appended before stays.

Do not run it on a database a server has open: append through the
server's /api/envelopes instead.`,
		Example: `  jirga ledger sign --key iea-bench.key --kind proposal.vote --body '{"proposal":"p1","vote":"yes"}' | jirga ledger append -
  jirga ledger append --db council.db envelopes.jsonl`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in := cmd.InOrStdin()
			if len(args) == 1 && args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return jirga.Errorf(jirga.EINVALID, "open %s: %v", args[0], err)
				}
				defer f.Close()
				in = f
			}
			return runLedgerAppend(cmd.Context(), in, cmd.OutOrStdout(), dbPath(db), asJSON)
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print each receipt as a JSON line")
	return cmd
}

func runLedgerAppend(ctx context.Context, in io.Reader, w io.Writer, db string, asJSON bool) error {
	if _, err := os.Stat(db); err != nil {
		return jirga.Errorf(jirga.ENOTFOUND, "no ledger database at %s: run jirga ledger init first", db)
	}
	s, err := sqlite.Open(db)
	if err != nil {
		return err
	}
	defer s.Close()
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 1<<16), ledger.MaxEnvelopeSize*2)
	for line := 1; sc.Scan(); line++ {
		data := bytes.TrimSpace(sc.Bytes())
		if len(data) == 0 {
			continue
		}
		signed, err := ledger.ParseSigned(data)
		if err == nil {
			var rc *sqlite.Receipt
			if rc, err = s.Append(ctx, signed); err == nil {
				if asJSON {
					err = writeJSONLine(w, appendReport{Index: rc.Entry.Index(), Hash: rc.Entry.Hash(), Kind: signed.Kind(), Events: rc.Events})
				} else {
					_, err = fmt.Fprintf(w, "entry %d %s %s\n", rc.Entry.Index(), rc.Entry.Hash(), signed.Kind())
				}
				if err != nil {
					return err
				}
				continue
			}
		}
		return jirga.Errorf(jirga.ErrorCode(err), "line %d refused: %s", line, jirga.ErrorMessage(err))
	}
	if err := sc.Err(); err != nil {
		return jirga.Errorf(jirga.EINVALID, "read envelopes: %v", err)
	}
	return nil
}

// writeJSONLine writes v as one line of JSON.
func writeJSONLine(w io.Writer, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

func newLedgerGenerateCommand() *cobra.Command {
	var db string
	var cfg ledgertest.GenerateConfig
	cmd := &cobra.Command{
		Use:    "generate --entries N --db PATH",
		Short:  "Write a generated ledger for benchmarks",
		Hidden: true,
		Long: `Generate writes a valid ledger of N entries to a new database,
deterministically: the ledgertest charter with an assembly of --members
members, and rounds in which a proposal is submitted, opened, voted on by
every member --votes-per-member times and closed; every --law-every-th
proposal enacts a law. The same flags always give the same ledger.`,
		Example: `  jirga ledger generate --entries 1000000 --db /tmp/bench.db && jirga ledger verify --db /tmp/bench.db`,
		Args:    exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if db == "" || cfg.Entries < 1 {
				return usageError("%s needs --entries N and --db PATH", cmd.CommandPath())
			}
			if _, err := os.Stat(db); err == nil {
				return usageError("%s exists: generate writes a new database", db)
			}
			return runLedgerGenerate(cmd.Context(), cmd.OutOrStdout(), db, cfg)
		},
	}
	cmd.Flags().StringVar(&db, "db", "", "the new database")
	cmd.Flags().IntVar(&cfg.Entries, "entries", 0, "how many entries")
	cmd.Flags().IntVar(&cfg.Members, "members", 64, "members of the assembly")
	cmd.Flags().IntVar(&cfg.VotesPerMember, "votes-per-member", 4, "votes of each member on each proposal")
	cmd.Flags().IntVar(&cfg.LawEvery, "law-every", 100, "every Nth proposal enacts a law (0: never)")
	return cmd
}

func runLedgerGenerate(ctx context.Context, w io.Writer, db string, cfg ledgertest.GenerateConfig) error {
	entries := make(chan *ledger.Entry, 4096)
	var genErr error
	var g *ledger.Genesis
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(entries)
		g, genErr = ledgertest.Generate(cfg, func(e *ledger.Entry) error {
			entries <- e
			return nil
		})
	}()
	g0, files := ledgertest.Genesis(cfg.Members)
	st, err := sqlite.Import(ctx, db, g0, files, func(yield func(*ledger.Entry, error) bool) {
		for e := range entries {
			if !yield(e, nil) {
				break
			}
		}
	})
	for range entries { // let the generator finish if the import stopped
	}
	<-done
	if err == nil {
		err = genErr
	}
	if err != nil {
		return err
	}
	if g.ChainID() != g0.ChainID() {
		return jirga.Errorf(jirga.EINTERNAL, "generator and genesis disagree")
	}
	fmt.Fprintf(w, "%s: %d entries, head %s\n", db, st.Height(), st.Head())
	return nil
}
