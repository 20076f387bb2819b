package ui_test

import (
	"errors"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jirga/jirga"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ui"
)

// page fetches a path and returns its status and its text with HTML
// entities decoded (tags kept).
func page(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	code, body := get(t, h, path)
	return code, html.UnescapeString(body)
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: no %q in the page", what, w)
		}
	}
}

func TestPagesRender(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newFakeLedger())
	for _, tc := range []struct {
		path string
		want []string
	}{
		{"/", []string{"Afghanistan power-sharing settlement", `<a href="/territories/AF-KAN">`, "Coalition: NRF + Junbish + Wahdat",
			"Kandahar, governed by IEA", "Kabul, governed by IEA + NRF + Wahdat + Junbish + AFF", `lang="en" dir="ltr"`}},
		{"/territories/AF-KAN", []string{"Kandahar", "1,431,000", "kandahar-education-law", "Provincial council", "Afghanistan</a> → <a href=\"/territories/AF-KAN\">Kandahar"}},
		{"/territories/AF", []string{"Afghanistan", "Contains", "National Council (Loya Shura)"}},
		{"/competences", []string{"Education", "framework", "within the framework", "for its members"}},
		{"/ask", []string{`name="at"`, `name="action"`, `name="p.communities"`, `name="c.ramadan"`}},
		{"/where", []string{`name="want"`, `name="refuse"`}},
		{"/bodies", []string{"National Council (Loya Shura)", "39 members", "100 seats", "Sikh and Hindu Council"}},
		{"/bodies/national-council", []string{"Ordinary majority", "13/23", "11/20"}},
		{"/bodies/provincial-council", []string{"every province", "Governing party or coalition"}},
		{"/proposals", []string{"P-1", "P-2", "Polio vaccination <everywhere>", "open for voting", "passed"}},
		{"/proposals/P-1", []string{"Islamic Emirate bench", "Tally, clause by clause", "jirga vote --url http://example.com --key YOUR.key --proposal P-1 --vote yes"}},
		{"/proposals/P-2", []string{"Result at close: passed", "Voting is closed"}},
		{"/ledger", []string{"Chain verified: 4 entries", `submits "Polio vaccination <everywhere>": <a href="/proposals/P-1">P-1</a>`, "votes for bench-iea: yes on", "opens for voting"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			code, body := page(t, h, tc.path)
			if code != http.StatusOK {
				t.Fatalf("GET %s: status %d\n%s", tc.path, code, body)
			}
			mustContain(t, tc.path, body, tc.want...)
		})
	}
}

func TestNotFound(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newFakeLedger())
	for _, tc := range []struct{ path, want string }{
		{"/territories/AF-KNA", `no territory "AF-KNA" (did you mean AF-KNR?)`},
		{"/bodies/national", `no body "national"`},
		{"/proposals/P-9", `no proposal "P-9"`},
		{"/nowhere", "there is no page at /nowhere"},
	} {
		code, body := page(t, h, tc.path)
		if code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", tc.path, code)
		}
		mustContain(t, tc.path, body, tc.want, "<h1>Not found</h1>")
	}
}

// The questions and answers of the example's README tour.
func TestAsk(t *testing.T) {
	t.Parallel()
	h := newHandler(t, nil)
	girl := "&p.age=14&p.sex=female&p.communities=hanafi"
	for _, tc := range []struct {
		query   string
		verdict string
		want    []string
	}{
		{"at=AF-KAN&action=attend_secondary_school" + girl, "forbidden", []string{"kandahar-education-law/no-secondary-school-for-girls", "applied"}},
		{"at=AF-PAN&action=attend_secondary_school" + girl, "permitted", nil},
		{"at=AF-TAK&action=attend_secondary_school" + girl, "permitted", []string{"the charter's default"}},
		{"at=AF-PAN&action=cover_face_in_public&p.age=30&p.sex=female&p.communities=non_observant", "permitted", []string{"void: no competence", "national-dress-code"}},
		{"at=AF-KAN&action=cover_face_in_public&p.age=30&p.sex=female&p.communities=non_observant", "obliged", []string{"kandahar-dress-law/women-cover-face"}},
		{"at=AF-KAN&action=eat_in_public_during_ramadan&p.age=30&p.sex=male&p.communities=sikh_hindu&c.ramadan=true&c.travelling=false", "permitted", nil},
		{"at=AF-KAN&action=eat_in_public_during_ramadan&p.age=30&p.sex=male&p.communities=hanafi&c.ramadan=true&c.travelling=false", "forbidden", []string{"hanafi-observance-law/no-eating-in-public-in-ramadan"}},
		{"at=AF-BAM&action=marry_without_guardian&p.age=20&p.sex=female&p.previously_married=false&p.communities=jafari&c.court_order=false", "forbidden", []string{"jafari-family-law/first-marriage-needs-guardian"}},
		// Without the person's sex the rule cannot be evaluated: the page
		// names the missing fact.
		{"at=AF-KAN&action=attend_secondary_school&p.age=14&p.communities=hanafi", "", []string{"The answer may change once these facts are given", "person.sex"}},
	} {
		code, body := page(t, h, "/ask?"+tc.query)
		if code != http.StatusOK {
			t.Fatalf("ask %s: status %d", tc.query, code)
		}
		if tc.verdict != "" {
			mustContain(t, tc.query, body, `<span class="verdict verdict-`+tc.verdict+`">`)
		}
		mustContain(t, tc.query, body, tc.want...)
	}
}

func TestAskFormKeepsAnswers(t *testing.T) {
	t.Parallel()
	h := newHandler(t, nil)
	_, body := page(t, h, "/ask?at=AF-KAN&action=teach&p.age=40&p.sex=female&p.married=true&p.communities=jafari&p.communities=hanafi&c.hour=9")
	mustContain(t, "ask form", body,
		`<option value="AF-KAN" selected>`, `<option value="teach" selected>`, `value="40"`, `<option selected>female</option>`,
		`<option value="true" selected>yes</option>`, `value="jafari" checked`, `value="hanafi" checked`, `value="9"`, "<details class=\"facts\" open>")
}

func TestAskErrors(t *testing.T) {
	t.Parallel()
	h := newHandler(t, nil)
	for _, tc := range []struct{ query, want string }{
		{"at=AF-KAN", "Choose a place and an action."},
		{"at=AF-KAN&action=attend_secondary_school&p.age=fourteen", `p.age: "fourteen" is not a whole number`},
		{"at=AF-KAN&action=attend_secondary_school&p.married=maybe", `p.married: choose yes or no, not "maybe"`},
		{"at=AF-KAX&action=attend_secondary_school", "AF-KAN"},
		{"at=AF-KAN&action=attend_school", "attend_"},
		{"at=AF-KAN&action=teach&p.communities=wahhabi", `unknown community "wahhabi"`},
	} {
		code, body := page(t, h, "/ask?"+tc.query)
		if code != http.StatusOK {
			t.Errorf("ask %s: status %d", tc.query, code)
		}
		mustContain(t, tc.query, body, `<div class="alert" role="alert">`, tc.want)
	}
}

// The README's where tour: 14 provinces for a Hanafi girl of 14 who wants
// secondary school, 13 for a Sikh family that refuses religious
// instruction for its son.
func TestWhere(t *testing.T) {
	t.Parallel()
	h := newHandler(t, nil)
	_, body := page(t, h, "/where?p.age=14&p.sex=female&p.communities=hanafi&want=attend_secondary_school")
	mustContain(t, "where", body, "14 of 34 places meet every wish.",
		"Kandahar: not here, because Attend secondary school (grades 7-12) is forbidden by kandahar-education-law/no-secondary-school-for-girls",
		"Panjshir: you can live here")
	if n := strings.Count(section(t, body, `<svg class="map"`, `</svg>`), `fill="#0f766e"`); n != 14 {
		t.Errorf("the map highlights %d provinces, want 14", n)
	}
	_, body = page(t, h, "/where?p.age=10&p.sex=male&p.communities=sikh_hindu&want=cremate_the_dead&want=attend_primary_school&refuse=attend_religious_instruction")
	mustContain(t, "where refuses", body, "13 of 34 places meet every wish.", "Attend religious instruction at school is obliged by kabul-education-law/")
	_, body = page(t, h, "/where?p.age=10")
	mustContain(t, "where without wishes", body, "Choose at least one thing you want or refuse.")
}

// Whatever a user types is escaped: it never reaches the page as markup.
func TestEscapesUserInput(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newFakeLedger())
	evil := `<script>alert(1)</script>`
	q := url.QueryEscape(evil)
	for _, path := range []string{
		"/ask?at=" + q + "&action=" + q,
		"/ask?at=AF-KAN&action=teach&p.age=" + q,
		"/ask?at=AF-KAN&action=teach&p.communities=" + q,
		"/where?want=" + q + "&p.sex=" + q,
		"/bodies/national-council?seats.bench-iea=" + q,
		"/territories/" + url.PathEscape(evil),
		"/proposals/" + url.PathEscape(evil),
		"/ledger?from=" + q,
	} {
		_, body := get(t, h, path)
		if strings.Contains(body, "<script>alert") {
			t.Errorf("GET %s: the input reaches the page unescaped", path)
		}
		if !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("GET %s: the page does not show the input, escaped", path)
		}
	}
	// The fake's title has markup: it is shown as text.
	_, body := get(t, h, "/proposals")
	if !strings.Contains(body, "Polio vaccination &lt;everywhere&gt;") {
		t.Error("a proposal title is not escaped")
	}
}

// The National Council's ordinary majority, exactly as the example's
// README publishes it: Banzhaf 13/23, 3/23 (x3), 1/23; Shapley-Shubik
// 11/20, 2/15 (x3), 1/20; the provincial delegations hold no seats.
func TestPowerOfTheNationalCouncil(t *testing.T) {
	t.Parallel()
	h := newHandler(t, nil)
	_, body := page(t, h, "/bodies/national-council")
	rule := section(t, body, `id="r-ordinary-majority"`, `id="r-vital-interest"`)
	for _, w := range []string{
		"Islamic Emirate bench</th><td>40 seats</td>\n<td class=\"num\">13/23 ≈ 0.5652</td>\n<td class=\"num\">11/20 ≈ 0.5500</td>",
		"National Resistance Front bench</th><td>20 seats</td>\n<td class=\"num\">3/23 ≈ 0.1304</td>\n<td class=\"num\">2/15 ≈ 0.1333</td>",
		"Afghanistan Freedom Front bench</th><td>10 seats</td>\n<td class=\"num\">1/23 ≈ 0.0435</td>\n<td class=\"num\">1/20 ≈ 0.0500</td>",
		"Never decisive (dummies): Badakhshan delegation",
	} {
		mustContain(t, "ordinary majority", rule, w)
	}
	vital := section(t, body, `id="r-vital-interest"`, `id="r-charter-amendment"`)
	mustContain(t, "vital interest", vital, "Veto players (in every winning coalition): Islamic Emirate bench, National Resistance Front bench, Hezb-e Wahdat bench, Junbish-e Milli bench, Afghanistan Freedom Front bench",
		"Islamic Emirate bench</th><td>40 seats</td>\n<td class=\"num\">1/5 ≈ 0.2000</td>", "Computed exactly")
}

// section returns the part of body from the first from to the next to.
func section(t *testing.T, body, from, to string) string {
	t.Helper()
	i := strings.Index(body, from)
	if i < 0 {
		t.Fatalf("no %q in the page", from)
	}
	j := strings.Index(body[i:], to)
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}

// What if the IEA held 51 of 111 seats? Still no majority alone: the
// minimal winning coalitions stay the same... and with 61 of 121 it
// decides alone.
func TestWhatIf(t *testing.T) {
	t.Parallel()
	h := newHandler(t, nil)
	_, body := page(t, h, "/bodies/national-council?seats.bench-iea=61")
	mustContain(t, "what-if", body, "What if: these charts use the seats you entered", `value="61"`, "changed",
		"Islamic Emirate bench</th><td>61 seats</td>\n<td class=\"num\">1 ≈ 1.0000</td>", "121 seats")
	_, body = page(t, h, "/bodies/national-council?seats.bench-iea=-3&seats.bench-nrf=lots")
	mustContain(t, "bad what-if", body, `seats of Islamic Emirate bench: "-3" is not a whole number from 0 to 1000000`,
		`seats of National Resistance Front bench: "lots" is not`, `value="lots"`)
	if strings.Contains(body, "What if: these charts") {
		t.Error("a what-if with errors is shown as if it had been applied")
	}
}

func TestProposalTally(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newFakeLedger())
	// IEA (40 seats) yes, NRF (20) no: 60 of 100 seats present, 40 of 60
	// voting yes.
	_, body := page(t, h, "/proposals/P-1")
	mustContain(t, "P-1", body, "As the votes stand, the proposal passes.",
		"39 members: 1 yes, 1 no, 0 veto, 0 abstain, 37 absent.",
		"1.1 half the seats present", "60 / 100", "≥ 50", "1.2 majority of seats voting", "40 / 60", "> 30",
		"Not voted (absent): Hezb-e Wahdat bench")
	if strings.Contains(body, `id="sign-vote"`) {
		t.Error("a ledger that is no Voter gets a signing form")
	}
	v := votingLedger{newFakeLedger()}
	_, body = page(t, newHandler(t, v), "/proposals/P-1")
	mustContain(t, "P-1 with a voter", body, `id="sign-vote"`, `data-proposal="P-1"`, `<option value="bench-iea">`)
}

func TestNoLedger(t *testing.T) {
	t.Parallel()
	h := newHandler(t, nil)
	_, body := page(t, h, "/proposals")
	mustContain(t, "proposals", body, "This server keeps no ledger, so there are no proposals yet.")
	_, body = page(t, h, "/ledger")
	mustContain(t, "ledger", body, "This server keeps no ledger: no events yet.")
	if code, _ := get(t, h, "/proposals/P-1"); code != http.StatusNotFound {
		t.Errorf("a proposal without a ledger: status %d", code)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/proposals/P-1/votes", strings.NewReader("{}")))
	if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "use jirga vote") {
		t.Errorf("a vote without a voter: %d %s", rec.Code, rec.Body)
	}
}

func TestBrokenChain(t *testing.T) {
	t.Parallel()
	l := newFakeLedger()
	l.broken = "entry 3: hash does not match"
	_, body := page(t, newHandler(t, l), "/ledger")
	mustContain(t, "ledger", body, `class="verify broken"`, "Verification failed: entry 3: hash does not match")
}

func TestLedgerPages(t *testing.T) {
	t.Parallel()
	l := newFakeLedger()
	for i := 0; i < 120; i++ {
		l.cast("P-1", "bench-aff", []string{"yes", "no"}[i%2], "aff-key")
	}
	h := newHandler(t, l)
	_, body := page(t, h, "/ledger")
	mustContain(t, "first page", body, `<a href="/ledger?from=51">Later entries</a>`)
	_, body = page(t, h, "/ledger?from=51")
	mustContain(t, "second page", body, `<a href="/ledger?from=1">Earlier entries</a>`, `<a href="/ledger?from=101">Later entries</a>`, `<td class="num">51</td>`)
	if code, _ := get(t, h, "/ledger?from=x"); code != http.StatusBadRequest {
		t.Errorf("from=x: status %d", code)
	}
}

// The signing endpoints pass the ledger's answers through as JSON.
func TestVoteEndpoints(t *testing.T) {
	t.Parallel()
	l := votingLedger{newFakeLedger()}
	l.signer = func(key string) (ui.SignerInfo, error) {
		if key != "known" {
			return ui.SignerInfo{}, jirga.Errorf(jirga.ENOTFOUND, "no delegate with key %q", key)
		}
		return ui.SignerInfo{ChainID: "c0ffee", NextSeq: 7}, nil
	}
	l.submit = func(signed []byte) (uint64, error) {
		if !strings.Contains(string(signed), `"signature"`) {
			return 0, jirga.Errorf(jirga.EINVALID, "signed envelope: no signature")
		}
		return 42, nil
	}
	h := newHandler(t, l)
	for _, tc := range []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"GET", "/proposals/P-1/signer?key=known", "", 200, `{"chain_id":"c0ffee","delegate":`},
		{"GET", "/proposals/P-1/signer?key=who", "", 404, `{"error":{"code":"not_found","message":"no delegate with key \"who\""}}`},
		{"POST", "/proposals/P-1/votes", `{"envelope":{},"signature":"x"}`, 200, `{"index":42}`},
		{"POST", "/proposals/P-1/votes", `{}`, 400, `"code":"invalid"`},
		{"POST", "/proposals/P-1/votes", strings.Repeat("x", 100<<10), 400, "cannot read the signed vote"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body)))
		if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("%s %s: %d %s, want %d with %s", tc.method, tc.path, rec.Code, rec.Body, tc.status, tc.want)
		}
	}
}

func TestStaticAssets(t *testing.T) {
	t.Parallel()
	h := newHandler(t, nil)
	_, body := get(t, h, "/")
	for _, re := range []string{`<link rel="stylesheet" href="(/static/style\.css\?v=[0-9a-f]{12})">`, `<script src="(/static/app\.js\?v=[0-9a-f]{12})" defer>`} {
		m := regexp.MustCompile(re).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no %s in the page", re)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, m[1], nil))
		if rec.Code != 200 || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") || rec.Body.Len() == 0 {
			t.Errorf("%s: %d %v", m[1], rec.Code, rec.Header())
		}
	}
	if code, _ := get(t, h, "/static/other.js"); code != http.StatusNotFound {
		t.Errorf("an unknown asset: status %d", code)
	}
}

// The overview, with its stylesheet and script, weighs at most 300 kB.
func TestOverviewWeight(t *testing.T) {
	t.Parallel()
	h := newHandler(t, nil)
	total := 0
	for _, path := range []string{"/", "/static/style.css", "/static/app.js"} {
		_, body := get(t, h, path)
		total += len(body)
	}
	if total > 300_000 {
		t.Errorf("the overview weighs %d bytes in all, more than 300 kB", total)
	}
	t.Logf("overview with its assets: %d bytes", total)
}

// The stylesheet uses logical properties only, so that a right-to-left
// language mirrors the layout by itself.
func TestStylesheetIsLogical(t *testing.T) {
	t.Parallel()
	css, err := os.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	physical := regexp.MustCompile(`(?m)(margin|padding|border)-(left|right|top|bottom)|[^-](left|right|top|bottom)\s*:|text-align:\s*(left|right)|float:|inline-size:\s*\d+vw`)
	if m := physical.FindAllString(string(css), -1); m != nil {
		t.Errorf("physical properties in style.css: %q", m)
	}
}

// Every message the templates and the code ask for exists in every
// language, and a missing one shows its key rather than nothing.
func TestMessages(t *testing.T) {
	t.Parallel()
	keys := map[string]bool{}
	re := regexp.MustCompile(`\.(T|N) "([a-z.]+)"`)
	files, _ := os.ReadDir("templates")
	for _, f := range files {
		data, err := os.ReadFile("templates/" + f.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(data), -1) {
			if m[1] == "N" {
				keys[m[2]+".one"], keys[m[2]+".other"] = true, true
			} else {
				keys[m[2]] = true
			}
		}
	}
	for _, v := range []jirga.Verdict{jirga.Permitted, jirga.Forbidden, jirga.Obliged, jirga.Conflict} {
		keys["verdict."+string(v)] = true
	}
	for _, s := range []string{jirga.ProposalSubmitted, jirga.ProposalOpen, jirga.ProposalWithdrawn, jirga.ProposalPassed, jirga.ProposalRejected} {
		keys["status."+s] = true
	}
	for _, k := range ledger.Kinds {
		keys["entry."+k] = true
	}
	for _, o := range []string{"applied", "condition_false", "void_ultra_vires", "void_right", "overridden", "bounded", "error", "protects", "non_coercion", "default"} {
		keys["outcome."+o] = true
	}
	for _, c := range []string{"sole", "framework", "bounded", "members"} {
		keys["competence."+c] = true
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d message keys: the pattern is wrong", len(keys))
	}
	for _, tag := range ui.Languages() {
		l, err := ui.LocaleFor(tag)
		if err != nil {
			t.Fatal(err)
		}
		for k := range keys {
			if l.T(k) == k {
				t.Errorf("%s has no message %q", tag, k)
			}
		}
		if l.Dir != "ltr" && l.Dir != "rtl" {
			t.Errorf("%s: dir %q", tag, l.Dir)
		}
	}
	en, _ := ui.LocaleFor("")
	if got := en.T("no.such.key"); got != "no.such.key" {
		t.Errorf("a missing message shows %q", got)
	}
	if got := en.N("bodies.seats", 1); got != "1 seat" {
		t.Errorf("singular: %q", got)
	}
	if got := en.Number(5300000); got != "5,300,000" {
		t.Errorf("Number: %q", got)
	}
	if _, err := ui.LocaleFor("xx"); jirga.ErrorCode(err) != jirga.EINVALID {
		t.Errorf("an unknown language: %v", err)
	}
}

func TestNewErrors(t *testing.T) {
	t.Parallel()
	if _, err := ui.New(ui.Config{}); jirga.ErrorCode(err) != jirga.EINVALID {
		t.Errorf("no charter: %v", err)
	}
	bad := fstestMap{"boundaries.geojson": `{"type":"Feature"}`}
	_, err := ui.New(ui.Config{Charter: afghanistan(t), Files: bad})
	var je *jirga.Error
	if !errors.As(err, &je) || !strings.Contains(je.Message, "want a GeoJSON FeatureCollection") {
		t.Errorf("bad boundaries: %v", err)
	}
	// A charter directory without boundaries: pages work, without a map.
	h, err := ui.New(ui.Config{Charter: afghanistan(t), Files: fstestMap{}})
	if err != nil {
		t.Fatal(err)
	}
	_, body := page(t, h, "/")
	mustContain(t, "no map", body, "This charter has no boundaries file, so there is no map.", `<a href="/territories/AF-KAN">Kandahar</a>`)
}

// A seat chart draws one dot per seat (per member when no member holds
// seats), each party's dots in its colour, within the drawing.
func TestSeatCharts(t *testing.T) {
	t.Parallel()
	h := newHandler(t, nil)
	dot := regexp.MustCompile(`<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"/>`)
	for _, tc := range []struct {
		path  string
		seats int
		want  string
	}{
		{"/bodies/national-council", 100, `<g fill="#374151"><title>Islamic Emirate of Afghanistan: 40</title>`},
		{"/bodies/national-council?seats.bench-aff=250", 340, `<title>Afghanistan Freedom Front: 250</title>`},
		{"/bodies/provincial-council", 15, `<title>governing: 9</title>`},
		{"/bodies/sikh-hindu-council", 4, `<title>sikh: 2</title>`},
		{"/bodies/ismaili-council", 3, `<title>Member for Kabul: 1</title>`},
	} {
		_, body := page(t, h, tc.path)
		chart := section(t, body, `<svg class="seats"`, `</svg>`)
		mustContain(t, tc.path, chart, tc.want)
		dots := dot.FindAllStringSubmatch(chart, -1)
		if len(dots) != tc.seats {
			t.Errorf("%s: %d seats drawn, want %d", tc.path, len(dots), tc.seats)
		}
		for _, d := range dots {
			x, y, r := atof(d[1]), atof(d[2]), atof(d[3])
			if x-r < 0 || x+r > 400 || y-r < 0 || y+r > 212 || r <= 0 {
				t.Errorf("%s: seat at (%v, %v) radius %v leaves the drawing", tc.path, x, y, r)
				break
			}
		}
	}
}

func atof(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}
