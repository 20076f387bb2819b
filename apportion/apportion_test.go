package apportion_test

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/apportion"
)

func mustAllocate(t *testing.T, parties []apportion.Party, opt apportion.Options) *apportion.Result {
	t.Helper()
	r, err := apportion.Allocate(parties, opt)
	if err != nil {
		t.Fatalf("Allocate: %v", err)
	}
	return r
}

func seatsOf(r *apportion.Result) map[string]int {
	m := map[string]int{}
	for _, p := range r.Parties {
		m[p.Name] = p.Seats
	}
	return m
}

func order(r *apportion.Result) []string {
	var o []string
	for _, p := range r.Picks {
		o = append(o, p.Party)
	}
	return o
}

// TestUKEuropeanElection2019 allocates the Wales and London lists of the
// reference file (testdata/list-pr-allocations.csv, a copy with its
// sources) and checks the published seats and Wales's published order of
// election.
func TestUKEuropeanElection2019(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/list-pr-allocations.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	type region struct {
		seats   int
		method  string
		parties []apportion.Party
		want    map[string]int
		note    string
	}
	regions := map[string]*region{}
	var names []string
	for _, row := range rows[1:] {
		party := row[col["party"]]
		if strings.Contains(party, "(aggregate)") {
			continue // several lists added together: not a list
		}
		name := row[col["constituency"]]
		r := regions[name]
		if r == nil {
			seats, _ := strconv.Atoi(row[col["seats"]])
			r = &region{seats: seats, method: row[col["method"]], want: map[string]int{}, note: row[col["note"]]}
			regions[name] = r
			names = append(names, name)
		}
		votes, _ := strconv.ParseInt(row[col["votes"]], 10, 64)
		r.parties = append(r.parties, apportion.Party{Name: party, Votes: votes})
		r.want[party], _ = strconv.Atoi(row[col["published_seats"]])
	}
	if len(names) != 2 {
		t.Fatalf("regions %v", names)
	}
	for _, name := range names {
		r := regions[name]
		res := mustAllocate(t, r.parties, apportion.Options{Method: r.method, Seats: r.seats})
		for party, want := range r.want {
			if got := seatsOf(res)[party]; got != want {
				t.Errorf("%s: %s won %d seats, published %d", name, party, got, want)
			}
		}
		if len(res.Ties) != 0 {
			t.Errorf("%s: unexpected ties %v", name, res.Ties)
		}
		// "Published elected order: Gill (BP), Evans (PC), Wells (BP), Jones (Lab)"
		if m := regexp.MustCompile(`Published elected order: (.*?) = `).FindStringSubmatch(r.note); m != nil {
			abbrev := map[string]string{"BP": "Brexit Party", "PC": "Plaid Cymru", "Lab": "Labour"}
			var want []string
			for _, a := range regexp.MustCompile(`\((\w+)\)`).FindAllStringSubmatch(m[1], -1) {
				want = append(want, abbrev[a[1]])
			}
			if got := order(res); !slices.Equal(got, want) {
				t.Errorf("%s: order %v, published %v", name, got, want)
			}
		} else if name == "Wales" {
			t.Errorf("Wales: no published order in the note %q", r.note)
		}
	}
}

// niRun is one run of testdata/ni-executive-dhondt.json.
type niRun struct {
	Date           string           `json:"date"`
	Ministries     int              `json:"ministries_by_dhondt"`
	Seats          map[string]int64 `json:"seats"`
	Allocation     map[string]int   `json:"published_allocation"`
	PublishedOrder json.RawMessage  `json:"published_order"`
}

func loadNI(t *testing.T) []niRun {
	t.Helper()
	data, err := os.ReadFile("testdata/ni-executive-dhondt.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Runs []niRun `json:"runs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Runs
}

// publishedOrder reads either a list of party names or a list of picks.
func (r niRun) publishedOrder(t *testing.T) []string {
	var names []string
	if json.Unmarshal(r.PublishedOrder, &names) == nil {
		return names
	}
	names = nil
	var picks []struct {
		Pick  int    `json:"pick"`
		Party string `json:"party"`
	}
	if err := json.Unmarshal(r.PublishedOrder, &picks); err != nil {
		t.Fatal(err)
	}
	for i, p := range picks {
		if p.Pick != i+1 {
			t.Fatalf("pick %d numbered %d", i+1, p.Pick)
		}
		names = append(names, p.Party)
	}
	return names
}

// parties lists the seats in a fixed order: by seats, then name.
func (r niRun) parties() []apportion.Party {
	var ps []apportion.Party
	for name, seats := range r.Seats {
		ps = append(ps, apportion.Party{Name: name, Votes: seats})
	}
	slices.SortFunc(ps, func(a, b apportion.Party) int {
		if a.Votes != b.Votes {
			return int(b.Votes - a.Votes)
		}
		return strings.Compare(a.Name, b.Name)
	})
	return ps
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestNorthernIrelandExecutive allocates the NI Executive's ministries by
// d'Hondt over party seats, as the Northern Ireland Act 1998 s.18 does.
func TestNorthernIrelandExecutive(t *testing.T) {
	t.Parallel()
	runs := loadNI(t)
	firstPrefs, err := apportion.ReadVotes("testdata/ni-2007-first-preferences.csv", readFile(t, "testdata/ni-2007-first-preferences.csv"))
	if err != nil {
		t.Fatal(err)
	}
	secondary := map[string]int64{}
	for _, p := range firstPrefs {
		secondary[p.Name] = p.Votes
	}
	for _, run := range runs {
		t.Run(run.Date, func(t *testing.T) {
			t.Parallel()
			opt := apportion.Options{Method: apportion.DHondt, Seats: run.Ministries}
			if run.Date == "2007-05-08" {
				opt.TieBreak = apportion.TieBreak{Rule: apportion.TieSecondary, Secondary: secondary, SecondaryName: "first-preference votes"}
			}
			res := mustAllocate(t, run.parties(), opt)
			if got, want := order(res), run.publishedOrder(t); !slices.Equal(got, want) {
				t.Errorf("order %v, published %v", got, want)
			}
			for party, want := range run.Allocation {
				if got := seatsOf(res)[party]; got != want {
					t.Errorf("%s: %d ministries, published %d", party, got, want)
				}
			}
			switch run.Date {
			case "1999-11-29":
				if len(res.Ties) != 0 {
					t.Errorf("ties %v, want none", res.Ties)
				}
				// Pick 8: UUP 28/3 beats SF 18/2 = 9.
				if p := res.Picks[7]; p.QuotientText != "28/3" || p.Divisor != "3" || p.PartySeat != 3 {
					t.Errorf("pick 8: %+v", p)
				}
			case "2007-05-08":
				// Picks 3 and 9 are exact ties: DUP 36/2 = UUP 18/1 = 18 and
				// DUP 36/4 = UUP 18/2 = 9; DUP had more first preferences.
				want := []apportion.Tie{
					{Rank: 3, Parties: []string{"DUP", "UUP"}, Winner: "DUP", DecidedBy: apportion.TieSecondary},
					{Rank: 9, Parties: []string{"DUP", "UUP"}, Winner: "DUP", DecidedBy: apportion.TieSecondary},
				}
				if !slices.EqualFunc(res.Ties, want, func(a, b apportion.Tie) bool {
					return a.Rank == b.Rank && a.Winner == b.Winner && a.DecidedBy == b.DecidedBy && slices.Equal(a.Parties, b.Parties)
				}) {
					t.Errorf("ties %+v, want %+v", res.Ties, want)
				}
				if p := res.Picks[2]; p.QuotientText != "18" || !slices.Equal(p.Tied, []string{"UUP"}) {
					t.Errorf("pick 3: %+v", p)
				}
				// With UUP preferred, the tied picks go the other way.
				other := opt
				other.TieBreak = apportion.TieBreak{Rule: apportion.TieOrder, Order: []string{"UUP"}}
				alt := mustAllocate(t, run.parties(), other)
				if alt.Picks[2].Party != "UUP" || alt.Picks[8].Party != "UUP" || alt.Ties[0].DecidedBy != apportion.TieOrder {
					t.Errorf("UUP first: order %v ties %+v", order(alt), alt.Ties)
				}
			}
		})
	}
}

// TestMethods checks each method on textbook cases worked by hand.
func TestMethods(t *testing.T) {
	t.Parallel()
	// Votes 53,000 / 24,000 / 23,000 for 7 seats: the example of the
	// Sainte-Laguë and d'Hondt articles (A, B, C).
	abc := []apportion.Party{{Name: "A", Votes: 53000}, {Name: "B", Votes: 24000}, {Name: "C", Votes: 23000}}
	tests := []struct {
		method string
		seats  int
		input  []apportion.Party
		want   []int
		order  string
	}{
		// d'Hondt: A 53000, A 26500, B 24000, C 23000, A 17667, A 13250,
		// B 12000 (over A's 10600).
		{apportion.DHondt, 7, abc, []int{4, 2, 1}, "A A B C A A B"},
		// Sainte-Laguë (1, 3, 5...): A 53000, B 24000, C 23000, A 17667,
		// A 10600, B 8000, C 7667 (over A's 7571).
		{apportion.SainteLague, 7, abc, []int{3, 2, 2}, "A B C A A B C"},
		// First divisor 1.4: A 37857, A 17667 (over B's 17143), B, C...
		{apportion.ModifiedSainteLague, 7, abc, []int{3, 2, 2}, "A A B C A B C"},
		// Huntington-Hill: a first seat each, then A 53000/√2 = 37477,
		// A/√6 = 21637, B/√2 = 16971, C/√2 = 16263 (over A/√12 = 15300).
		{apportion.HuntingtonHill, 7, abc, []int{3, 2, 2}, "A B C A A B C"},
		// Hare quota 100000/7: full quotas A 3, B 1, C 1; remainders A
		// 10142.9 and B 9714.3 take the last two seats (C 8714.3).
		{apportion.Hare, 7, abc, []int{4, 2, 1}, "A A A B C A B"},
		// Droop quota 100000/8 + 1 = 12501: full quotas A 4, B 1, C 1; the
		// last seat to B's remainder 11499 (C 10499, A 2996).
		{apportion.Droop, 7, abc, []int{4, 2, 1}, "A A A A B C B"},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			t.Parallel()
			res := mustAllocate(t, tt.input, apportion.Options{Method: tt.method, Seats: tt.seats})
			var got []int
			for _, p := range res.Parties {
				got = append(got, p.Seats)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("seats %v, want %v", got, tt.want)
			}
			if o := strings.Join(order(res), " "); o != tt.order {
				t.Errorf("order %s, want %s", o, tt.order)
			}
		})
	}
}

func TestThresholdAndTies(t *testing.T) {
	t.Parallel()
	parties := []apportion.Party{{Name: "big", Votes: 600}, {Name: "mid", Votes: 350}, {Name: "small", Votes: 49}, {Name: "tiny", Votes: 1}}
	res := mustAllocate(t, parties, apportion.Options{Method: apportion.SainteLague, Seats: 10, Threshold: "5%"})
	if s := seatsOf(res); s["small"] != 0 || s["tiny"] != 0 || s["big"]+s["mid"] != 10 || !res.Parties[2].Excluded || res.Parties[1].Excluded {
		t.Errorf("5%% threshold: %+v", res.Parties)
	}
	// Exactly at the threshold passes: 50 of 1000 is 5%.
	parties[2].Votes, parties[3].Votes = 50, 0
	res = mustAllocate(t, parties, apportion.Options{Method: apportion.DHondt, Seats: 20, Threshold: "1/20"})
	if res.Parties[2].Excluded {
		t.Errorf("a party at exactly the threshold was excluded")
	}
	// Equal votes: a lot decides, the same way every time, and is reported.
	even := []apportion.Party{{Name: "x", Votes: 10}, {Name: "y", Votes: 10}, {Name: "z", Votes: 10}}
	a := mustAllocate(t, even, apportion.Options{Method: apportion.DHondt, Seats: 1})
	b := mustAllocate(t, even, apportion.Options{Method: apportion.DHondt, Seats: 1})
	if len(a.Ties) != 1 || a.Ties[0].DecidedBy != apportion.TieLot || len(a.Ties[0].Parties) != 3 || a.Picks[0].Party != b.Picks[0].Party {
		t.Errorf("tie by lot: %+v / %+v", a.Ties, b.Picks)
	}
	winners := map[string]bool{}
	for seed := range uint64(20) {
		r := mustAllocate(t, even, apportion.Options{Method: apportion.DHondt, Seats: 1, TieBreak: apportion.TieBreak{Rule: apportion.TieLot, Seed: seed}})
		winners[r.Picks[0].Party] = true
	}
	if len(winners) != 3 {
		t.Errorf("20 seeds drew only %v", winners)
	}
}

func TestAllocateRefuses(t *testing.T) {
	t.Parallel()
	ok := []apportion.Party{{Name: "a", Votes: 3}, {Name: "b", Votes: 1}}
	tests := []struct {
		name    string
		parties []apportion.Party
		opt     apportion.Options
		want    string
	}{
		{"unknown method", ok, apportion.Options{Method: "dhont", Seats: 3}, `unknown method "dhont"`},
		{"negative seats", ok, apportion.Options{Method: "dhondt", Seats: -1}, "seats must be between 0"},
		{"no parties", nil, apportion.Options{Method: "dhondt", Seats: 1}, "no parties"},
		{"duplicate", []apportion.Party{{Name: "a", Votes: 1}, {Name: "a", Votes: 2}}, apportion.Options{Method: "hare", Seats: 1}, `party "a" appears twice`},
		{"negative votes", []apportion.Party{{Name: "a", Votes: -1}}, apportion.Options{Method: "droop", Seats: 1}, "negative votes"},
		{"bad threshold", ok, apportion.Options{Method: "dhondt", Seats: 1, Threshold: "five"}, "not a percentage"},
		{"threshold above 100%", ok, apportion.Options{Method: "dhondt", Seats: 1, Threshold: "120%"}, "not between 0 and 100%"},
		{"nobody passes", ok, apportion.Options{Method: "dhondt", Seats: 1, Threshold: "90%"}, "no party with votes passes the threshold of 90%"},
		{"no votes", []apportion.Party{{Name: "a"}}, apportion.Options{Method: "sainte-lague", Seats: 2}, "no party has votes"},
		{"order of unknown party", ok, apportion.Options{Method: "dhondt", Seats: 1, TieBreak: apportion.TieBreak{Rule: apportion.TieOrder, Order: []string{"c"}}}, `unknown party "c"`},
		{"secondary votes missing", ok, apportion.Options{Method: "dhondt", Seats: 1, TieBreak: apportion.TieBreak{Rule: apportion.TieSecondary}}, `no secondary votes for party "a"`},
	}
	for _, tt := range tests {
		_, err := apportion.Allocate(tt.parties, tt.opt)
		if err == nil || jirga.ErrorCode(err) != jirga.EINVALID || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestParseTieBreak(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want apportion.TieBreak
		err  string
	}{
		{"", apportion.TieBreak{Rule: "votes"}, ""},
		{"votes", apportion.TieBreak{Rule: "votes"}, ""},
		{"lot:42", apportion.TieBreak{Rule: "lot", Seed: 42}, ""},
		{"secondary:7", apportion.TieBreak{Rule: "secondary", Seed: 7}, ""},
		{"order:DUP, UUP", apportion.TieBreak{Rule: "order", Order: []string{"DUP", "UUP"}}, ""},
		{"lot:x", apportion.TieBreak{}, `seed "x"`},
		{"order:", apportion.TieBreak{}, "lists no party"},
		{"coin", apportion.TieBreak{}, `unknown rule "coin"`},
	} {
		got, err := apportion.ParseTieBreak(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got.Rule != tt.want.Rule || got.Seed != tt.want.Seed || !slices.Equal(got.Order, tt.want.Order) {
			t.Errorf("%q = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}
