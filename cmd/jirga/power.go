package main

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/power"
	"github.com/jirga/jirga/rules"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newPowerCommand) }

type powerFlags struct {
	weights, quota, players string
	body, rule              string
	asJSON, estimate        bool
	samples                 int
	seed                    uint64
}

func newPowerCommand() *cobra.Command {
	var f powerFlags
	cmd := &cobra.Command{
		Use:   "power [DIR --body BODY --rule RULE | --weights W1,W2,... --quota Q]",
		Short: "Banzhaf and Shapley-Shubik power of each member of a voting game",
		Long: `Power works out who really holds power under a decision rule: either a
body's rule in the charter in DIR (--body, --rule: the rule's id or a
proposal kind it decides), or a plain weighted vote given by --weights and
--quota, where a motion passes when the weights of the members voting yes
reach the quota.

A charter rule is read as a simple game: every member votes yes or no
(nobody abstains or stays away), so thresholds over present or voting
members count all members, and a veto is a no by a veto player. Rules that
count citizen votes have no fixed weights and no game.

For each member it prints
  Banzhaf         the member's share of all swings (a swing: a coalition
                  that loses without the member and wins with it)
  absolute        the Penrose-Banzhaf measure: swings / 2^(n-1), the chance
                  that the member decides the outcome when everyone else
                  votes at random
  Shapley-Shubik  the share of the n! voting orders in which the member's
                  vote is the one that carries the motion
  swings          the number of swings
as exact fractions and decimals; then the veto players (in every winning
coalition), the dummies (never a swing), the number of minimal winning
coalitions (each member a swing) and the smallest blocking coalitions
(sets of members whose no defeats a motion all the others support).

Weights are non-negative integers; "7x5" stands for five members of weight
7. The quota is a weight ("12") or a share of the total weight, rounded
up: "65%", "2/3", "0.5"; ">50%" means more than half.

Results are exact (rational arithmetic; the algorithm depends on the game:
see docs/power.md). A game too large to compute exactly is refused; with
--estimate the indices are sampled instead (--samples random coalitions and
orders, a fixed --seed: the same command gives the same numbers) and come
with 95% confidence intervals.

Exit status: 0 on success; 1 when the game cannot be analysed (no
coalition wins, or too large without --estimate); 2 on a usage error
(malformed weights or quota).`,
		Example: `  # the UN Security Council's substantive rule, from its charter
  jirga power examples/un-security-council --body security-council --rule substantive

  # the EU Council's qualified majority (27 states, populations)
  jirga power examples/eu-council --body council --rule qmv --json

  # EEC Council of Ministers 1958: Luxembourg is a dummy
  jirga power --weights 4,4,4,2,2,1 --quota 12 --players DE,FR,IT,NL,BE,LU

  # UN Security Council as a weighted game: 5 permanent members, 10 elected
  jirga power --weights 7x5,1x10 --quota 39 --json | jq '.members[0]'

  # a 200-seat parliament, simple majority, estimated
  jirga power --weights 40,35,30,... --quota '>50%' --estimate --samples 200000`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				return runCharterPower(cmd, args[0], f)
			}
			return runPower(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.body, "body", "", "id of the body (with DIR)")
	fl.StringVar(&f.rule, "rule", "", "id of the body's decision rule, or a proposal kind it decides (with DIR)")
	fl.StringVar(&f.weights, "weights", "", "the members' weights, comma-separated (WxN repeats W N times)")
	fl.StringVar(&f.quota, "quota", "", `weight needed to pass: "12", "65%", "2/3", ">50%"`)
	fl.StringVar(&f.players, "players", "", "the members' names, comma-separated (default 1, 2, ...)")
	fl.BoolVar(&f.asJSON, "json", false, "print the result as JSON")
	fl.BoolVar(&f.estimate, "estimate", false, "estimate by Monte Carlo instead of computing exactly")
	fl.IntVar(&f.samples, "samples", power.DefaultSamples, "samples drawn by --estimate")
	fl.Uint64Var(&f.seed, "seed", 1, "seed of --estimate's random generator")
	return cmd
}

func (f powerFlags) options() (power.Options, error) {
	if f.samples <= 0 {
		return power.Options{}, usageError("--samples must be positive, got %d", f.samples)
	}
	return power.Options{Estimate: f.estimate, Samples: f.samples, Seed: f.seed}, nil
}

// runCharterPower computes the power of a body's members under one of its
// rules in the charter in dir.
func runCharterPower(cmd *cobra.Command, dir string, f powerFlags) error {
	if f.weights != "" || f.quota != "" || f.players != "" {
		return usageError("--weights, --quota and --players describe a game without a charter: give either DIR or --weights")
	}
	opt, err := f.options()
	if err != nil {
		return err
	}
	c, err := charter.Load(dir)
	var je *jirga.Error
	if err != nil && (!errors.As(err, &je) || c == nil) {
		return usageError("%v", err) // no charter to read: a usage error, as in check
	} else if err != nil {
		return err
	}
	if f.body == "" && len(c.Bodies) != 1 {
		return usageError("power needs --body: one of %s", strings.Join(charter.IDs(c.Bodies, func(b *jirga.Body) string { return b.ID }), ", "))
	}
	b, err := findBody(c, f.body)
	if err != nil {
		return err
	}
	if f.rule == "" && len(b.Rules) > 1 {
		return usageError("power needs --rule: one of %s", strings.Join(charter.IDs(b.Rules, func(r *jirga.BodyRule) string { return r.ID }), ", "))
	}
	br, err := findRule(b, f.rule)
	if err != nil {
		return err
	}
	g, err := rules.Game(b, br.Rule)
	if err != nil {
		return err
	}
	return writePower(cmd.OutOrStdout(), b.ID, br.ID, g, nil, opt, f.asJSON)
}

func runPower(cmd *cobra.Command, f powerFlags) error {
	if f.weights == "" || f.quota == "" {
		return usageError("power needs a charter DIR with --body and --rule, or --weights and --quota\nrun '%s --help' for usage", cmd.CommandPath())
	}
	if f.body != "" || f.rule != "" {
		return usageError("--body and --rule name a body of a charter: give its DIR")
	}
	opt, err := f.options()
	if err != nil {
		return err
	}
	weights, err := power.ParseWeights("--weights", f.weights)
	if err != nil {
		return usageError("%v", err)
	}
	var total int64
	for _, w := range weights {
		total += w
	}
	quota, err := power.ParseQuota("--quota", f.quota, total)
	if err != nil {
		return usageError("%v", err)
	}
	players := power.Players(len(weights))
	if f.players != "" {
		players = strings.Split(f.players, ",")
		for i := range players {
			players[i] = strings.TrimSpace(players[i])
		}
		if len(players) != len(weights) {
			return usageError("%d players for %d weights", len(players), len(weights))
		}
	}
	g := power.Weighted(players, weights, quota)
	rule := fmt.Sprintf("[%d; %s]", quota, formatWeights(weights))
	return writePower(cmd.OutOrStdout(), "", rule, g, weights, opt, f.asJSON)
}

// writePower computes the power of g's players and prints it. body and
// rule name the game; weights, when not nil, are printed beside each
// player. The charter form of the command (a body's decision rule turned
// into a power.Game) prints through it too.
func writePower(w io.Writer, body, rule string, g power.Game, weights []int64, opt power.Options, asJSON bool) error {
	res, err := power.Compute(g, opt)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(w, power.Report{Body: body, Rule: rule, ResultJSON: res.JSON()})
	}
	title := rule
	if body != "" {
		title = body + " / " + rule
	}
	kind := "exact"
	if !res.Exact {
		kind = fmt.Sprintf("Monte Carlo estimate: %d samples, seed %d, 95%% confidence intervals", res.Samples, res.Seed)
	}
	fmt.Fprintf(w, "%s — %d players, method %s (%s)\n\n", title, len(res.Players), res.Method, kind)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := "player\t"
	if weights != nil {
		header += "weight\t"
	}
	header += "Banzhaf\t\tabsolute\t\tShapley-Shubik\t\tswings\tveto\tdummy"
	if !res.Exact {
		header = strings.Replace(header, "swings", "swings seen", 1)
	}
	fmt.Fprintln(tw, header)
	for i, p := range res.Players {
		row := p.ID + "\t"
		if weights != nil {
			row += strconv.FormatInt(weights[i], 10) + "\t"
		}
		row += indexCells(p.Banzhaf, p.BanzhafCI, res.Exact) +
			indexCells(p.BanzhafAbsolute, p.BanzhafAbsoluteCI, res.Exact) +
			indexCells(p.ShapleyShubik, p.ShapleyShubikCI, res.Exact) +
			p.Swings.String() + "\t" + yes(p.Veto) + "\t" + yes(p.Dummy)
		fmt.Fprintln(tw, row)
	}
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprintf(w, "veto players: %s\n", listOrNone(res.Veto))
	if res.Exact {
		fmt.Fprintf(w, "dummies: %s\n", listOrNone(res.Dummies))
	}
	if res.MinimalWinning != nil {
		fmt.Fprintf(w, "minimal winning coalitions: %s\n", res.MinimalWinning)
	}
	if res.SmallestBlockingSize > 0 {
		fmt.Fprintln(w, blockingLine(res))
	}
	for _, n := range res.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	return nil
}

// blockingLine describes the smallest blocking coalitions in one line,
// shortening long coalitions and lists.
func blockingLine(res *power.Result) string {
	const maxNames, maxLong = 12, 3
	line := fmt.Sprintf("smallest blocking coalitions: %d player(s) each, too many to count", res.SmallestBlockingSize)
	if res.SmallestBlockingCount != nil {
		line = fmt.Sprintf("smallest blocking coalitions: %s of %d player(s)", res.SmallestBlockingCount, res.SmallestBlockingSize)
	}
	var sets []string
	for i, b := range res.SmallestBlocking {
		if len(b) > maxNames && i == maxLong {
			break
		}
		if len(b) > maxNames {
			b = append(b[:maxNames-1:maxNames-1], "...", b[len(b)-1])
		}
		sets = append(sets, "{"+strings.Join(b, ", ")+"}")
	}
	if len(sets) == 0 {
		return line
	}
	more := ""
	if res.SmallestBlockingCount == nil || res.SmallestBlockingCount.Cmp(big.NewInt(int64(len(sets)))) > 0 {
		more = ", ..."
	}
	return line + ": " + strings.Join(sets, " ") + more
}

// indexCells formats an index as two columns: the exact fraction and its
// decimal, or the estimate and its confidence interval.
func indexCells(r *big.Rat, ci *power.Interval, exact bool) string {
	if r == nil {
		return "-\t\t"
	}
	f, _ := r.Float64()
	if !exact && ci != nil {
		return fmt.Sprintf("%.4f\t[%.4f, %.4f]\t", f, ci.Low, ci.High)
	}
	return fmt.Sprintf("%s\t%.4f\t", r.RatString(), f)
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// formatWeights writes weights compactly, runs of equal weights as WxN.
func formatWeights(ws []int64) string {
	var parts []string
	for i := 0; i < len(ws); {
		j := i
		for j < len(ws) && ws[j] == ws[i] {
			j++
		}
		if j-i > 2 {
			parts = append(parts, fmt.Sprintf("%dx%d", ws[i], j-i))
		} else {
			for k := i; k < j; k++ {
				parts = append(parts, strconv.FormatInt(ws[k], 10))
			}
		}
		i = j
	}
	return strings.Join(parts, ", ")
}
