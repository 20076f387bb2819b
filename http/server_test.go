package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/examples"
	jhttp "github.com/jirga/jirga/http"
)

var (
	afOnce    sync.Once
	afCharter *charter.Charter
	afEngine  *engine.Engine
	afErr     error
)

// afghanistan loads the embedded flagship charter once per test binary.
func afghanistan(t testing.TB) (*charter.Charter, *engine.Engine) {
	t.Helper()
	afOnce.Do(func() {
		afCharter, afErr = charter.LoadFS(examples.Afghanistan(), examples.AfghanistanName)
		if afErr == nil {
			afEngine, afErr = engine.New(afCharter)
		}
	})
	if afErr != nil {
		t.Fatal(afErr)
	}
	return afCharter, afEngine
}

// startServer runs a real server on 127.0.0.1:0 and returns its base URL.
func startServer(t testing.TB, cfg jhttp.Config) (*jhttp.Server, string) {
	t.Helper()
	if cfg.Charter == nil {
		cfg.Charter, cfg.Engine = afghanistan(t)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s, err := jhttp.NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Open("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return s, s.URL()
}

// response is a decoded reply.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// apiError decodes an error body, failing the test if it is not one.
func (r response) apiError(t testing.TB) jhttp.ErrorBody {
	t.Helper()
	var e jhttp.ErrorResponse
	r.decode(t, &e)
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("not an error body: %s", r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("error Content-Type = %q", ct)
	}
	return e.Error
}

func do(t testing.TB, method, url string, body string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, b}
}

func get(t testing.TB, url string) response { t.Helper(); return do(t, "GET", url, "") }

func post(t testing.TB, url, body string) response { t.Helper(); return do(t, "POST", url, body) }

func TestHealthz(t *testing.T) {
	t.Parallel()
	c, _ := afghanistan(t)
	_, url := startServer(t, jhttp.Config{Version: "test"})
	r := get(t, url+"/healthz")
	var h jhttp.Health
	r.decode(t, &h)
	if r.status != 200 || h.Status != "ok" || h.Charter != "afghanistan" || h.Hash != c.Hash || h.Version != "test" {
		t.Errorf("healthz = %d %+v", r.status, h)
	}
}

func TestRouterErrorsAreJSON(t *testing.T) {
	t.Parallel()
	_, url := startServer(t, jhttp.Config{})
	for _, tc := range []struct {
		method, path string
		status       int
		code, want   string
	}{
		{"GET", "/api/nothing", 404, "not_found", "no such endpoint: GET /api/nothing"},
		{"GET", "/", 404, "not_found", "no such endpoint"},
		{"DELETE", "/api/charter", 405, "method_not_allowed", "DELETE is not allowed on /api/charter; allowed: GET, HEAD"},
		{"PUT", "/api/ask", 405, "method_not_allowed", "allowed: GET, HEAD, POST"},
	} {
		r := do(t, tc.method, url+tc.path, "")
		e := r.apiError(t)
		if r.status != tc.status || e.Code != tc.code || !strings.Contains(e.Message, tc.want) {
			t.Errorf("%s %s = %d %+v; want %d %s %q", tc.method, tc.path, r.status, e, tc.status, tc.code, tc.want)
		}
	}
}

// With the web UI mounted at /, the UI serves what the API does not, and
// unknown API paths stay JSON errors.
func TestUIMount(t *testing.T) {
	t.Parallel()
	ui := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<p>page "+r.URL.Path+"</p>")
	})
	_, url := startServer(t, jhttp.Config{UI: ui})
	if r := get(t, url+"/territories/AF-KAN"); r.status != 200 || string(r.body) != "<p>page /territories/AF-KAN</p>" {
		t.Errorf("UI: %d %s", r.status, r.body)
	}
	for _, tc := range []struct {
		method, path string
		status       int
		want         string
	}{
		{"GET", "/api/nothing", 404, "no such endpoint: GET /api/nothing"},
		{"DELETE", "/api/charter", 405, "DELETE is not allowed on /api/charter; allowed: GET, HEAD"},
		{"PUT", "/api/ask", 405, "allowed: GET, HEAD, POST"},
		{"GET", "/api/envelopes", 405, "allowed: POST"},
	} {
		r := do(t, tc.method, url+tc.path, "")
		if e := r.apiError(t); r.status != tc.status || !strings.Contains(e.Message, tc.want) {
			t.Errorf("%s %s: %d %+v", tc.method, tc.path, r.status, e)
		}
		if tc.status == 405 && r.header.Get("Allow") == "" {
			t.Errorf("%s %s: no Allow header", tc.method, tc.path)
		}
	}
	if r := get(t, url+"/healthz"); r.status != 200 {
		t.Errorf("healthz: %d", r.status)
	}
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	_, url := startServer(t, jhttp.Config{MaxBodyBytes: 64})
	big := `{"at":"AF-KAN","action":"attend_secondary_school","person":{"age":14,"sex":"female","communities":["hanafi"]}}`
	// Declared length over the limit: refused before reading.
	r := post(t, url+"/api/ask", big)
	if e := r.apiError(t); r.status != 413 || e.Code != "too_large" || !strings.Contains(e.Message, "limit of 64 bytes") {
		t.Errorf("declared length: %d %+v", r.status, e)
	}
	// Chunked body with no declared length: refused while reading.
	req, _ := http.NewRequest("POST", url+"/api/ask", io.MultiReader(strings.NewReader(big)))
	req.ContentLength = -1
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	r = response{resp.StatusCode, resp.Header, b}
	if e := r.apiError(t); r.status != 413 || e.Code != "too_large" {
		t.Errorf("chunked: %d %+v", r.status, e)
	}
	// Under the limit, the same endpoint answers.
	r = post(t, url+"/api/ask", `{"at":"AF-TAK","action":"broadcast_music"}`)
	if r.status != 200 {
		t.Errorf("small body: %d %s", r.status, r.body)
	}
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	_, url := startServer(t, jhttp.Config{})
	get(t, url+"/api/charter")
	get(t, url+"/api/laws/nope")
	get(t, url+"/api/nothing")
	r := get(t, url+"/metrics")
	if r.status != 200 {
		t.Fatalf("metrics: %d", r.status)
	}
	for _, want := range []string{
		`jirga_http_requests_total{code="200",route="GET /api/charter"} 1`,
		`jirga_http_requests_total{code="404",route="GET /api/laws/{id}"} 1`,
		`jirga_http_requests_total{code="404",route="/api/"} 1`,
		`jirga_http_request_duration_seconds_count{route="GET /api/charter"} 1`,
		`go_goroutines`,
	} {
		if !bytes.Contains(r.body, []byte(want)) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestCloseIsGraceful(t *testing.T) {
	t.Parallel()
	s, url := startServer(t, jhttp.Config{})
	if r := get(t, url+"/healthz"); r.status != 200 {
		t.Fatal(r.status)
	}
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Error("server still answers after Close")
	}
}

// One log line per request; an error answered says which.
func TestRequestLog(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	_, url := startServer(t, jhttp.Config{Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	get(t, url+"/api/laws/kandahar-education-law")
	get(t, url+"/api/laws/nope")
	// The line is written once the answer has gone: wait for it.
	var lines []string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if lines = strings.Split(strings.TrimSpace(buf.String()), "\n"); len(lines) >= 2 {
			break
		}
	}
	if len(lines) != 2 || !strings.Contains(lines[0], `msg=request method=GET path=/api/laws/kandahar-education-law route="GET /api/laws/{id}" status=200`) ||
		strings.Contains(lines[0], "error=") ||
		!strings.Contains(lines[1], `status=404`) || !strings.Contains(lines[1], `error="not_found: no law \"nope\""`) {
		t.Errorf("log:\n%s", buf.String())
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }
