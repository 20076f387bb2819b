package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/examples"
	jhttp "github.com/jirga/jirga/http"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newServeCommand) }

// Defaults of jirga serve, each also settable from the environment.
const (
	defaultAddr = ":8080"
	envAddr     = "JIRGA_ADDR"
)

type serveFlags struct {
	charter, addr, logLevel, logFormat string
	maxBody                            int64
	timeout                            time.Duration
}

func newServeCommand() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve [--charter DIR] [--addr :8080]",
		Short: "Serve a charter and its ledger over HTTP (JSON API, metrics)",
		Long: `Serve runs jirga's HTTP server: the JSON API under /api/ (the charter, its
territories and laws, ask, where, review, power, tally, allocate),
its OpenAPI 3 description at /api/openapi.json, /healthz and Prometheus
metrics at /metrics. docs/api.md lists every endpoint with an example;
docs/operations.md says how to run, back up and monitor it.

With no flags it serves the Afghanistan example built into the binary on
:8080. --charter DIR serves another charter directory (it must be valid:
run jirga check DIR first).

Settings come from flags, else the environment, else the defaults:
  --addr        JIRGA_ADDR   listen address        (default :8080)

The server logs one line per request to standard error (--log-format
text or json, --log-level debug, info, warn or error). SIGINT or SIGTERM
stops it gracefully: it stops accepting connections and lets requests in
flight finish (up to 10 s).

Exit status: 0 after a clean shutdown; 1 when the charter is invalid or
the address cannot be listened on; 2 on a usage error.`,
		Example: `  jirga serve
  jirga serve --charter examples/northern-ireland --addr 127.0.0.1:9000
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
			return runServe(cmd.ErrOrStderr(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.charter, "charter", "", "charter directory to serve (default: the built-in examples/afghanistan)")
	fl.StringVar(&f.addr, "addr", defaultAddr, "address to listen on, host:port ("+envAddr+")")
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
	c, name, err := loadServed(f.charter)
	if err != nil {
		return err
	}
	s, err := jhttp.NewServer(jhttp.Config{Charter: c, Logger: logger, MaxBodyBytes: f.maxBody, RequestTimeout: f.timeout, Version: version()})
	if err != nil {
		return err
	}
	if err := s.Open(f.addr); err != nil {
		return err
	}
	logger.Info("serving", slog.String("charter", name), slog.String("hash", c.Hash), slog.String("url", s.URL()))
	<-ctx.Done()
	stop()
	logger.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), jhttp.DefaultShutdownGrace)
	defer cancel()
	return s.Close(shutdown)
}

// loadServed loads the charter to serve: a directory, or the built-in
// Afghanistan example.
func loadServed(dir string) (*charter.Charter, string, error) {
	if dir == "" {
		c, err := charter.LoadFS(examples.Afghanistan(), examples.AfghanistanName)
		return c, examples.AfghanistanName + " (built in)", err
	}
	c, err := charter.Load(dir)
	return c, dir, err
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
