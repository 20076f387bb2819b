package engine_test

import (
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/internal/gen"
)

// The engine's benchmarks run on charters that package internal/gen
// generates (issue 3): one nation, 34 provinces of 12 districts, 5
// communities, 50 actions, 10,000 persons and N rules.
//
//	go test -run '^$' -bench 'Decide|Ask' -benchmem ./engine
//	go test -run '^$' -bench 'New|LoadAndCompile' -benchmem -benchtime 3x ./engine

// benchQuestions is how many distinct questions a benchmark cycles through.
const benchQuestions = 1024

func genCharter(b *testing.B, cfg gen.Config) (*gen.Workload, []charter.File) {
	b.Helper()
	w := gen.New(cfg)
	var files []charter.File
	for _, f := range w.Files() {
		files = append(files, charter.File(f))
	}
	return w, files
}

func genEngine(b *testing.B, n int) (*gen.Workload, *engine.Engine, []*engine.Question) {
	b.Helper()
	w, files := genCharter(b, gen.Default(n))
	c, err := charter.LoadFiles("bench", files)
	if err != nil {
		b.Fatal(err)
	}
	e, err := engine.New(c)
	if err != nil {
		b.Fatal(err)
	}
	var qs []*engine.Question
	for _, q := range w.Questions(benchQuestions, 5) {
		facts, err := e.Facts(w.PersonFacts(q), w.ContextFacts(q))
		if err != nil {
			b.Fatal(err)
		}
		eq, err := e.NewQuestion(w.Territories[q.Place].ID, q.Action, facts)
		if err != nil {
			b.Fatal(err)
		}
		qs = append(qs, eq)
	}
	return w, e, qs
}

var benchVerdict jirga.Verdict

// BenchmarkDecide measures a decision without a trace, cycling through
// pre-built questions. The target at 100,000 rules is at most 1 µs and no
// allocation.
func BenchmarkDecide(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			_, e, qs := genEngine(b, n)
			gen.Cycle(b, qs, func(q *engine.Question) { benchVerdict = e.Decide(q) })
		})
	}
}

// BenchmarkAsk measures a decision with its trace, reusing one Answer.
func BenchmarkAsk(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			_, e, qs := genEngine(b, n)
			var ans engine.Answer
			gen.Cycle(b, qs, func(q *engine.Question) { e.Ask(q, &ans) })
			benchVerdict = ans.Verdict
		})
	}
}

// BenchmarkDecideLatency times every decision of a pass over the questions
// at 100,000 rules and reports the median, 90th and 99th percentile of one
// decision (p50-ns, p90-ns, p99-ns), less the cost of reading the clock.
// ns/op is the time of one whole pass.
func BenchmarkDecideLatency(b *testing.B) {
	_, e, qs := genEngine(b, 100000)
	lat := make([]time.Duration, 0, len(qs)*64)
	clock := clockCost()
	for b.Loop() {
		for _, q := range qs {
			t0 := time.Now()
			benchVerdict = e.Decide(q)
			lat = append(lat, time.Since(t0)-clock)
		}
	}
	slices.Sort(lat)
	at := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) }
	b.ReportMetric(at(0.5), "p50-ns")
	b.ReportMetric(at(0.9), "p90-ns")
	b.ReportMetric(at(0.99), "p99-ns")
}

// clockCost is the median cost of the two clock reads that time one call.
func clockCost() time.Duration {
	d := make([]time.Duration, 10001)
	for i := range d {
		t0 := time.Now()
		d[i] = time.Since(t0)
	}
	slices.Sort(d)
	return d[len(d)/2]
}

// BenchmarkNew measures compiling a loaded charter of 10,000 territories
// and 100,000 rules into an engine.
func BenchmarkNew(b *testing.B) {
	_, files := genCharter(b, gen.Large(100000))
	c, err := charter.LoadFiles("bench", files)
	if err != nil {
		b.Fatal(err)
	}
	gen.Cycle(b, []*charter.Charter{c}, func(c *charter.Charter) {
		if _, err := engine.New(c); err != nil {
			b.Fatal(err)
		}
	})
}

var benchEngine *engine.Engine

// BenchmarkLoadAndCompile measures loading (charter.LoadFiles, from memory)
// and compiling (engine.New) a charter of 10,000 territories and 100,000
// rules: the time from files to the first answer. The target is at most
// 3 s. It also reports live-MB, the heap still in use once the engine is
// built and garbage collected (the engine and its charter, plus the
// generated files).
func BenchmarkLoadAndCompile(b *testing.B) {
	_, files := genCharter(b, gen.Large(100000))
	gen.Cycle(b, [][]charter.File{files}, func(files []charter.File) {
		c, err := charter.LoadFiles("bench", files)
		if err != nil {
			b.Fatal(err)
		}
		if benchEngine, err = engine.New(c); err != nil {
			b.Fatal(err)
		}
	})
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/1e6, "live-MB")
	benchEngine = nil
}
