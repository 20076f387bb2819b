package charter

import (
	"fmt"
	"runtime"
	"strings"
	"sync"

	"cel.dev/cel-go/cel"
	"github.com/jirga/jirga"
)

// Variable prefixes available to conditions.
const (
	PersonVar  = "person"
	ContextVar = "context"
	PlaceVar   = "place"
	// CommunitiesAttr is the built-in person attribute listing the
	// communities the person chose to belong to.
	CommunitiesAttr = "communities"
)

// Env is the CEL environment of a charter: person.<attr>, context.<attr>
// and place.<attr> as typed variables.
type Env struct {
	CEL *cel.Env
	// Types maps each variable's full name (e.g. "person.age") to its
	// attribute type.
	Types map[string]string
	// Enums maps a string variable to its declared values, if any.
	Enums map[string][]string
	// Communities lists the charter's community ids, which are the values
	// person.communities may hold.
	Communities []string
}

// Condition is a compiled, type-checked condition.
type Condition struct {
	Text    string
	AST     *cel.Ast
	Program cel.Program
}

func celType(t string) *cel.Type {
	switch t {
	case jirga.TypeBool:
		return cel.BoolType
	case jirga.TypeInt:
		return cel.IntType
	case jirga.TypeDouble:
		return cel.DoubleType
	case jirga.TypeString:
		return cel.StringType
	case jirga.TypeStringList:
		return cel.ListType(cel.StringType)
	}
	return nil
}

// newEnv builds the CEL environment from the charter's schemas. Attributes
// with unknown types are skipped; validation reports them.
func newEnv(ch *jirga.Charter) (*Env, error) {
	e := &Env{Types: map[string]string{}, Enums: map[string][]string{}}
	add := func(prefix string, attrs []*jirga.Attribute) {
		for _, a := range attrs {
			if a == nil || celType(a.Type) == nil || a.Name == "" {
				continue
			}
			name := prefix + "." + a.Name
			e.Types[name] = a.Type
			if len(a.Values) > 0 {
				e.Enums[name] = a.Values
			}
		}
	}
	e.Types[PersonVar+"."+CommunitiesAttr] = jirga.TypeStringList
	for _, m := range ch.Communities {
		if m != nil {
			e.Communities = append(e.Communities, m.ID)
		}
	}
	add(PersonVar, ch.Person)
	add(ContextVar, ch.Context)
	e.Types[PlaceVar+".id"] = jirga.TypeString
	e.Types[PlaceVar+".level"] = jirga.TypeString
	add(PlaceVar, ch.TerritoryAttributes)
	var opts []cel.EnvOption
	for _, name := range sortedKeys(e.Types) {
		opts = append(opts, cel.Variable(name, celType(e.Types[name])))
	}
	env, err := cel.NewEnv(opts...)
	if err != nil {
		return nil, err
	}
	e.CEL = env
	return e, nil
}

// Compile type-checks a condition and prepares it for evaluation. The
// error, if any, lists each issue with its line and column within text.
func (e *Env) Compile(text string) (*Condition, []CondError) {
	var cond *Condition
	var errs []CondError
	func() {
		defer func() {
			if r := recover(); r != nil {
				errs = []CondError{{Line: 1, Col: 1, Message: fmt.Sprintf("cannot compile condition: %v", r)}}
			}
		}()
		cond, errs = e.compile(text)
	}()
	return cond, errs
}

// CondError is one problem in a condition, at a 1-based line and column of
// the condition's text.
type CondError struct {
	Line, Col int
	Message   string
}

func (e *Env) compile(text string) (*Condition, []CondError) {
	ast, iss := e.CEL.Compile(text)
	if iss != nil && iss.Err() != nil {
		var errs []CondError
		for _, ce := range iss.Errors() {
			errs = append(errs, CondError{Line: ce.Location.Line(), Col: ce.Location.Column() + 1, Message: ce.Message})
		}
		return nil, errs
	}
	if !ast.OutputType().IsExactType(cel.BoolType) {
		return nil, []CondError{{Line: 1, Col: 1, Message: fmt.Sprintf("condition must be a boolean, but it is %s", ast.OutputType())}}
	}
	prg, err := e.CEL.Program(ast, cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		return nil, []CondError{{Line: 1, Col: 1, Message: err.Error()}}
	}
	cond := &Condition{Text: text, AST: ast, Program: prg}
	if errs := e.lint(cond); len(errs) > 0 {
		return nil, errs
	}
	return cond, nil
}

// compiled is the result of compiling one distinct condition text.
type compiled struct {
	cond *Condition
	errs []CondError
}

// compileAll compiles every distinct text once, in parallel, and returns the
// results by text. Real charters repeat conditions; each is compiled once.
func (e *Env) compileAll(texts []string) map[string]compiled {
	out := make(map[string]compiled, len(texts))
	var mu sync.Mutex
	work := make(chan string)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range work {
				c, errs := e.Compile(t)
				mu.Lock()
				out[t] = compiled{c, errs}
				mu.Unlock()
			}
		}()
	}
	seen := make(map[string]bool, len(texts))
	for _, t := range texts {
		if !seen[t] {
			seen[t] = true
			work <- t
		}
	}
	close(work)
	wg.Wait()
	return out
}

// conditionPos maps a position within a condition's text to the file: the
// value starts at pos; a quoted scalar adds its quote, a block scalar
// starts on the next line.
func conditionPos(pos jirga.Pos, raw string, ce CondError) jirga.Pos {
	p := pos
	if ce.Line > 1 || strings.HasPrefix(raw, "|") || strings.HasPrefix(raw, ">") {
		p.Line += ce.Line
		if !strings.HasPrefix(raw, "|") && !strings.HasPrefix(raw, ">") {
			p.Line--
		}
		p.Col = ce.Col
		return p
	}
	p.Col += ce.Col - 1
	if strings.HasPrefix(raw, "\"") || strings.HasPrefix(raw, "'") {
		p.Col++
	}
	return p
}
