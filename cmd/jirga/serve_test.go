package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jirga/jirga/charter"
)

// helperEnv makes the test binary act as the jirga command (see
// TestJirgaHelper), so that tests can run it as a process and signal it.
const helperEnv = "JIRGA_TEST_HELPER_ARGS"

// TestJirgaHelper is not a test: run with helperEnv set, it runs the CLI
// with the arguments in that variable (newline-separated) and exits.
func TestJirgaHelper(t *testing.T) {
	args, ok := os.LookupEnv(helperEnv)
	if !ok {
		return
	}
	os.Exit(Run(strings.Split(args, "\n"), os.Stdin, os.Stdout, os.Stderr))
}

// jirgaProcess starts the CLI as a process with args and extra environment.
func jirgaProcess(t *testing.T, env []string, args ...string) (*exec.Cmd, io.Reader) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestJirgaHelper$")
	cmd.Env = append(append(os.Environ(), helperEnv+"="+strings.Join(args, "\n")), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd, stderr
}

var servingURL = regexp.MustCompile(`msg=serving .* url=(http://\S+)`)

// waitServing reads the server's log until it says where it serves.
func waitServing(t *testing.T, stderr io.Reader) (string, *bufio.Scanner) {
	t.Helper()
	sc := bufio.NewScanner(stderr)
	var log strings.Builder
	for sc.Scan() {
		if m := servingURL.FindStringSubmatch(sc.Text()); m != nil {
			return m[1], sc
		}
		log.WriteString(sc.Text() + "\n")
	}
	t.Fatalf("the server exited before serving:\n%s", log.String())
	return "", nil
}

func TestServeBuiltInCharter(t *testing.T) {
	t.Parallel()
	start := time.Now()
	db := filepath.Join(t.TempDir(), "jirga.db")
	cmd, stderr := jirgaProcess(t, []string{envAddr + "=127.0.0.1:0", "JIRGA_DB=" + db}, "serve")
	url, sc := waitServing(t, stderr)
	resp, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var h struct{ Status, Charter, Hash string }
	json.NewDecoder(resp.Body).Decode(&h)
	resp.Body.Close()
	t.Logf("ready after %v", time.Since(start))
	// The built-in charter is the examples/afghanistan directory, file for
	// file: same hash.
	c, err := charter.Load("../../examples/afghanistan")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || h.Status != "ok" || h.Charter != "afghanistan" || h.Hash != c.Hash {
		t.Errorf("healthz: %d %+v, want the hash %s", resp.StatusCode, h, c.Hash)
	}
	resp, err = http.Post(url+"/api/ask", "application/json", strings.NewReader(
		`{"at":"AF-KAN","action":"attend_secondary_school","person":{"age":14,"sex":"female","communities":["hanafi"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	var ans struct{ Verdict string }
	json.NewDecoder(resp.Body).Decode(&ans)
	resp.Body.Close()
	if ans.Verdict != "forbidden" {
		t.Errorf("ask: %s", ans.Verdict)
	}

	// SIGTERM: a graceful shutdown and exit 0.
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var rest strings.Builder
	for sc.Scan() {
		rest.WriteString(sc.Text() + "\n")
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v\n%s", err, rest.String())
	}
	if !strings.Contains(rest.String(), `msg="shutting down"`) || !strings.Contains(rest.String(), `path=/api/ask route="POST /api/ask" status=200`) {
		t.Errorf("log:\n%s", rest.String())
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("JIRGA_DB: %v", err)
	}
}

func TestServeCharterFlag(t *testing.T) {
	t.Parallel()
	cmd, stderr := jirgaProcess(t, nil, "serve", "--charter", "../../examples/un-security-council", "--no-ledger", "--addr", "127.0.0.1:0", "--log-format", "json")
	sc := bufio.NewScanner(stderr)
	var url string
	for url == "" && sc.Scan() {
		var line struct{ Msg, URL, Charter string }
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "serving" {
			url = line.URL
			if line.Charter != "../../examples/un-security-council" {
				t.Errorf("charter %q", line.Charter)
			}
		}
	}
	if url == "" {
		t.Fatal("not serving")
	}
	resp, err := http.Get(url + "/api/charter")
	if err != nil {
		t.Fatal(err)
	}
	var v struct{ ID string }
	json.NewDecoder(resp.Body).Decode(&v)
	resp.Body.Close()
	if v.ID != "un-security-council" {
		t.Errorf("serving %q", v.ID)
	}
	cmd.Process.Signal(syscall.SIGINT)
	go io.Copy(io.Discard, stderr)
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit after SIGINT: %v", err)
	}
}

func TestServeErrors(t *testing.T) {
	t.Parallel()
	broken := filepath.Join("..", "..", "charter", "testdata", "broken-small")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "--charter", broken, "--no-ledger", "--addr", "127.0.0.1:0"}, 1, "unknown body"},
		{[]string{"serve", "--charter", "does/not/exist", "--no-ledger"}, 1, "cannot read charter"},
		{[]string{"serve", "--no-ledger", "--db", "x.db"}, 2, "--no-ledger goes without --db and --delegates"},
		{[]string{"serve", "--log-level", "loud"}, 2, "--log-level must be debug, info, warn or error"},
		{[]string{"serve", "--log-format", "xml"}, 2, "--log-format must be text or json"},
		{[]string{"serve", "--max-body", "0"}, 2, "must be positive"},
		{[]string{"serve", "--no-ledger", "--addr", "256.0.0.1:99999"}, 1, "listen on 256.0.0.1:99999"},
		{[]string{"serve", "extra"}, 2, "unknown command"},
	} {
		code, out, errs := run(t, "", tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.want) {
			t.Errorf("%v: exit %d, %s%s; want %d and %q", tc.args, code, out, errs, tc.code, tc.want)
		}
	}
}
