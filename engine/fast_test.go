package engine_test

import (
	"strings"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/internal/gen"
)

// TestDecideMatchesAsk holds Decide's compact index to Ask's traced walk on
// the generated workload, where bounding, forbids and shared conditions
// are frequent.
func TestDecideMatchesAsk(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1000, 10000} {
		w := gen.New(gen.Default(n))
		var files []charter.File
		for _, f := range w.Files() {
			files = append(files, charter.File(f))
		}
		c, err := charter.LoadFiles("gen", files)
		if err != nil {
			t.Fatal(err)
		}
		e, err := engine.New(c)
		if err != nil {
			t.Fatal(err)
		}
		counts := map[jirga.Verdict]int{}
		bounded := 0
		var ans engine.Answer
		for _, q := range w.Questions(4000, 11) {
			facts, err := e.Facts(w.PersonFacts(q), w.ContextFacts(q))
			if err != nil {
				t.Fatal(err)
			}
			eq, err := e.NewQuestion(w.Territories[q.Place].ID, q.Action, facts)
			if err != nil {
				t.Fatal(err)
			}
			e.Ask(eq, &ans)
			if fast, slow := string(e.AppendJSON(nil, nil, &ans)), engine.TraceJSONSlow(e, &ans); !strings.Contains(fast, `"trace":[`+slow+`]`) {
				t.Fatalf("%d rules: pre-rendered trace differs:\n%s\n%s", n, fast, slow)
			}
			if got := e.Decide(eq); got != ans.Verdict {
				t.Fatalf("%d rules, %+v: Decide %s, Ask %s", n, q, got, ans.Verdict)
			}
			counts[ans.Verdict]++
			for _, s := range ans.Trace {
				if s.Outcome == engine.Bounded {
					bounded++
					break
				}
			}
		}
		if counts[jirga.Permitted] < 100 || counts[jirga.Forbidden] < 100 || bounded < 10 {
			t.Errorf("%d rules: too few of each case to compare: %v, %d bounded", n, counts, bounded)
		}
	}
}
