package http

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/jirga/jirga"
)

// middleware wraps the routes with what every request gets: a context
// deadline, a body size limit, recovery from panics, JSON bodies for the
// router's own 404 and 405, metrics and one log line.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		var ctx context.Context
		var cancel context.CancelFunc
		if r.URL.Path == exportPath {
			ctx, cancel = context.WithCancel(r.Context())
		} else {
			ctx, cancel = context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
		}
		defer cancel()
		r = r.WithContext(ctx)
		rw := &responseWriter{ResponseWriter: w, req: r}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.logger.LogAttrs(ctx, slog.LevelError, "panic", slog.String("method", r.Method), slog.String("path", r.URL.Path),
					slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())))
				if rw.status == 0 {
					s.Error(rw, r, fmt.Errorf("panic: %v", v))
				}
			}
			s.done(rw, r, start)
		}()
		if r.ContentLength > s.cfg.MaxBodyBytes {
			s.Error(rw, r, &http.MaxBytesError{Limit: s.cfg.MaxBodyBytes})
			return
		}
		r.Body = http.MaxBytesReader(rw, r.Body, s.cfg.MaxBodyBytes)
		next.ServeHTTP(rw, r)
	})
}

// done records a finished request in the metrics and the log.
func (s *Server) done(rw *responseWriter, r *http.Request, start time.Time) {
	elapsed := time.Since(start)
	route := r.Pattern
	if route == "" {
		route = "unmatched"
	}
	status := rw.status
	if status == 0 {
		status = http.StatusOK
	}
	s.metrics.observe(route, status, elapsed)
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	if !s.logger.Enabled(r.Context(), level) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Int64("bytes", rw.bytes),
		slog.Duration("duration", elapsed),
		slog.String("remote", r.RemoteAddr),
	}
	if rw.errCode != "" {
		attrs = append(attrs, slog.String("error", rw.errCode+": "+rw.errMessage))
	}
	s.logger.LogAttrs(r.Context(), level, "request", attrs...)
}

// responseWriter records the status and size of a response, and turns the
// router's plain-text 404 and 405 into JSON errors.
type responseWriter struct {
	http.ResponseWriter
	req     *http.Request
	status  int
	bytes   int64
	swallow bool // the router's text body is replaced by JSON
	// errCode and errMessage are those of the error answered, for the log.
	errCode, errMessage string
}

// WriteHeader records the status; a 404 or 405 from the router itself
// (a request no pattern matched) becomes a JSON error.
func (w *responseWriter) WriteHeader(code int) {
	if w.status != 0 {
		return
	}
	if w.req.Pattern == "" && (code == http.StatusNotFound || code == http.StatusMethodNotAllowed) {
		w.swallow = true
		err := jirga.Errorf(jirga.ENOTFOUND, "no such endpoint: %s %s (the API is described at /api/openapi.json)", w.req.Method, w.req.URL.Path)
		if code == http.StatusMethodNotAllowed {
			err = &jirga.Error{Code: EMETHODNOTALLOWED, Message: fmt.Sprintf("%s is not allowed on %s; allowed: %s", w.req.Method, w.req.URL.Path, w.Header().Get("Allow"))}
		}
		h := w.Header()
		h.Del("X-Content-Type-Options")
		body := errorBody(err)
		w.status = Status(body.Code)
		writeJSON(writerOnly{w.ResponseWriter, &w.bytes}, w.status, ErrorResponse{Error: body})
		return
	}
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Write counts the bytes written.
func (w *responseWriter) Write(b []byte) (int, error) {
	if w.swallow {
		return len(b), nil
	}
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// writerOnly writes to the underlying writer, counting bytes.
type writerOnly struct {
	http.ResponseWriter
	n *int64
}

func (w writerOnly) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	*w.n += int64(n)
	return n, err
}
