package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// run executes the CLI in-process.
func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheckExitCodes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"check", "../../examples/afghanistan"}, 0, "valid — 5 parties, 5 communities, 35 territories"},
		{[]string{"check", "../../charter/testdata/broken-small"}, 1, "INVALID: 12 errors"},
		{[]string{"check"}, 2, "needs DIR"},
		{[]string{"check", "--bogus", "x"}, 2, "unknown flag"},
		{[]string{"check", "does/not/exist"}, 2, "cannot read charter"},
	} {
		code, out, errs := run(t, "", tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.want) {
			t.Errorf("%v: exit %d, output %q%q; want exit %d and %q", tc.args, code, out, errs, tc.code, tc.want)
		}
	}
}

func TestCheckJSON(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, "", "check", "--json", "../../charter/testdata/broken-small")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var r checkReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Valid || len(r.Errors) != 12 || r.Summary.Laws != 2 || r.Summary.Territories != 3 {
		t.Fatalf("report = %+v", r)
	}
	if e := r.Errors[0]; e.Line != 3 || e.Col != 13 || !strings.Contains(e.Message, `unknown body "counsil"`) {
		t.Errorf("first error = %+v", e)
	}
}

func TestAsk(t *testing.T) {
	t.Parallel()
	girl := `{"age":14,"sex":"female","communities":["hanafi"]}`
	for _, tc := range []struct {
		at, want string
	}{{"AF-KAN", "forbidden"}, {"AF-PAN", "permitted"}} {
		code, out, errs := run(t, "", "ask", "../../examples/afghanistan", "--at", tc.at, "--action", "attend_secondary_school", "--person", girl, "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var ans struct {
			Verdict string           `json:"verdict"`
			Trace   []map[string]any `json:"trace"`
		}
		if err := json.Unmarshal([]byte(out), &ans); err != nil {
			t.Fatal(err)
		}
		if ans.Verdict != tc.want || len(ans.Trace) == 0 {
			t.Errorf("%s: verdict %s, trace %v", tc.at, ans.Verdict, ans.Trace)
		}
	}
	code, _, errs := run(t, "", "ask", "../../examples/afghanistan", "--at", "Kandahar", "--action", "attend_secondary_scool", "--person", girl)
	if code != 1 || !strings.Contains(errs, "did you mean AF-KAN") || !strings.Contains(errs, "did you mean attend_secondary_school") {
		t.Errorf("bad question: exit %d, %s", code, errs)
	}
	code, _, errs = run(t, "", "ask", "../../examples/afghanistan", "--at", "AF-KAN")
	if code != 2 || !strings.Contains(errs, "--action") {
		t.Errorf("missing flag: exit %d, %s", code, errs)
	}
}

func TestAskBatch(t *testing.T) {
	t.Parallel()
	in := `{"id":1,"at":"AF-KAN","action":"attend_secondary_school","person":{"age":14,"sex":"female"}}
{"id":"two","at":"AF-PAN","action":"attend_secondary_school","person":{"age":14,"sex":"female"}}

{"id":3,"at":"AF-XXX","action":"attend_secondary_school","person":{}}
not json
`
	code, out, errs := run(t, in, "ask", "../../examples/afghanistan", "--batch", "-")
	if code != 1 || !strings.Contains(errs, "2 questions could not be answered") {
		t.Errorf("exit %d, stderr %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d answers:\n%s", len(lines), out)
	}
	var first, second, third, fourth map[string]any
	for i, dst := range []*map[string]any{&first, &second, &third, &fourth} {
		if err := json.Unmarshal([]byte(lines[i]), dst); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, lines[i])
		}
	}
	if first["id"] != 1.0 || first["verdict"] != "forbidden" || second["id"] != "two" || second["verdict"] != "permitted" {
		t.Errorf("answers: %v / %v", first, second)
	}
	if third["id"] != 3.0 || third["line"] != 4.0 || fourth["line"] != 5.0 {
		t.Errorf("errors: %v / %v", third, fourth)
	}
}

func TestAskBatchNoTrace(t *testing.T) {
	t.Parallel()
	in := `{"id":1,"at":"AF-KAN","action":"attend_secondary_school","person":{"age":14,"sex":"female"}}
{"id":2,"at":"AF-PAN","action":"attend_secondary_school","person":{"age":14,"sex":"female"}}
`
	code, out, errs := run(t, in, "ask", "../../examples/afghanistan", "--batch", "-", "--no-trace")
	if code != 0 || out != `{"id":1,"verdict":"forbidden"}`+"\n"+`{"id":2,"verdict":"permitted"}`+"\n" {
		t.Errorf("exit %d, stdout %q, stderr %s", code, out, errs)
	}
}

func TestWhere(t *testing.T) {
	t.Parallel()
	code, out, errs := run(t, "", "where", "../../examples/afghanistan", "--person", `{"age":15,"sex":"female","communities":["jafari"]}`, "--wants", "attend_secondary_school", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		Livable     int `json:"livable"`
		Territories []struct {
			Territory string `json:"territory"`
			Livable   bool   `json:"livable"`
		} `json:"territories"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Territories) != 34 || r.Livable == 0 || r.Livable == 34 {
		t.Fatalf("where: %d livable of %d", r.Livable, len(r.Territories))
	}
	pos := map[string]bool{}
	for _, p := range r.Territories {
		pos[p.Territory] = p.Livable
	}
	if !pos["AF-PAN"] || pos["AF-KAN"] {
		t.Errorf("Panjshir livable %v, Kandahar livable %v", pos["AF-PAN"], pos["AF-KAN"])
	}
	if code, _, _ := run(t, "", "where", "../../examples/afghanistan"); code != 2 {
		t.Errorf("where without wishes: exit %d", code)
	}
}

func TestSchemaCommand(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, "", "schema")
	if code != 0 || !strings.Contains(out, `"$schema"`) {
		t.Fatalf("schema: exit %d", code)
	}
}
