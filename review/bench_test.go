package review_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/review"
)

// synthetic builds a charter of about n rules: a nation of 40 provinces of
// 25 districts each; provincial domains, a domain concurrent between the
// three levels, and a communal one. Conditions vary their constants, mix
// ages, sex, communities and place attributes, and some fall outside the
// analysed fragment.
func synthetic(tb testing.TB, n int) (*charter.Charter, *engine.Engine) {
	tb.Helper()
	const provinces, districts = 40, 25
	var ch strings.Builder
	ch.WriteString(`jirga: 1
id: synthetic
title: Synthetic charter for benchmarks
levels: [nation, province, district]
person:
  - {name: age, type: int}
  - {name: sex, type: string, values: [female, male]}
  - {name: name, type: string}
  - {name: married, type: bool}
context:
  - {name: hour, type: int}
territory_attributes:
  - {name: urban, type: bool}
parties: [{id: a, name: A}]
communities: [{id: c0, name: C0}, {id: c1, name: C1}, {id: c2, name: C2}, {id: c3, name: C3}, {id: c4, name: C4}]
domains:
  - {id: education, competence: province}
  - {id: health, competence: concurrent, levels: [nation, province, district]}
  - {id: family, competence: community, belief: true}
  - {id: defence, competence: nation}
rights:
  - {id: conscience, name: Conscience, non_coercion: [family]}
bodies:
  - {id: council, name: Council, territory: N, members: [{id: a, party: a, seats: 1}], rules: [{id: o, kinds: [enact_law], rule: {threshold: {share: 1/2}}}]}
  - {id: provincial, name: Provincial, per_level: province, members: [{id: a, party: a, seats: 1}], rules: [{id: o, kinds: [enact_law], rule: {threshold: {share: 1/2}}}]}
  - {id: district, name: District, per_level: district, members: [{id: a, party: a, seats: 1}], rules: [{id: o, kinds: [enact_law], rule: {threshold: {share: 1/2}}}]}
`)
	for c := 0; c < 5; c++ {
		fmt.Fprintf(&ch, "  - {id: cc%d, name: CC%d, community: c%d, members: [{id: e, seats: 1}], rules: [{id: o, kinds: [enact_law], rule: {threshold: {share: 1/2}}}]}\n", c, c, c)
	}
	ch.WriteString("actions:\n")
	for a := 0; a < 20; a++ {
		fmt.Fprintf(&ch, "  - {id: edu%d, domain: education}\n  - {id: health%d, domain: health}\n  - {id: fam%d, domain: family}\n  - {id: def%d, domain: defence}\n", a, a, a, a)
	}
	ch.WriteString("territories:\n  - {id: N, name: N, level: nation}\n")
	for p := 0; p < provinces; p++ {
		fmt.Fprintf(&ch, "  - {id: P%d, name: P%d, level: province, parent: N, attributes: {urban: %v}}\n", p, p, p%3 == 0)
		for d := 0; d < districts; d++ {
			fmt.Fprintf(&ch, "  - {id: P%dD%d, name: P%dD%d, level: district, parent: P%d, attributes: {urban: %v}}\n", p, d, p, d, p, d%2 == 0)
		}
	}
	effects := []string{"permit", "forbid", "oblige", "permit", "forbid"}
	cond := func(i int) string {
		switch i % 8 {
		case 0:
			return fmt.Sprintf("person.age >= %d", 10+i%50)
		case 1:
			return fmt.Sprintf("person.age < %d && person.sex == \"female\"", 5+i%60)
		case 2:
			return fmt.Sprintf("context.hour >= %d && context.hour < %d", i%12, 12+i%12)
		case 3:
			return "place.urban && !person.married"
		case 4:
			return fmt.Sprintf("\"c%d\" in person.communities || person.age > %d", i%5, 60+i%30)
		case 5:
			return fmt.Sprintf("person.name.startsWith(\"%c\")", 'a'+i%26)
		case 6:
			return fmt.Sprintf("person.sex == \"male\" && (person.age < %d || person.age > %d)", 15+i%5, 70+i%5)
		}
		return ""
	}
	var files []charter.File
	rules := 0
	law := func(path, header, prefix string, count, actions int) {
		var b strings.Builder
		b.WriteString(header + "rules:\n")
		for r := 0; r < count; r++ {
			i := rules + r
			h := uint32(i) * 2654435761 // Knuth's multiplicative hash: effects and conditions vary independently
			fmt.Fprintf(&b, "  - {id: r%d, %s: %s%d", r, effects[(h>>8)%uint32(len(effects))], prefix, (r*7)%actions)
			if c := cond(i + int(h>>16)%8); c != "" {
				fmt.Fprintf(&b, ", when: '%s'", c)
			}
			b.WriteString("}\n")
		}
		rules += count
		files = append(files, charter.File{Path: path, Data: []byte(b.String())})
	}
	perDistrict := (n - 5000) / (provinces * districts)
	law("laws/national.yaml", "id: national-health\nenacted_by: council\nterritory: N\ndomain: health\n", "health", 500, 20)
	law("laws/defence.yaml", "id: national-defence\nenacted_by: council\nterritory: N\ndomain: defence\n", "def", 500, 20)
	for c := 0; c < 5; c++ {
		law(fmt.Sprintf("laws/c%d.yaml", c), fmt.Sprintf("id: family-c%d\nenacted_by: cc%d\ncommunity: c%d\ndomain: family\n", c, c, c), "fam", 200, 20)
	}
	for p := 0; p < provinces; p++ {
		law(fmt.Sprintf("laws/p%d-edu.yaml", p), fmt.Sprintf("id: p%d-education\nenacted_by: provincial\nterritory: P%d\ndomain: education\n", p, p), "edu", 50, 20)
		law(fmt.Sprintf("laws/p%d-health.yaml", p), fmt.Sprintf("id: p%d-health\nenacted_by: provincial\nterritory: P%d\ndomain: health\n", p, p), "health", 25, 20)
		for d := 0; d < districts; d++ {
			law(fmt.Sprintf("laws/p%dd%d.yaml", p, d), fmt.Sprintf("id: p%dd%d-health\nenacted_by: district\nterritory: P%dD%d\ndomain: health\n", p, d, p, d), "health", perDistrict, 20)
		}
	}
	c, err := charter.LoadFiles("synthetic", append([]charter.File{{Path: "charter.yaml", Data: []byte(ch.String())}}, files...))
	if err != nil {
		tb.Fatal(err)
	}
	e, err := engine.New(c)
	if err != nil {
		tb.Fatal(err)
	}
	return c, e
}

func BenchmarkReviewSynthetic100k(b *testing.B) {
	c, e := synthetic(b, 100_000)
	var findings int
	for b.Loop() {
		findings = len(review.Review(c, e))
	}
	b.ReportMetric(float64(len(e.Rules())), "rules")
	b.ReportMetric(float64(findings), "findings")
}

func BenchmarkReviewAfghanistan(b *testing.B) {
	c, err := charter.Load("../examples/afghanistan")
	if err != nil {
		b.Fatal(err)
	}
	e, err := engine.New(c)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		review.Review(c, e)
	}
}

// TestSyntheticReview checks the generator of the benchmark's charter, at
// a tenth of the size: the charter loads, has the rules asked for, and
// review finds each kind of finding the generator produces (so the
// benchmark measures real work).
func TestSyntheticReview(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 10,000-rule charter")
	}
	c, e := synthetic(t, 10_000)
	if n := len(e.Rules()); n != 10_000 {
		t.Fatalf("%d rules, want 10,000", n)
	}
	counts := map[string]int{}
	for _, f := range review.Review(c, e) {
		counts[f.Code]++
	}
	for _, code := range []string{review.CodeConflict, review.CodePossibleConflict, review.CodeShadowed, review.CodeBounded} {
		if counts[code] == 0 {
			t.Errorf("no %s finding in the synthetic charter: %v", code, counts)
		}
	}
	t.Logf("findings: %v", counts)
}
