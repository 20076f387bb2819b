package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newCheckCommand) }

// checkReport is the JSON form of jirga check.
type checkReport struct {
	Valid   bool               `json:"valid"`
	Errors  []jirga.Diagnostic `json:"errors"`
	Summary charter.Summary    `json:"summary"`
}

func newCheckCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "check DIR",
		Short: "Validate a charter and report every error at file:line:col",
		Long: `Check loads the charter in DIR (charter.yaml and laws/**/*.yaml) and
reports every problem it finds, not only the first, each as
file:line:col: message (hint).

It checks unknown keys, dangling references (with the nearest valid id),
duplicate ids, cycles in the territory tree, actions in unknown domains,
conditions that do not type-check against the person schema, laws whose
scope does not fit their enacting body, and decision rules.

Exit status: 0 when the charter is valid, 1 when it is not, 2 on a usage
error.`,
		Example: `  jirga check examples/afghanistan
  jirga check --json examples/afghanistan | jq .summary`,
		Args: exactArgs(1, "DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd.OutOrStdout(), args[0], asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}

func runCheck(w io.Writer, dir string, asJSON bool) error {
	c, err := charter.Load(dir)
	var je *jirga.Error
	if err != nil && (!errors.As(err, &je) || c == nil) {
		return usageError("%v", err)
	}
	report := checkReport{Valid: err == nil, Errors: []jirga.Diagnostic{}, Summary: c.Summary()}
	if je != nil {
		report.Errors = je.Diagnostics
	}
	if asJSON {
		if err := writeJSON(w, report); err != nil {
			return err
		}
	} else {
		for _, d := range report.Errors {
			fmt.Fprintln(w, d.String())
		}
		s := report.Summary
		status := "valid"
		if !report.Valid {
			status = fmt.Sprintf("INVALID: %d %s", len(report.Errors), pluralize(len(report.Errors), "error", "errors"))
		}
		fmt.Fprintf(w, "%s: %s — %d parties, %d communities, %d territories, %d domains, %d actions, %d bodies, %d laws, %d rules\n",
			dir, status, s.Parties, s.Communities, s.Territories, s.Domains, s.Actions, s.Bodies, s.Laws, s.Rules)
	}
	if !report.Valid {
		return silentExit(exitFailure)
	}
	return nil
}

func pluralize(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writeJSON writes v as indented JSON and a newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// exactArgs is cobra.ExactArgs with a message that names the arguments.
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError("%s needs %s (got %d arguments)\nrun '%s --help' for usage", cmd.CommandPath(), names, len(args), cmd.CommandPath())
		}
		return nil
	}
}
