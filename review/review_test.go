package review_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/review"
)

// loadCase loads testdata/base/charter.yaml with one law file.
func loadCase(t testing.TB, laws string) (*charter.Charter, *engine.Engine) {
	t.Helper()
	base, err := os.ReadFile("testdata/base/charter.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files := []charter.File{{Path: "charter.yaml", Data: base}, {Path: "laws/case.yaml", Data: []byte(laws)}}
	c, err := charter.LoadFiles("case", files)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	e, err := engine.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return c, e
}

// want is the expected shape of one finding: "code law/rule severity
// certainty [related-line...]".
func shape(f review.Finding) string {
	s := fmt.Sprintf("%s %s/%s %s %s", f.Code, f.Law, f.Rule, f.Severity, f.Certainty)
	for _, p := range f.Related {
		s += fmt.Sprintf(" @%d", p.Line)
	}
	return s
}

func TestReviewCases(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		laws string
		want []string
		// contains lists substrings the messages must hold, in order of the
		// findings.
		contains []string
	}{
		{
			name: "national law in a provincial domain",
			laws: `
id: national-schools
enacted_by: council
territory: N
domain: education
rules:
  - {id: r1, permit: attend}
  - {id: r2, forbid: teach, when: 'person.age < 10 && person.age > 60'}
`,
			want:     []string{"ultra_vires national-schools/ error certain"},
			contains: []string{`domain "education" is reserved to the province level, but N is a nation; all 2 of its rules are void`},
		},
		{
			name: "district law in a provincial domain",
			laws: `
id: district-schools
enacted_by: district
territory: D1
domain: education
rules:
  - {id: r1, forbid: attend}
`,
			want: []string{"ultra_vires district-schools/ error certain"},
		},
		{
			name: "community law in a territorial domain",
			laws: `
id: c1-schools
enacted_by: c1_council
community: c1
domain: education
rules:
  - {id: r1, oblige: attend}
`,
			want:     []string{"ultra_vires c1-schools/ error certain"},
			contains: []string{"a community's personal law cannot reach it"},
		},
		{
			name: "provincial law in a communal belief domain",
			laws: `
id: p1-marriage
enacted_by: provincial
territory: P1
domain: family
rules:
  - {id: no-divorce, forbid: divorce}
  - {id: must-marry, oblige: marry, when: 'person.age >= 30'}
`,
			want: []string{
				"territorial_law_in_communal_domain p1-marriage/ error certain",
				"binds_non_members p1-marriage/no-divorce error certain",
				"binds_non_members p1-marriage/must-marry error certain",
			},
			contains: []string{`domain "family" is communal`, "right conscience", "binds everyone in P1"},
		},
		{
			name: "forbidding a protected action",
			laws: `
id: curfew
enacted_by: council
territory: N
domain: movement
rules:
  - {id: stay-home, forbid: relocate, when: 'context.hour >= 22'}
  - {id: move-freely, permit: relocate}
`,
			want:     []string{"protected_action_forbidden curfew/stay-home error certain"},
			contains: []string{"right movement (Free movement) protects"},
		},
		{
			name: "ultra vires and forbidding a protected action",
			laws: `
id: p1-residence
enacted_by: provincial
territory: P1
domain: movement
rules:
  - {id: stay, forbid: relocate}
`,
			want: []string{
				"ultra_vires p1-residence/ error certain",
				"protected_action_forbidden p1-residence/stay error certain",
			},
		},
		{
			name: "permit and forbid overlap",
			laws: `
id: p1-schools
enacted_by: provincial
territory: P1
domain: education
rules:
  - {id: teens-attend, permit: attend, when: 'person.age >= 12 && person.age < 20'}
  - {id: no-girls, forbid: attend, when: 'person.sex == "female" && person.age > 15'}
`,
			want:     []string{"conflict p1-schools/no-girls warning certain @7"},
			contains: []string{"rule no-girls forbids attend where rule teens-attend permits it; both apply when person.age = 16 and person.sex = female, in P1; forbid overrides permit"},
		},
		{
			name: "oblige and forbid overlap",
			laws: `
id: p1-teaching
enacted_by: provincial
territory: P1
domain: education
rules:
  - {id: no-teaching-at-night, forbid: teach, when: 'context.hour >= 20 || context.hour < 6'}
  - {id: night-school, oblige: teach, when: 'context.hour >= 18 && person.married == false'}
`,
			want:     []string{"conflict p1-teaching/night-school error certain @7"},
			contains: []string{"both apply when context.hour = 20 and person.married = false, in P1; there ask answers conflict"},
		},
		{
			name: "disjoint conditions are not a conflict",
			laws: `
id: p1-schools
enacted_by: provincial
territory: P1
domain: education
rules:
  - {id: minors-attend, permit: attend, when: 'person.age < 18'}
  - {id: adults-do-not, forbid: attend, when: 'person.age >= 18'}
  - {id: men-teach, permit: teach, when: 'person.sex == "male"'}
  - {id: women-do-not, forbid: teach, when: 'person.sex != "male"'}
  - {id: day, oblige: attend, when: '!(context.hour < 8 || context.hour >= 16) && person.age < 18'}
`,
			want: nil,
		},
		{
			name: "disjoint territories and different actions are not compared",
			laws: `
id: p1-schools
enacted_by: provincial
territory: P1
domain: education
rules:
  - {id: attend-all, permit: attend}
  - {id: no-teaching, forbid: teach}
---
id: p2-schools
enacted_by: provincial
territory: P2
domain: education
rules:
  - {id: no-attending, forbid: attend}
  - {id: teach-all, oblige: teach}
`,
			want: nil,
		},
		{
			name: "members of two communities",
			laws: `
id: c1-family
enacted_by: c1_council
community: c1
domain: family
rules:
  - {id: adults-marry, forbid: marry, when: 'person.age < 18'}
---
id: c2-family
enacted_by: c2_council
community: c2
domain: family
rules:
  - {id: youth-marry, permit: marry, when: 'person.age >= 16'}
  - {id: adults-divorce, permit: divorce, when: 'person.age >= 18'}
`,
			want:     []string{"conflict c2-family/youth-marry warning certain @7"},
			contains: []string{"where rule adults-marry of law c1-family (community c1) forbids it; both apply when person.age = 16 and person.communities = [c1, c2]"},
		},
		{
			name: "conditions that can never hold",
			laws: `
id: p1-schools
enacted_by: provincial
territory: P1
domain: education
rules:
  - {id: ages, forbid: attend, when: 'person.age < 10 && person.age > 60'}
  - {id: enum, forbid: teach, when: 'person.sex != "female" && person.sex != "male"'}
  - {id: communities, permit: teach, when: '"c1" in person.communities && !("c1" in person.communities)'}
  - {id: elsewhere, oblige: attend, when: 'place.region == "south"'}
  - {id: heights, permit: attend, when: 'person.height > 2.0 && person.height < 1.5'}
  - {id: bools, oblige: teach, when: 'person.married && !person.married'}
  - {id: lists, permit: attend, when: 'person.age in [1, 2] && person.age > 5'}
  - {id: not-here, permit: attend, when: 'place.id == "P2" || place.level == "nation"'}
---
id: c1-family
enacted_by: c1_council
community: c1
domain: family
rules:
  - {id: outsiders, forbid: marry, when: '!("c1" in person.communities)'}
`,
			want: []string{
				"never_holds p1-schools/ages warning certain",
				"never_holds p1-schools/enum warning certain",
				"never_holds p1-schools/communities warning certain",
				"never_holds p1-schools/elsewhere warning certain",
				"never_holds p1-schools/heights warning certain",
				"never_holds p1-schools/bools warning certain",
				"never_holds p1-schools/lists warning certain",
				"never_holds p1-schools/not-here warning certain",
				"never_holds c1-family/outsiders warning certain",
			},
			contains: []string{
				"no value of person.age satisfies it",
				"no value of person.sex satisfies it (its values are female, male)",
				"no value of person.communities satisfies it",
				"can never hold at any place inside P1",
				"no value of person.height satisfies it",
				"no value of person.married satisfies it",
				"no value of person.age satisfies it",
				"can never hold at any place inside P1",
				"can never hold for a member of c1 (the only people community law binds)",
			},
		},
		{
			name: "conditions that can hold are not flagged",
			laws: `
id: p1-schools
enacted_by: provincial
territory: P1
domain: education
rules:
  - {id: young, forbid: attend, when: 'person.age >= 18 && person.age < 30'}
  - {id: north, permit: teach, when: 'place.region == "north" && place.border'}
  - {id: named, oblige: teach, when: 'person.name != "x" && !("vip" in person.tags)'}
  - {id: not-five, permit: teach, when: 'person.age != 5 && person.height >= 1.5'}
  - {id: district, oblige: attend, when: 'place.id == "D1" && person.age < 18'}
`,
			want: nil,
		},
		{
			name: "rules shadowed by broader ones",
			laws: `
id: p1-schools
enacted_by: provincial
territory: P1
domain: education
rules:
  - {id: no-girls, forbid: attend, when: 'person.sex == "female"'}
  - {id: no-older-girls, forbid: attend, when: 'person.sex == "female" && person.age >= 12'}
  - {id: girls-under-6, permit: attend, when: 'person.sex == "female" && person.age < 6'}
  - {id: teach-day, permit: teach, when: 'context.hour >= 8 && context.hour < 16'}
  - {id: teach-morning, permit: teach, when: 'context.hour >= 8 && context.hour < 12'}
  - {id: teach-again, permit: teach, when: 'context.hour < 16 && context.hour >= 8'}
  - {id: must-teach, oblige: teach, when: 'context.hour in [8, 9, 10, 11, 12, 13, 14, 15]'}
`,
			want: []string{
				"shadowed p1-schools/no-older-girls warning certain @7",
				"conflict p1-schools/girls-under-6 warning certain @7",
				"shadowed p1-schools/girls-under-6 warning certain @7",
				"shadowed p1-schools/teach-day warning certain @13",
				"shadowed p1-schools/teach-morning warning certain @10",
				"shadowed p1-schools/teach-again warning certain @10",
			},
			contains: []string{
				"rule no-older-girls never changes an answer: wherever it applies, rule no-girls applies too and also forbids attend",
				"rule girls-under-6 permits attend where rule no-girls forbids it",
				"rule no-girls applies too and forbids attend, which overrides this permit",
				"rule must-teach applies too and obliges teach, which already makes it permitted",
				"rule teach-day applies too and also permits teach",
				"rule teach-day applies too and also permits teach",
			},
		},
		{
			name: "a narrower rule does not shadow a broader one",
			laws: `
id: national-health
enacted_by: council
territory: N
domain: health
rules:
  - {id: young-children, forbid: vaccinate, when: 'person.age < 2'}
---
id: p1-health
enacted_by: provincial
territory: P1
domain: health
rules:
  - {id: minors, forbid: vaccinate, when: 'person.age < 18'}
  - {id: babies, forbid: vaccinate, when: 'person.age < 1'}
`,
			want: []string{
				"shadowed p1-health/babies warning certain @7",
			},
			contains: []string{"rule young-children of law national-health (N) applies too and also forbids vaccinate"},
		},
		{
			name: "concurrent competence: the higher level bounds the lower",
			laws: `
id: national-health
enacted_by: council
territory: N
domain: health
rules:
  - {id: emergency-care, permit: consult, when: 'context.ramadan'}
  - {id: adults-vaccinate, oblige: vaccinate, when: 'person.age >= 18'}
---
id: p1-health
enacted_by: provincial
territory: P1
domain: health
rules:
  - {id: no-consulting, forbid: consult, when: 'person.sex == "female"'}
  - {id: no-vaccinating-minors, forbid: vaccinate, when: 'person.age < 18'}
---
id: p2-health
enacted_by: provincial
territory: P2
domain: health
rules:
  - {id: consult-by-day, permit: consult, when: 'context.hour >= 8'}
  - {id: no-consulting-at-night, forbid: consult, when: 'context.hour < 8'}
`,
			want: []string{
				"bounded p1-health/no-consulting info certain @7",
				"bounded p2-health/no-consulting-at-night info certain @7",
			},
			contains: []string{
				"where rule emergency-care of law national-health (N) permits it; both apply when context.ramadan = true and person.sex = female, in P1; health is concurrent",
				"both apply when context.hour = 0 and context.ramadan = true, in P2",
			},
		},
		{
			name: "conflicts that depend on the place",
			laws: `
id: national-service
enacted_by: council
territory: N
domain: defence
rules:
  - {id: north-serves, oblige: serve, when: 'place.region == "north" && person.age >= 18'}
  - {id: highlands-exempt, forbid: serve, when: 'place.altitude > 1000.0'}
  - {id: south-exempt, forbid: serve, when: 'place.region == "south"'}
  - {id: with-districts, permit: serve, when: 'place.districts > 0 && person.age < 18'}
`,
			want: []string{
				"conflict national-service/highlands-exempt error certain @7",
				"conflict national-service/with-districts warning certain @8",
				"shadowed national-service/with-districts warning certain @8",
			},
			contains: []string{
				"both apply when person.age = 18, in P1; there ask answers conflict",
				"both apply when person.age = 0, in P1; forbid overrides permit",
				"rule highlands-exempt applies too and forbids serve, which overrides this permit",
			},
		},
		{
			name: "conditions outside the fragment",
			laws: `
id: p1-schools
enacted_by: provincial
territory: P1
domain: education
rules:
  - {id: a-names, forbid: attend, when: 'person.name.startsWith("a") && person.age < 5'}
  - {id: older, permit: attend, when: 'person.age >= 5'}
  - {id: long-names, permit: attend, when: 'size(person.name) > 3'}
`,
			want:     []string{"possible_conflict p1-schools/long-names warning possible @7"},
			contains: []string{"both may apply (review cannot decide statically whether their conditions hold together); where they do, forbid overrides permit"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, e := loadCase(t, tc.laws)
			got := review.Review(c, e)
			var shapes []string
			for _, f := range got {
				shapes = append(shapes, shape(f))
			}
			if !slices.Equal(shapes, tc.want) {
				t.Fatalf("findings:\n  %s\nwant:\n  %s\nmessages:\n%s", strings.Join(shapes, "\n  "), strings.Join(tc.want, "\n  "), messages(got))
			}
			for i, s := range tc.contains {
				if !strings.Contains(got[i].Message, s) {
					t.Errorf("finding %d message %q\ndoes not contain %q", i, got[i].Message, s)
				}
			}
			for _, f := range got {
				if f.Pos.File != "case/laws/case.yaml" || f.Pos.Line == 0 || f.Pos.Col == 0 {
					t.Errorf("finding %s has position %v", shape(f), f.Pos)
				}
			}
		})
	}
}

func messages(fs []review.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String() + "\n")
	}
	return b.String()
}

// TestReviewAgreesWithEngine checks that every rule the engine treats as
// void is reported by review with the same reason, and that review reports
// no law as ultra vires that the engine applies.
func TestReviewAgreesWithEngine(t *testing.T) {
	t.Parallel()
	c, err := charter.Load("../examples/afghanistan")
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(c)
	if err != nil {
		t.Fatal(err)
	}
	findings := review.Review(c, e)
	lawFinding := map[string]string{}
	ruleFindings := map[string][]review.Finding{}
	for _, f := range findings {
		if f.Rule == "" {
			lawFinding[f.Law] = f.Code
		} else {
			ruleFindings[f.Law+"/"+f.Rule] = append(ruleFindings[f.Law+"/"+f.Rule], f)
		}
	}
	voids := 0
	for _, r := range e.Rules() {
		key := r.Law.ID + "/" + r.ID
		code := lawFinding[r.Law.ID]
		ultra := code == review.CodeUltraVires || code == review.CodeTerritorialCommunal
		if (r.Void == engine.VoidUltraVires) != ultra {
			t.Errorf("%s: engine says %q, review says %q for its law", key, r.Void, code)
		}
		if r.Void == engine.VoidRight {
			voids++
			found := false
			for _, f := range ruleFindings[key] {
				found = found || (f.Severity == review.Error && strings.Contains(f.Message, "right "+r.Right.ID+" "))
			}
			if !found {
				t.Errorf("%s: engine voids it under right %s; review does not say so: %v", key, r.Right.ID, ruleFindings[key])
			}
		}
		if r.Void != "" {
			for _, f := range ruleFindings[key] {
				if f.Code != review.CodeProtectedForbidden && f.Code != review.CodeBindsNonMembers {
					t.Errorf("%s: void rule has a %s finding", key, f.Code)
				}
			}
		}
	}
	if voids == 0 {
		t.Fatal("the example has no rule voided by a right: the test checks nothing")
	}
}

func TestParseSeverityAndFilter(t *testing.T) {
	t.Parallel()
	fs := []review.Finding{{Severity: review.Error}, {Severity: review.Warning}, {Severity: review.Info}, {Severity: review.Warning}}
	for _, tc := range []struct {
		in   string
		want int
		err  bool
	}{{"error", 1, false}, {"warning", 3, false}, {"info", 4, false}, {"fatal", 0, true}, {"", 0, true}} {
		sev, err := review.ParseSeverity(tc.in)
		if (err != nil) != tc.err {
			t.Fatalf("ParseSeverity(%q) error = %v", tc.in, err)
		}
		if err != nil {
			if jirga.ErrorCode(err) != jirga.EINVALID {
				t.Errorf("ParseSeverity(%q) code = %s", tc.in, jirga.ErrorCode(err))
			}
			continue
		}
		if got := len(review.AtLeast(fs, sev)); got != tc.want {
			t.Errorf("AtLeast(%s) = %d findings, want %d", sev, got, tc.want)
		}
	}
	if got, want := review.Summarize(fs).String(), "1 error, 2 warnings, 1 info"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
}
