package review_test

import (
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
		{`"c1" in person.communities || "c3" in person.communities`, `!("c2" in person.communities)`},
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
	an := review.NewAnalyzer(c)
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
