// Command cmd writes a generated benchmark charter and a file of questions,
// to time `jirga ask --batch` and `jirga check` on large inputs:
//
//	go run ./internal/gen/cmd -rules 10000 -questions 1000000 -out /tmp/bench10k
//	jirga check /tmp/bench10k
//	jirga ask --batch /tmp/bench10k < /tmp/bench10k/questions.jsonl > /dev/null
//
// The charter goes to OUT/charter.yaml and OUT/laws/, the questions to
// OUT/questions.jsonl, one {"at","action","person","context"} object per
// line. -large lays out 10,000 territories (33 provinces of 302 districts)
// instead of issue 3's 34 provinces of 12.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/jirga/jirga/internal/gen"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rules := fs.Int("rules", 10000, "number of rules")
	large := fs.Bool("large", false, "10,000 territories (33 provinces of 302 districts)")
	questions := fs.Int("questions", 100000, "number of questions to write to questions.jsonl")
	seed := fs.Uint64("seed", 1, "seed of the workload")
	qseed := fs.Uint64("question-seed", 2, "seed of the questions")
	out := fs.String("out", "", "directory to write (created if missing)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() > 0 || *rules < 0 || *questions < 0 {
		fmt.Fprintln(stderr, "usage: gen -out DIR [-rules N] [-questions N] [-large] [-seed S] [-question-seed S]")
		return 2
	}
	cfg := gen.Default(*rules)
	if *large {
		cfg = gen.Large(*rules)
	}
	cfg.Seed = *seed
	if err := gen.New(cfg).WriteDir(*out, *questions, *qseed); err != nil {
		fmt.Fprintln(stderr, "gen:", err)
		return 1
	}
	return 0
}
