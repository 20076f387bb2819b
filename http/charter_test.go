package http_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/jirga/jirga/charter"
	jhttp "github.com/jirga/jirga/http"
)

func TestCharterEndpoint(t *testing.T) {
	t.Parallel()
	c, _ := afghanistan(t)
	_, url := startServer(t, jhttp.Config{})
	r := get(t, url+"/api/charter")
	var v jhttp.CharterView
	r.decode(t, &v)
	want := charter.Summary{Parties: 5, Communities: 5, Territories: 35, Domains: 12, Actions: 34, Bodies: 6, Laws: 111, Rules: 263}
	if r.status != 200 || v.ID != "afghanistan" || v.Hash != c.Hash || v.Summary != want || v.Default != "permitted" {
		t.Errorf("charter = %d id %s hash %s summary %+v", r.status, v.ID, v.Hash, v.Summary)
	}
	var parties, bodies []string
	for _, p := range v.Parties {
		parties = append(parties, p.ID)
	}
	for _, b := range v.Bodies {
		bodies = append(bodies, b.ID)
	}
	if !slices.Equal(parties, []string{"iea", "nrf", "wahdat", "junbish", "aff"}) || len(bodies) != 6 || bodies[0] != "national-council" {
		t.Errorf("parties %v, bodies %v", parties, bodies)
	}
	if !slices.Equal(v.Levels, []string{"nation", "province"}) || len(v.Domains) != 12 || len(v.Actions) != 34 || len(v.Person) == 0 {
		t.Errorf("levels %v, %d domains, %d actions, %d person attributes", v.Levels, len(v.Domains), len(v.Actions), len(v.Person))
	}
}

func TestTerritoriesEndpoint(t *testing.T) {
	t.Parallel()
	_, url := startServer(t, jhttp.Config{})
	for _, tc := range []struct {
		query  string
		status int
		count  int
		first  string
		errMsg string
	}{
		{"", 200, 35, "AF", ""},
		{"?level=province", 200, 34, "AF-BDS", ""},
		{"?level=nation", 200, 1, "AF", ""},
		{"?parent=AF", 200, 34, "AF-BDS", ""},
		{"?parent=AF-KAN", 200, 0, "", ""},
		{"?level=provnce", 400, 0, "", `unknown level "provnce" (did you mean "province"?)`},
		{"?parent=AF-KN", 400, 0, "", `unknown territory "AF-KN"`},
	} {
		r := get(t, url+"/api/territories"+tc.query)
		if r.status != tc.status {
			t.Errorf("%s: status %d: %s", tc.query, r.status, r.body)
			continue
		}
		if tc.errMsg != "" {
			if e := r.apiError(t); e.Code != "invalid" || !strings.Contains(e.Message, tc.errMsg) {
				t.Errorf("%s: %+v", tc.query, e)
			}
			continue
		}
		var v struct {
			Territories []struct{ ID, Level string }
		}
		r.decode(t, &v)
		if len(v.Territories) != tc.count || (tc.count > 0 && v.Territories[0].ID != tc.first) {
			t.Errorf("%s: %d territories, first %+v", tc.query, len(v.Territories), v.Territories)
		}
	}
}

func TestTerritoryEndpoint(t *testing.T) {
	t.Parallel()
	_, url := startServer(t, jhttp.Config{})
	r := get(t, url+"/api/territories/AF-KAN")
	var v jhttp.TerritoryView
	r.decode(t, &v)
	if r.status != 200 || v.ID != "AF-KAN" || v.Name != "Kandahar" || v.Population != 1431000 || len(v.Ancestors) != 1 || v.Ancestors[0].ID != "AF" {
		t.Fatalf("AF-KAN = %d %+v", r.status, v)
	}
	legislators := map[string]string{}
	for _, cv := range v.Competences {
		var ids []string
		for _, l := range cv.Legislators {
			ids = append(ids, l.ID)
		}
		legislators[cv.Domain] = strings.Join(ids, ",")
	}
	for domain, want := range map[string]string{
		"defence": "AF", "education": "AF-KAN", "public_health": "AF,AF-KAN", "family_law": "", "religious_observance": "",
	} {
		if got, ok := legislators[domain]; !ok || got != want {
			t.Errorf("%s legislated by %q, want %q", domain, got, want)
		}
	}
	laws := map[string]string{}
	for _, l := range v.Laws {
		laws[l.ID] = l.Void
	}
	if _, ok := laws["kandahar-education-law"]; !ok || len(v.Laws) != 15 {
		t.Errorf("laws in force at AF-KAN: %v", laws)
	}
	if void := laws["national-dress-code"]; !strings.Contains(void, `domain "dress" is reserved to the province level`) {
		t.Errorf("national-dress-code void = %q", void)
	}
	if _, ok := laws["herat-education-law"]; ok {
		t.Error("Herat's law listed in Kandahar")
	}
	var bodies []string
	for _, b := range v.Bodies {
		bodies = append(bodies, b.ID)
	}
	if len(bodies) < 2 || bodies[0] != "national-council" || bodies[1] != "provincial-council" {
		t.Errorf("bodies = %v", bodies)
	}

	// The nation: provincial domains are legislated below it.
	r = get(t, url+"/api/territories/AF")
	r.decode(t, &v)
	for _, cv := range v.Competences {
		if cv.Domain == "education" && (len(cv.Legislators) != 0 || cv.Note != "legislated below this territory, by each province") {
			t.Errorf("education at AF = %+v", cv)
		}
	}
	if len(v.Children) != 34 {
		t.Errorf("AF has %d children", len(v.Children))
	}

	r = get(t, url+"/api/territories/Kandahar")
	if e := r.apiError(t); r.status != 404 || e.Code != "not_found" || !strings.Contains(e.Message, `no territory "Kandahar"`) {
		t.Errorf("unknown territory = %d %+v", r.status, e)
	}
}

func TestLawsEndpoint(t *testing.T) {
	t.Parallel()
	_, url := startServer(t, jhttp.Config{})
	for _, tc := range []struct {
		query string
		want  []string // the ids, or the first ones
		count int
	}{
		{"?community=hanafi", []string{"hanafi-family-law", "hanafi-observance-law"}, 2},
		{"?territory=AF-KAN&domain=education", []string{"kandahar-education-law"}, 1},
		{"?body=hanafi-ulema-council", []string{"hanafi-family-law", "hanafi-observance-law"}, 2},
		{"?territory=AF", nil, 8},
		{"", nil, 111},
	} {
		r := get(t, url+"/api/laws"+tc.query)
		var v struct{ Laws []jhttp.LawSummary }
		r.decode(t, &v)
		var ids []string
		for _, l := range v.Laws {
			ids = append(ids, l.ID)
		}
		if r.status != 200 || len(ids) != tc.count || (tc.want != nil && !slices.Equal(ids, tc.want)) {
			t.Errorf("%s: %d %v", tc.query, r.status, ids)
		}
	}
	for _, q := range []string{"?community=hanfi", "?domain=educaton", "?body=council", "?territory=XX"} {
		if r := get(t, url+"/api/laws"+q); r.status != 400 || r.apiError(t).Code != "invalid" {
			t.Errorf("%s: %d %s", q, r.status, r.body)
		}
	}
}

func TestLawEndpoint(t *testing.T) {
	t.Parallel()
	_, url := startServer(t, jhttp.Config{})
	r := get(t, url+"/api/laws/kandahar-education-law")
	var v jhttp.LawView
	r.decode(t, &v)
	if r.status != 200 || v.Title != "Kandahar Education Law" || v.Territory != "AF-KAN" || v.EnactedBy != "provincial-council" || len(v.Rules) == 0 {
		t.Fatalf("law = %d %+v", r.status, v)
	}
	girls := v.Rules[1]
	if girls.ID != "no-secondary-school-for-girls" || girls.Effect != "forbid" || girls.Action != "attend_secondary_school" ||
		girls.When != `person.sex == "female" && person.age > 12` || girls.Pos.Line != 15 || girls.Pos.Col != 5 ||
		girls.Pos.File != "examples/afghanistan/laws/provinces/kandahar/education.yaml" {
		t.Errorf("rule = %+v", girls)
	}
	// A rule voided by a right says which right.
	r = get(t, url+"/api/laws/emergency-movement-order")
	r.decode(t, &v)
	var voided bool
	for _, rv := range v.Rules {
		if rv.ID == "close-provincial-borders" {
			voided = rv.Void == "void_right" && rv.Right == "free_movement"
		}
	}
	if !voided {
		t.Errorf("close-provincial-borders not void by free_movement: %+v", v.Rules)
	}
	r = get(t, url+"/api/laws/kandahar-educaton-law")
	if e := r.apiError(t); r.status != 404 || !strings.Contains(e.Message, `did you mean "kandahar-education-law"?`) {
		t.Errorf("unknown law = %d %+v", r.status, e)
	}
}
