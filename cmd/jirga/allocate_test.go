package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// niSeats2007 are the party seats after the 2007 NI Assembly election (see
// apportion/testdata/ni-executive-dhondt.json).
const niSeats2007 = "party,seats\nDUP,36\nSF,28\nUUP,18\nSDLP,16\nAlliance,7\n"

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAllocateCommand(t *testing.T) {
	t.Parallel()
	seats := writeTemp(t, "seats.csv", niSeats2007)
	prefs := "../../apportion/testdata/ni-2007-first-preferences.csv"
	bad := writeTemp(t, "bad.csv", "DUP,36\nSF,-3\nUUP,x\n")
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  []string
	}{
		{"NI Executive 2007", "", []string{"allocate", "--method", "dhondt", "--seats", "10", seats, "--tie-break", "secondary", "--tie-votes", prefs}, 0, []string{
			"d'Hondt: 10 seats among 5 parties, 105 votes",
			"DUP          36      4", "Alliance      7      0",
			"3     DUP    2     2        18        18.0000  UUP",
			"8     SF     3     3        28/3      9.3333",
			"tie at pick 3 between DUP, UUP: to DUP, by more secondary votes (--tie-votes)",
			"tie at pick 9 between DUP, UUP: to DUP",
		}},
		{"tie votes imply secondary", "", []string{"allocate", "--method", "dhondt", "--seats", "10", seats, "--tie-votes", prefs}, 0, []string{"tie at pick 9"}},
		{"explicit order", "", []string{"allocate", "--method", "dhondt", "--seats", "10", seats, "--tie-break", "order:UUP"}, 0, []string{
			"3     UUP    1     1        18", "tie at pick 3 between DUP, UUP: to UUP, by the --tie-break order",
		}},
		{"stdin JSON with threshold", `{"A": 53000, "B": 24000, "C": 23000, "D": 4000}`, []string{"allocate", "--method", "sainte-lague", "--seats", "7", "--threshold", "5%", "-"}, 0, []string{
			"A      53000      3", "D       4000      0  below the threshold",
		}},
		{"hare", "A,53000\nB,24000\nC,23000\n", []string{"allocate", "--method", "hare", "--seats", "7", "-"}, 0, []string{
			"quota 100000/7 (14285.71)", "6     A      4     remainder   71000/7   10142.86",
		}},
		{"malformed file", "", []string{"allocate", "--method", "dhondt", "--seats", "3", bad}, 1, []string{
			"bad.csv:2:4: party \"SF\" has negative votes -3", "bad.csv:3:5: votes \"x\" of party \"UUP\" are not an integer",
		}},
		{"missing file", "", []string{"allocate", "--method", "dhondt", "--seats", "3", "no/such.csv"}, 2, []string{"cannot read votes"}},
		{"unknown method", "A,1\n", []string{"allocate", "--method", "dhont", "--seats", "3", "-"}, 1, []string{`unknown method "dhont"`, "one of dhondt, sainte-lague"}},
		{"no method", "A,1\n", []string{"allocate", "--seats", "3", "-"}, 2, []string{"allocate needs --method"}},
		{"no seats", "A,1\n", []string{"allocate", "--method", "dhondt", "-"}, 2, []string{"allocate needs --seats"}},
		{"negative seats", "A,1\n", []string{"allocate", "--method", "dhondt", "--seats", "-2", "-"}, 1, []string{"seats must be between 0"}},
		{"bad tie-break", "A,1\n", []string{"allocate", "--method", "dhondt", "--seats", "1", "--tie-break", "coin", "-"}, 2, []string{`unknown rule "coin"`}},
		{"secondary without votes", "A,1\n", []string{"allocate", "--method", "dhondt", "--seats", "1", "--tie-break", "secondary", "-"}, 2, []string{"needs --tie-votes"}},
		{"tie votes with lot", "A,1\n", []string{"allocate", "--method", "dhondt", "--seats", "1", "--tie-break", "lot", "--tie-votes", prefs, "-"}, 2, []string{"--tie-votes goes with --tie-break secondary"}},
		{"no file", "", []string{"allocate", "--method", "dhondt", "--seats", "1"}, 2, []string{"needs FILE"}},
		{"threshold too high", "A,1\nB,1\n", []string{"allocate", "--method", "dhondt", "--seats", "1", "--threshold", "60%", "-"}, 1, []string{"no party with votes passes the threshold"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := run(t, tc.stdin, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tc.code, out, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(out+errs, w) {
					t.Errorf("output lacks %q:\n%s%s", w, out, errs)
				}
			}
		})
	}
}

func TestAllocateJSON(t *testing.T) {
	t.Parallel()
	code, out, errs := run(t, niSeats2007, "allocate", "--method", "dhondt", "--seats", "10", "--json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		Method  string `json:"method"`
		Parties []struct {
			Party string `json:"party"`
			Seats int    `json:"seats"`
		} `json:"parties"`
		Picks []struct {
			Rank          int      `json:"rank"`
			Party         string   `json:"party"`
			Quotient      string   `json:"quotient"`
			QuotientFloat float64  `json:"quotient_float"`
			Tied          []string `json:"tied"`
		} `json:"picks"`
		Ties []struct {
			Rank      int    `json:"rank"`
			Winner    string `json:"winner"`
			DecidedBy string `json:"decided_by"`
		} `json:"ties"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var order []string
	for _, p := range r.Picks {
		order = append(order, p.Party)
	}
	// The published 2007 order; with the default rule (more votes, here
	// seats) the ties at picks 3 and 9 also go to the DUP.
	if got := strings.Join(order, " "); got != "DUP SF DUP UUP SDLP SF DUP SF DUP UUP" {
		t.Errorf("order %s", got)
	}
	if p := r.Picks[7]; p.Quotient != "28/3" || p.QuotientFloat != 28.0/3 {
		t.Errorf("pick 8: %+v", p)
	}
	if len(r.Ties) != 2 || r.Ties[0].Rank != 3 || r.Ties[0].DecidedBy != "votes" || r.Parties[0].Seats != 4 {
		t.Errorf("ties %+v parties %+v", r.Ties, r.Parties)
	}
}
