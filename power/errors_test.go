package power_test

import (
	"encoding/json"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/power"
)

func f64(r *big.Rat) float64 {
	f, _ := r.Float64()
	return f
}

func TestComputeRefuses(t *testing.T) {
	t.Parallel()
	ones := []int64{1, 1, 1}
	ones30 := make([]int64, 30)
	for i := range ones30 {
		ones30[i] = 1
	}
	rng := rand.New(rand.NewPCG(1, 2))
	big200 := make([]int64, 200)
	for i := range big200 {
		big200[i] = 1 + rng.Int64N(1e12)
	}
	tests := []struct {
		name string
		game power.Game
		opt  power.Options
		want string
	}{
		{"negative weight", power.Weighted(power.Players(3), []int64{2, -1, 1}, 2), power.Options{}, "negative weight -1 for player 2"},
		{"weights for other players", power.Weighted(power.Players(3), []int64{2, 1}, 2), power.Options{}, "2 weights for 3 players"},
		{"no players", power.Weighted(nil, nil, 1), power.Options{}, "at least one player"},
		{"duplicate player", power.Weighted([]string{"a", "a"}, []int64{1, 1}, 1), power.Options{}, `player "a" appears twice`},
		{"missing clause", power.Game{Players: power.Players(2), Root: power.All(nil)}, power.Options{}, "missing clause"},
		{"not with two children", power.Game{Players: power.Players(3), Root: &power.Node{Op: power.OpNot}}, power.Options{}, "exactly one child"},
		{"quota above total", power.Weighted(power.Players(3), ones, 4), power.Options{}, "no coalition wins"},
		{"zero quota", power.Weighted(power.Players(3), ones, 0), power.Options{}, "every coalition wins"},
		{"empty coalition wins", power.Game{Players: power.Players(3), Root: power.Not(power.WeightedNode(ones, 1, ""))}, power.Options{}, "empty coalition wins"},
		{"not monotone", power.Game{Players: power.Players(3), Root: power.Any(power.WeightedNode(ones, 3, ""), power.All(
			power.WeightedNode(ones, 1, ""), power.Not(power.WeightedNode(ones, 2, ""))))}, power.Options{}, "not monotone"},
		{"too large", power.Weighted(power.Players(200), big200, sum(big200)/2), power.Options{}, "--estimate"},
		{"method does not apply", power.Weighted(power.Players(30), ones30, 15), power.Options{Method: "enumeration"}, "does not apply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := power.Compute(tt.game, tt.opt)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if jirga.ErrorCode(err) != jirga.EINVALID {
				t.Errorf("code %q, want invalid", jirga.ErrorCode(err))
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestParseWeights(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []int64
		err  string
	}{
		{"4,4,4,2,2,1", []int64{4, 4, 4, 2, 2, 1}, ""},
		{" 3 2, 1 ,1 ", []int64{3, 2, 1, 1}, ""},
		{"7x5,1x10", []int64{7, 7, 7, 7, 7, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, ""},
		{"4,-1", nil, `--weights:1:3: weight "-1" is not a non-negative integer`},
		{"4,a,2", nil, `--weights:1:3: weight "a"`},
		{"1x0", nil, `repetition "0"`},
		{"", nil, "no weights given"},
		{"1x200000", nil, "more than 100000 players"},
		{"1152921504606846977", nil, "too large"},
		{"1152921504606846976,1", nil, "add up to more than"},
	}
	for _, tt := range tests {
		got, err := power.ParseWeights("--weights", tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseWeights(%q) error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !equalInts(got, tt.want) {
			t.Errorf("ParseWeights(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func equalInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestParseQuota(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		total int64
		want  int64
		err   string
	}{
		{"12", 17, 12, ""},
		{"65%", 449206200, 291984030, ""},
		{"65%", 101, 66, ""}, // 65.65 rounds up
		{"2/3", 100, 67, ""},
		{"0.5", 100, 50, ""},
		{">50%", 100, 51, ""},
		{">50%", 101, 51, ""},
		{">12", 17, 13, ""},
		{"100%", 9, 9, ""},
		{"-3", 10, 0, "negative"},
		{"150%", 10, 0, "between 0 and 100%"},
		{"abc", 10, 0, "not a number"},
		{"1/0", 10, 0, "not a number"},
		{"", 10, 0, "no quota"},
	}
	for _, tt := range tests {
		got, err := power.ParseQuota("--quota", tt.in, tt.total)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseQuota(%q) error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseQuota(%q, %d) = %d, %v; want %d", tt.in, tt.total, got, err, tt.want)
		}
	}
}

func FuzzParseWeights(f *testing.F) {
	for _, s := range []string{"4,4,4,2,2,1", "7x5,1x10", "1 2 3", "-1", "1x", "x2", "9223372036854775807", ",,", "3X2;4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ws, err := power.ParseWeights("fuzz", s)
		if err != nil {
			if jirga.ErrorCode(err) != jirga.EINVALID {
				t.Fatalf("error code %q", jirga.ErrorCode(err))
			}
			return
		}
		if len(ws) == 0 || len(ws) > power.MaxPlayers {
			t.Fatalf("%d weights", len(ws))
		}
		var total int64
		for _, w := range ws {
			if w < 0 || total+w < total {
				t.Fatalf("bad weights %v", ws)
			}
			total += w
		}
	})
}

func FuzzParseQuota(f *testing.F) {
	for _, s := range []string{"12", "65%", "2/3", ">50%", "0.55", "-1", "1/0", "1e9", "> 7"} {
		f.Add(s, int64(100))
	}
	f.Fuzz(func(t *testing.T, s string, total int64) {
		if total < 0 || total > 1<<60 {
			return
		}
		q, err := power.ParseQuota("fuzz", s, total)
		if err != nil {
			if jirga.ErrorCode(err) != jirga.EINVALID {
				t.Fatalf("error code %q", jirga.ErrorCode(err))
			}
			return
		}
		if q < 0 {
			t.Fatalf("negative quota %d from %q", q, s)
		}
		if strings.ContainsAny(s, "%/.") && q > total+1 {
			t.Fatalf("share %q of %d gives quota %d", s, total, q)
		}
	})
}

func TestResultJSON(t *testing.T) {
	t.Parallel()
	r := mustCompute(t, power.Weighted([]string{"DE", "FR", "IT", "NL", "BE", "LU"}, []int64{4, 4, 4, 2, 2, 1}, 12), power.Options{})
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Members []struct {
			ID            string  `json:"id"`
			Banzhaf       string  `json:"banzhaf"`
			BanzhafFloat  float64 `json:"banzhaf_float"`
			Absolute      string  `json:"banzhaf_absolute"`
			ShapleyShubik string  `json:"shapley_shubik"`
			Swings        int64   `json:"swings"`
			Dummy         bool    `json:"dummy"`
		} `json:"members"`
		Veto     []string   `json:"veto_players"`
		Dummies  []string   `json:"dummies"`
		Minimal  int64      `json:"minimal_winning_coalitions"`
		Blocking [][]string `json:"smallest_blocking_coalitions"`
		Exact    bool       `json:"exact"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("%v in %s", err, data)
	}
	de, lu := got.Members[0], got.Members[5]
	if de.Banzhaf != "5/21" || de.ShapleyShubik != "7/30" || de.Absolute != "5/16" || de.Swings != 10 || de.BanzhafFloat != 5.0/21 {
		t.Errorf("Germany: %+v", de)
	}
	if lu.Banzhaf != "0" || !lu.Dummy || len(got.Dummies) != 1 || got.Dummies[0] != "LU" {
		t.Errorf("Luxembourg: %+v, dummies %v", lu, got.Dummies)
	}
	// {DE,FR,IT} and the three of {one big, NL, BE} with two bigs: 1 + 3.
	if got.Minimal != 4 || !got.Exact || got.Veto == nil || len(got.Blocking) != 9 {
		t.Errorf("minimal %d exact %v veto %v blocking %v", got.Minimal, got.Exact, got.Veto, got.Blocking)
	}
}
