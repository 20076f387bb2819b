package review

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
)

// Severity is how serious a finding is.
type Severity string

// Severities, from the most serious.
const (
	// Error: a law or rule breaks the charter (it is void), or two rules
	// give an answer the charter cannot resolve (conflict).
	Error Severity = "error"
	// Warning: the charter resolves it, but the drafters probably did not
	// mean it: a rule overridden, never applying, or changing nothing.
	Warning Severity = "warning"
	// Info: the charter works as designed and says so, such as a higher
	// level bounding a lower one under concurrent competence.
	Info Severity = "info"
)

// rank orders severities: lower is more serious.
func (s Severity) rank() int {
	switch s {
	case Error:
		return 0
	case Warning:
		return 1
	}
	return 2
}

// ParseSeverity reads "error", "warning" or "info".
func ParseSeverity(s string) (Severity, error) {
	switch sv := Severity(s); sv {
	case Error, Warning, Info:
		return sv, nil
	}
	return "", jirga.Errorf(jirga.EINVALID, "unknown severity %q: use error, warning or info", s)
}

// Certainty says whether a finding was proved or only suspected.
type Certainty string

// Certainties.
const (
	// Certain: proved; for a conflict, a situation where both rules apply
	// is given.
	Certain Certainty = "certain"
	// Possible: a condition is outside the fragment review decides (see
	// docs/review.md), so the finding may or may not arise.
	Possible Certainty = "possible"
)

// Finding codes. They are stable: tools may match on them.
const (
	// CodeUltraVires: a law was enacted by a level the domain's competence
	// does not give it; all its rules are void.
	CodeUltraVires = "ultra_vires"
	// CodeTerritorialCommunal: a territorial law in a domain of communal
	// competence (personal law); ultra vires, and all its rules are void.
	CodeTerritorialCommunal = "territorial_law_in_communal_domain"
	// CodeProtectedForbidden: a rule forbids an action a right protects.
	CodeProtectedForbidden = "protected_action_forbidden"
	// CodeBindsNonMembers: a territorial rule in a belief domain under a
	// non-coercion right; it would bind members of other communities.
	CodeBindsNonMembers = "binds_non_members"
	// CodeConflict: two rules on one action contradict each other and
	// both apply to someone (permit and forbid: warning, forbid wins;
	// oblige and forbid: error, ask answers conflict).
	CodeConflict = "conflict"
	// CodePossibleConflict: as CodeConflict, but undecided statically.
	CodePossibleConflict = "possible_conflict"
	// CodeBounded: under concurrent competence, a higher level's rule
	// contradicts this one where both apply, and prevails.
	CodeBounded = "bounded"
	// CodeShadowed: the rule never changes an answer, because another rule
	// of the same or a broader scope always applies with it.
	CodeShadowed = "shadowed"
	// CodeNeverHolds: the rule's condition can never hold in its scope.
	CodeNeverHolds = "never_holds"
)

// Finding is one result of constitutional review.
type Finding struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	// Law is the law at fault; Rule the rule, or "" for the whole law.
	Law  string `json:"law"`
	Rule string `json:"rule,omitempty"`
	// Pos is where the rule (or law) is written.
	Pos jirga.Pos `json:"pos"`
	// Message explains the finding in the charter's terms.
	Message string `json:"message"`
	// Related locates the other rules involved: the other side of a
	// conflict, the rule that shadows or bounds this one.
	Related   []jirga.Pos `json:"related,omitempty"`
	Certainty Certainty   `json:"certainty"`
}

// String formats a finding as "file:line:col: severity: code: message".
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s: %s: %s", f.Pos, f.Severity, f.Code, f.Message)
}

// Summary counts findings by severity.
type Summary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Info     int `json:"info"`
}

// Summarize counts findings by severity.
func Summarize(fs []Finding) Summary {
	var s Summary
	for _, f := range fs {
		switch f.Severity {
		case Error:
			s.Errors++
		case Warning:
			s.Warnings++
		default:
			s.Info++
		}
	}
	return s
}

// String formats a summary: "2 errors, 1 warning, 0 info".
func (s Summary) String() string {
	return fmt.Sprintf("%d %s, %d %s, %d info", s.Errors, plural(s.Errors, "error", "errors"), s.Warnings, plural(s.Warnings, "warning", "warnings"), s.Info)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// AtLeast returns the findings at least as serious as min, in order.
func AtLeast(fs []Finding, min Severity) []Finding {
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		if f.Severity.rank() <= min.rank() {
			out = append(out, f)
		}
	}
	return out
}

// Review checks the laws of a charter against the charter itself:
// competence, rights, conflicts between rules, rules that another rule
// shadows and conditions that can never hold. It agrees with the engine e
// (built from c): a law the engine treats as ultra vires, a rule it voids,
// is what review reports. Findings are sorted by file, line, column and
// code.
func Review(c *charter.Charter, e *engine.Engine) []Finding {
	rv := &reviewer{
		c: c, e: e, an: NewAnalyzer(e),
		commIndex:    map[string]int32{},
		bounds:       map[*ruleInfo][]bound{},
		memo:         map[pairKey]pairResult{},
		placeReaders: map[*charter.Condition]bool{},
	}
	for i, m := range c.Communities {
		rv.commIndex[m.ID] = int32(i)
	}
	rv.competence()
	rv.rights()
	rv.conditions()
	rv.pairs()
	sortFindings(rv.findings)
	return rv.findings
}

// reviewer accumulates the findings of one review.
type reviewer struct {
	c        *charter.Charter
	e        *engine.Engine
	an       *Analyzer
	findings []Finding
	live     []*ruleInfo // rules that can bind: not void, condition satisfiable

	commIndex    map[string]int32
	bounds       map[*ruleInfo][]bound // lower rule -> the higher rules bounding it
	memo         map[pairKey]pairResult
	placeReaders map[*charter.Condition]bool
}

func (rv *reviewer) add(f Finding) { rv.findings = append(rv.findings, f) }

// competence reports every law the engine treats as enacted without
// competence.
func (rv *reviewer) competence() {
	for _, law := range rv.c.Laws {
		why := rv.e.UltraVires(law)
		if why == "" {
			continue
		}
		code := CodeUltraVires
		if d := rv.c.Domain(law.Domain); d != nil && law.Territory != "" && d.Competence == jirga.CompetenceCommunity {
			code = CodeTerritorialCommunal
		}
		rv.add(Finding{
			Severity: Error, Code: code, Law: law.ID, Pos: law.Source.Pos, Certainty: Certain,
			Message: fmt.Sprintf("law %s of %s is ultra vires: %s; %s void, and ask never applies %s",
				law.ID, scopeName(law), why, countRules(len(law.Rules)), plural(len(law.Rules), "it", "them")),
		})
	}
}

func countRules(n int) string {
	if n == 1 {
		return "its one rule is"
	}
	return fmt.Sprintf("all %d of its rules are", n)
}

func scopeName(law *jirga.Law) string {
	if law.Territory != "" {
		return law.Territory
	}
	return "community " + law.Community
}

// rights reports rules that breach a right: those forbidding a protected
// action, and territorial rules in a belief domain under non-coercion.
// Each is reported whether or not its law is also ultra vires, since each
// alone makes the rule void.
func (rv *reviewer) rights() {
	for _, r := range rv.e.Rules() {
		for _, b := range rv.e.Breaches(r.Law, r.Rule) {
			right := b.Right
			if b.Protects {
				rv.add(Finding{
					Severity: Error, Code: CodeProtectedForbidden, Law: r.Law.ID, Rule: r.ID, Pos: r.Pos(), Certainty: Certain,
					Message: fmt.Sprintf("rule %s forbids %s, which right %s (%s) protects: no law may forbid it, so the rule is void",
						r.ID, r.Action, right.ID, right.Name),
				})
			} else {
				rv.add(Finding{
					Severity: Error, Code: CodeBindsNonMembers, Law: r.Law.ID, Rule: r.ID, Pos: r.Pos(), Certainty: Certain,
					Message: fmt.Sprintf("rule %s %s %s in the belief domain %s, where right %s (%s) lets no rule bind a non-member; a territorial law binds everyone in %s, whatever their community, so the rule is void",
						r.ID, verb(r.Effect), r.Action, r.Law.Domain, right.ID, right.Name, r.Law.Territory),
				})
			}
		}
	}
}

// verb is the third person of an effect: permits, forbids, obliges.
func verb(effect string) string { return effect + "s" }

// ruleInfo is a rule that can bind, with its scope.
type ruleInfo struct {
	*engine.Rule
	cond       *charter.Condition
	t          int32 // territory index, or -1 for a community law
	community  int32 // community index for a community law
	scope      lit
	order      int  // load order, for determinism
	readsPlace bool // the condition reads place.*
	concurrent bool // the domain's competence is concurrent
}

// conditions reports conditions that can never hold in their rule's scope
// and collects the rules that can bind.
func (rv *reviewer) conditions() {
	for i, r := range rv.e.Rules() {
		if r.Void != "" {
			continue
		}
		info := &ruleInfo{Rule: r, cond: rv.c.Condition(r.Rule), t: -1, order: i, community: rv.commIndex[r.Law.Community]}
		info.scope = rv.scope(r.Law, &info.t)
		info.readsPlace = rv.readsPlace(info.cond)
		if d := rv.c.Domain(r.Law.Domain); d != nil {
			info.concurrent = d.Competence == jirga.CompetenceConcurrent
		}
		if info.cond != nil {
			key := pairKey{a: info.cond, sa: rv.scopeKey(info, info.readsPlace), kind: canHold}
			res, ok := rv.memo[key]
			if !ok {
				res.h, _, res.blame = rv.an.solve([]*dnf{rv.an.normal(info.cond, false)}, clause{info.scope}, false)
				rv.memo[key] = res
			}
			if h, blame := res.h, res.blame; h == Never {
				rv.add(Finding{
					Severity: Warning, Code: CodeNeverHolds, Law: r.Law.ID, Rule: r.ID, Pos: r.Pos(), Certainty: Certain,
					Message: rv.neverMessage(info, blame),
				})
				continue
			}
		}
		rv.live = append(rv.live, info)
	}
}

func (rv *reviewer) neverMessage(r *ruleInfo, blame string) string {
	msg := fmt.Sprintf("the condition of rule %s can never hold", r.ID)
	switch {
	case blame == charter.PlaceVar:
		msg += fmt.Sprintf(" at any place inside %s", r.Law.Territory)
	case blame == charter.PersonVar+"."+charter.CommunitiesAttr && r.Law.Community != "":
		msg += fmt.Sprintf(" for a member of %s (the only people community law binds)", r.Law.Community)
	case blame != "":
		msg += ": no value of " + blame + " satisfies it"
		if vals := rv.an.enums[blame]; len(vals) > 0 {
			msg += " (its values are " + strings.Join(vals, ", ") + ")"
		}
	}
	return msg + fmt.Sprintf(", so the rule never applies: `%s`", r.cond.Text)
}

// scope is the literal a law's scope adds to its rules' conditions: the
// place lies inside its territory, or the person belongs to its community.
func (rv *reviewer) scope(law *jirga.Law, t *int32) lit {
	if law.Territory != "" {
		*t = rv.an.tIndex[law.Territory]
		return lit{a: keyed(&atom{kind: atomInside, t: *t})}
	}
	return lit{a: keyed(&atom{kind: atomHas, v: charter.PersonVar + "." + charter.CommunitiesAttr, vk: kindList, s: law.Community})}
}

// sortFindings orders findings by file, line, column, code, then rule and
// message so that equal positions stay deterministic.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if c := comparePos(a.Pos, b.Pos); c != 0 {
			return c < 0
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

func comparePos(a, b jirga.Pos) int {
	switch {
	case a.File != b.File:
		return strings.Compare(a.File, b.File)
	case a.Line != b.Line:
		return a.Line - b.Line
	}
	return a.Col - b.Col
}

// WriteText writes findings as a linter does, one per line, each related
// position on an indented line below it, then "name: summary".
func WriteText(w io.Writer, name string, fs []Finding) error {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String())
		b.WriteByte('\n')
		for _, p := range f.Related {
			b.WriteString("\trelated: " + p.String() + "\n")
		}
	}
	fmt.Fprintf(&b, "%s: %s\n", name, Summarize(fs))
	_, err := io.WriteString(w, b.String())
	return err
}
