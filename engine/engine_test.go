package engine_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
)

var update = flag.Bool("update", false, "rewrite golden files")

func load(t testing.TB, dir string) *engine.Engine {
	t.Helper()
	c, err := charter.Load(dir)
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	e, err := engine.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestSemantics answers every example of docs/semantics.md, checks each
// verdict and the outcome of the rules that decide it, and compares the
// whole answers with the golden file.
func TestSemantics(t *testing.T) {
	e := load(t, "testdata/semantics")
	want := map[string]struct {
		verdict  jirga.Verdict
		outcomes map[string]engine.Outcome // law/rule -> outcome
	}{
		"competence-province":            {jirga.Forbidden, map[string]engine.Outcome{"p_schools/adults_out": engine.Applied, "n_schools/everyone": engine.VoidUltraVires, "p_schools/women": engine.ConditionFalse}},
		"competence-ultra-vires":         {jirga.Permitted, map[string]engine.Outcome{"p_schools/adults_out": engine.ConditionFalse, "n_schools/everyone": engine.VoidUltraVires}},
		"scope-ancestor":                 {jirga.Obliged, map[string]engine.Outcome{"n_service/conscription": engine.Applied, "n_service/exemption": engine.ConditionFalse}},
		"scope-other-territory":          {jirga.Permitted, map[string]engine.Outcome{"n_schools/everyone": engine.VoidUltraVires}},
		"right-protected":                {jirga.Permitted, map[string]engine.Outcome{"n_movement/curfew": engine.VoidRight}},
		"belief-member":                  {jirga.Obliged, map[string]engine.Outcome{"alpha_fast/ramadan": engine.Applied}},
		"belief-non-member":              {jirga.Permitted, map[string]engine.Outcome{}},
		"conflict-two-communities":       {jirga.Conflict, map[string]engine.Outcome{"alpha_fast/ramadan": engine.Applied, "beta_fast/no_fast": engine.Applied}},
		"precedence-forbid-over-permit":  {jirga.Forbidden, map[string]engine.Outcome{"p_schools/adults_out": engine.Applied, "p_schools/women": engine.Overridden}},
		"precedence-oblige-permit":       {jirga.Obliged, map[string]engine.Outcome{"n_service/conscription": engine.Applied, "n_service/exemption": engine.Applied}},
		"concurrent-bounded":             {jirga.Permitted, map[string]engine.Outcome{"p_health/adults_smoke": engine.Applied, "d_health/smoke_free": engine.Bounded}},
		"concurrent-higher-bounds-lower": {jirga.Obliged, map[string]engine.Outcome{"n_health/vaccines": engine.Applied, "p_health/no_vaccine_mandate": engine.Bounded}},
		"concurrent-lower-free":          {jirga.Forbidden, map[string]engine.Outcome{"n_health/vaccines": engine.ConditionFalse, "p_health/no_vaccine_mandate": engine.Applied}},
		"concurrent-three-levels":        {jirga.Forbidden, map[string]engine.Outcome{"n_tattoo/minors": engine.Applied, "p_tattoo/allowed": engine.Bounded, "d_tattoo/banned": engine.Bounded}},
		"default-liberty":                {jirga.Permitted, map[string]engine.Outcome{}},
		"missing-fact":                   {jirga.Permitted, map[string]engine.Outcome{"p_schools/adults_out": engine.EvalError, "p_schools/women": engine.EvalError}},
	}
	in, err := os.ReadFile("testdata/semantics.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var golden bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(in))
	seen := 0
	for sc.Scan() {
		q, qj, err := e.ParseQuestion(sc.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", sc.Text(), err)
		}
		var id string
		_ = json.Unmarshal(qj.ID, &id)
		w, ok := want[id]
		if !ok {
			t.Fatalf("no expectation for %s", id)
		}
		seen++
		var ans engine.Answer
		e.Ask(q, &ans)
		if ans.Verdict != w.verdict {
			t.Errorf("%s: verdict %s, want %s", id, ans.Verdict, w.verdict)
		}
		got := map[string]engine.Outcome{}
		for _, s := range ans.Trace {
			if s.Rule != nil {
				got[s.Rule.Law.ID+"/"+s.Rule.ID] = s.Outcome
			}
		}
		for rule, o := range w.outcomes {
			if got[rule] != o {
				t.Errorf("%s: %s is %q, want %q", id, rule, got[rule], o)
			}
		}
		if missing := engine.Missing(&ans); (id == "missing-fact") != (len(missing) > 0) || (len(missing) > 0 && strings.Join(missing, ",") != "person.age,person.sex") {
			t.Errorf("%s: missing = %v", id, missing)
		}
		if d := e.Decide(q); d != ans.Verdict {
			t.Errorf("%s: Decide gives %s, Ask %s", id, d, ans.Verdict)
		}
		golden.Write(e.AppendJSON(nil, qj.ID, &ans))
		golden.WriteByte('\n')
	}
	if seen != len(want) {
		t.Errorf("answered %d questions, want %d", seen, len(want))
	}
	compareGolden(t, "testdata/semantics.golden", golden.Bytes())
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it)\ngot:\n%s", path, got)
	}
}

func TestTraceRightsAndPositions(t *testing.T) {
	e := load(t, "testdata/semantics")
	q, _, err := e.ParseQuestion([]byte(`{"at":"P","action":"fast","person":{"age":20}}`))
	if err != nil {
		t.Fatal(err)
	}
	var ans engine.Answer
	e.Ask(q, &ans)
	entries := e.Entries(&ans)
	if len(entries) != 2 || entries[0].Kind != "right" || entries[0].Right != "conscience" || entries[1].Kind != "default" {
		t.Fatalf("trace = %+v", entries)
	}
	q, _, _ = e.ParseQuestion([]byte(`{"at":"P","action":"attend_school","person":{"age":35,"sex":"male"}}`))
	e.Ask(q, &ans)
	for _, te := range e.Entries(&ans) {
		if te.Rule == "adults_out" && (!strings.HasSuffix(te.File, "laws/competence.yaml") || te.Line != 8 || te.Col != 5) {
			t.Errorf("position of adults_out = %s:%d:%d", te.File, te.Line, te.Col)
		}
	}
}

func TestBadQuestions(t *testing.T) {
	e := load(t, "testdata/semantics")
	for _, tc := range []struct{ in, want string }{
		{`{"at":"PP","action":"serve","person":{}}`, `unknown territory "PP" (did you mean P`},
		{`{"at":"Province","action":"serve","person":{}}`, `did you mean P?`},
		{`{"at":"P","action":"serv","person":{}}`, `unknown action "serv" (did you mean serve`},
		{`{"at":"P","action":"serve","person":{"agee":3}}`, `person.agee: unknown attribute (did you mean age`},
		{`{"at":"P","action":"serve","person":{"age":"ten"}}`, `person.age: must be a whole number, got the string "ten"`},
		{`{"at":"P","action":"serve","person":{"age":3.5}}`, `person.age: must be a whole number`},
		{`{"at":"P","action":"serve","person":{"sex":"other"}}`, `"other" is not one of female, male`},
		{`{"at":"P","action":"serve","person":{"communities":["gamma"]}}`, `unknown community "gamma"`},
		{`{"at":"P","action":"serve","context":{"emergency":"yes"}}`, `context.emergency: must be a boolean`},
		{`{"at":"P","action":"serve","colour":1}`, `unknown field "colour"`},
		{`{"at":"P"`, `JSON syntax`},
		{`{"action":"serve"}`, `at: missing`},
		{`{"at":"X","action":"Y"}`, `unknown territory "X"`},
	} {
		_, _, err := e.ParseQuestion([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.in, err, tc.want)
		} else if jirga.ErrorCode(err) != jirga.EINVALID {
			t.Errorf("%s: code %s", tc.in, jirga.ErrorCode(err))
		}
	}
}

func TestWhere(t *testing.T) {
	e := load(t, "testdata/semantics")
	facts, err := e.Facts(map[string]any{"age": 35.0, "sex": "male"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	places, err := e.Where(facts, []string{"attend_school"}, []string{"vaccinate"}, "province")
	if err != nil {
		t.Fatal(err)
	}
	if len(places) != 2 || places[0].Territory.ID != "Q" || !places[0].Livable || places[1].Livable {
		t.Fatalf("places = %+v", places)
	}
	f := places[1].Failures
	if len(f) != 1 || f[0].Action != "attend_school" || f[0].Verdict != jirga.Forbidden || f[0].Because[0].Rule != "adults_out" {
		t.Errorf("failures in P = %+v", f)
	}
	if _, err := e.Where(facts, []string{"fly"}, nil, "county"); err == nil || !strings.Contains(err.Error(), `unknown action "fly"`) || !strings.Contains(err.Error(), "unknown level county") {
		t.Errorf("bad where: %v", err)
	}
}

// TestNativeMatchesCEL checks that natively compiled conditions agree with
// cel-go on a grid of facts.
func TestNativeMatchesCEL(t *testing.T) {
	e := load(t, "testdata/semantics")
	if e.NativeRules() == 0 {
		t.Fatal("no condition compiled natively")
	}
	if err := engine.CheckNative(e, []map[string]any{
		{"age": 5.0, "sex": "female", "communities": []any{"alpha"}},
		{"age": 18.0, "sex": "male", "communities": []any{"beta"}},
		{"age": 30.0, "sex": "female", "communities": []any{}},
		{"age": 70.0, "sex": "male", "communities": []any{"alpha", "beta"}},
		{"age": 40.0, "sex": "male"}, // no communities given: a member of none
	}, []map[string]any{{"emergency": true}, {"emergency": false}}); err != nil {
		t.Fatal(err)
	}
}
