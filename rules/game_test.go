package rules_test

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/power"
	"github.com/jirga/jirga/rules"
)

// TestGameUNSecurityCouncil: the substantive rule of the example, as a
// game, has the published Shapley-Shubik indices (4/2145 for an elected
// member, 421/2145 for a permanent one) and the exact swing counts of
// power-indices.json.
func TestGameUNSecurityCouncil(t *testing.T) {
	t.Parallel()
	var ref struct {
		Games []struct {
			ID              string         `json:"id"`
			ComputedExactly map[string]any `json:"computed_exactly"`
			Published       map[string]any `json:"published"`
		} `json:"games"`
	}
	readJSON(t, "testdata/power-indices.json", &ref)
	want := ref.Games[0]
	if want.ID != "UNSC" {
		t.Fatalf("first game is %s", want.ID)
	}
	b, r := loadRule(t, "un-security-council", "security-council", "substantive")
	g, err := rules.Game(b, r)
	if err != nil {
		t.Fatal(err)
	}
	res, err := power.Compute(g, power.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Players {
		ssi, swings := want.ComputedExactly["SSI_nonpermanent"], want.ComputedExactly["swings_nonpermanent"]
		if strings.Contains("china france russia united-kingdom united-states", p.ID) {
			ssi, swings = want.ComputedExactly["SSI_permanent"], want.ComputedExactly["swings_permanent"]
		}
		if p.ShapleyShubik.RatString() != ssi || p.Swings.String() != jsonNumber(swings) {
			t.Errorf("%s: SSI %s swings %s, want %v and %v", p.ID, p.ShapleyShubik.RatString(), p.Swings, ssi, swings)
		}
	}
	if got := strings.Join(res.Veto, ","); got != "china,france,russia,united-kingdom,united-states" {
		t.Errorf("veto players %s", got)
	}
}

// jsonNumber writes a number decoded from JSON as an integer or decimal.
func jsonNumber(v any) string {
	f, _ := v.(float64)
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// TestGameMatchesTally checks, for every rule of the examples that has a
// game, that a coalition wins the game exactly when the division in which
// its members vote yes and everyone else votes no passes the tally:
// exhaustively for small bodies, on 3000 seeded random coalitions for the
// EU's 27 members.
func TestGameMatchesTally(t *testing.T) {
	t.Parallel()
	cases := []struct{ example, body, rule string }{
		{"un-security-council", "security-council", "substantive"},
		{"un-security-council", "security-council", "procedural"},
		{"eu-council", "council", "qmv"},
		{"eu-council", "council", "qmv-72"},
		{"eu-council", "council", "unanimity"},
		{"eu-council", "council", "simple-majority"},
		{"northern-ireland", "assembly", "majority"},
		{"northern-ireland", "assembly", "parallel-consent"},
		{"northern-ireland", "assembly", "weighted-majority"},
		{"northern-ireland", "assembly", "cross-community"},
		{"cosmos-hub", "validators", "proposal"},
		{"afghanistan", "national-council", "ordinary-majority"},
		{"afghanistan", "national-council", "vital-interest"},
		{"afghanistan", "national-council", "charter-amendment"},
	}
	rng := rand.New(rand.NewPCG(636, 254819))
	for _, tc := range cases {
		b, r := loadRule(t, tc.example, tc.body, tc.rule)
		c, err := rules.Compile(b, r)
		if err != nil {
			t.Fatal(err)
		}
		g, err := c.Game()
		if err != nil {
			t.Fatalf("%s/%s: %v", tc.example, tc.rule, err)
		}
		if err := g.Validate(); err != nil {
			t.Fatalf("%s/%s: invalid game: %v", tc.example, tc.rule, err)
		}
		n := len(b.Members)
		trials := 1 << n
		if n > 12 {
			trials = 3000
		}
		wins := 0
		for k := range trials {
			coalition := make([]bool, n)
			v := rules.Votes{}
			for i, m := range b.Members {
				coalition[i] = k>>i&1 == 1
				if n > 12 {
					coalition[i] = rng.IntN(4) != 0 // mostly yes, so that some win
				}
				vote := rules.No
				if coalition[i] {
					vote = rules.Yes
				}
				v[m.ID] = rules.Ballot{Vote: vote}
			}
			out, err := c.Tally(v)
			if err != nil {
				t.Fatal(err)
			}
			if got := g.Wins(coalition); got != out.Passed {
				t.Fatalf("%s/%s: coalition %v wins the game: %v, passes the tally: %v", tc.example, tc.rule, coalition, got, out.Passed)
			}
			if out.Passed {
				wins++
			}
		}
		if wins == 0 || wins == trials {
			t.Errorf("%s/%s: %d of %d coalitions win: the comparison says little", tc.example, tc.rule, wins, trials)
		}
	}
}

// TestGameHalfCantons: a cantonal majority scales half votes to integers:
// half cantons weigh 1, full cantons 2, and more than half of 46 is 24.
func TestGameHalfCantons(t *testing.T) {
	t.Parallel()
	b, _ := loadRule(t, "switzerland", "people-and-cantons", "double-majority")
	r := th(jirga.Threshold{Share: "1/2", Strict: true, Weight: "canton_vote", Base: jirga.BaseAll})
	g, err := rules.Game(b, r)
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for i, w := range g.Root.Weights {
		want := int64(2)
		if strings.Contains(" OW NW BS BL AR AI ", " "+b.Members[i].ID+" ") {
			want = 1
		}
		if w != want {
			t.Errorf("%s weighs %d, want %d", b.Members[i].ID, w, want)
		}
		sum += w
	}
	if sum != 46 || g.Root.Quota != 24 {
		t.Errorf("total %d quota %d, want 46 and 24", sum, g.Root.Quota)
	}
	// The double majority counts citizen votes: no game.
	_, double := loadRule(t, "switzerland", "people-and-cantons", "double-majority")
	if _, err := rules.Game(b, double); jirga.ErrorCode(err) != jirga.EINVALID || !strings.Contains(err.Error(), "citizen votes") {
		t.Errorf("double majority game: %v", err)
	}
}

// TestGameQuotas covers the rounding of quotas on thresholds for and
// against.
func TestGameQuotas(t *testing.T) {
	t.Parallel()
	b := body("a", "b", "c", "d", "e", "f", "g")
	tests := []struct {
		t jirga.Threshold
		// wins[k]: whether k yes voters (of 7) win.
		wins string
	}{
		{jirga.Threshold{Share: "1/2"}, "00001111"},
		{jirga.Threshold{Share: "1/2", Strict: true}, "00001111"},
		{jirga.Threshold{Share: "3/7"}, "00011111"},
		{jirga.Threshold{Share: "3/7", Strict: true}, "00001111"},
		{jirga.Threshold{Count: "3"}, "00011111"},
		{jirga.Threshold{Count: "3", Strict: true}, "00001111"},
		{jirga.Threshold{Count: "8"}, "00000000"},
		{jirga.Threshold{Count: "3", Votes: jirga.VotesNo}, "11111000"},               // no ≥ 3 ⟺ yes ≤ 4
		{jirga.Threshold{Count: "3", Votes: jirga.VotesNo, Strict: true}, "11110000"}, // no > 3 ⟺ yes ≤ 3
		{jirga.Threshold{Share: "1/2", Votes: jirga.VotesNotYes}, "11110000"},         // no ≥ 3.5
		{jirga.Threshold{Count: "0", Votes: jirga.VotesVeto}, "11111111"},
		{jirga.Threshold{Count: "1", Votes: jirga.VotesVeto}, "00000000"},
		{jirga.Threshold{Share: "1", Votes: jirga.VotesPresent, Base: jirga.BaseAll}, "11111111"},
	}
	for _, tt := range tests {
		g, err := rules.Game(b, th(tt.t))
		if err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		for k := 0; k <= 7; k++ {
			c := make([]bool, 7)
			for i := range k {
				c[i] = true
			}
			if g.Wins(c) {
				got.WriteByte('1')
			} else {
				got.WriteByte('0')
			}
		}
		if got.String() != tt.wins {
			t.Errorf("%+v: wins %s, want %s", tt.t, got.String(), tt.wins)
		}
	}
}
