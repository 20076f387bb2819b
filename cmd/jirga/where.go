package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/jirga/jirga/engine"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newWhereCommand) }

type whereFlags struct {
	person, context, level string
	wants, refuses         []string
	asJSON, all            bool
}

func newWhereCommand() *cobra.Command {
	var f whereFlags
	cmd := &cobra.Command{
		Use:   "where DIR --person JSON --wants ACTIONS [--refuses ACTIONS]",
		Short: "Where can this person live by their own ideals?",
		Long: `Where ranks every territory (of the deepest level, or --level) for one
person: --wants lists actions the person wants to be permitted there,
--refuses lists actions the person must not be obliged to do there.

A territory is livable when every wanted action is permitted (or obliged)
and no refused action is obliged. Livable territories come first, then
those meeting the most wishes; for each territory that fails, where says
which wish fails and which rule decides it, with its file:line:col.

This is "live by your own ideals wherever you choose" made concrete: the
person's own community law goes with them everywhere; territorial law
changes from place to place.`,
		Example: `  jirga where examples/afghanistan \
    --person '{"age":15,"sex":"female","communities":["jafari"]}' \
    --wants attend_secondary_school,appear_unveiled_in_public --refuses pray_in_public
  jirga where examples/afghanistan --person @me.json --wants broadcast_music --json`,
		Args: exactArgs(1, "DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(f.wants) == 0 && len(f.refuses) == 0 {
				return usageError("where needs --wants or --refuses\nrun 'jirga where --help' for usage")
			}
			e, err := loadEngine(args[0])
			if err != nil {
				return err
			}
			facts, err := parseFacts(e, f.person, f.context)
			if err != nil {
				return err
			}
			places, err := e.Where(facts, f.wants, f.refuses, f.level)
			if err != nil {
				return err
			}
			if f.asJSON {
				return writeJSON(cmd.OutOrStdout(), engine.NewWhereReport(places))
			}
			printWhere(cmd.OutOrStdout(), places, f.all)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.person, "person", "{}", "person attributes as JSON, or @file.json")
	fl.StringVar(&f.context, "context", "{}", "context attributes as JSON, or @file.json")
	fl.StringSliceVar(&f.wants, "wants", nil, "actions the person wants to be permitted (comma-separated)")
	fl.StringSliceVar(&f.refuses, "refuses", nil, "actions the person must not be obliged to do (comma-separated)")
	fl.StringVar(&f.level, "level", "", "rank territories of this level (default: the deepest)")
	fl.BoolVar(&f.asJSON, "json", false, "print the ranking as JSON")
	fl.BoolVar(&f.all, "all", false, "explain every excluded territory, not only the first ten")
	return cmd
}

func printWhere(w io.Writer, places []engine.Placement, all bool) {
	var ok, not []string
	for _, p := range places {
		if p.Livable {
			ok = append(ok, fmt.Sprintf("%s (%s)", p.Territory.Name, p.Territory.ID))
		}
	}
	fmt.Fprintf(w, "Livable in %d of %d territories", len(ok), len(places))
	if len(ok) > 0 {
		fmt.Fprintf(w, ":\n  %s\n", strings.Join(ok, ", "))
	} else {
		fmt.Fprintln(w, ".")
	}
	shown := 0
	for _, p := range places {
		if p.Livable {
			continue
		}
		if shown == 10 && !all {
			not = append(not, p.Territory.ID)
			continue
		}
		if shown == 0 {
			fmt.Fprintln(w, "\nNot livable:")
		}
		shown++
		fmt.Fprintf(w, "  %s (%s) — %d wishes met\n", p.Territory.Name, p.Territory.ID, p.Met)
		for _, f := range p.Failures {
			wish := "wants " + f.Action + " but it is " + string(f.Verdict)
			if !f.Wanted {
				wish = "refuses " + f.Action + " but it is " + string(f.Verdict)
			}
			fmt.Fprintf(w, "    ✘ %s\n", wish)
			for _, b := range f.Because {
				if b.Kind == "rule" {
					fmt.Fprintf(w, "        by %s %s/%s at %s:%d:%d\n", b.Effect, b.Law, b.Rule, b.File, b.Line, b.Col)
				} else {
					fmt.Fprintf(w, "        %s\n", b.Reason)
				}
			}
		}
	}
	if len(not) > 0 {
		fmt.Fprintf(w, "  … and %d more not livable (%s); --all explains each\n", len(not), strings.Join(not, ", "))
	}
}
