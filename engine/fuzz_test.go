package engine_test

import (
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/engine"
)

// FuzzParseQuestion feeds arbitrary bytes as a JSON question: the parser
// returns an error or a question, which Ask then answers without panicking.
func FuzzParseQuestion(f *testing.F) {
	e := load(f, "testdata/semantics")
	for _, s := range []string{
		`{"at":"P","action":"attend_school","person":{"age":35,"sex":"male"}}`,
		`{"id":[1,{}],"at":"D","action":"smoke","person":{"age":-1e300,"communities":["alpha","alpha"]},"context":{"emergency":true}}`,
		`{"at":"P","action":"fast","person":{"communities":[null]}}`,
		`{"at":"P","action":"serve","person":{"age":9007199254740993}}`,
		`[]`, `null`, `{"at":"P"`, `{"at":1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		q, _, err := e.ParseQuestion(data)
		if err != nil {
			if jirga.ErrorCode(err) != jirga.EINVALID {
				t.Fatalf("error code %s for %q", jirga.ErrorCode(err), data)
			}
			return
		}
		var ans engine.Answer
		e.Ask(q, &ans)
		switch ans.Verdict {
		case jirga.Permitted, jirga.Forbidden, jirga.Obliged, jirga.Conflict:
		default:
			t.Fatalf("verdict %q", ans.Verdict)
		}
		if e.Decide(q) != ans.Verdict {
			t.Fatal("Decide and Ask disagree")
		}
		_ = e.AppendJSON(nil, nil, &ans)
	})
}
