package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
	"github.com/spf13/cobra"
)

func init() { commands = append(commands, newAskCommand) }

type askFlags struct {
	at, action, person, context, batch string
	asJSON, noTrace                    bool
}

func newAskCommand() *cobra.Command {
	var f askFlags
	cmd := &cobra.Command{
		Use:   "ask DIR --at TERRITORY --action ACTION --person JSON",
		Short: "May this person do this action in this place — and why?",
		Long: `Ask answers one question about the charter in DIR: may a person with these
attributes do an action in a territory? The verdict is permitted,
forbidden, obliged or conflict, and the trace explains it: every law and
right considered, whether it applied and, where it did not, why — its
condition was false, it was ultra vires, a right voided it, a forbid
overrode it, a higher level bounded it — each with its file:line:col.

The person is a JSON object of the attributes declared under person: in
charter.yaml, plus communities (a list of community ids). Write
@file.json to read it from a file. --context gives context attributes
(e.g. the hour) the same way.

--batch FILE (or - for standard input) reads one question per line as
JSON, {"id": any, "at": ..., "action": ..., "person": {...},
"context": {...}}, and streams one answer per line, in order:
{"id": ..., "verdict": ..., "trace": [...]}; with --no-trace only
{"id": ..., "verdict": ...}, which is several times faster. A bad line gets
{"id": ..., "line": N, "error": {...}} and the rest go on.

Exit status: 0 when answered, 1 on an invalid charter or question, 2 on a
usage error.`,
		Example: `  jirga ask examples/afghanistan --at AF-KAN --action attend_secondary_school \
    --person '{"age":14,"sex":"female","communities":["hanafi"]}'
  jirga ask examples/afghanistan --at AF-PAN --action attend_secondary_school --person @girl.json --json
  jirga ask examples/afghanistan --batch questions.jsonl > answers.jsonl`,
		Args: exactArgs(1, "DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := loadEngine(args[0])
			if err != nil {
				return err
			}
			if f.batch != "" {
				return runBatch(cmd, e, f.batch, !f.noTrace)
			}
			return runAsk(cmd.OutOrStdout(), e, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.at, "at", "", "territory id, e.g. AF-KAN")
	fl.StringVar(&f.action, "action", "", "action id, e.g. attend_secondary_school")
	fl.StringVar(&f.person, "person", "{}", "person attributes as JSON, or @file.json")
	fl.StringVar(&f.context, "context", "{}", "context attributes as JSON, or @file.json")
	fl.StringVar(&f.batch, "batch", "", "answer one JSON question per line from FILE, or - for stdin")
	fl.BoolVar(&f.asJSON, "json", false, "print {\"verdict\": ..., \"trace\": [...]} as JSON")
	fl.BoolVar(&f.noTrace, "no-trace", false, "with --batch: answer {\"id\", \"verdict\"} only, for the largest workloads")
	return cmd
}

// loadEngine loads a charter and compiles it; an invalid charter prints
// its diagnostics.
func loadEngine(dir string) (*engine.Engine, error) {
	c, err := charter.Load(dir)
	if err != nil {
		return nil, err
	}
	return engine.New(c)
}

// readArg returns the value of a flag that may be @file.
func readArg(v string) ([]byte, error) {
	if name, ok := strings.CutPrefix(v, "@"); ok {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, usageError("cannot read %s: %v", name, err)
		}
		return data, nil
	}
	return []byte(v), nil
}

func parseFacts(e *engine.Engine, person, context string) (*engine.Facts, error) {
	pdata, err := readArg(person)
	if err != nil {
		return nil, err
	}
	cdata, err := readArg(context)
	if err != nil {
		return nil, err
	}
	p, err := engine.ParseObject("--person", pdata)
	if err != nil {
		return nil, err
	}
	c, err := engine.ParseObject("--context", cdata)
	if err != nil {
		return nil, err
	}
	return e.Facts(p, c)
}

func runAsk(w io.Writer, e *engine.Engine, f askFlags) error {
	if f.at == "" || f.action == "" {
		return usageError("ask needs --at and --action (or --batch)\nrun 'jirga ask --help' for usage")
	}
	facts, err := parseFacts(e, f.person, f.context)
	if err != nil {
		return err
	}
	q, err := e.NewQuestion(f.at, f.action, facts)
	if err != nil {
		return err
	}
	var ans engine.Answer
	e.Ask(q, &ans)
	report := e.Report(q, &ans)
	if f.asJSON {
		return writeJSON(w, report)
	}
	fmt.Fprintf(w, "%s: %s\n", strings.ToUpper(string(ans.Verdict)), e.Describe(q))
	if len(report.Missing) > 0 {
		fmt.Fprintf(w, "\n! This answer may change: a rule needs %s, which the question does not give.\n", strings.Join(report.Missing, ", "))
	}
	printTrace(w, report.Trace)
	return nil
}

// outcomeMark is a one-glance sign per outcome.
var outcomeMark = map[string]string{
	string(engine.Applied): "✔", string(engine.ConditionFalse): "·", string(engine.VoidUltraVires): "✘",
	string(engine.VoidRight): "✘", string(engine.Overridden): "↷", string(engine.Bounded): "↥",
	string(engine.EvalError): "!", string(engine.RightProtects): "⚖", string(engine.RightConscience): "⚖",
	string(engine.DefaultApplies): "∅",
}

func printTrace(w io.Writer, entries []engine.TraceEntry) {
	if len(entries) == 0 {
		return
	}
	fmt.Fprintln(w, "\nWhy:")
	for _, te := range entries {
		mark := outcomeMark[te.Outcome]
		switch te.Kind {
		case "rule":
			fmt.Fprintf(w, "  %s %-6s %s/%s (%s) — %s\n", mark, te.Effect, te.Law, te.Rule, te.Scope, te.Reason)
			if te.Condition != "" {
				cond := strings.ReplaceAll(strings.TrimSpace(te.Condition), "\n", "\n           ")
				fmt.Fprintf(w, "      when %s\n", cond)
			}
			fmt.Fprintf(w, "      at %s:%d:%d\n", te.File, te.Line, te.Col)
		case "right":
			fmt.Fprintf(w, "  %s right %s — %s\n      at %s:%d:%d\n", mark, te.Right, te.Reason, te.File, te.Line, te.Col)
		default:
			fmt.Fprintf(w, "  %s %s\n", mark, te.Reason)
		}
	}
}

// batchChunk is a run of input lines answered together, in order.
type batchChunk struct {
	first int // line number of lines[0]
	lines [][]byte
	out   chan []byte
}

// runBatch answers JSONL questions with one worker per CPU, writing the
// answers in input order.
func runBatch(cmd *cobra.Command, e *engine.Engine, name string, trace bool) error {
	var in io.Reader = cmd.InOrStdin()
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return usageError("cannot open %s: %v", name, err)
		}
		defer f.Close()
		in = f
	}
	out := bufio.NewWriterSize(cmd.OutOrStdout(), 1<<16)
	defer out.Flush()
	work := make(chan *batchChunk, 4*runtime.GOMAXPROCS(0))
	order := make(chan *batchChunk, 4*runtime.GOMAXPROCS(0))
	for range runtime.GOMAXPROCS(0) {
		go func() {
			for c := range work {
				c.out <- answerChunk(e, c, trace)
			}
		}()
	}
	failed := 0
	done := make(chan error, 1)
	go func() {
		var werr error
		for c := range order {
			b := <-c.out
			failed += countErrors(b)
			if werr == nil {
				_, werr = out.Write(b)
			}
		}
		done <- werr
	}()
	readErr := readChunks(in, work, order)
	close(work)
	close(order)
	if err := <-done; err != nil {
		return err
	}
	if readErr != nil {
		return usageError("reading %s: %v", name, readErr)
	}
	if failed > 0 {
		out.Flush()
		fmt.Fprintf(cmd.ErrOrStderr(), "jirga: %d questions could not be answered\n", failed)
		return silentExit(exitFailure)
	}
	return nil
}

const chunkLines = 256

func readChunks(in io.Reader, work, order chan<- *batchChunk) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<16), 16<<20)
	line := 0
	c := &batchChunk{first: 1, out: make(chan []byte, 1)}
	for sc.Scan() {
		line++
		c.lines = append(c.lines, append([]byte(nil), sc.Bytes()...))
		if len(c.lines) == chunkLines {
			order <- c
			work <- c
			c = &batchChunk{first: line + 1, out: make(chan []byte, 1)}
		}
	}
	if len(c.lines) > 0 {
		order <- c
		work <- c
	}
	return sc.Err()
}

func answerChunk(e *engine.Engine, c *batchChunk, trace bool) []byte {
	var b []byte
	var ans engine.Answer
	var q engine.Question
	var facts engine.Facts
	for i, line := range c.lines {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		id, err := e.ParseQuestionInto(line, &q, &facts)
		if err != nil {
			b = appendBatchError(b, id, c.first+i, err)
			continue
		}
		if trace {
			e.Ask(&q, &ans)
			b = e.AppendJSON(b, id, &ans)
		} else {
			b = engine.AppendVerdict(b, id, e.Decide(&q))
		}
		b = append(b, '\n')
	}
	return b
}

const batchErrorMark = `"error":{"code":`

func appendBatchError(b []byte, id []byte, line int, err error) []byte {
	b = append(b, '{')
	if len(id) > 0 {
		b = append(b, `"id":`...)
		b = append(b, id...)
		b = append(b, ',')
	}
	code, _ := json.Marshal(jirga.ErrorCode(err))
	msg, _ := json.Marshal(jirga.ErrorMessage(err))
	b = fmt.Appendf(b, `"line":%d,%s%s,"message":%s}}`+"\n", line, batchErrorMark, code, msg)
	return b
}

func countErrors(b []byte) int { return strings.Count(string(b), batchErrorMark) }
