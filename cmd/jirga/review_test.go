package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// runReviewCLI runs jirga with args from the repository's root and returns
// the exit code, stdout and stderr.
func runReviewCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir("../..")
	var stdout, stderr bytes.Buffer
	code := Run(args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestReviewGolden(t *testing.T) {
	code, out, errOut := runReviewCLI(t, "review", "examples/afghanistan")
	if code != exitFailure {
		t.Errorf("exit %d, want %d (the example has error findings); stderr: %s", code, exitFailure, errOut)
	}
	// The golden file is maintained by the review package's tests
	// (go test ./review -run Golden -update).
	want, err := os.ReadFile("review/testdata/afghanistan.golden")
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("output differs from review/testdata/afghanistan.golden:\n%s", out)
	}
}

func TestReviewSeverityAndJSON(t *testing.T) {
	code, out, _ := runReviewCLI(t, "review", "--severity", "error", "--json", "examples/afghanistan")
	if code != exitFailure {
		t.Errorf("exit %d, want %d", code, exitFailure)
	}
	var report struct {
		Findings []struct {
			Severity, Code, Law, Rule, Message, Certainty string
			Pos                                           struct {
				File      string
				Line, Col int
			}
		} `json:"findings"`
		Summary map[string]int `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if report.Summary["errors"] != 7 || report.Summary["warnings"] != 0 || report.Summary["info"] != 0 {
		t.Errorf("summary %v, want 7 errors and nothing else", report.Summary)
	}
	if len(report.Findings) != 7 {
		t.Fatalf("%d findings, want 7", len(report.Findings))
	}
	first := report.Findings[0]
	if first.Code != "ultra_vires" || first.Law != "national-dress-code" || first.Pos.File != "examples/afghanistan/laws/national/dress-code.yaml" || first.Pos.Line != 5 || first.Certainty != "certain" {
		t.Errorf("first finding %+v", first)
	}
}

func TestReviewExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		stdout string // a substring
		stderr string
	}{
		{[]string{"review", "review/testdata/base"}, exitOK, "review/testdata/base: 0 errors, 0 warnings, 0 info\n", ""},
		{[]string{"review", "--severity", "warning", "examples/afghanistan"}, exitFailure, "examples/afghanistan: 7 errors, 6 warnings, 0 info\n", ""},
		{[]string{"review", "--json", "review/testdata/base"}, exitOK, `"findings": []`, ""},
		{[]string{"review", "charter/testdata/broken-small"}, exitFailure, "the charter is invalid", ""},
		{[]string{"review"}, exitUsage, "", "jirga review needs DIR"},
		{[]string{"review", "--severity", "fatal", "examples/afghanistan"}, exitUsage, "", `unknown severity "fatal"`},
		{[]string{"review", "--bogus", "examples/afghanistan"}, exitUsage, "", "unknown flag"},
		{[]string{"review", "no/such/dir"}, exitUsage, "", "no/such/dir"},
		{[]string{"review", "--help"}, exitOK, "territorial_law_in_communal_domain", ""},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, out, errOut := runReviewCLI(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
			if !strings.Contains(out, tc.stdout) {
				t.Errorf("stdout %q does not contain %q", out, tc.stdout)
			}
			if !strings.Contains(errOut, tc.stderr) {
				t.Errorf("stderr %q does not contain %q", errOut, tc.stderr)
			}
		})
	}
}
