package main

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/jirga/jirga/power"
)

func TestPowerCommand(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"EEC 1958", []string{"power", "--weights", "4,4,4,2,2,1", "--quota", "12", "--players", "DE,FR,IT,NL,BE,LU"}, 0, []string{
			"[12; 4x3, 2, 2, 1] — 6 players, method weighted (exact)",
			"DE      4       5/21     0.2381  5/16      0.3125  7/30            0.2333  10",
			"LU      1       0        0.0000  0         0.0000  0               0.0000  0             yes",
			"veto players: none", "dummies: LU", "minimal winning coalitions: 4",
			"smallest blocking coalitions: 9 of 2 player(s): {DE, FR} {DE, IT}",
		}},
		{"UNSC", []string{"power", "--weights", "7x5,1x10", "--quota", "39"}, 0, []string{
			"106/635", "421/2145", "4/2145", "veto players: 1, 2, 3, 4, 5", "minimal winning coalitions: 210",
			"smallest blocking coalitions: 5 of 1 player(s): {1} {2} {3} {4} {5}",
		}},
		{"share quota", []string{"power", "--weights", "4,3,2,1", "--quota", "60%"}, 0, []string{"[6; 4, 3, 2, 1]", "5/12"}},
		{"estimate", []string{"power", "--weights", "7x5,1x10", "--quota", "39", "--estimate", "--samples", "5000", "--seed", "9"}, 0, []string{
			"Monte Carlo estimate: 5000 samples, seed 9, 95% confidence intervals", "veto players: 1, 2, 3, 4, 5",
		}},
		{"negative weight", []string{"power", "--weights", "4,-1", "--quota", "3"}, 2, []string{`--weights:1:3: weight "-1" is not a non-negative integer`}},
		{"quota above total", []string{"power", "--weights", "1,2", "--quota", "4"}, 1, []string{"no coalition wins: even all 2 players together fall short"}},
		{"zero quota", []string{"power", "--weights", "1,2", "--quota", "0"}, 1, []string{"every coalition wins"}},
		{"bad quota", []string{"power", "--weights", "1,2", "--quota", "most"}, 2, []string{`"most" is not a number, percentage or fraction`}},
		{"names for other players", []string{"power", "--weights", "1,2", "--quota", "2", "--players", "a"}, 2, []string{"1 players for 2 weights"}},
		{"duplicate names", []string{"power", "--weights", "1,2", "--quota", "2", "--players", "a,a"}, 1, []string{`player "a" appears twice`}},
		{"missing flags", []string{"power", "--weights", "1,2"}, 2, []string{"or --weights and --quota"}},
		{"bad samples", []string{"power", "--weights", "1,2", "--quota", "2", "--estimate", "--samples", "0"}, 2, []string{"--samples must be positive"}},
		{"charter and weights", []string{"power", "dir", "--weights", "1", "--quota", "1"}, 2, []string{"give either DIR or --weights"}},
		{"body without charter", []string{"power", "--weights", "1", "--quota", "1", "--body", "b"}, 2, []string{"give its DIR"}},
		{"two charters", []string{"power", "a", "b"}, 2, []string{"accepts at most 1 arg"}},
		{"UNSC charter", []string{"power", "../../examples/un-security-council", "--body", "security-council", "--rule", "substantive"}, 0, []string{
			"security-council / substantive — 15 players, method state-dp (exact)",
			"china           106/635  0.1669  53/1024   0.0518  421/2145        0.1963  848     yes",
			"somalia         21/1270  0.0165  21/4096   0.0051  4/2145          0.0019  84",
			"minimal winning coalitions: 210",
		}},
		{"rule by kind", []string{"power", "../../examples/un-security-council", "--rule", "procedural"}, 0, []string{"security-council / procedural", "veto players: none"}},
		{"rule needed", []string{"power", "../../examples/switzerland"}, 2, []string{"power needs --rule: one of double-majority, popular-majority"}},
		{"unknown rule", []string{"power", "../../examples/un-security-council", "--rule", "substantiv"}, 1, []string{`has no rule "substantiv"`, "did you mean"}},
		{"citizen votes", []string{"power", "../../examples/switzerland", "--rule", "double-majority"}, 1, []string{"counts citizen votes, which have no fixed weight"}},
		{"no charter", []string{"power", "no/such/dir", "--rule", "x"}, 2, []string{"cannot read charter"}},
		{"too large", []string{"power", "--weights", distinctLargeWeights(60), "--quota", "50%"}, 1, []string{"too large to compute exactly", "use --estimate"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := run(t, "", tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tc.code, out, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(out+errs, w) {
					t.Errorf("output lacks %q:\n%s%s", w, out, errs)
				}
			}
			if strings.Contains(errs, "panic") {
				t.Errorf("panic: %s", errs)
			}
		})
	}
}

// distinctLargeWeights returns n distinct weights near 10^12: too many
// players to enumerate, sums too large to tabulate.
func distinctLargeWeights(n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = strconv.Itoa(1000000000000 + 7919*i*i)
	}
	return strings.Join(ws, ",")
}

// TestPowerCharterEU checks the EU Council's qualified majority read from
// the charter against the same rule built by hand over the populations of
// power/testdata/eu27.json.
func TestPowerCharterEU(t *testing.T) {
	t.Parallel()
	code, out, errs := run(t, "", "power", "../../examples/eu-council", "--body", "council", "--rule", "qmv", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		Body    string `json:"body"`
		Rule    string `json:"rule"`
		Method  string `json:"method"`
		Members []struct {
			ID            string `json:"id"`
			Swings        int64  `json:"swings"`
			ShapleyShubik string `json:"shapley_shubik"`
		} `json:"members"`
		BlockingSize int `json:"smallest_blocking_size"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../../power/testdata/eu27.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		States []struct {
			ID         string `json:"id"`
			Population int64  `json:"population"`
		} `json:"states"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var ids []string
	ones, pop := make([]int64, 27), make([]int64, 27)
	var total int64
	for i, s := range doc.States {
		ids = append(ids, s.ID)
		ones[i], pop[i] = 1, s.Population
		total += s.Population
	}
	quota, err := power.ParseQuota("test", "65%", total)
	if err != nil {
		t.Fatal(err)
	}
	want, err := power.Compute(power.Game{Players: ids, Root: power.Any(
		power.All(power.WeightedNode(ones, 15, ""), power.WeightedNode(pop, quota, "")),
		power.WeightedNode(ones, 24, ""),
	)}, power.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Body != "council" || r.Rule != "qmv" || r.Method != "meet-in-the-middle" || len(r.Members) != 27 || r.BlockingSize != 4 {
		t.Fatalf("report: %s %s %s %d members, blocking %d", r.Body, r.Rule, r.Method, len(r.Members), r.BlockingSize)
	}
	for i, m := range r.Members {
		w := want.Players[i]
		if m.ID != w.ID || m.Swings != w.Swings.Int64() || m.ShapleyShubik != w.ShapleyShubik.RatString() {
			t.Errorf("%s: swings %d SSI %s; by hand %s %s %s", m.ID, m.Swings, m.ShapleyShubik, w.ID, w.Swings, w.ShapleyShubik.RatString())
		}
	}
}

func TestPowerJSON(t *testing.T) {
	t.Parallel()
	code, out, errs := run(t, "", "power", "--weights", "7x5,1x10", "--quota", "39", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		Body    *string `json:"body"`
		Rule    string  `json:"rule"`
		Members []struct {
			ID            string  `json:"id"`
			Banzhaf       string  `json:"banzhaf"`
			Absolute      string  `json:"banzhaf_absolute"`
			ShapleyShubik string  `json:"shapley_shubik"`
			SSIFloat      float64 `json:"shapley_shubik_float"`
			Swings        int     `json:"swings"`
			Veto          bool    `json:"veto"`
		} `json:"members"`
		Veto     []string   `json:"veto_players"`
		Dummies  []string   `json:"dummies"`
		Minimal  int        `json:"minimal_winning_coalitions"`
		Blocking [][]string `json:"smallest_blocking_coalitions"`
		Exact    bool       `json:"exact"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	p, e := r.Members[0], r.Members[14]
	if r.Body == nil || r.Rule != "[39; 7x5, 1x10]" || !r.Exact || len(r.Members) != 15 {
		t.Errorf("header: %+v", r)
	}
	if p.Banzhaf != "106/635" || p.Absolute != "53/1024" || p.ShapleyShubik != "421/2145" || p.Swings != 848 || !p.Veto {
		t.Errorf("permanent member: %+v", p)
	}
	if e.Banzhaf != "21/1270" || e.ShapleyShubik != "4/2145" || e.SSIFloat != 4.0/2145 || e.Swings != 84 || e.Veto {
		t.Errorf("elected member: %+v", e)
	}
	if len(r.Veto) != 5 || r.Dummies == nil || len(r.Dummies) != 0 || r.Minimal != 210 || len(r.Blocking) != 5 {
		t.Errorf("structure: veto %v dummies %v minimal %d blocking %v", r.Veto, r.Dummies, r.Minimal, r.Blocking)
	}
}
