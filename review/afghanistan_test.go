package review_test

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/jirga/jirga/charter"
	"github.com/jirga/jirga/engine"
	"github.com/jirga/jirga/review"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const golden = "review/testdata/afghanistan.golden"

// reviewAfghanistan reviews the flagship example from the repository's
// root, so that positions read examples/afghanistan/...
func reviewAfghanistan(t *testing.T) []review.Finding {
	t.Helper()
	t.Chdir("..")
	c, err := charter.Load("examples/afghanistan")
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return review.Review(c, e)
}

// TestAfghanistanPlanted checks that review flags each law the example's
// authors planted for it (they carry a "PLANTED FOR REVIEW" comment), at
// the rule's or law's position.
func TestAfghanistanPlanted(t *testing.T) {
	findings := reviewAfghanistan(t)
	const dir = "examples/afghanistan/laws/"
	planted := []struct {
		severity      review.Severity
		code, law     string
		rule, pos     string
		related       string
		whatIsPlanted string
	}{
		{review.Error, review.CodeUltraVires, "national-dress-code", "", dir + "national/dress-code.yaml:5:1", "",
			"a national law in a provincial domain (dress)"},
		{review.Error, review.CodeProtectedForbidden, "emergency-movement-order", "close-provincial-borders", dir + "national/emergency-movement.yaml:14:5", "",
			"a national rule forbidding travel_between_provinces, which free_movement protects"},
		{review.Warning, review.CodeNeverHolds, "helmand-labour-regulation", "age-limits-for-labour", dir + "provinces/helmand/employment.yaml:13:5", "",
			"person.age < 14 && person.age > 65"},
		{review.Warning, review.CodeConflict, "kabul-media-law", "no-music-in-ramadan", dir + "provinces/kabul/media.yaml:18:5", dir + "provinces/kabul/media.yaml:15:5",
			"music permitted 08:00-22:00 and forbidden in Ramadan"},
		{review.Warning, review.CodeShadowed, "kandahar-education-law", "no-university-for-adult-women", dir + "provinces/kandahar/education.yaml:25:5", dir + "provinces/kandahar/education.yaml:19:5",
			"a forbid covered by no-university-for-women"},
		{review.Error, review.CodeTerritorialCommunal, "kandahar-public-observance-order", "", dir + "provinces/kandahar/public-observance.yaml:8:1", "",
			"a provincial law in the communal domain religious_observance"},
		{review.Error, review.CodeBindsNonMembers, "kandahar-public-observance-order", "no-eating-in-ramadan", dir + "provinces/kandahar/public-observance.yaml:16:5", "",
			"a territorial rule in a belief domain"},
		{review.Error, review.CodeBindsNonMembers, "kandahar-public-observance-order", "friday-prayer-for-all-men", dir + "provinces/kandahar/public-observance.yaml:19:5", "",
			"a territorial rule in a belief domain"},
		{review.Error, review.CodeUltraVires, "kandahar-residence-order", "", dir + "provinces/kandahar/residence.yaml:6:1", "",
			"a provincial law in the national domain movement"},
		{review.Error, review.CodeProtectedForbidden, "kandahar-residence-order", "women-stay-without-mahram", dir + "provinces/kandahar/residence.yaml:14:5", "",
			"a provincial rule forbidding relocate, which free_movement protects"},
	}
	for _, p := range planted {
		found := false
		for _, f := range findings {
			if f.Code != p.code || f.Law != p.law || f.Rule != p.rule {
				continue
			}
			found = true
			if f.Pos.String() != p.pos || f.Severity != p.severity || f.Certainty != review.Certain {
				t.Errorf("%s %s/%s: at %s, %s, %s; want %s, %s, certain", p.code, p.law, p.rule, f.Pos, f.Severity, f.Certainty, p.pos, p.severity)
			}
			if p.related != "" && (len(f.Related) != 1 || f.Related[0].String() != p.related) {
				t.Errorf("%s %s/%s: related %v, want %s", p.code, p.law, p.rule, f.Related, p.related)
			}
		}
		if !found {
			t.Errorf("planted %s (%s) not flagged as %s %s/%s", p.whatIsPlanted, p.pos, p.code, p.law, p.rule)
		}
	}
}

// TestAfghanistanGolden compares the whole report with
// testdata/afghanistan.golden; run with -update to rewrite it.
func TestAfghanistanGolden(t *testing.T) {
	findings := reviewAfghanistan(t)
	var buf bytes.Buffer
	if err := review.WriteText(&buf, "examples/afghanistan", findings); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./review -run Golden -update)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("report differs from %s (run with -update if the change is intended):\n%s", golden, buf.String())
	}
}
