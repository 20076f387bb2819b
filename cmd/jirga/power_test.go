package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
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
		{"missing flags", []string{"power", "--weights", "1,2"}, 2, []string{"power needs --weights and --quota"}},
		{"bad samples", []string{"power", "--weights", "1,2", "--quota", "2", "--estimate", "--samples", "0"}, 2, []string{"--samples must be positive"}},
		{"stray argument", []string{"power", "dir", "--weights", "1", "--quota", "1"}, 2, []string{"unknown command"}},
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
