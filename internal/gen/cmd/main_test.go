package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var stderr bytes.Buffer
	if code := run([]string{"-rules", "120", "-questions", "7", "-out", dir}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(filepath.Join(dir, "questions.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "\n"); n != 7 {
		t.Errorf("%d questions, want 7", n)
	}
	ch, err := os.ReadFile(filepath.Join(dir, "charter.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(ch, []byte("120 rules")) {
		t.Errorf("charter.yaml does not say it has 120 rules:\n%s", ch[:200])
	}
}

func TestRunUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{}, {"-rules", "-1", "-out", "x"}, {"-out", "x", "extra"}, {"-nope"}} {
		var stderr bytes.Buffer
		if code := run(args, &stderr); code != 2 {
			t.Errorf("run(%q) = %d, want 2", args, code)
		}
		if !strings.Contains(stderr.String(), "usage") && !strings.Contains(stderr.String(), "flag provided but not defined") {
			t.Errorf("run(%q) printed no usage: %q", args, stderr.String())
		}
	}
}
