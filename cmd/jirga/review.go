package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/review"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newReviewCommand) }

// reviewReport is the JSON form of jirga review.
type reviewReport struct {
	Findings []review.Finding `json:"findings"`
	Summary  review.Summary   `json:"summary"`
}

func newReviewCommand() *cobra.Command {
	var asJSON bool
	var severity string
	cmd := &cobra.Command{
		Use:   "review DIR",
		Short: "Constitutional review: check the laws against the charter",
		Long: `Review checks every law of the charter in DIR against the charter itself,
the way a constitutional court would, and prints each finding as

  file:line:col: severity: code: message

sorted by file and line, then a summary. It reports:

  ultra_vires                          error    a law enacted by a level the domain's
                                                competence does not give it (void)
  territorial_law_in_communal_domain   error    a territorial law in a communal
                                                (personal-law) domain (void)
  protected_action_forbidden           error    a rule forbidding an action a right
                                                protects (void)
  binds_non_members                    error    a territorial rule in a belief domain
                                                under non-coercion (void)
  conflict                             error    oblige and forbid both apply to someone:
                                                ask answers conflict
                                       warning  permit and forbid both apply: forbid wins
  possible_conflict                    warning  as conflict, but a condition is outside
                                                what review decides statically
  shadowed                             warning  a rule that never changes an answer,
                                                because another always applies with it
  never_holds                          warning  a condition that can never hold
  bounded                              info     under concurrent competence a higher
                                                level's rule prevails over this one

Conflicts, shadowing and never_holds come from a static analysis of the
rules' conditions: comparisons of attributes with constants, enumerated
values, booleans, community membership and the place, joined by &&, || and
!. A conflict comes with an example of a person and place to whom both
rules apply. Anything else in a condition makes a conflict "possible".
Void rules are reported once and otherwise ignored: they never bind.
docs/review.md explains every finding with examples.

Exit status: 0 when there is no error finding, 1 when there is one (or
the charter does not load: its diagnostics are printed), 2 on a usage
error.`,
		Example: `  jirga review examples/afghanistan
  jirga review --severity error examples/afghanistan
  jirga review --json examples/afghanistan | jq '.findings[] | select(.code == "conflict")'`,
		Args: exactArgs(1, "DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			min, err := review.ParseSeverity(severity)
			if err != nil {
				return usageError("--severity: %s", jirga.ErrorMessage(err))
			}
			return runReview(cmd.OutOrStdout(), args[0], min, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"findings": [...], "summary": {...}} as JSON`)
	cmd.Flags().StringVar(&severity, "severity", string(review.Info), "show findings of at least this severity: error, warning or info")
	return cmd
}

func runReview(w io.Writer, dir string, min review.Severity, asJSON bool) error {
	c, err := charter.Load(dir)
	if err != nil {
		var je *jirga.Error
		if !errors.As(err, &je) || c == nil {
			return usageError("%v", err)
		}
		for _, d := range je.Diagnostics {
			fmt.Fprintln(w, d.String())
		}
		fmt.Fprintf(w, "%s: the charter is invalid (%d %s); fix it before review (jirga check %s)\n",
			dir, len(je.Diagnostics), pluralize(len(je.Diagnostics), "error", "errors"), dir)
		return silentExit(exitFailure)
	}
	e, err := engine.New(c)
	if err != nil {
		return err
	}
	findings := review.AtLeast(review.Review(c, e), min)
	summary := review.Summarize(findings)
	if asJSON {
		if err := writeJSON(w, reviewReport{Findings: findings, Summary: summary}); err != nil {
			return err
		}
	} else if err := review.WriteText(w, dir, findings); err != nil {
		return err
	}
	if summary.Errors > 0 {
		return silentExit(exitFailure)
	}
	return nil
}
