package gen_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/internal/gen"
)

func load(t testing.TB, w *gen.Workload) *engine.Engine {
	t.Helper()
	var files []charter.File
	for _, f := range w.Files() {
		files = append(files, charter.File{Path: f.Path, Data: f.Data})
	}
	c, err := charter.LoadFiles("bench", files)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	e, err := engine.New(c)
	if err != nil {
		t.Fatalf("engine: %v", err)
	}
	return e
}

func TestShape(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                  string
		cfg                   gen.Config
		territories, forbids  int
		firstDistrict, lastID string
	}{
		{"issue 3, 1000 rules", gen.Default(1000), 1 + 34 + 34*12, 200, "P01-D01", "P34-D12"},
		{"large, 500 rules", gen.Large(500), 10000, 100, "P01-D001", "P33-D302"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := gen.New(tt.cfg)
			if got := len(w.Territories); got != tt.territories {
				t.Errorf("territories = %d, want %d", got, tt.territories)
			}
			if got := w.Territories[1+tt.cfg.Provinces].ID; got != tt.firstDistrict {
				t.Errorf("first district = %q, want %q", got, tt.firstDistrict)
			}
			if got := w.Territories[len(w.Territories)-1].ID; got != tt.lastID {
				t.Errorf("last district = %q, want %q", got, tt.lastID)
			}
			forbids, perLevel := 0, map[int]int{}
			for i, r := range w.Rules {
				if r.Action != w.Actions[i%len(w.Actions)] {
					t.Fatalf("rule %d acts on %s", i, r.Action)
				}
				level := w.Territories[r.Territory].Level
				perLevel[level]++
				if r.Effect == jirga.Forbid {
					forbids++
					if r.Community == "" {
						t.Fatalf("forbid %s binds no community", r.ID)
					}
				}
			}
			if forbids != tt.forbids {
				t.Errorf("forbids = %d, want %d", forbids, tt.forbids)
			}
			if perLevel[gen.Province] != perLevel[gen.District] || perLevel[gen.Nation] != 0 {
				t.Errorf("rules per level = %v, want equal province and district", perLevel)
			}
			if len(w.Persons) != 10000 || len(w.Actions) != 50 || len(w.Communities) != 5 {
				t.Errorf("persons, actions, communities = %d, %d, %d", len(w.Persons), len(w.Actions), len(w.Communities))
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	a, b := gen.New(gen.Default(500)), gen.New(gen.Default(500))
	if !reflect.DeepEqual(a.Files(), b.Files()) {
		t.Error("two workloads of one config differ")
	}
	if !reflect.DeepEqual(a.Questions(100, 7), b.Questions(100, 7)) {
		t.Error("two samples of one seed differ")
	}
	c := gen.Default(500)
	c.Seed = 2
	if reflect.DeepEqual(a.Files(), gen.New(c).Files()) {
		t.Error("another seed gives the same charter")
	}
}

// TestEngineAgrees checks the generated charter loads with every rule
// within competence, and that the engine answers as the brute-force
// reference does, with both answers frequent.
func TestEngineAgrees(t *testing.T) {
	t.Parallel()
	for _, n := range []int{100, 1000, 10000} {
		w := gen.New(gen.Default(n))
		e := load(t, w)
		if got := len(e.Rules()); got != n {
			t.Fatalf("N=%d: engine has %d rules", n, got)
		}
		for _, r := range e.Rules() {
			if r.Void != "" {
				t.Fatalf("N=%d: rule %s is void: %s", n, r.ID, r.Why)
			}
		}
		if e.NativeRules() == 0 {
			t.Errorf("N=%d: no condition compiled natively", n)
		}
		allowed, denied := 0, 0
		for i, q := range w.Questions(2000, 3) {
			facts, err := e.Facts(w.PersonFacts(q), w.ContextFacts(q))
			if err != nil {
				t.Fatal(err)
			}
			eq, err := e.NewQuestion(w.Territories[q.Place].ID, q.Action, facts)
			if err != nil {
				t.Fatal(err)
			}
			v := e.Decide(eq)
			got := v == jirga.Permitted || v == jirga.Obliged
			if want := w.Allowed(q); got != want {
				t.Fatalf("N=%d question %d %+v: engine %s, reference allowed=%v", n, i, q, v, want)
			}
			if got {
				allowed++
			} else {
				denied++
			}
		}
		if allowed < 200 || denied < 200 {
			t.Errorf("N=%d: %d allowed and %d denied of 2000: the sample does not exercise both answers", n, allowed, denied)
		}
	}
}

func TestWriteDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	w := gen.New(gen.Default(300))
	if err := w.WriteDir(dir, 50, 9); err != nil {
		t.Fatal(err)
	}
	c, err := charter.Load(dir)
	if err != nil {
		t.Fatalf("load written charter: %v", err)
	}
	rules := 0
	for _, l := range c.Laws {
		rules += len(l.Rules)
	}
	if rules != 300 {
		t.Errorf("written charter has %d rules, want 300", rules)
	}
	data, err := os.ReadFile(filepath.Join(dir, gen.QuestionsFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	qs := w.Questions(50, 9)
	if len(lines) != len(qs) {
		t.Fatalf("%d lines, want %d", len(lines), len(qs))
	}
	for i, line := range lines {
		var got struct {
			At      string         `json:"at"`
			Action  string         `json:"action"`
			Person  map[string]any `json:"person"`
			Context map[string]any `json:"context"`
		}
		dec := json.NewDecoder(bytes.NewReader([]byte(line)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&got); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		q := qs[i]
		if got.At != w.Territories[q.Place].ID || got.Action != q.Action ||
			!reflect.DeepEqual(got.Person, w.PersonFacts(q)) || !reflect.DeepEqual(got.Context, w.ContextFacts(q)) {
			t.Errorf("line %d = %s, want question %+v", i+1, line, q)
		}
	}
}

func TestCPUTime(t *testing.T) {
	t.Parallel()
	before := gen.CPUTime()
	x := 0
	for i := range 50_000_000 {
		x ^= i * i
	}
	if after := gen.CPUTime(); after <= before {
		t.Errorf("CPU time did not advance over a busy loop (%d): %v, then %v", x, before, after)
	}
}
