package engine_test

import (
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/engine"
)

// TestAfghanistanVoidLaws checks that ask shows the laws planted in the
// flagship example for review as void, and why.
func TestAfghanistanVoidLaws(t *testing.T) {
	e := load(t, "../examples/afghanistan")
	for _, tc := range []struct {
		question string
		verdict  jirga.Verdict
		rule     string
		outcome  engine.Outcome
	}{
		{`{"at":"AF-PAN","action":"cover_face_in_public","person":{"age":30,"sex":"female","communities":["non_observant"]}}`,
			jirga.Permitted, "national-dress-code/face-covering-everywhere", engine.VoidUltraVires},
		{`{"at":"AF-KAN","action":"eat_in_public_during_ramadan","person":{"age":30,"sex":"male","communities":["sikh_hindu"]},"context":{"ramadan":true}}`,
			jirga.Permitted, "kandahar-public-observance-order/no-eating-in-ramadan", engine.VoidUltraVires},
		{`{"at":"AF-KAB","action":"travel_between_provinces","person":{"age":30},"context":{"emergency":true}}`,
			jirga.Permitted, "emergency-movement-order/close-provincial-borders", engine.VoidRight},
		{`{"at":"AF-KAN","action":"attend_secondary_school","person":{"age":14,"sex":"female","communities":["hanafi"]}}`,
			jirga.Forbidden, "kandahar-education-law/no-secondary-school-for-girls", engine.Applied},
		{`{"at":"AF-PAN","action":"attend_secondary_school","person":{"age":14,"sex":"female","communities":["hanafi"]}}`,
			jirga.Permitted, "panjshir-education-law/secondary-school-for-all", engine.Applied},
	} {
		q, _, err := e.ParseQuestion([]byte(tc.question))
		if err != nil {
			t.Fatalf("%s: %v", tc.question, err)
		}
		var ans engine.Answer
		e.Ask(q, &ans)
		if ans.Verdict != tc.verdict {
			t.Errorf("%s: verdict %s, want %s", tc.question, ans.Verdict, tc.verdict)
		}
		found := false
		for _, s := range ans.Trace {
			if s.Rule != nil && s.Rule.Law.ID+"/"+s.Rule.ID == tc.rule {
				found = true
				if s.Outcome != tc.outcome {
					t.Errorf("%s: %s is %s, want %s", tc.question, tc.rule, s.Outcome, tc.outcome)
				}
			}
		}
		if !found {
			t.Errorf("%s: %s not in the trace", tc.question, tc.rule)
		}
	}
}
