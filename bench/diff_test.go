package bench_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/bench"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/internal/gen"
)

// tally counts the kinds of answers a sample produced.
type tally struct {
	allowed, denied int
	forbidden       int // denied by a binding forbid
	bounded         int // a district's forbid bounded by a province's permit
}

// TestDifferential holds jirga, cedar-go, OPA (both encodings) and the
// brute-force reference to the same answer on every sampled question, and
// checks that the sample exercises every path: allow, deny, deny by a
// forbid, and a district's forbid bounded by its province's permit.
func TestDifferential(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rules int
		min   tally
	}{
		{1000, tally{allowed: 300, denied: 300, forbidden: 50, bounded: 5}},
		{10000, tally{allowed: 300, denied: 300, forbidden: 50, bounded: 20}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.rules), func(t *testing.T) {
			t.Parallel()
			got := differential(t, gen.New(gen.Default(tt.rules)), 2000)
			t.Logf("N=%d: %+v", tt.rules, got)
			if got.allowed < tt.min.allowed || got.denied < tt.min.denied || got.forbidden < tt.min.forbidden || got.bounded < tt.min.bounded {
				t.Errorf("sample %+v does not reach the minimum %+v of each kind", got, tt.min)
			}
		})
	}
}

func differential(t *testing.T, w *gen.Workload, n int) tally {
	ctx := context.Background()
	j, err := bench.NewJirga(w)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range j.Engine.Rules() {
		if r.Void != "" {
			t.Fatalf("rule %s is void: %s", r.ID, r.Why)
		}
	}
	c, err := bench.NewCedar(w, true)
	if err != nil {
		t.Fatal(err)
	}
	o, err := bench.NewOPA(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	or, err := bench.NewOPARules(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	var got tally
	var ans engine.Answer
	for i, q := range w.Questions(n, 11) {
		jq, err := j.Question(q)
		if err != nil {
			t.Fatal(err)
		}
		j.Engine.Ask(jq, &ans)
		ja := bench.Allowed(ans.Verdict)
		if d := j.Engine.Decide(jq); d != ans.Verdict {
			t.Fatalf("question %d: Decide %s, Ask %s", i, d, ans.Verdict)
		}
		ca, err := c.Allowed(c.Request(q))
		if err != nil {
			t.Fatal(err)
		}
		in, err := o.Input(q)
		if err != nil {
			t.Fatal(err)
		}
		oa, err := o.Allowed(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		ora, err := or.Allowed(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		ref := w.Allowed(q)
		if ja != ref || ca != ref || oa != ref || ora != ref {
			t.Fatalf("question %d %+v: reference %v, jirga %v (%s), cedar %v, opa (data) %v, opa (rules) %v", i, q, ref, ja, ans.Verdict, ca, oa, ora)
		}
		if ref {
			got.allowed++
		} else {
			got.denied++
		}
		if ans.Verdict == jirga.Forbidden && applied(ans, jirga.Forbid) {
			got.forbidden++
		}
		for _, s := range ans.Trace {
			if s.Outcome == engine.Bounded && s.Rule.Effect == jirga.Forbid {
				got.bounded++
				break
			}
		}
	}
	return got
}

func applied(ans engine.Answer, effect string) bool {
	for _, s := range ans.Trace {
		if s.Outcome == engine.Applied && s.Rule != nil && s.Rule.Effect == effect {
			return true
		}
	}
	return false
}

// TestPlainCedarDiffers shows the differential test can fail: Cedar's plain
// forbid-overrides policies, without the bounding of concurrent
// competence, answer differently exactly where a province's permit bounds
// a district's forbid.
func TestPlainCedarDiffers(t *testing.T) {
	t.Parallel()
	w := gen.New(gen.Default(10000))
	j, err := bench.NewJirga(w)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := bench.NewCedar(w, false)
	if err != nil {
		t.Fatal(err)
	}
	var ans engine.Answer
	differ := 0
	for i, q := range w.Questions(2000, 11) {
		jq, err := j.Question(q)
		if err != nil {
			t.Fatal(err)
		}
		j.Engine.Ask(jq, &ans)
		ca, err := plain.Allowed(plain.Request(q))
		if err != nil {
			t.Fatal(err)
		}
		bounded := false
		for _, s := range ans.Trace {
			bounded = bounded || (s.Outcome == engine.Bounded && s.Rule.Effect == jirga.Forbid)
		}
		if ja := bench.Allowed(ans.Verdict); ja != ca {
			differ++
			if !bounded || !ja {
				t.Errorf("question %d %+v: plain Cedar %v, jirga %s without a bounded forbid", i, q, ca, ans.Verdict)
			}
		}
	}
	if differ == 0 {
		t.Error("plain Cedar agrees with jirga on every question: the sample never exercises concurrent competence")
	}
}
