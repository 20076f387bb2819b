package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/jirga/jirga/apportion"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newAllocateCommand) }

type allocateFlags struct {
	method, threshold, tieBreak, tieVotes string
	seats                                 int
	asJSON                                bool
}

// methodNames are the methods' names for people.
var methodNames = map[string]string{
	apportion.DHondt:              "d'Hondt",
	apportion.SainteLague:         "Sainte-Laguë",
	apportion.ModifiedSainteLague: "modified Sainte-Laguë",
	apportion.HuntingtonHill:      "Huntington-Hill",
	apportion.Hare:                "largest remainder (Hare quota)",
	apportion.Droop:               "largest remainder (Droop quota)",
}

// decidedBy describes what broke a tie.
var decidedBy = map[string]string{
	apportion.TieVotes:     "more votes",
	apportion.TieSecondary: "more secondary votes (--tie-votes)",
	apportion.TieOrder:     "the --tie-break order",
	apportion.TieLot:       "lot",
}

func newAllocateCommand() *cobra.Command {
	var f allocateFlags
	cmd := &cobra.Command{
		Use:   "allocate --method METHOD --seats N FILE",
		Short: "Allocate seats or ministries among parties (d'Hondt, Sainte-Laguë, Hare, Droop...)",
		Long: `Allocate apportions N seats among the parties of FILE in proportion to
their votes, and prints each party's seats and the order in which the seats
were won.

Methods:
  dhondt                 divisors 1, 2, 3, ...
  sainte-lague           divisors 1, 3, 5, ...
  modified-sainte-lague  divisors 1.4, 3, 5, ...
  huntington-hill        divisors √(s(s+1)): every party first gets one seat
  hare                   largest remainder, quota votes/seats
  droop                  largest remainder, quota floor(votes/(seats+1)) + 1

In a divisor method each seat goes in turn to the party with the highest
quotient votes / divisor(seats already won); the picks list each quotient
exactly. The same sequence allocates ministries: in the Northern Ireland
Executive the parties' Assembly seats are the "votes" and each pick is a
department chosen in turn.

--threshold excludes the parties with less than that share of all votes
("5%", "1/20", "0.05"). Ties (equal quotients or remainders) are broken by
--tie-break: votes (more votes first; the default), lot or lot:SEED (a
seeded, reproducible lot), order:A,B,C (an explicit preference), or
secondary with --tie-votes FILE (more of other votes, such as first-
preference votes, first). Every rule ends with a lot (seed 0 unless given,
as in votes:SEED). Ties are reported.

FILE (or - for standard input) is CSV, "party,votes" one party a line with
an optional header (columns party and votes, or seats), or JSON,
{"DUP": 36, "SF": 28} or [{"party": "DUP", "votes": 36}].

Exit status: 0 on success; 1 on invalid input (each error at
file:line:col); 2 on a usage error.`,
		Example: `  # Northern Ireland Executive 2007: ten ministries by d'Hondt over seats,
  # ties broken by first-preference votes
  jirga allocate --method dhondt --seats 10 seats.csv --tie-break secondary --tie-votes first-prefs.csv

  # a list election with a 5% threshold, as JSON
  echo '{"A": 53000, "B": 24000, "C": 23000, "D": 4000}' |
    jirga allocate --method sainte-lague --seats 7 --threshold 5% --json -`,
		Args: exactArgs(1, "FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAllocate(cmd, args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.method, "method", "", "allocation method: "+strings.Join(apportion.Methods, ", "))
	fl.IntVar(&f.seats, "seats", 0, "number of seats (or ministries) to allocate")
	fl.StringVar(&f.threshold, "threshold", "", `least share of all votes to take part, e.g. "5%"`)
	fl.StringVar(&f.tieBreak, "tie-break", "", "votes, lot[:SEED], order:A,B,... or secondary (default votes)")
	fl.StringVar(&f.tieVotes, "tie-votes", "", "file of secondary votes for --tie-break secondary")
	fl.BoolVar(&f.asJSON, "json", false, "print the result as JSON")
	return cmd
}

func runAllocate(cmd *cobra.Command, path string, f allocateFlags) error {
	switch {
	case f.method == "":
		return usageError("allocate needs --method: one of %s", strings.Join(apportion.Methods, ", "))
	case !cmd.Flags().Changed("seats"):
		return usageError("allocate needs --seats N")
	}
	tb, err := apportion.ParseTieBreak(f.tieBreak)
	if err != nil {
		return usageError("%v", err)
	}
	if f.tieVotes != "" {
		if f.tieBreak == "" {
			tb.Rule = apportion.TieSecondary
		}
		if tb.Rule != apportion.TieSecondary {
			return usageError("--tie-votes goes with --tie-break secondary, not %q", f.tieBreak)
		}
		name, data, err := readInput(cmd.InOrStdin(), f.tieVotes, "tie votes")
		if err != nil {
			return err
		}
		ps, err := apportion.ReadVotes(name, data)
		if err != nil {
			return err
		}
		tb.Secondary, tb.SecondaryName = map[string]int64{}, "votes in "+name
		for _, p := range ps {
			tb.Secondary[p.Name] = p.Votes
		}
	} else if tb.Rule == apportion.TieSecondary {
		return usageError("--tie-break secondary needs --tie-votes FILE")
	}
	name, data, err := readInput(cmd.InOrStdin(), path, "votes")
	if err != nil {
		return err
	}
	parties, err := apportion.ReadVotes(name, data)
	if err != nil {
		return err
	}
	res, err := apportion.Allocate(parties, apportion.Options{Method: f.method, Seats: f.seats, Threshold: f.threshold, TieBreak: tb})
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	if f.asJSON {
		return writeJSON(w, res)
	}
	writeAllocation(w, res)
	return nil
}

// readInput reads a file, or standard input for "-".
func readInput(stdin io.Reader, path, what string) (string, []byte, error) {
	if path == "-" {
		data, err := io.ReadAll(io.LimitReader(stdin, 64<<20))
		if err != nil {
			return "", nil, usageError("cannot read %s from standard input: %v", what, err)
		}
		return "<stdin>", data, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", nil, usageError("cannot read %s: %v", what, err)
	}
	return path, data, nil
}

func writeAllocation(w io.Writer, r *apportion.Result) {
	fmt.Fprintf(w, "%s: %d seats among %d parties, %d votes", methodNames[r.Method], r.Seats, len(r.Parties), r.TotalVotes)
	if r.Threshold != "" {
		fmt.Fprintf(w, ", threshold %s", r.Threshold)
	}
	if r.Quota != nil {
		q, _ := r.Quota.Float64()
		fmt.Fprintf(w, ", quota %s (%.2f)", r.Quota.RatString(), q)
	}
	fmt.Fprintf(w, "\nties broken %s\n\n", r.TieBreak)
	nw, vw := len("party"), len("votes")
	for _, p := range r.Parties {
		nw, vw = max(nw, len([]rune(p.Name))), max(vw, len(fmt.Sprint(p.Votes)))
	}
	fmt.Fprintf(w, "%-*s  %*s  seats\n", nw, "party", vw, "votes")
	for _, p := range r.Parties {
		note := ""
		if p.Excluded {
			note = "  below the threshold"
		}
		fmt.Fprintf(w, "%s%s  %*d  %5d%s\n", p.Name, strings.Repeat(" ", nw-len([]rune(p.Name))), vw, p.Votes, p.Seats, note)
	}
	if len(r.Picks) == 0 {
		return
	}
	fmt.Fprintln(w, "\npicks:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rank\tparty\tseat\tdivisor\tquotient\t\ttied with")
	for _, p := range r.Picks {
		div, value := p.Divisor, ""
		switch {
		case p.Basis == apportion.BasisRemainder:
			div = "remainder"
			value = fmt.Sprintf("%.2f", p.QuotientFloat)
		case p.Basis == apportion.BasisQuota:
			div = "full quota"
		case p.QuotientText != "∞":
			value = fmt.Sprintf("%.4f", p.QuotientFloat)
		}
		text := p.QuotientText
		if p.Basis == apportion.BasisQuota {
			text = ""
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\n", p.Rank, p.Party, p.PartySeat, div, text, value, strings.Join(p.Tied, ", "))
	}
	tw.Flush()
	for _, t := range r.Ties {
		fmt.Fprintf(w, "tie at pick %d between %s: to %s, by %s\n", t.Rank, strings.Join(t.Parties, ", "), t.Winner, decidedBy[t.DecidedBy])
	}
}
