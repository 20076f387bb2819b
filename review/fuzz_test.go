package review_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jirga/jirga/review"
)

// FuzzCondition compiles two arbitrary conditions against the base
// charter's schema and analyses them: the analyser must not panic, every
// example it gives must satisfy the conditions when evaluated by cel-go,
// and no probe may contradict a "never" or an implication it proved.
func FuzzCondition(f *testing.F) {
	c := baseCharter(f)
	probes := samples(c)
	seeds := [][2]string{
		{`person.age < 10 && person.age > 60`, `person.age >= 18`},
		{`person.sex == "female" && !(person.name in ["a", "b"])`, `person.sex != "male"`},
		{`"c1" in person.communities || "vip" in person.tags`, `!("c2" in person.communities)`},
		{`place.region == "north" && place.border`, `place.altitude > 1000.0 || place.districts >= 1`},
		{`person.height > 1.0 && person.height < 1.0000000000000002`, `person.height != -0.0`},
		{`context.ramadan ? context.hour in [1, 2, 3] : !person.married`, `person.name.startsWith("x")`},
		{`person.age > -9223372036854775808 && person.age < 9223372036854775807`, `-person.age > 3`},
		{`(person.age < 5 || person.age > 6) && (person.age < 7 || person.age > 8) && (person.age < 9 || person.age > 10)`, `true`},
		{`place.id == "D1" || place.level == "province"`, `size(person.tags) == 0`},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	an := review.NewAnalyzer(analyzerEngine(f, c))
	f.Fuzz(func(t *testing.T, ps, qs string) {
		p, errs := c.Env().Compile(ps)
		if len(errs) > 0 {
			return
		}
		q, errs := c.Env().Compile(qs)
		if len(errs) > 0 {
			return
		}
		checkSound(t, c, an, p, q, probes)
	})
}

// condGen writes a condition over the base charter's variables from fuzz
// bytes, so that nearly every input compiles and the analyser, not the
// parser, is what the fuzzer explores.
type condGen struct {
	data []byte
	b    strings.Builder
}

func (g *condGen) next() int {
	if len(g.data) == 0 {
		return 0
	}
	v := int(g.data[0])
	g.data = g.data[1:]
	return v
}

func (g *condGen) pick(options ...string) string { return options[g.next()%len(options)] }

func (g *condGen) expr(depth int) {
	if len(g.data) == 0 || depth > 6 {
		g.b.WriteString(g.pick("true", "false"))
		return
	}
	ops := []string{"==", "!=", "<", "<=", ">", ">="}
	switch g.next() % 12 {
	case 0, 1:
		g.b.WriteString("(")
		g.expr(depth + 1)
		g.b.WriteString(g.pick(" && ", " || "))
		g.expr(depth + 1)
		g.b.WriteString(")")
	case 2:
		g.b.WriteString("!(")
		g.expr(depth + 1)
		g.b.WriteString(")")
	case 3:
		g.b.WriteString("(")
		g.expr(depth + 1)
		g.b.WriteString(" ? ")
		g.expr(depth + 1)
		g.b.WriteString(" : ")
		g.expr(depth + 1)
		g.b.WriteString(")")
	case 4:
		fmt.Fprintf(&g.b, "%s %s %s", g.pick("person.age", "context.hour", "place.districts"), g.pick(ops...),
			g.pick("-1", "0", "5", "12", "18", "65", "9223372036854775807", "-9223372036854775808"))
	case 5:
		fmt.Fprintf(&g.b, "%s %s %s", g.pick("person.height", "place.altitude"), g.pick(ops...),
			g.pick("0.0", "-0.0", "1.5", "300.0", "1200.5", "1.0000000000000002", "-3.25"))
	case 6:
		switch g.next() % 5 {
		case 0:
			fmt.Fprintf(&g.b, "person.sex %s %q", g.pick("==", "!="), g.pick("female", "male"))
		case 1:
			fmt.Fprintf(&g.b, "person.name %s %q", g.pick("==", "!="), g.pick("a", "other", "other1", ""))
		case 2:
			fmt.Fprintf(&g.b, "place.region %s %q", g.pick("==", "!="), g.pick("north", "south"))
		case 3:
			fmt.Fprintf(&g.b, "place.id %s %q", g.pick("==", "!="), g.pick("N", "P1", "P2", "D1"))
		default:
			fmt.Fprintf(&g.b, "place.level %s %q", g.pick("==", "!="), g.pick("nation", "province", "district"))
		}
	case 7:
		v := g.pick("person.married", "context.ramadan", "place.border")
		g.b.WriteString(g.pick(v, v+" == true", v+" != true", "!"+v))
	case 8:
		g.b.WriteString(g.pick(`"c1" in person.communities`, `"c2" in person.communities`, `"vip" in person.tags`, `"x" in person.tags`))
	case 9:
		g.b.WriteString(g.pick(`person.age in [5, 18, 65]`, `person.sex in ["female"]`, `person.name in ["a", "b"]`, `context.hour in []`))
	case 10:
		g.b.WriteString(g.pick(`person.name.startsWith("a")`, `size(person.tags) > 1`, `person.age + 1 > 18`))
	default:
		g.b.WriteString(g.pick("true", "false", "1 < 2", `"a" in ["b"]`))
	}
}

// FuzzConditionGrammar checks the analyser, as FuzzCondition does, on pairs
// of conditions generated from the fuzzer's bytes by a grammar of the
// fragment and its edges (extreme integers, -0.0, adjacent doubles, place
// attributes some territories lack, opaque calls).
func FuzzConditionGrammar(f *testing.F) {
	c := baseCharter(f)
	probes := samples(c)
	f.Add([]byte{4, 0, 2, 4}, []byte{4, 0, 5, 3})
	f.Add([]byte{0, 5, 1, 3, 2, 0, 5, 1, 4, 5}, []byte{2, 7, 2})
	f.Add([]byte{3, 8, 0, 6, 2, 1, 6, 3, 1}, []byte{1, 10, 0, 0, 4, 2, 3, 4})
	an := review.NewAnalyzer(analyzerEngine(f, c))
	f.Fuzz(func(t *testing.T, pb, qb []byte) {
		gp, gq := &condGen{data: pb}, &condGen{data: qb}
		gp.expr(0)
		gq.expr(0)
		p, errs := c.Env().Compile(gp.b.String())
		if len(errs) > 0 {
			t.Skipf("%s: %v", gp.b.String(), errs)
		}
		q, errs := c.Env().Compile(gq.b.String())
		if len(errs) > 0 {
			t.Skipf("%s: %v", gq.b.String(), errs)
		}
		checkSound(t, c, an, p, q, probes)
	})
}
