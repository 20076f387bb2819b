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

// FuzzFastParse checks that the batch path's fast parser, whenever it
// accepts a question, reads it exactly as the general parser does.
func FuzzFastParse(f *testing.F) {
	e := load(f, "testdata/semantics")
	for _, s := range []string{
		`{"id":7,"at":"P","action":"attend_school","person":{"age":35,"sex":"male"}}`,
		`{"at":"D","action":"fast","person":{"age":16,"communities":["beta","alpha"]},"context":{"emergency":true}}`,
		` { "action" : "smoke" , "at" : "Q" , "person" : { } } `,
		`{"id":"x","at":"P","action":"serve","person":{"age":-0,"age":3}}`,
		`{"at":"P","action":"serve","person":{"age":1e2}}`,
		`{"at":"P","action":"serve","person":{"sex":"femal"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var q engine.Question
		var facts engine.Facts
		fastID, fastOK := engine.ParseFast(e, data, &q, &facts)
		if !fastOK {
			return
		}
		pq, qj, err := e.ParseQuestion(data)
		if err != nil {
			t.Fatalf("fast path accepted %q, general path refused: %v", data, err)
		}
		if string(fastID) != string(qj.ID) {
			t.Fatalf("ids differ: %q vs %q", fastID, qj.ID)
		}
		if !engine.SameQuestion(&q, pq) {
			t.Fatalf("questions differ for %q", data)
		}
		var a, b engine.Answer
		e.Ask(&q, &a)
		e.Ask(pq, &b)
		if string(e.AppendJSON(nil, nil, &a)) != string(e.AppendJSON(nil, nil, &b)) {
			t.Fatalf("answers differ for %q", data)
		}
	})
}
