package http_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jirga/jirga/apportion"
	"github.com/jirga/jirga/charter"
	jhttp "github.com/jirga/jirga/http"
)

// example starts a server on one of the examples/ charters.
func example(t *testing.T, name string) string {
	t.Helper()
	c, err := charter.Load(filepath.Join("..", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	_, url := startServer(t, jhttp.Config{Charter: c})
	return url
}

// reference reads a file of /work/shared/reference, copied under
// testdata/ with its source.
func reference(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}

// The UN Security Council's published indices (testdata/power-indices.json:
// Shapley-Shubik 421/2145 per permanent member, 4/2145 per elected one;
// normalised Banzhaf 106/635 and 21/1270).
func TestPowerUNSecurityCouncil(t *testing.T) {
	t.Parallel()
	var ref struct {
		Games []struct {
			ID              string
			ComputedExactly map[string]any `json:"computed_exactly"`
		}
	}
	reference(t, "power-indices.json", &ref)
	want := ref.Games[0].ComputedExactly
	if ref.Games[0].ID != "UNSC" {
		t.Fatalf("first game is %s", ref.Games[0].ID)
	}
	base := example(t, "un-security-council")
	for _, rule := range []string{"substantive", "vital_interest"} { // by id, and by a kind it decides
		r := get(t, base+"/api/power?body=security-council&rule="+rule)
		var rep jhttp.PowerReport
		r.decode(t, &rep)
		if r.status != 200 || rep.Body != "security-council" || rep.Rule != "substantive" || len(rep.Members) != 15 || !rep.Exact {
			t.Fatalf("%s: %d %s", rule, r.status, r.body)
		}
		china, bahrain := rep.Members[0], rep.Members[5]
		if china.ShapleyShubik != want["SSI_permanent"] || bahrain.ShapleyShubik != want["SSI_nonpermanent"] ||
			china.Banzhaf != want["normBz_permanent"] || bahrain.Banzhaf != want["normBz_nonpermanent"] {
			t.Errorf("china %+v, bahrain %+v; want %v", china, bahrain, want)
		}
		if !slices.Equal(rep.VetoPlayers, []string{"china", "france", "russia", "united-kingdom", "united-states"}) {
			t.Errorf("veto players %v", rep.VetoPlayers)
		}
	}
	// Estimates are seeded: the same request gives the same numbers.
	a := get(t, base+"/api/power?body=security-council&rule=procedural&estimate=true&samples=2000&seed=7")
	b := get(t, base+"/api/power?body=security-council&rule=procedural&estimate=true&samples=2000&seed=7")
	if a.status != 200 || string(a.body) != string(b.body) || !strings.Contains(string(a.body), `"samples":2000`) {
		t.Errorf("estimate: %d %s", a.status, a.body)
	}
}

// The Afghan National Council's ordinary rule, as the example's README
// tabulates it: IEA 13/23 Banzhaf, 11/20 Shapley-Shubik.
func TestPowerAfghanistan(t *testing.T) {
	t.Parallel()
	_, base := startServer(t, jhttp.Config{})
	r := get(t, base+"/api/power?body=national-council&rule=ordinary-majority")
	var rep jhttp.PowerReport
	r.decode(t, &rep)
	if r.status != 200 || rep.Members[0].ID != "bench-iea" || rep.Members[0].Banzhaf != "13/23" || rep.Members[0].ShapleyShubik != "11/20" ||
		rep.Members[4].Banzhaf != "1/23" || !rep.Members[5].Dummy {
		t.Errorf("%d %+v", r.status, rep.Members[:6])
	}
	for _, tc := range []struct {
		query  string
		status int
		want   string
	}{
		{"?rule=ordinary-majority", 400, "name the body: one of national-council, provincial-council"},
		{"?body=national-counsil&rule=x", 404, `no body "national-counsil" (did you mean "national-council"?)`},
		{"?body=national-council", 400, "name the rule of body \"national-council\": one of ordinary-majority, vital-interest, charter-amendment"},
		{"?body=national-council&rule=ordinary", 404, `has no rule "ordinary"`},
		{"?body=national-council&rule=ordinary-majority&estimate=maybe", 400, "estimate must be true or false"},
		{"?body=national-council&rule=ordinary-majority&samples=-1", 400, "samples must be a whole number"},
		{"?body=national-council&rule=ordinary-majority&seed=x", 400, "seed must be"},
	} {
		r := get(t, base+"/api/power"+tc.query)
		if e := r.apiError(t); r.status != tc.status || !strings.Contains(e.Message, tc.want) {
			t.Errorf("%s: %d %+v", tc.query, r.status, e)
		}
	}
}

func TestTally(t *testing.T) {
	t.Parallel()
	base := example(t, "un-security-council")
	all := map[string]string{}
	for _, m := range []string{"china", "france", "russia", "united-kingdom", "united-states", "bahrain", "colombia", "congo-dr",
		"denmark", "greece", "latvia", "liberia", "pakistan", "panama", "somalia"} {
		all[m] = "yes"
	}
	ballots := func(changes map[string]string) string {
		m := map[string]string{}
		for k, v := range all {
			m[k] = v
		}
		for k, v := range changes {
			m[k] = v
		}
		b, _ := json.Marshal(m)
		return string(b)
	}
	for _, tc := range []struct {
		name, votes string
		passed      bool
		failing     string
	}{
		{"unanimous", ballots(nil), true, ""},
		{"permanent abstains", ballots(map[string]string{"china": "abstain"}), true, ""},
		{"permanent votes no", ballots(map[string]string{"russia": "no"}), false, "no permanent member votes no"},
		{"csv", `"china,yes\nfrance,yes\nrussia,yes\nunited-kingdom,yes\nunited-states,yes\nbahrain,yes\ncolombia,yes\ncongo-dr,yes\n"`, false, "nine affirmative votes"},
	} {
		r := post(t, base+"/api/tally", `{"body":"security-council","rule":"substantive","votes":`+tc.votes+`}`)
		var rep struct {
			Body, Rule string
			Passed     bool
			Clauses    []struct {
				Label string
				Held  bool
			}
		}
		r.decode(t, &rep)
		if r.status != 200 || rep.Passed != tc.passed || rep.Body != "security-council" || rep.Rule != "substantive" {
			t.Errorf("%s: %d %s", tc.name, r.status, r.body)
			continue
		}
		for _, c := range rep.Clauses {
			if c.Label == tc.failing && c.Held {
				t.Errorf("%s: clause %q held", tc.name, c.Label)
			}
		}
	}
	for _, tc := range []struct{ name, body, want string }{
		{"unknown member", `{"body":"security-council","rule":"substantive","votes":{"chna":"yes"}}`, `did you mean "china"`},
		{"no votes", `{"body":"security-council","rule":"substantive"}`, "votes is required"},
		{"bad vote", `{"body":"security-council","rule":"substantive","votes":{"china":"perhaps"}}`, "perhaps"},
	} {
		r := post(t, base+"/api/tally", tc.body)
		e := r.apiError(t)
		if r.status != 400 || !strings.Contains(e.Message+detailText(e), tc.want) {
			t.Errorf("%s: %d %+v", tc.name, r.status, e)
		}
	}
}

func detailText(e jhttp.ErrorBody) string {
	var b strings.Builder
	for _, d := range e.Details {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

// The Northern Ireland Executive of 1999 and 2007: ten ministries by
// d'Hondt over the parties' Assembly seats, in the published order
// (testdata/ni-executive-dhondt.json). 2007 has two exact ties (picks 3
// and 9), which went to the DUP, the party with more votes.
func TestAllocate(t *testing.T) {
	t.Parallel()
	var ref struct {
		Runs []struct {
			Date           string
			Ministries     int              `json:"ministries_by_dhondt"`
			Seats          map[string]int64 `json:"seats"`
			Allocation     map[string]int   `json:"published_allocation"`
			PublishedOrder json.RawMessage  `json:"published_order"`
		}
	}
	reference(t, "ni-executive-dhondt.json", &ref)
	_, base := startServer(t, jhttp.Config{})
	var res apportion.ResultJSON
	for i, parties := range [][]string{{"UUP", "SDLP", "DUP", "SF"}, {"DUP", "SF", "UUP", "SDLP", "Alliance"}} {
		run := ref.Runs[i]
		var order []string // 1999 lists parties; 2007 lists picks
		if err := json.Unmarshal(run.PublishedOrder, &order); err != nil {
			order = nil
			var picks []struct{ Party string }
			if err := json.Unmarshal(run.PublishedOrder, &picks); err != nil {
				t.Fatal(err)
			}
			for _, p := range picks {
				order = append(order, p.Party)
			}
		}
		var votes []map[string]any
		for _, p := range parties {
			votes = append(votes, map[string]any{"party": p, "votes": run.Seats[p]})
		}
		body, _ := json.Marshal(map[string]any{"method": "dhondt", "seats": run.Ministries, "votes": votes})
		r := post(t, base+"/api/allocate", string(body))
		res = apportion.ResultJSON{}
		r.decode(t, &res)
		if r.status != 200 || res.Seats != run.Ministries || len(res.Picks) != 10 {
			t.Fatalf("%s: %d %s", run.Date, r.status, r.body)
		}
		for _, p := range res.Parties {
			if p.Seats != run.Allocation[p.Party] {
				t.Errorf("%s: %s: %d ministries, published %d", run.Date, p.Party, p.Seats, run.Allocation[p.Party])
			}
		}
		var got []string
		for _, p := range res.Picks {
			got = append(got, p.Party)
		}
		if !slices.Equal(got, order) {
			t.Errorf("%s: order %v, published %v", run.Date, got, order)
		}
		if i == 1 && (len(res.Ties) != 2 || res.Ties[0].Rank != 3 || res.Ties[1].Rank != 9 || res.Ties[0].Winner != "DUP") {
			t.Errorf("2007 ties: %+v", res.Ties)
		}
	}
	// CSV in a string works as the CLI's file does.
	r := post(t, base+"/api/allocate", `{"method":"sainte-lague","seats":7,"threshold":"5%","votes":"party,votes\nA,53000\nB,24000\nC,23000\nD,4000\n"}`)
	r.decode(t, &res)
	if r.status != 200 || res.Parties[3].Seats != 0 || !res.Parties[3].Excluded {
		t.Errorf("csv: %d %s", r.status, r.body)
	}
	for _, tc := range []struct{ name, body, want string }{
		{"no method", `{"seats":3,"votes":{"A":1}}`, "allocate needs a method"},
		{"bad method", `{"method":"dhont","seats":3,"votes":{"A":1}}`, "dhont"},
		{"tie votes without secondary", `{"method":"dhondt","seats":3,"tie_break":"lot","tie_votes":{"A":1},"votes":{"A":1}}`, "tie_votes goes with tie_break secondary"},
		{"secondary without tie votes", `{"method":"dhondt","seats":3,"tie_break":"secondary","votes":{"A":1}}`, "needs tie_votes"},
		{"negative votes", `{"method":"dhondt","seats":3,"votes":{"A":-1}}`, "votes"},
		{"too many seats", `{"method":"dhondt","seats":10001,"votes":{"A":1}}`, "seats must be at most 10000 on this server"},
	} {
		r := post(t, base+"/api/allocate", tc.body)
		e := r.apiError(t)
		if r.status != 400 || !strings.Contains(e.Message+detailText(e), tc.want) {
			t.Errorf("%s: %d %+v", tc.name, r.status, e)
		}
	}
}

// The example's README: review finds 7 errors, 6 warnings and 2 info.
func TestReview(t *testing.T) {
	t.Parallel()
	_, base := startServer(t, jhttp.Config{})
	for _, tc := range []struct {
		query                   string
		errors, warnings, infos int
	}{
		{"", 7, 6, 2},
		{"?min=warning", 7, 6, 0},
		{"?min=error", 7, 0, 0},
		{"?law=kandahar-residence-order", 2, 0, 0},
		{"?code=shadowed", 0, 1, 0},
	} {
		r := get(t, base+"/api/review"+tc.query)
		var rep jhttp.ReviewReport
		r.decode(t, &rep)
		if r.status != 200 || rep.Summary.Errors != tc.errors || rep.Summary.Warnings != tc.warnings || rep.Summary.Info != tc.infos ||
			len(rep.Findings) != tc.errors+tc.warnings+tc.infos {
			t.Errorf("%s: %d %+v", tc.query, r.status, rep.Summary)
		}
	}
	if r := get(t, base+"/api/review?min=fatal"); r.status != 400 || !strings.Contains(r.apiError(t).Message, `unknown severity "fatal"`) {
		t.Errorf("min=fatal: %d %s", r.status, r.body)
	}
	if r := get(t, base+"/api/review?law=nope"); r.status != 400 {
		t.Errorf("law=nope: %d %s", r.status, r.body)
	}
}

// A computation longer than the request's deadline answers 503 timeout;
// the server goes on answering other requests meanwhile.
func TestPowerTimeout(t *testing.T) {
	t.Parallel()
	_, base := startServer(t, jhttp.Config{RequestTimeout: 100 * time.Millisecond})
	// Exact indices of the 39-member National Council under the vital
	// interest rule take about two seconds.
	r := get(t, base+"/api/power?body=national-council&rule=vital-interest")
	if e := r.apiError(t); r.status != 503 || e.Code != "timeout" || !strings.Contains(e.Message, "longer than 100ms") {
		t.Errorf("%d %+v", r.status, e)
	}
	if r := get(t, base+"/api/charter"); r.status != 200 {
		t.Errorf("charter during a computation: %d", r.status)
	}
}
