package review_test

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"testing"

	"cel.dev/cel-go/common/types"
	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/review"
)

// baseCharter loads the review tests' base charter (no laws).
func baseCharter(t testing.TB) *charter.Charter {
	t.Helper()
	c, err := charter.Load("testdata/base")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// compile compiles a condition as the charter does. A condition the
// charter rejects beyond type-checking (a value outside an enumeration, an
// unknown community) is compiled by cel-go alone, so that the analyser's
// handling of it is tested too.
func compile(t testing.TB, c *charter.Charter, text string) *charter.Condition {
	t.Helper()
	if cond, errs := c.Env().Compile(text); len(errs) == 0 {
		return cond
	}
	ast, iss := c.Env().CEL.Compile(text)
	if iss != nil && iss.Err() != nil {
		t.Fatalf("compile %q: %v", text, iss.Err())
	}
	prg, err := c.Env().CEL.Program(ast)
	if err != nil {
		t.Fatal(err)
	}
	return &charter.Condition{Text: text, AST: ast, Program: prg}
}

// eval evaluates a condition in an activation; ok is false when the
// condition errs (a missing attribute) or is not a boolean.
func eval(cond *charter.Condition, vars map[string]any) (value, ok bool) {
	out, _, err := cond.Program.Eval(vars)
	if err != nil {
		return false, false
	}
	b, isBool := out.(types.Bool)
	return bool(b), isBool
}

// activation turns an example into CEL variables: its facts and, when it
// names a place, that territory's attributes.
func activation(c *charter.Charter, x review.Example) map[string]any {
	vars := map[string]any{}
	if x.Place != "" {
		vars = placeVars(c, c.Territory(x.Place))
	}
	for k, v := range x.Facts {
		vars[k] = v
	}
	return vars
}

// placeVars are the place.* variables of a territory, converted by the
// declared types.
func placeVars(c *charter.Charter, t *jirga.Territory) map[string]any {
	vars := map[string]any{"place.id": t.ID, "place.level": t.Level}
	for k, v := range t.Attributes {
		name := "place." + k
		switch c.Env().Types[name] {
		case jirga.TypeInt:
			switch n := v.(type) {
			case int64:
				vars[name] = n
			case uint64:
				vars[name] = int64(n)
			}
		case jirga.TypeDouble:
			switch n := v.(type) {
			case float64:
				vars[name] = n
			case int64:
				vars[name] = float64(n)
			case uint64:
				vars[name] = float64(n)
			}
		default:
			vars[name] = v
		}
	}
	return vars
}

func TestCanHold(t *testing.T) {
	t.Parallel()
	c := baseCharter(t)
	cases := []struct {
		conds []string
		want  review.Holds
		// example is the expected Example.String() when want is Can.
		example string
	}{
		{[]string{`person.age >= 18`}, review.Can, "person.age = 18"},
		{[]string{`person.age < 15`}, review.Can, "person.age = 0"},
		{[]string{`person.age < -3`}, review.Can, "person.age = -4"},
		{[]string{`person.age < 10 && person.age > 60`}, review.Never, ""},
		{[]string{`person.age < 18`, `person.age >= 18`}, review.Never, ""},
		{[]string{`person.age <= 18`, `person.age >= 18`}, review.Can, "person.age = 18"},
		{[]string{`person.age != 18 && person.age >= 18 && person.age <= 19`}, review.Can, "person.age = 19"},
		{[]string{`person.age in [1, 2, 3] && person.age != 1 && person.age != 2 && person.age != 3`}, review.Never, ""},
		{[]string{`person.age > 9223372036854775807`}, review.Never, ""},
		{[]string{`person.age < -9223372036854775808`}, review.Never, ""},
		{[]string{`person.age >= -9223372036854775808`}, review.Can, "person.age = 0"},
		{[]string{`-5 > person.age`}, review.Can, "person.age = -6"},
		{[]string{`person.height > 1.5 && person.height < 1.6`}, review.Can, "person.height = 1.5000000000000002"},
		{[]string{`person.height > 1.5 && person.height < 2.5`}, review.Can, "person.height = 2"},
		{[]string{`person.height > 1.0 && person.height < 1.0000000000000002`}, review.Never, ""},
		{[]string{`person.height == 0.0 && person.height != -0.0`}, review.Never, ""},
		{[]string{`person.height >= -0.5 && person.height <= 0.5`}, review.Can, "person.height = 0"},
		{[]string{`person.sex == "female" && person.sex != "female"`}, review.Never, ""},
		{[]string{`person.sex == "other"`}, review.Never, ""},
		{[]string{`person.sex != "female"`}, review.Can, "person.sex = male"},
		{[]string{`person.sex != "female" && person.sex != "male"`}, review.Never, ""},
		{[]string{`person.sex in ["female", "x"] && person.sex != "female"`}, review.Never, ""},
		{[]string{`person.name != "other" && person.name != "other1"`}, review.Can, "person.name = other2"},
		{[]string{`person.name in ["b", "a"]`}, review.Can, "person.name = a"},
		{[]string{`person.married == true`, `!person.married`}, review.Never, ""},
		{[]string{`person.married != false ? context.ramadan : false`}, review.Can, "context.ramadan = true, person.married = true"},
		{[]string{`"c1" in person.communities && "c2" in person.communities`}, review.Can, "person.communities = [c1, c2]"},
		{[]string{`"c1" in person.communities`, `!("c1" in person.communities)`}, review.Never, ""},
		{[]string{`"nobody" in person.communities`}, review.Never, ""},
		{[]string{`"vip" in person.tags && !("x" in person.tags)`}, review.Can, "person.tags = [vip]"},
		{[]string{`place.region == "north"`}, review.Can, "anyone in P1"},
		{[]string{`place.region == "south" && place.altitude > 1000.0`}, review.Never, ""},
		{[]string{`place.border == false`}, review.Can, "anyone in P2"},
		{[]string{`place.districts > 0 && place.region == "north"`}, review.Can, "anyone in P1"},
		{[]string{`place.id == "D1" && place.level == "district" && person.age == 3`}, review.Can, "person.age = 3 in D1"},
		{[]string{`place.id == "D1" && place.border`}, review.Never, ""},
		{[]string{`1 < 2 && "a" in ["a", "b"] && true`}, review.Can, "anyone"},
		{[]string{`2 in [1, 3] || false`}, review.Never, ""},
		{[]string{`person.name.startsWith("a")`}, review.Unknown, ""},
		{[]string{`person.name.startsWith("a") && !person.name.startsWith("a")`}, review.Never, ""},
		{[]string{`person.name.startsWith("a") && person.age < 0 && person.age > 0`}, review.Never, ""},
		{[]string{`person.name.startsWith("a") || person.age > 3`}, review.Can, "person.age = 4"},
		{[]string{`size(person.tags) > 2 && person.age == person.age`}, review.Unknown, ""},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.conds), func(t *testing.T) {
			t.Parallel()
			an := review.NewAnalyzer(analyzerEngine(t, c))
			var conds []*charter.Condition
			for _, s := range tc.conds {
				conds = append(conds, compile(t, c, s))
			}
			h, x := an.CanHold(conds...)
			if h != tc.want {
				t.Fatalf("CanHold = %s (%v), want %s", h, x, tc.want)
			}
			if h != review.Can {
				return
			}
			if got := x.String(); got != tc.example {
				t.Errorf("example %q, want %q", got, tc.example)
			}
			for i, cond := range conds {
				if v, ok := eval(cond, activation(c, x)); !v || !ok {
					t.Errorf("condition %q is %v (ok %v) on its example %v", tc.conds[i], v, ok, x)
				}
			}
		})
	}
}

func TestImplies(t *testing.T) {
	t.Parallel()
	c := baseCharter(t)
	cases := []struct {
		p, q string
		want review.Holds
	}{
		{`person.age >= 18`, `person.age >= 16`, review.Can},
		{`person.age >= 16`, `person.age >= 18`, review.Never},
		{`person.sex == "female" && person.age >= 18`, `person.sex == "female"`, review.Can},
		{`person.sex != "male"`, `person.sex == "female"`, review.Can},
		{`person.name != "a"`, `person.name == "b"`, review.Never},
		{`context.hour >= 8 && context.hour < 12`, `context.hour in [8, 9, 10, 11]`, review.Can},
		{`place.id == "P1"`, `place.border`, review.Can},
		// D1 lies in the north but has no border attribute: there the
		// second condition cannot be evaluated, so it does not hold.
		{`place.region == "north"`, `place.border`, review.Never},
		{`place.region == "north"`, `!place.border`, review.Never},
		{`person.name.startsWith("a")`, `person.name.startsWith("a") || person.age > 1`, review.Can},
		{`person.age > 1`, `person.name.startsWith("a")`, review.Unknown},
	}
	for _, tc := range cases {
		t.Run(tc.p+" => "+tc.q, func(t *testing.T) {
			t.Parallel()
			an := review.NewAnalyzer(analyzerEngine(t, c))
			p, q := compile(t, c, tc.p), compile(t, c, tc.q)
			h, x := an.Implies(p, q)
			if h != tc.want {
				t.Fatalf("Implies = %s, want %s", h, tc.want)
			}
			if h == review.Never {
				vars := activation(c, x)
				if v, ok := eval(p, vars); !v || !ok {
					t.Errorf("counter-example %v does not satisfy p", x)
				}
				if v, ok := eval(q, vars); v && ok {
					t.Errorf("counter-example %v satisfies q", x)
				}
			}
		})
	}
}

// samples are deterministic activations covering every variable of a
// charter at every territory, to probe the analyser's negative answers.
func samples(c *charter.Charter) []map[string]any {
	ints := []int64{0, 5, 12, 16, 18, 30, 65, -1, math.MaxInt64}
	doubles := []float64{0, 1.5, 2, 1200.5, -3.25, 300}
	strs := []string{"", "a", "x", "other", "north"}
	lists := [][]string{{}, {"c1"}, {"c2"}, {"c1", "c2"}, {"vip"}}
	names := make([]string, 0, len(c.Env().Types))
	for k := range c.Env().Types {
		names = append(names, k)
	}
	sort.Strings(names)
	var out []map[string]any
	for _, t := range c.Territories {
		for i := 0; i < 16; i++ {
			vars := placeVars(c, t)
			for j, name := range names {
				if _, set := vars[name]; set || len(name) > 6 && name[:6] == "place." {
					continue
				}
				n := i + j
				switch c.Env().Types[name] {
				case jirga.TypeInt:
					vars[name] = ints[n%len(ints)]
				case jirga.TypeDouble:
					vars[name] = doubles[n%len(doubles)]
				case jirga.TypeBool:
					vars[name] = n%2 == 0
				case jirga.TypeString:
					if enum := c.Env().Enums[name]; len(enum) > 0 {
						vars[name] = enum[n%len(enum)]
					} else {
						vars[name] = strs[n%len(strs)]
					}
				case jirga.TypeStringList:
					vars[name] = slices.Clone(lists[n%len(lists)])
				}
			}
			out = append(out, vars)
		}
	}
	return out
}

// checkSound asserts the analyser's answers about p and q against
// evaluation: an example must satisfy the conditions, and no sample may
// contradict a Never or an implication.
func checkSound(t *testing.T, c *charter.Charter, an *review.Analyzer, p, q *charter.Condition, probes []map[string]any) {
	t.Helper()
	for _, conds := range [][]*charter.Condition{{p}, {p, q}} {
		h, x := an.CanHold(conds...)
		switch h {
		case review.Can:
			for _, cond := range conds {
				if v, ok := eval(cond, activation(c, x)); !v || !ok {
					t.Fatalf("%q does not hold on its example %v", cond.Text, x)
				}
			}
		case review.Never:
			for _, vars := range probes {
				all := true
				for _, cond := range conds {
					v, ok := eval(cond, vars)
					all = all && v && ok
				}
				if all {
					t.Fatalf("said never, but all of %d conditions hold on %v", len(conds), vars)
				}
			}
		}
	}
	if h, _ := an.Implies(p, q); h == review.Can {
		for _, vars := range probes {
			if v, ok := eval(p, vars); v && ok {
				if w, ok := eval(q, vars); !w || !ok {
					t.Fatalf("said %q implies %q, but not on %v", p.Text, q.Text, vars)
				}
			}
		}
	}
}

func TestAnalyzerAgainstEvaluation(t *testing.T) {
	t.Parallel()
	c := baseCharter(t)
	probes := samples(c)
	conds := []string{
		`person.age >= 18`, `person.age < 16 || person.age > 65`, `person.sex == "female" && person.age > 12`,
		`!(person.profession_free == "x")`, `place.region == "north" && !place.border`, `place.altitude >= 300.0`,
		`"c1" in person.communities || "vip" in person.tags`, `person.height < 2.0 && person.height > -3.5`,
		`context.ramadan ? context.hour < 18 : context.hour >= 0`, `person.married != (person.age < 18)`,
	}
	an := review.NewAnalyzer(analyzerEngine(t, c))
	for _, ps := range conds {
		for _, qs := range conds {
			p, errs := c.Env().Compile(ps)
			q, errs2 := c.Env().Compile(qs)
			if len(errs) > 0 || len(errs2) > 0 {
				continue
			}
			checkSound(t, c, an, p, q, probes)
		}
	}
}

// analyzerEngine compiles c for NewAnalyzer.
func analyzerEngine(t testing.TB, c *charter.Charter) *engine.Engine {
	t.Helper()
	e, err := engine.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return e
}
