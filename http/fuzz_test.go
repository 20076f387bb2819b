package http_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jirga/jirga/charter"
	jhttp "github.com/jirga/jirga/http"
)

// FuzzRequests sends arbitrary bodies and queries to every endpoint that
// parses input. Whatever comes in, the server answers with JSON: a result,
// or an error whose status is the one its code maps to; it never panics
// (a panic would be a 500 with code internal, which fails here too).
func FuzzRequests(f *testing.F) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	c, e := afghanistan(f)
	s, err := jhttp.NewServer(jhttp.Config{Charter: c, Engine: e, MaxBodyBytes: 4096, MaxSeats: 500, Logger: quiet})
	if err != nil {
		f.Fatal(err)
	}
	// Power indices of the 39-member Afghan council take seconds (more
	// under the fuzzer's instrumentation): power is fuzzed on the
	// 15-member Security Council.
	unsc, err := charter.Load(filepath.Join("..", "examples", "un-security-council"))
	if err != nil {
		f.Fatal(err)
	}
	small, err := jhttp.NewServer(jhttp.Config{Charter: unsc, MaxBodyBytes: 4096, MaxSamples: 1000, Logger: quiet})
	if err != nil {
		f.Fatal(err)
	}
	targets := []string{"POST /api/ask", "POST /api/where", "POST /api/tally", "POST /api/allocate",
		"GET /api/ask", "GET /api/where", "GET /api/power", "GET /api/territories", "GET /api/laws", "GET /api/review"}
	for i, seed := range []string{
		`{"at":"AF-KAN","action":"attend_secondary_school","person":{"age":14,"sex":"female","communities":["hanafi"]}}`,
		`{"person":{"age":14},"wants":["attend_secondary_school"],"refuses":["pray_in_public"],"level":"province"}`,
		`{"body":"national-council","rule":"ordinary-majority","votes":{"bench-iea":"yes"}}`,
		`{"method":"dhondt","seats":3,"votes":"A,10\nB,5\n","tie_break":"lot:3"}`,
		`at=AF-KAN&action=vote&person={"age":3}`,
		`person={"communities":["jafari"]}&wants=a,b,,c&refuses=`,
		`body=security-council&rule=vital_interest&estimate=true&samples=10&seed=2`,
		`level=province&parent=AF`,
		`territory=AF-KAN&domain=education&community=x`,
		`min=warning&code=conflict&law=kandahar-education-law`,
	} {
		f.Add(uint8(i), seed)
	}
	f.Add(uint8(0), `{"id":[1,{"x":null}],"at":"","action":"","person":null,"context":{"ramadan":"yes"}}`)
	f.Add(uint8(3), `{"method":"hare","seats":-1,"votes":[{"party":"A","votes":1e99}]}`)
	f.Fuzz(func(t *testing.T, which uint8, input string) {
		method, path, _ := strings.Cut(targets[int(which)%len(targets)], " ")
		var req = httptest.NewRequest(method, path, strings.NewReader(input))
		if method == "GET" {
			req = httptest.NewRequest(method, path, nil)
			req.URL.RawQuery = input
		}
		h := s.Handler()
		if path == "/api/power" {
			h = small.Handler()
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("%s %q: not JSON: %s", path, input, w.Body.Bytes())
		}
		if w.Code == 200 {
			return
		}
		var e jhttp.ErrorResponse
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Code == "" {
			t.Fatalf("%s %q: %d without an error body: %s", path, input, w.Code, w.Body.Bytes())
		}
		if e.Error.Code == "internal" || jhttp.Status(e.Error.Code) != w.Code {
			t.Fatalf("%s %q: %d %+v", path, input, w.Code, e.Error)
		}
	})
}
