package charter_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestLoadSmall(t *testing.T) {
	t.Parallel()
	c, err := charter.Load("testdata/small")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := len(c.Laws); got != 4 {
		t.Errorf("laws = %d, want 4", got)
	}
	if got := len(c.Rules()); got != 4 {
		t.Errorf("rules = %d, want 4", got)
	}
	p1 := c.Territory("P1")
	if p1 == nil || p1.Population != 1000 || p1.Attributes["region"] != "north" {
		t.Fatalf("P1 = %+v", p1)
	}
	var chain []string
	for _, a := range c.Ancestors(p1) {
		chain = append(chain, a.ID)
	}
	if strings.Join(chain, ",") != "P1,N" {
		t.Errorf("ancestors of P1 = %v", chain)
	}
	if !c.Contains(c.Territory("N"), p1) || c.Contains(p1, c.Territory("N")) {
		t.Error("Contains is wrong")
	}
	if c.LevelIndex("nation") != 0 || c.LevelIndex("province") != 1 || c.LevelIndex("district") != -1 {
		t.Error("LevelIndex is wrong")
	}
	law := c.Law("p1_schools")
	if law == nil || law.Rules[0].Effect != jirga.Forbid || law.Rules[0].Action != "attend_school" || law.Rules[0].Law != law {
		t.Fatalf("p1_schools = %+v", law)
	}
	if pos := law.Rules[0].Source.At("when"); pos.Line != 9 || pos.Col != 11 {
		t.Errorf("position of when = %v, want line 9 col 11", pos)
	}
	if c.Default != jirga.DefaultPermitted {
		t.Errorf("default = %q", c.Default)
	}
	if len(c.Hash) != 64 {
		t.Errorf("hash = %q", c.Hash)
	}
}

func TestConditionsEvaluate(t *testing.T) {
	t.Parallel()
	c, err := charter.Load("testdata/small")
	if err != nil {
		t.Fatal(err)
	}
	rule := c.Law("p1_schools").Rules[0]
	cond := c.Condition(rule)
	if cond == nil {
		t.Fatal("no compiled condition")
	}
	for _, tc := range []struct {
		age  int64
		sex  string
		want bool
	}{{14, "female", true}, {11, "female", false}, {14, "male", false}} {
		out, _, err := cond.Program.Eval(map[string]any{"person.age": tc.age, "person.sex": tc.sex})
		if err != nil {
			t.Fatal(err)
		}
		if out.Value() != tc.want {
			t.Errorf("age %d %s: got %v, want %v", tc.age, tc.sex, out.Value(), tc.want)
		}
	}
}

// TestBrokenGolden checks that every planted error is reported at its exact
// file:line:col in one run.
func TestBrokenGolden(t *testing.T) {
	t.Parallel()
	for _, dir := range []string{"broken-small", "broken-afghanistan"} {
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			_, err := charter.Load(filepath.Join("testdata", dir))
			var je *jirga.Error
			if !errors.As(err, &je) || je.Code != jirga.EINVALID {
				t.Fatalf("want an invalid-charter error, got %v", err)
			}
			got := jirga.Diagnostics(je.Diagnostics).Error() + "\n"
			golden(t, filepath.Join("testdata", dir+".golden"), got)
		})
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("diagnostics differ from %s (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, charter, want string
	}{
		{"no format", "id: x\nlevels: [nation]\n", `missing format version key "jirga"`},
		{"future format", "jirga: 9\nid: x\nlevels: [nation]\n", "unsupported charter format 9"},
		{"duplicate party", "jirga: 1\nid: x\nlevels: [nation]\nparties: [{id: a}, {id: a}]\n", `charter.yaml:4:25: duplicate party id "a"`},
		{"unknown key hint", "jirga: 1\nid: x\nlevels: [nation]\nparites: []\n", `charter.yaml:4:1: unknown key "parites" in charter (did you mean "parties"?)`},
		{"cycle", "jirga: 1\nid: x\nlevels: [nation, province]\nterritories:\n  - {id: A, level: province, parent: B}\n  - {id: B, level: province, parent: A}\n", "territory cycle: A -> B -> A"},
		{"bad attribute type", "jirga: 1\nid: x\nlevels: [nation]\nperson: [{name: age, type: integer}]\n", `unknown type "integer"`},
		{"reserved attribute", "jirga: 1\nid: x\nlevels: [nation]\nperson: [{name: communities, type: int}]\n", `"communities" is a built-in person attribute`},
		{"yaml syntax", "jirga: 1\nid: [x\n", "YAML syntax"},
		{"non-belief non-coercion", "jirga: 1\nid: x\nlevels: [nation]\ndomains: [{id: d, competence: nation}]\nrights: [{id: r, non_coercion: [d]}]\n", "non-coercion applies to belief domains"},
		{"concurrent levels", "jirga: 1\nid: x\nlevels: [nation, province]\ndomains: [{id: d, competence: concurrent, levels: [province, nation]}]\n", "out of order"},
		{"wrong type", "jirga: 1\nid: x\nlevels: [nation]\nterritories: [{id: N, level: nation, population: many}]\n", "population must be a whole number"},
		{"quoted format", "jirga: \"1\"\nid: x\nlevels: [nation]\n", "charter.yaml:1:8: charter.jirga must be a whole number"},
		{"scalar list position", "jirga: 1\nid: x\nlevels: [nation]\nterritories: [{id: N, level: nation, governed_by: north}]\n", `charter.yaml:4:51: unknown party "north"`},
		{"empty", "", "charter.yaml:1:1: charter.yaml is empty"},
		{"not a mapping", "- a\n- b\n", "charter.yaml:1:1: charter.yaml must be a mapping"},
		{"duplicate kinds", "jirga: 1\nid: x\nlevels: [nation]\nbodies: [{id: b, members: [{id: m}], rules: [{id: r1, kinds: [motion], rule: {threshold: {share: 1/2}}}, {id: r2, kinds: [motion], rule: {threshold: {share: 2/3}}}]}]\n", `rules "r1" and "r2" of body "b" both decide motion`},
		{"seats_from method", "jirga: 1\nid: x\nlevels: [nation]\nparties: [{id: a}]\nbodies: [{id: b, members: [{id: m}], seats_from: {method: dhont, seats: 3, votes: {a: 10}}}]\n", `unknown apportionment method "dhont" (did you mean "dhondt"?`},
		{"territory attribute value", "jirga: 1\nid: x\nlevels: [nation]\nterritory_attributes: [{name: region, type: string, values: [north, south]}]\nterritories: [{id: N, level: nation, attributes: {region: nort}}]\n", `is "nort", which is not one of its declared values (did you mean "north"?)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := charter.LoadFiles("", []charter.File{{Path: "charter.yaml", Data: []byte(tc.charter)}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v\nwant an error containing %q", err, tc.want)
			}
		})
	}
}

func TestMissingDirectory(t *testing.T) {
	t.Parallel()
	_, err := charter.Load("testdata/does-not-exist")
	if err == nil || jirga.ErrorCode(err) != jirga.EINVALID {
		t.Fatalf("got %v", err)
	}
}

func TestConditionChecks(t *testing.T) {
	t.Parallel()
	small, err := os.ReadFile("testdata/small/charter.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, law, want string }{
		{"yaml tag", "when: !person.married\n", "laws/x.yaml:9:11: unexpected YAML tag !person.married"},
		{"enum typo", "when: person.sex == 'femal'\n", `laws/x.yaml:9:25: condition of rule "r": "femal" is not one of the values of person.sex ("female", "male"); did you mean "female"?`},
		{"enum list", "when: person.sex in ['female', 'mal']\n", `laws/x.yaml:9:36: condition of rule "r": "mal" is not one of the values of person.sex`},
		{"community typo", "when: '\"c3\" in person.communities'\n", `laws/x.yaml:9:12: condition of rule "r": "c3" is not a community of the charter`},
		{"block scalar column", "when: |\n      person.age > 'x'\n", "laws/x.yaml:10:18: condition of rule \"r\": found no matching overload"},
		{"law not a mapping", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			law := "id: l\nenacted_by: provincial\nterritory: P1\ndomain: education\nrules:\n  - id: r\n    permit: attend_school\n    # condition\n    " + tc.law
			if tc.name == "law not a mapping" {
				law, tc.want = "- just\n- a list\n", "laws/x.yaml:1:1: a law document must be a mapping"
			}
			_, err := charter.LoadFiles("", []charter.File{{Path: "charter.yaml", Data: small}, {Path: "laws/x.yaml", Data: []byte(law)}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v\nwant an error containing %q", err, tc.want)
			}
		})
	}
}

// TestSeatsFrom checks that a body's seats come from its allocation: the
// 2007 Northern Ireland Executive by d'Hondt, as published.
func TestSeatsFrom(t *testing.T) {
	t.Parallel()
	c, err := charter.Load("testdata/ni-executive-2007")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, m := range c.Body("executive").Members {
		got[m.Party] = m.Seats
	}
	want := map[string]int64{"DUP": 4, "SF": 3, "UUP": 2, "SDLP": 1, "Alliance": 0}
	for p, n := range want {
		if got[p] != n {
			t.Errorf("%s: %d ministries, want %d (all: %v)", p, got[p], n, got)
		}
	}
	// With nine ministries the ninth pick is a tie (DUP 36/4 = UUP 18/2):
	// first-preference votes give it to the DUP, a tie-break preferring
	// the UUP to the UUP. The rule is really applied.
	data, err := os.ReadFile("testdata/ni-executive-2007/charter.yaml")
	if err != nil {
		t.Fatal(err)
	}
	nine := strings.Replace(string(data), "seats: 10", "seats: 9", 1)
	for _, tc := range []struct {
		tieBreak string
		dup, uup int64
	}{{"secondary", 4, 1}, {"order:UUP,DUP", 3, 2}} {
		text := strings.Replace(nine, "tie_break: secondary", "tie_break: "+tc.tieBreak, 1)
		c, err := charter.LoadFiles("", []charter.File{{Path: "charter.yaml", Data: []byte(text)}})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, m := range c.Body("executive").Members {
			got[m.Party] = m.Seats
		}
		if got["DUP"] != tc.dup || got["UUP"] != tc.uup {
			t.Errorf("nine ministries, tie-break %s: %v", tc.tieBreak, got)
		}
	}
	bad := strings.Replace(string(data), "{id: dup, party: DUP}", "{id: dup, party: DUP, seats: 5}", 1)
	if _, err := charter.LoadFiles("", []charter.File{{Path: "charter.yaml", Data: []byte(bad)}}); err == nil || !strings.Contains(err.Error(), `member "dup" of body "executive" has seats written and allocated`) {
		t.Errorf("seats written and allocated: %v", err)
	}
}
