package bench_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/cedar-policy/cedar-go"
	"github.com/jirga/jirga"
	"github.com/jirga/jirga/bench"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/internal/gen"
	"github.com/open-policy-agent/opa/v1/ast"
)

// sizes are the numbers of rules each engine is measured at.
var sizes = []int{100, 1000, 10000, 100000}

// questions is how many distinct questions a benchmark cycles through.
const questions = 1024

// questionSeed fixes the sample, so every engine answers the same questions.
const questionSeed = 5

var workloads = map[int]*gen.Workload{}

// workload returns the generated workload of n rules, made once per run.
func workload(n int) *gen.Workload {
	w, ok := workloads[n]
	if !ok {
		w = gen.New(gen.Default(n))
		workloads[n] = w
	}
	return w
}

var verdictSink jirga.Verdict

// BenchmarkJirga measures one decision without a trace (Engine.Decide).
func BenchmarkJirga(b *testing.B) {
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			j, qs := jirgaQuestions(b, n)
			gen.Cycle(b, qs, func(q *engine.Question) { verdictSink = j.Engine.Decide(q) })
		})
	}
}

// BenchmarkJirgaAsk measures one decision with its trace (Engine.Ask),
// reusing the Answer.
func BenchmarkJirgaAsk(b *testing.B) {
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			j, qs := jirgaQuestions(b, n)
			var ans engine.Answer
			gen.Cycle(b, qs, func(q *engine.Question) { j.Engine.Ask(q, &ans) })
			verdictSink = ans.Verdict
		})
	}
}

func jirgaQuestions(b *testing.B, n int) (*bench.Jirga, []*engine.Question) {
	w := workload(n)
	j, err := bench.NewJirga(w)
	if err != nil {
		b.Fatal(err)
	}
	var qs []*engine.Question
	for _, q := range w.Questions(questions, questionSeed) {
		jq, err := j.Question(q)
		if err != nil {
			b.Fatal(err)
		}
		qs = append(qs, jq)
	}
	return j, qs
}

var allowSink bool

// BenchmarkCedar measures one PolicySet.IsAuthorized.
func BenchmarkCedar(b *testing.B) {
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			w := workload(n)
			c, err := bench.NewCedar(w, true)
			if err != nil {
				b.Fatal(err)
			}
			var reqs []cedar.Request
			for _, q := range w.Questions(questions, questionSeed) {
				reqs = append(reqs, c.Request(q))
			}
			gen.Cycle(b, reqs, func(req cedar.Request) {
				d, _ := c.Policies.IsAuthorized(c.Entities, req)
				allowSink = d == cedar.Allow
			})
		})
	}
}

// BenchmarkOPA measures one evaluation of the prepared query with a parsed
// input, the rules held as data (bench.NewOPA).
func BenchmarkOPA(b *testing.B) { benchOPA(b, bench.NewOPA) }

// BenchmarkOPARules is BenchmarkOPA with the rules generated as Rego rules
// (bench.NewOPARules).
func BenchmarkOPARules(b *testing.B) { benchOPA(b, bench.NewOPARules) }

func benchOPA(b *testing.B, prepare func(context.Context, *gen.Workload) (*bench.OPA, error)) {
	ctx := context.Background()
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			w := workload(n)
			o, err := prepare(ctx, w)
			if err != nil {
				b.Fatal(err)
			}
			var inputs []ast.Value
			for _, q := range w.Questions(questions, questionSeed) {
				in, err := o.Input(q)
				if err != nil {
					b.Fatal(err)
				}
				inputs = append(inputs, in)
			}
			gen.Cycle(b, inputs, func(in ast.Value) {
				allow, err := o.Allowed(ctx, in)
				if err != nil {
					b.Fatal(err)
				}
				allowSink = allow
			})
		})
	}
}
