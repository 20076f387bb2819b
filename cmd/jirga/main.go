// Command jirga checks, questions and runs power-sharing settlements.
//
// Each subcommand lives in its own file; this file wires them together and
// maps errors to exit codes: 0 success, 1 a negative result (an invalid
// charter, a failed check), 2 a usage error.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/jirga/jirga"
	"github.com/spf13/cobra"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// exitError carries an exit code through cobra without printing twice.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError marks err as a usage error (exit 2).
func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// silentExit ends the command with code, after the command has printed its
// own report.
func silentExit(code int) error { return &exitError{code: code} }

func main() {
	os.Exit(Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Run executes the CLI with args and returns the process exit code. Tests
// call it directly.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "jirga:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "jirga:", err)
	// Errors of jirga's own type are results (exit 1); anything else comes
	// from cobra's argument and flag parsing, which is a usage error.
	var je *jirga.Error
	if errors.As(err, &je) {
		return exitFailure
	}
	return exitUsage
}

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "jirga",
		Short: "Power-sharing settlements as executable, checkable code",
		Long: `jirga turns a power-sharing agreement into code that can be checked,
questioned and run.

A charter is a directory: charter.yaml (parties, communities, territories,
domains and their competence, actions, rights, bodies and their decision
rules) plus laws/**/*.yaml (the laws each body enacted). Start with:

  jirga check examples/afghanistan       validate a charter, every error at file:line:col
  jirga schema > charter.schema.json     JSON Schema for editor support

The language is described in docs/charter.md.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &exitError{code: exitUsage, err: fmt.Errorf("%w\nrun '%s --help' for usage", err, c.CommandPath())}
	})
	for _, add := range commands {
		root.AddCommand(add())
	}
	return root
}

// commands lists the constructors of the subcommands; each file registers
// its own in an init function.
var commands []func() *cobra.Command
