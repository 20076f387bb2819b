package http_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/jirga/jirga/engine"
	jhttp "github.com/jirga/jirga/http"
)

const girl = `{"age":14,"sex":"female","communities":["hanafi"]}`

// The answers are those of examples/afghanistan/README.md's tour.
func TestAsk(t *testing.T) {
	t.Parallel()
	_, base := startServer(t, jhttp.Config{})
	for _, tc := range []struct {
		at, verdict, decidedBy string
	}{
		{"AF-KAN", "forbidden", "kandahar-education-law/no-secondary-school-for-girls"},
		{"AF-HER", "forbidden", "herat-education-law/no-secondary-school-for-girls"},
		{"AF-PAN", "permitted", ""},
		{"AF-TAK", "permitted", "default"},
	} {
		byPost := post(t, base+"/api/ask", `{"id":"q1","at":"`+tc.at+`","action":"attend_secondary_school","person":`+girl+`}`)
		byGet := get(t, base+"/api/ask?at="+tc.at+"&action=attend_secondary_school&person="+url.QueryEscape(girl))
		for _, r := range []response{byPost, byGet} {
			var ans engine.AnswerReport
			r.decode(t, &ans)
			if r.status != 200 || string(ans.Verdict) != tc.verdict || ans.At != tc.at || ans.Action != "attend_secondary_school" || len(ans.Trace) == 0 {
				t.Errorf("%s: %d %s", tc.at, r.status, r.body)
				continue
			}
			if !decided(ans.Trace, tc.decidedBy) {
				t.Errorf("%s: %s not decided by %s: %+v", tc.at, tc.verdict, tc.decidedBy, ans.Trace)
			}
		}
		var withID engine.AnswerReport
		byPost.decode(t, &withID)
		if string(withID.ID) != `"q1"` {
			t.Errorf("id not echoed: %s", byPost.body)
		}
	}
}

// decided reports whether the trace applies law/rule, or the default.
func decided(trace []engine.TraceEntry, by string) bool {
	for _, te := range trace {
		switch {
		case by == "":
			return true
		case by == "default" && te.Kind == "default":
			return true
		case te.Outcome == "applied" && te.Law+"/"+te.Rule == by:
			return true
		}
	}
	return false
}

func TestAskErrors(t *testing.T) {
	t.Parallel()
	_, base := startServer(t, jhttp.Config{})
	for _, tc := range []struct {
		name, method, path, body string
		want                     []string
	}{
		{"typos", "POST", "/api/ask", `{"at":"AF-KN","action":"attend_scondary_school","person":{"age":"x"}}`,
			[]string{`unknown territory "AF-KN"`, "AF-KAN", "did you mean attend_secondary_school", "person.age: must be a whole number"}},
		{"syntax", "POST", "/api/ask", `{"at":`, []string{"JSON syntax"}},
		{"unknown field", "POST", "/api/ask", `{"at":"AF-KAN","action":"vote","bogus":1}`, []string{`unknown field "bogus"`}},
		{"empty", "POST", "/api/ask", ``, []string{"empty"}},
		{"missing", "GET", "/api/ask?person={}", "", []string{"at (a territory id) and action (an action id)"}},
		{"bad person", "GET", "/api/ask?at=AF-KAN&action=vote&person=" + url.QueryEscape("[1]"), "", []string{"person must be a JSON object"}},
	} {
		r := do(t, tc.method, base+tc.path, tc.body)
		e := r.apiError(t)
		if r.status != 400 || e.Code != "invalid" {
			t.Errorf("%s: %d %+v", tc.name, r.status, e)
		}
		for _, w := range tc.want {
			if !strings.Contains(e.Message, w) {
				t.Errorf("%s: %q lacks %q", tc.name, e.Message, w)
			}
		}
	}
}

// The README's where: a Hanafi girl of 14 who wants secondary school can
// live in 14 provinces.
func TestWhere(t *testing.T) {
	t.Parallel()
	_, base := startServer(t, jhttp.Config{})
	want := []string{"AF-BAL", "AF-BAM", "AF-BDS", "AF-BGL", "AF-DAY", "AF-FYB", "AF-GHA", "AF-JOW", "AF-KAB", "AF-KAP", "AF-PAN", "AF-PAR", "AF-SAR", "AF-TAK"}
	byPost := post(t, base+"/api/where", `{"person":`+girl+`,"wants":["attend_secondary_school"]}`)
	byGet := get(t, base+"/api/where?wants=attend_secondary_school&person="+url.QueryEscape(girl))
	for _, r := range []response{byPost, byGet} {
		var rep engine.WhereReport
		r.decode(t, &rep)
		var livable []string
		for _, p := range rep.Territories {
			if p.Livable {
				livable = append(livable, p.Territory)
			}
		}
		slices.Sort(livable)
		if r.status != 200 || rep.Livable != 14 || !slices.Equal(livable, want) || len(rep.Territories) != 34 {
			t.Errorf("where: %d livable %d %v", r.status, rep.Livable, livable)
			continue
		}
		last := rep.Territories[33]
		if last.Rank != 34 || last.Livable || len(last.Failures) != 1 || last.Failures[0].Verdict != "forbidden" || last.Failures[0].Because[0].Rule != "no-secondary-school-for-girls" {
			t.Errorf("last = %+v", last)
		}
	}

	// The Sikh boy of the README: 13 provinces.
	r := get(t, base+"/api/where?person="+url.QueryEscape(`{"age":10,"sex":"male","communities":["sikh_hindu"]}`)+
		"&wants=cremate_the_dead,attend_primary_school&refuses=attend_religious_instruction")
	var rep engine.WhereReport
	r.decode(t, &rep)
	if r.status != 200 || rep.Livable != 13 {
		t.Errorf("sikh boy: %d livable %d", r.status, rep.Livable)
	}

	for _, tc := range []struct{ name, body, want string }{
		{"no wishes", `{"person":{}}`, "where needs wants or refuses"},
		{"unknown action", `{"person":{},"wants":["atend_school"]}`, "atend_school"},
		{"unknown level", `{"person":{},"wants":["vote"],"level":"district"}`, "unknown level district"},
		{"wrong type", `{"person":{},"wants":"vote"}`, `field "wants" must be []string`},
	} {
		r := post(t, base+"/api/where", tc.body)
		if e := r.apiError(t); r.status != 400 || !strings.Contains(e.Message, tc.want) {
			t.Errorf("%s: %d %+v", tc.name, r.status, e)
		}
	}
}
