package http

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/power"
)

// Defaults of a Config's limits.
const (
	DefaultMaxBodyBytes   = 1 << 20 // 1 MiB
	DefaultRequestTimeout = 10 * time.Second
	DefaultShutdownGrace  = 10 * time.Second
	DefaultMaxSeats       = 10000

	// StatusClientClosedRequest is the status logged and counted for a
	// request whose client went away before the answer (nginx's 499).
	StatusClientClosedRequest = 499

	// Connection timeouts of the http.Server that Open starts.
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 15 * time.Second
	WriteTimeout      = 30 * time.Second
	IdleTimeout       = 120 * time.Second
)

// Config is what a Server serves and how.
type Config struct {
	// Charter is the charter the server runs, one that charter.Load
	// returned without error. It is required without a Ledger.
	Charter *charter.Charter
	// Engine answers ask and where; New builds it from Charter when nil.
	Engine *engine.Engine
	// Logger receives one line per request and every internal error;
	// slog.Default() when nil.
	Logger *slog.Logger
	// MaxBodyBytes limits request bodies (DefaultMaxBodyBytes when 0).
	MaxBodyBytes int64
	// RequestTimeout is the deadline of each request's context
	// (DefaultRequestTimeout when 0).
	RequestTimeout time.Duration
	// MaxSamples bounds the samples a power estimate may ask for
	// (power.DefaultSamples when 0).
	MaxSamples int
	// MaxSeats bounds the seats an allocation may ask for
	// (DefaultMaxSeats when 0): the work and the answer grow with them.
	MaxSeats int
	// Version is reported by /healthz.
	Version string
	// Ledger is the governance record; without one the ledger endpoints
	// answer 404, saying the server keeps no ledger. With one, the
	// charter served is the ledger's charter in force, which Charter may
	// leave out.
	Ledger Ledger
	// UI, when set, serves every path outside /api/, /healthz and
	// /metrics (the web UI); MountUI does the same after NewServer.
	// Without it those paths are JSON 404s.
	UI http.Handler
}

// Server is the HTTP API of one charter and, optionally, its ledger.
type Server struct {
	cfg     Config
	logger  *slog.Logger
	mux     *http.ServeMux
	routes  []string
	handler http.Handler
	metrics *metrics

	// snap is what the read endpoints serve: the charter in force and
	// what is derived from it. With a ledger it is replaced whenever the
	// ledger changes the charter (a law enacted or repealed, an
	// amendment); rebuild serialises the replacement.
	snap    atomic.Pointer[snapshot]
	rebuild sync.Mutex
	// powerSlot lets one power computation run at a time.
	powerSlot chan struct{}

	ledger Ledger
	events *eventLog
	// stopBackground ends the work the server does on its own (deriving
	// the ledger's events ahead of the first request for them).
	stopBackground context.CancelFunc

	mu  sync.Mutex
	srv *http.Server
	ln  net.Listener
}

// snapshot is one charter and what the server derives from it, once.
type snapshot struct {
	charter *charter.Charter
	engine  *engine.Engine
	views   *charterViews
	// power caches exact power indices per body and rule: they depend on
	// the charter only.
	power  sync.Map
	review reviewOnce
}

func newSnapshot(c *charter.Charter, e *engine.Engine) (*snapshot, error) {
	if e == nil {
		var err error
		if e, err = engine.New(c); err != nil {
			return nil, fmt.Errorf("http: compile charter: %w", err)
		}
	}
	return &snapshot{charter: c, engine: e, views: newCharterViews(c, e)}, nil
}

// NewServer builds a server for cfg. It fails with an EINVALID error when
// cfg has neither a charter nor a ledger with a genesis.
func NewServer(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxSamples <= 0 {
		cfg.MaxSamples = power.DefaultSamples
	}
	if cfg.MaxSeats <= 0 {
		cfg.MaxSeats = DefaultMaxSeats
	}
	s := &Server{
		cfg:       cfg,
		logger:    cfg.Logger,
		mux:       http.NewServeMux(),
		powerSlot: make(chan struct{}, 1),
		ledger:    cfg.Ledger,
	}
	c := cfg.Charter
	if s.ledger != nil {
		s.events = &eventLog{}
		if inForce := ledgerCharter(s.ledger); inForce != nil {
			c = inForce
			if cfg.Charter == nil || inForce.Hash != cfg.Charter.Hash {
				cfg.Engine = nil
			}
		}
	}
	if c == nil {
		return nil, jirga.Errorf(jirga.EINVALID, "http: a server needs a charter")
	}
	snap, err := newSnapshot(c, cfg.Engine)
	if err != nil {
		return nil, err
	}
	s.snap.Store(snap)
	var height func() float64
	ctx, cancel := context.WithCancel(context.Background())
	s.stopBackground = cancel
	if s.ledger != nil {
		height = s.ledgerHeight
		go s.events.page(ctx, s.ledger, 0, 1)
	}
	s.metrics = newMetrics(height)
	for _, rt := range s.routeTable() {
		s.handle(rt.pattern, rt.fn)
	}
	s.mux.Handle("GET /metrics", s.metrics.handler())
	s.routes = append(s.routes, "GET /metrics")
	// Unknown paths under /api/ are JSON errors even when the web UI
	// serves everything else.
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) { s.Error(w, r, s.noRoute(w, r)) })
	if cfg.UI != nil {
		s.MountUI(cfg.UI)
	}
	s.handler = s.middleware(s.mux)
	return s, nil
}

// noRoute is the error for a request under /api/ that no route matches: 405
// with an Allow header when the path exists with other methods, else 404.
func (s *Server) noRoute(w http.ResponseWriter, r *http.Request) error {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "" && pattern != "/api/" && pattern != "/" {
			allowed = append(allowed, m)
			if m == http.MethodGet {
				allowed = append(allowed, http.MethodHead)
			}
		}
	}
	if len(allowed) == 0 {
		return jirga.Errorf(jirga.ENOTFOUND, "no such endpoint: %s %s (the API is described at /api/openapi.json)", r.Method, r.URL.Path)
	}
	list := strings.Join(allowed, ", ")
	w.Header().Set("Allow", list)
	return &jirga.Error{Code: EMETHODNOTALLOWED, Message: fmt.Sprintf("%s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, list)}
}

// MountUI serves h at every path outside /api/, /healthz and /metrics: the
// web UI. Call it before Open, at most once.
func (s *Server) MountUI(h http.Handler) { s.mux.Handle("/", h) }

// current returns the snapshot of the charter in force. With a ledger, a
// charter the ledger changed since the last request is compiled first.
func (s *Server) current() *snapshot {
	snap := s.snap.Load()
	if s.ledger == nil {
		return snap
	}
	c := ledgerCharter(s.ledger)
	if c == nil || c == snap.charter {
		return snap
	}
	s.rebuild.Lock()
	defer s.rebuild.Unlock()
	if snap = s.snap.Load(); c == snap.charter {
		return snap
	}
	next, err := newSnapshot(c, nil)
	if err != nil {
		// The ledger only puts in force a charter that compiles; keep
		// serving the last one and say so.
		s.logger.Error("compile the charter in force", slog.String("error", err.Error()))
		return snap
	}
	s.snap.Store(next)
	return next
}

// handlerFunc is a handler that returns its error for the server to write.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle registers fn under a ServeMux pattern such as "GET /api/laws/{id}".
func (s *Server) handle(pattern string, fn handlerFunc) {
	s.routes = append(s.routes, pattern)
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		err := fn(w, r)
		switch {
		case err == nil:
		case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
			// The client went away: nobody reads an answer. 499, as
			// nginx logs it, keeps it apart from the server's faults.
			w.WriteHeader(StatusClientClosedRequest)
		case errors.Is(err, context.DeadlineExceeded):
			s.Error(w, r, &jirga.Error{Code: ETIMEOUT, Message: "the request took longer than " + s.cfg.RequestTimeout.String()})
		default:
			s.Error(w, r, err)
		}
	})
}

// Routes lists the patterns the server serves, e.g. "GET /api/laws/{id}",
// in registration order.
func (s *Server) Routes() []string { return append([]string(nil), s.routes...) }

// Handler returns the server's handler: the routes behind the logging,
// metrics, limits and recovery middleware.
func (s *Server) Handler() http.Handler { return s.handler }

// Open listens on addr (":8080", "127.0.0.1:0"...) and serves in the
// background until Close.
func (s *Server) Open(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return jirga.Errorf(jirga.EINVALID, "listen on %s: %v", addr, err)
	}
	s.Serve(ln)
	return nil
}

// Serve serves on ln in the background until Close.
func (s *Server) Serve(ln net.Listener) {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
	}
	s.mu.Lock()
	s.srv, s.ln = srv, ln
	s.mu.Unlock()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.logger.Error("serve", slog.String("error", err.Error()))
		}
	}()
}

// Addr returns the address the server listens on, or nil before Open.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

// URL returns the server's base URL, e.g. http://127.0.0.1:8080, or ""
// before Open. An unspecified host (":8080") is reported as localhost.
func (s *Server) URL() string {
	a, ok := s.Addr().(*net.TCPAddr)
	if !ok {
		return ""
	}
	host := a.IP.String()
	if a.IP.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(a.Port))
}

// Close stops accepting connections and waits for requests in flight to
// finish, at most until ctx is done (then it closes them). It is safe to
// call more than once and before Open.
func (s *Server) Close(ctx context.Context) error {
	s.stopBackground()
	s.mu.Lock()
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	if err := srv.Shutdown(ctx); err != nil {
		srv.Close()
		return fmt.Errorf("http: shutdown: %w", err)
	}
	return nil
}

// writeJSON writes v as the JSON body of a response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":{"code":"internal","message":"internal error"}}` + "\n")
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// writeJSONBytes writes an encoded JSON body.
func writeJSONBytes(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte{'\n'})
}

// decodeJSON decodes the request body into v: one JSON value, no unknown
// fields. Errors say what is wrong and where.
func decodeJSON(r *http.Request, what string, v any) error {
	data, err := readBody(r)
	if err != nil {
		return err
	}
	return unmarshalStrict(what, data, v)
}

// readBody reads the whole request body, within the server's limit.
func readBody(r *http.Request) ([]byte, error) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err
		}
		return nil, jirga.Errorf(jirga.EINVALID, "cannot read request body: %v", err)
	}
	return data, nil
}

func tooLarge(limit int64) string {
	return fmt.Sprintf("request body larger than the limit of %d bytes", limit)
}
