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
	"sync"
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

	// Connection timeouts of the http.Server that Open starts.
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 15 * time.Second
	WriteTimeout      = 30 * time.Second
	IdleTimeout       = 120 * time.Second
)

// Config is what a Server serves and how.
type Config struct {
	// Charter is the charter the server runs; it is required and must be
	// one that charter.Load returned without error.
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
	// Version is reported by /healthz and /api/charter.
	Version string
	// UI, when set, serves every path outside /api/, /healthz and
	// /metrics (the web UI). Without it those paths are JSON 404s.
	UI http.Handler
}

// Server is the HTTP API of one charter and, optionally, its ledger.
type Server struct {
	cfg     Config
	charter *charter.Charter
	engine  *engine.Engine
	logger  *slog.Logger
	mux     *http.ServeMux
	routes  []string
	handler http.Handler
	metrics *metrics

	// views are derived once from the immutable charter.
	views *charterViews
	// power caches exact power indices per body and rule: they depend on
	// the charter only. powerSlot lets one computation run at a time.
	power     sync.Map
	powerSlot chan struct{}
	review    reviewOnce

	mu  sync.Mutex
	srv *http.Server
	ln  net.Listener
}

// NewServer builds a server for cfg. It fails with an EINVALID error when
// cfg has no charter.
func NewServer(cfg Config) (*Server, error) {
	if cfg.Charter == nil {
		return nil, jirga.Errorf(jirga.EINVALID, "http: a server needs a charter")
	}
	if cfg.Engine == nil {
		e, err := engine.New(cfg.Charter)
		if err != nil {
			return nil, fmt.Errorf("http: compile charter: %w", err)
		}
		cfg.Engine = e
	}
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
	s := &Server{
		cfg:     cfg,
		charter: cfg.Charter,
		engine:  cfg.Engine,
		logger:  cfg.Logger,
		mux:     http.NewServeMux(),

		powerSlot: make(chan struct{}, 1),
	}
	s.views = newCharterViews(s.charter, s.engine)
	s.metrics = newMetrics(nil)
	for _, rt := range s.routeTable() {
		s.handle(rt.pattern, rt.fn)
	}
	s.mux.Handle("GET /metrics", s.metrics.handler())
	s.routes = append(s.routes, "GET /metrics")
	if cfg.UI != nil {
		s.mux.Handle("/", cfg.UI)
	}
	s.handler = s.middleware(s.mux)
	return s, nil
}

// handlerFunc is a handler that returns its error for the server to write.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle registers fn under a ServeMux pattern such as "GET /api/laws/{id}".
func (s *Server) handle(pattern string, fn handlerFunc) {
	s.routes = append(s.routes, pattern)
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				err = &jirga.Error{Code: ETIMEOUT, Message: "the request took longer than " + s.cfg.RequestTimeout.String()}
			}
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
