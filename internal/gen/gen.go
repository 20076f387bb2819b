package gen

import (
	"fmt"
	"math/rand/v2"

	"github.com/jirga/jirga"
)

// Config describes a workload. The zero value of a field takes the value
// of Default.
type Config struct {
	Provinces   int // provinces under the one nation
	Districts   int // districts per province
	Communities int
	Persons     int
	Actions     int
	Rules       int
	Seed        uint64
}

// Default returns the workload of issue 3: 1 nation, 34 provinces of 12
// districts each, 5 communities, 10,000 persons and 50 actions, with the
// given number of rules.
func Default(rules int) Config {
	return Config{Provinces: 34, Districts: 12, Communities: 5, Persons: 10000, Actions: 50, Rules: rules, Seed: 1}
}

// Large returns the loading workload: 10,000 territories (1 nation, 33
// provinces of 302 districts) and the given number of rules.
func Large(rules int) Config {
	c := Default(rules)
	c.Provinces, c.Districts = 33, 302
	return c
}

func (c Config) withDefaults() Config {
	d := Default(c.Rules)
	for _, f := range []struct{ v, def *int }{
		{&c.Provinces, &d.Provinces}, {&c.Districts, &d.Districts}, {&c.Communities, &d.Communities},
		{&c.Persons, &d.Persons}, {&c.Actions, &d.Actions},
	} {
		if *f.v <= 0 {
			*f.v = *f.def
		}
	}
	if c.Rules < 0 {
		c.Rules = 0
	}
	return c
}

// Levels of the generated territories, from the top down, as indices into
// LevelNames.
const (
	Nation = iota
	Province
	District
)

// LevelNames are the charter's territorial levels.
var LevelNames = []string{"nation", "province", "district"}

// The rules' conditions, as parameters: a permit holds for a person of at
// least AdultAge when the hour is within [OpenHour, CloseHour]; a forbid
// holds in an emergency for members of its community.
const (
	AdultAge  = 18
	OpenHour  = 8
	CloseHour = 20
)

// Territory is a generated territory. Parent is the index of its parent in
// Workload.Territories, or -1 for the nation.
type Territory struct {
	ID     string
	Level  int
	Parent int
}

// Person is a generated person: an age in [0, 80) and one community.
type Person struct {
	ID        string
	Age       int
	Community string
}

// Rule is one generated rule, enacted by its territory's law.
type Rule struct {
	ID     string
	Effect string // jirga.Permit or jirga.Forbid
	Action string
	// Territory is the index of the rule's territory in
	// Workload.Territories: a province or a district.
	Territory int
	// Community is whom a forbid binds; empty for a permit.
	Community string
}

// Workload is a generated charter, population and rule set.
type Workload struct {
	Config      Config
	Territories []Territory
	Communities []string
	Actions     []string
	Persons     []Person
	Rules       []Rule
}

// New generates the workload of cfg.
//
// Rule i acts on action i mod A (A actions); its round k = i div A decides
// its scope, a province in even rounds and a district in odd ones, so that
// every action gets rules at both levels; and it is a forbid when
// (i mod A + k) mod 5 = 0, so that a fifth of the rules are forbids and each
// action gets its share at both levels. The territory of each rule, and the
// community of each forbid, are drawn from the seeded PRNG.
func New(cfg Config) *Workload {
	cfg = cfg.withDefaults()
	w := &Workload{Config: cfg}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x6a69726761))
	w.territories()
	cw, aw := digits(cfg.Communities), digits(cfg.Actions-1)
	for i := range cfg.Communities {
		w.Communities = append(w.Communities, fmt.Sprintf("c%0*d", cw, i+1))
	}
	for i := range cfg.Actions {
		w.Actions = append(w.Actions, fmt.Sprintf("a%0*d", aw, i))
	}
	uw := digits(cfg.Persons)
	for i := range cfg.Persons {
		w.Persons = append(w.Persons, Person{
			ID:        fmt.Sprintf("u%0*d", uw, i+1),
			Age:       rng.IntN(80),
			Community: w.Communities[rng.IntN(cfg.Communities)],
		})
	}
	rw := digits(cfg.Rules - 1)
	for i := range cfg.Rules {
		a, k := i%cfg.Actions, i/cfg.Actions
		r := Rule{ID: fmt.Sprintf("r%0*d", rw, i), Effect: jirga.Permit, Action: w.Actions[a]}
		if k%2 == 0 {
			r.Territory = 1 + rng.IntN(cfg.Provinces)
		} else {
			r.Territory = w.district(rng.IntN(cfg.Provinces), rng.IntN(cfg.Districts))
		}
		if (a+k)%5 == 0 {
			r.Effect = jirga.Forbid
			r.Community = w.Communities[rng.IntN(cfg.Communities)]
		}
		w.Rules = append(w.Rules, r)
	}
	return w
}

// territories lays out the nation (index 0), the provinces (1..P) and then
// the districts, province by province.
func (w *Workload) territories() {
	c := w.Config
	w.Territories = make([]Territory, 0, 1+c.Provinces*(1+c.Districts))
	w.Territories = append(w.Territories, Territory{ID: "N", Level: Nation, Parent: -1})
	pw, dw := digits(c.Provinces), digits(c.Districts)
	for p := range c.Provinces {
		w.Territories = append(w.Territories, Territory{ID: fmt.Sprintf("P%0*d", pw, p+1), Level: Province, Parent: 0})
	}
	for p := range c.Provinces {
		for d := range c.Districts {
			w.Territories = append(w.Territories, Territory{ID: fmt.Sprintf("P%0*d-D%0*d", pw, p+1, dw, d+1), Level: District, Parent: 1 + p})
		}
	}
}

// district returns the index of district d of province p.
func (w *Workload) district(p, d int) int {
	return 1 + w.Config.Provinces + p*w.Config.Districts + d
}

// Districts returns the indices of every district, in order.
func (w *Workload) Districts() []int {
	out := make([]int, 0, w.Config.Provinces*w.Config.Districts)
	for i, t := range w.Territories {
		if t.Level == District {
			out = append(out, i)
		}
	}
	return out
}

// Chain returns the IDs of territory t and its ancestors, from the nation
// down to t.
func (w *Workload) Chain(t int) []string {
	var ids []string
	for ; t >= 0; t = w.Territories[t].Parent {
		ids = append(ids, w.Territories[t].ID)
	}
	for i, j := 0, len(ids)-1; i < j; i, j = i+1, j-1 {
		ids[i], ids[j] = ids[j], ids[i]
	}
	return ids
}

// digits is the number of decimal digits of n, at least 1.
func digits(n int) int {
	d := 1
	for x := 10; x <= n; x *= 10 {
		d++
	}
	return d
}
