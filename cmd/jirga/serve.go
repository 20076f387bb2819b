package main

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/examples"
	jhttp "github.com/jirga/jirga/http"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/sqlite"
	"github.com/jirga/jirga/ui"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newServeCommand) }

// Defaults of jirga serve, each also settable from the environment.
const (
	defaultAddr = ":8080"
	envAddr     = "JIRGA_ADDR"
)

type serveFlags struct {
	charter, db, delegates, addr, logLevel, logFormat string
	noLedger                                          bool
	maxBody                                           int64
	timeout                                           time.Duration
}

func newServeCommand() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve [--charter DIR] [--db PATH] [--addr :8080]",
		Short: "Serve a charter and its ledger over HTTP (web UI, JSON API, metrics)",
		Long: `Serve runs jirga's HTTP server: the web UI at / (docs/ui.md), the JSON API
under /api/ (the charter, its territories and laws, ask, where, review,
power, tally, allocate, proposals, votes and the ledger), its OpenAPI 3
description at /api/openapi.json, /healthz and Prometheus metrics at
/metrics. docs/api.md lists every endpoint with an example;
docs/operations.md says how to run, back up and monitor it.

With no flags it serves the Afghanistan example built into the binary on
:8080, with its governance ledger in ./jirga.db (created if need be).
--charter DIR serves another charter directory (it must be valid: run
jirga check DIR first).

The ledger (proposals, signed votes, laws enacted) lives in an SQLite
database. A new database needs a genesis, the delegates who may act from
the start: --delegates FILE (a delegates.yaml, see docs/ledger.md) writes
it on first start, as jirga ledger init does. Once a database has a
genesis, the server serves the ledger's charter in force (the genesis
charter with the laws enacted since); --charter must then name the
genesis charter or be left out. --no-ledger serves the charter alone.
POST /api/envelopes takes envelopes signed by delegates (jirga propose,
jirga vote, or the browser).

Settings come from flags, else the environment, else the defaults:
  --addr        JIRGA_ADDR   listen address        (default :8080)
  --db          JIRGA_DB     ledger database       (default ./jirga.db)

The server logs one line per request to standard error (--log-format
text or json, --log-level debug, info, warn or error). SIGINT or SIGTERM
stops it gracefully: it stops accepting connections and lets requests in
flight finish (up to 10 s).

Exit status: 0 after a clean shutdown; 1 when the charter is invalid or
the address cannot be listened on; 2 on a usage error.`,
		Example: `  jirga serve
  jirga serve --charter examples/afghanistan --db council.db --delegates delegates.yaml
  jirga serve --charter examples/northern-ireland --no-ledger --addr 127.0.0.1:9000
  JIRGA_ADDR=:8081 jirga serve --log-format json
  curl -s localhost:8080/api/ask -d '{"at":"AF-KAN","action":"attend_secondary_school",
    "person":{"age":14,"sex":"female","communities":["hanafi"]}}'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("addr") {
				if v := os.Getenv(envAddr); v != "" {
					f.addr = v
				}
			}
			if !cmd.Flags().Changed("db") {
				f.db = sqlite.PathFromEnv()
			}
			if f.noLedger && (cmd.Flags().Changed("db") || f.delegates != "") {
				return usageError("--no-ledger goes without --db and --delegates")
			}
			return runServe(cmd.ErrOrStderr(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.charter, "charter", "", "charter directory to serve (default: the built-in examples/afghanistan)")
	fl.StringVar(&f.addr, "addr", defaultAddr, "address to listen on, host:port ("+envAddr+")")
	fl.StringVar(&f.db, "db", sqlite.DefaultPath, "ledger database ("+sqlite.EnvPath+")")
	fl.StringVar(&f.delegates, "delegates", "", "delegates file: the genesis of a new ledger database")
	fl.BoolVar(&f.noLedger, "no-ledger", false, "serve the charter without a ledger")
	fl.StringVar(&f.logLevel, "log-level", "info", "least level logged: debug, info, warn or error")
	fl.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	fl.Int64Var(&f.maxBody, "max-body", jhttp.DefaultMaxBodyBytes, "largest request body accepted, in bytes")
	fl.DurationVar(&f.timeout, "request-timeout", jhttp.DefaultRequestTimeout, "deadline of each request")
	return cmd
}

func runServe(stderr io.Writer, f serveFlags) error {
	logger, err := newLogger(stderr, f.logLevel, f.logFormat)
	if err != nil {
		return err
	}
	if f.maxBody <= 0 || f.timeout <= 0 {
		return usageError("--max-body and --request-timeout must be positive")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c, fsys, files, name, err := loadServed(f.charter)
	if err != nil {
		return err
	}
	cfg := jhttp.Config{Charter: c, Logger: logger, MaxBodyBytes: f.maxBody, RequestTimeout: f.timeout, Version: version()}
	pages := ui.Config{Charter: c, Files: fsys, Logger: logger}
	if !f.noLedger {
		store, err := openLedger(ctx, logger, f, c, files)
		if err != nil {
			return err
		}
		defer store.Close()
		cfg.Ledger = sqlite.ServerLedger{Store: store}
		l := ui.FromStore(cfg.Ledger)
		pages.State, pages.Ledger = l.Current, l
		if g := store.Genesis(); g != nil && g.CharterHash != c.Hash {
			// The database runs another charter than the built-in one:
			// serve the ledger's, without the built-in one's map.
			pages.Files = nil
			name = g.CharterID + " (from the ledger " + f.db + ")"
		}
	}
	if cfg.UI, err = ui.New(pages); err != nil {
		return err
	}
	s, err := jhttp.NewServer(cfg)
	if err != nil {
		return err
	}
	if err := s.Open(f.addr); err != nil {
		return err
	}
	logger.Info("serving", slog.String("charter", name), slog.String("url", s.URL()))
	<-ctx.Done()
	stop()
	logger.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), jhttp.DefaultShutdownGrace)
	defer cancel()
	return s.Close(shutdown)
}

// loadServed reads and loads the charter to serve: a directory, or the
// built-in Afghanistan example. It returns the charter, its directory and
// files, and its name for the log.
func loadServed(dir string) (*charter.Charter, fs.FS, []charter.File, string, error) {
	fsys, name := examples.Afghanistan(), examples.AfghanistanName
	if dir != "" {
		fsys, name = os.DirFS(dir), dir
	}
	files, err := ledger.ReadCharterFiles(fsys)
	if err != nil {
		return nil, nil, nil, "", jirga.Errorf(jirga.EINVALID, "cannot read charter %s: %s", name, jirga.ErrorMessage(err))
	}
	c, err := charter.LoadFiles(name, files)
	if err != nil {
		return nil, nil, nil, "", err
	}
	if dir == "" {
		name += " (built in)"
	}
	return c, fsys, files, name, nil
}

// openLedger opens the ledger database and, when it is new and a delegates
// file is given, writes its genesis from the served charter.
func openLedger(ctx context.Context, logger *slog.Logger, f serveFlags, c *charter.Charter, files []charter.File) (*sqlite.Store, error) {
	store, err := sqlite.Open(f.db)
	if err != nil {
		return nil, err
	}
	g := store.Genesis()
	switch {
	case g == nil && f.delegates != "":
		data, err := os.ReadFile(f.delegates)
		if err != nil {
			store.Close()
			return nil, usageError("cannot read delegates: %v", err)
		}
		spec, err := ledger.ParseGenesisSpec(f.delegates, data)
		if err == nil {
			g, err = ledger.NewGenesis(c, spec, time.Now())
		}
		if err == nil {
			err = store.Init(ctx, g, files)
		}
		if err != nil {
			store.Close()
			return nil, err
		}
		logger.Info("ledger created", slog.String("db", f.db), slog.String("chain_id", g.ChainID()), slog.Int("delegates", len(g.Delegates)))
	case g == nil:
		logger.Warn("the ledger database has no genesis: proposals and votes need one (serve --delegates FILE, or jirga ledger init)", slog.String("db", f.db))
	case f.delegates != "":
		store.Close()
		return nil, jirga.Errorf(jirga.ECONFLICT, "ledger %s already has a genesis (chain %s): leave out --delegates", f.db, g.ChainID())
	case f.charter != "" && g.CharterHash != c.Hash:
		store.Close()
		return nil, jirga.Errorf(jirga.ECONFLICT, "ledger %s was started with charter %s (hash %s), not %s (hash %s): leave out --charter to serve the ledger's charter, or use another --db",
			f.db, g.CharterID, g.CharterHash, f.charter, c.Hash)
	default:
		height, head := store.Head()
		logger.Info("ledger opened", slog.String("db", f.db), slog.String("chain_id", g.ChainID()), slog.Uint64("height", height), slog.String("head", head))
	}
	return store, nil
}

// newLogger returns the server's logger on stderr.
func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, usageError("--log-level must be debug, info, warn or error, got %q", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch strings.ToLower(format) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usageError("--log-format must be text or json, got %q", format)
}

// version is the module version the binary was built from, or the VCS
// revision, or "devel".
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return s.Value[:12]
		}
	}
	return "devel"
}
