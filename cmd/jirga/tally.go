package main

import (
	"fmt"
	"io"
	"math/big"
	"os"
	"strconv"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/rules"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newTallyCommand) }

type tallyFlags struct {
	body, rule, votes string
	asJSON            bool
}

func newTallyCommand() *cobra.Command {
	var f tallyFlags
	cmd := &cobra.Command{
		Use:   "tally DIR --body BODY --rule RULE --votes FILE",
		Short: "Tally a vote under a body's decision rule, clause by clause",
		Long: `Tally counts a division of a body of the charter in DIR under one of the
body's decision rules, and says whether the motion passed and why: every
clause of the rule (each threshold, quorum and veto, and the all/any/not
that combine them), whether it held, what was counted among which base,
what it required, and by how much it held or failed. Arithmetic is exact:
"2/3", "65%" and half cantonal votes are rationals, never rounded.

--rule names a rule of the body by id, or by a proposal kind it decides
(e.g. vital_interest). --votes names a file, or - for standard input, in
one of these forms (members not listed are absent):

  CSV    member,vote            one ballot a line; vote is yes, no, abstain,
                                veto (no with veto) or absent
         member,yes,no          citizen votes of a territorial member (a
                                canton's yes and no counts)
         an optional header line names the columns; # starts a comment
  JSON   {"china": "yes", "russia": "no"}
         {"ZH": {"yes": 1200, "no": 800}, "BS": {"yes": 300, "no": 310}}
         [{"member": "china", "vote": "yes"}, {"member": "ZH", "yes": 5, "no": 3}]

A member that reports citizen counts votes yes when its yes exceed its
no, no when its no exceed its yes, and abstains on a tie. Abstentions and
absences count as the rule's bases say: base all counts every member,
present those who cast any vote, voting those who voted yes, no or veto.
The language is described in docs/rules.md.

Exit status: 0 when the tally was made, whether the motion passed or
failed (read PASSED/FAILED, or "passed" in --json); 1 on invalid input (an
invalid charter, an unknown body or rule, a bad votes file: each error at
file:line:col, an unknown member with the nearest valid id); 2 on a usage
error.`,
		Example: `  jirga tally examples/un-security-council --body security-council --rule substantive --votes votes.csv
  printf 'united-states,abstain\nchina,yes\n' | jirga tally examples/un-security-council \
    --body security-council --rule substantive --votes -
  jirga tally examples/eu-council --body council --rule qmv --votes votes.json --json | jq .passed`,
		Args: exactArgs(1, "DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTally(cmd, args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.body, "body", "", "id of the body that votes")
	fl.StringVar(&f.rule, "rule", "", "id of the body's decision rule, or a proposal kind it decides")
	fl.StringVar(&f.votes, "votes", "", "votes file (CSV or JSON), or - for standard input")
	fl.BoolVar(&f.asJSON, "json", false, "print the outcome as JSON")
	return cmd
}

func runTally(cmd *cobra.Command, dir string, f tallyFlags) error {
	if f.votes == "" {
		return usageError("tally needs --votes FILE (or - for standard input)\nrun '%s --help' for usage", cmd.CommandPath())
	}
	c, err := charter.Load(dir)
	if err != nil {
		return err
	}
	b, err := findBody(c, f.body)
	if err != nil {
		return err
	}
	br, err := findRule(b, f.rule)
	if err != nil {
		return err
	}
	name, data, err := readVotesFile(cmd.InOrStdin(), f.votes)
	if err != nil {
		return err
	}
	votes, err := rules.ReadVotes(name, data, b)
	if err != nil {
		return err
	}
	out, err := rules.Tally(b, br.Rule, votes)
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	if f.asJSON {
		return writeJSON(w, rules.Report{Body: b.ID, Rule: br.ID, Outcome: out})
	}
	writeTally(w, b, br, out)
	return nil
}

// findBody returns the body with the given id; without one, the charter's
// only body.
func findBody(c *charter.Charter, id string) (*jirga.Body, error) {
	ids := charter.IDs(c.Bodies, func(b *jirga.Body) string { return b.ID })
	if id == "" {
		if len(c.Bodies) == 1 {
			return c.Bodies[0], nil
		}
		return nil, usageError("tally needs --body: one of %s", strings.Join(ids, ", "))
	}
	if b := c.Body(id); b != nil {
		return b, nil
	}
	return nil, jirga.Errorf(jirga.EINVALID, "unknown body %q%s; bodies: %s", id, didYouMean(id, ids), strings.Join(ids, ", "))
}

// findRule returns the body's rule with the given id or, failing that, the
// rule that decides the given proposal kind; without either, the body's
// only rule.
func findRule(b *jirga.Body, id string) (*jirga.BodyRule, error) {
	ids := charter.IDs(b.Rules, func(r *jirga.BodyRule) string { return r.ID })
	if id == "" {
		if len(b.Rules) == 1 {
			return b.Rules[0], nil
		}
		if len(b.Rules) == 0 {
			return nil, jirga.Errorf(jirga.EINVALID, "body %q has no decision rules", b.ID)
		}
		return nil, usageError("tally needs --rule: one of %s", strings.Join(ids, ", "))
	}
	for _, r := range b.Rules {
		if r.ID == id {
			return r, nil
		}
	}
	for _, r := range b.Rules {
		for _, k := range r.Kinds {
			if k == id {
				return r, nil
			}
		}
	}
	return nil, jirga.Errorf(jirga.EINVALID, "body %q has no rule %q%s; rules: %s", b.ID, id, didYouMean(id, ids), strings.Join(ids, ", "))
}

func didYouMean(got string, valid []string) string {
	if n := jirga.Nearest(got, valid); n != "" {
		return " (did you mean " + strconv.Quote(n) + "?)"
	}
	return ""
}

// readVotesFile reads the votes file, or standard input for "-".
func readVotesFile(stdin io.Reader, path string) (name string, data []byte, err error) {
	if path == "-" {
		data, err = io.ReadAll(io.LimitReader(stdin, 64<<20))
		if err != nil {
			return "", nil, usageError("cannot read votes from standard input: %v", err)
		}
		return "<stdin>", data, nil
	}
	data, err = os.ReadFile(path)
	if err != nil {
		return "", nil, usageError("cannot read votes: %v", err)
	}
	return path, data, nil
}

// writeTally prints the outcome and one line per clause, indented as the
// rule's tree.
func writeTally(w io.Writer, b *jirga.Body, br *jirga.BodyRule, out *rules.Outcome) {
	verdict := "FAILED"
	if out.Passed {
		verdict = "PASSED"
	}
	title := b.ID + " / " + br.ID
	if br.Name != "" {
		title += ": " + br.Name
	}
	fmt.Fprintf(w, "%s — %s\n", verdict, title)
	t := out.Turnout
	fmt.Fprintf(w, "turnout: %d members — %d yes, %d no, %d no with veto, %d abstain, %d absent\n\n",
		t.Members, t.Yes, t.No, t.Veto, t.Abstain, t.Absent)
	for _, c := range out.Clauses {
		mark := "held"
		if !c.Held {
			mark = "FAIL"
		}
		fmt.Fprintf(w, "  %s  %s%s", mark, strings.Repeat("  ", c.Depth), c.Label)
		if d := clauseDetail(c); d != "" {
			fmt.Fprintf(w, ": %s", d)
		}
		fmt.Fprintln(w)
	}
}

// clauseDetail says what a leaf clause counted and how far it held or
// failed.
func clauseDetail(c rules.Clause) string {
	switch {
	case c.Kind == rules.KindVeto && len(c.Vetoed) > 0:
		return "vetoed by " + strings.Join(c.Vetoed, ", ")
	case c.Kind == rules.KindVeto:
		return fmt.Sprintf("no veto (%s of %d players consent)", decimal(c.Counted), len(c.Players))
	case c.Counted == nil:
		return ""
	}
	s := fmt.Sprintf("%s of %s", decimal(c.Counted), decimal(c.BaseWeight))
	if c.BaseWeight.Sign() > 0 {
		s += fmt.Sprintf(" (%.2f %%)", c.Actual*100)
	}
	need := "needs"
	if c.Strict {
		need = "needs more than"
	}
	s += fmt.Sprintf("; %s %s", need, decimal(c.Required))
	if c.BaseWeight.Sign() == 0 {
		return s + "; nobody in the base"
	}
	sign := ""
	if c.Margin.Sign() > 0 {
		sign = "+"
	}
	return s + "; margin " + sign + decimal(c.Margin)
}

// decimal writes r exactly: as a decimal when it has a finite one
// (14.85), otherwise as a fraction with an approximation (2/3 ≈ 0.667).
func decimal(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	// A denominator 2^a·5^b has a decimal expansion of max(a, b) digits.
	d := new(big.Int).Set(r.Denom())
	digits := 0
	for _, p := range []*big.Int{big.NewInt(2), big.NewInt(5)} {
		n := 0
		for q, m := new(big.Int).QuoRem(d, p, new(big.Int)); m.Sign() == 0; q, m = new(big.Int).QuoRem(d, p, new(big.Int)) {
			d, n = q, n+1
		}
		digits = max(digits, n)
	}
	if d.IsInt64() && d.Int64() == 1 {
		return r.FloatString(digits)
	}
	return r.String() + " ≈ " + r.FloatString(3)
}
