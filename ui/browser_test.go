package ui_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/jirga/jirga"
	"github.com/jirga/jirga/ledger"
	"github.com/jirga/jirga/ledger/ledgertest"
)

// chromiumPath is where Debian's chromium lives; scripts/install-chromium.sh
// installs it.
const chromiumPath = "/usr/bin/chromium"

// screenshotDir is where the browser tests save a picture of each page,
// relative to this package (the repository's test-output/, gitignored).
const screenshotDir = "../test-output/screenshots"

// browser starts a headless chromium for the test, or skips the test when
// there is none (and fails it under CI=true, so that CI never skips).
func browser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: CI must run the browser tests (scripts/install-chromium.sh installs it)", chromiumPath)
		}
		t.Skipf("%s is missing: run scripts/install-chromium.sh to run the browser tests", chromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// screenshot saves the whole page as test-output/screenshots/name.png.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	save(t, ctx, name, chromedp.FullScreenshot(100))
}

// save runs a screenshot action and writes its PNG under screenshotDir.
func save(t *testing.T, ctx context.Context, name string, shot chromedp.Action[[]byte]) {
	t.Helper()
	png, err := chromedp.Run(ctx, shot)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(screenshotDir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// TestBrowser runs the full server (package http, the SQLite ledger, the
// UI at "/") and drives chromium through it: it loads every page, submits
// the Ask and Where forms and checks their answers, and casts votes on a
// proposal, one signed in the browser with WebCrypto and one signed in Go
// and posted to the JSON API, each seen on the reloaded page.
func TestBrowser(t *testing.T) {
	ctx := browser(t)
	srv := startServer(t)

	t.Run("pages", func(t *testing.T) {
		for _, p := range []struct{ name, path, want string }{
			{"overview", "/", "Who governs where"},
			{"territory-kandahar", "/territories/AF-KAN", "Laws in force here"},
			{"territory-kabul", "/territories/AF-KAB", "Who legislates here"},
			{"competences", "/competences", "Religious observance"},
			{"ask", "/ask", "Ask"},
			{"where", "/where", "Where can I live"},
			{"bodies", "/bodies", "National Council (Loya Shura)"},
			{"body-national-council", "/bodies/national-council", "Ordinary majority"},
			{"body-whatif", "/bodies/national-council?seats.bench-iea=51", "What if"},
			{"body-sikh-hindu", "/bodies/sikh-hindu-council", "Parallel consent"},
			{"proposals", "/proposals", "P-1"},
			{"proposal", "/proposals/P-1", "Tally, clause by clause"},
			{"ledger", "/ledger", "Chain verified: 3 entries"},
			{"not-found", "/territories/AF-XYZ", "Not found"},
		} {
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
				t.Fatalf("%s: %v", p.path, err)
			}
			if got := text(t, ctx, "main"); !strings.Contains(got, p.want) {
				t.Errorf("%s: page does not say %q", p.path, p.want)
			}
			screenshot(t, ctx, p.name)
		}
	})

	t.Run("narrow screen", func(t *testing.T) {
		for _, p := range []struct{ name, path string }{{"overview-phone", "/"}, {"ask-phone", "/ask?at=AF-KAN&action=attend_university&p.age=20&p.sex=female"}} {
			err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(chromedp.CSS("main")))
			if err != nil {
				t.Fatal(err)
			}
			// Nothing is wider than the screen: the page does not scroll
			// sideways.
			wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if wide {
				t.Errorf("%s scrolls sideways on a 390 px screen", p.path)
			}
			save(t, ctx, p.name, chromedp.CaptureScreenshot()) // what the screen shows first
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("keyboard", func(t *testing.T) {
		// The skip link comes first, then the navigation; a province of
		// the map is reached with Tab like any link.
		err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("main")))
		if err != nil {
			t.Fatal(err)
		}
		var seen []string
		for i := 0; i < 12; i++ {
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
				t.Fatal(err)
			}
			href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute("href") || ""`))
			if err != nil {
				t.Fatal(err)
			}
			seen = append(seen, href)
		}
		if seen[0] != "#main" || seen[1] != "/" || !slices.Contains(seen, "/territories/AF-BDS") {
			t.Errorf("Tab goes through %q; want the skip link, the navigation, then the provinces", seen)
		}
	})

	t.Run("overview map", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
			t.Fatal(err)
		}
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("svg.map a").length`))
		if err != nil {
			t.Fatal(err)
		}
		if n != 34 {
			t.Errorf("the map links %d provinces, want 34", n)
		}
		// A province is a keyboard-focusable link to its page.
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`svg.map a[href="/territories/AF-PAN"] path`)), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			t.Fatal(err)
		}
		if got := text(t, ctx, "h1"); !strings.Contains(got, "Panjshir") {
			t.Errorf("clicking Panjshir opened %q", got)
		}
	})

	t.Run("ask", func(t *testing.T) {
		err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/ask"),
			chromedp.SetValue(chromedp.CSS("#f-at"), "AF-KAN"),
			chromedp.SetValue(chromedp.CSS("#f-action"), "attend_secondary_school"),
			chromedp.SendKeys(chromedp.CSS("#f-p-age"), "14"),
			chromedp.SetValue(chromedp.CSS("#f-p-sex"), "female"),
			chromedp.Click(chromedp.CSS(`input[name="p.communities"][value="hanafi"]`)),
			chromedp.Click(chromedp.CSS("form.ask button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS("#answer")),
		)
		if err != nil {
			t.Fatal(err)
		}
		if got := text(t, ctx, "#answer h2"); !strings.Contains(got, "forbidden") {
			t.Errorf("answer %q, want forbidden", got)
		}
		if got := text(t, ctx, "#answer table"); !strings.Contains(got, "kandahar-education-law/no-secondary-school-for-girls") {
			t.Errorf("the trace does not name the law that forbids:\n%s", got)
		}
		screenshot(t, ctx, "ask-answer")
	})

	t.Run("where", func(t *testing.T) {
		err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/where"),
			chromedp.SendKeys(chromedp.CSS("#f-p-age"), "14"),
			chromedp.SetValue(chromedp.CSS("#f-p-sex"), "female"),
			chromedp.Click(chromedp.CSS(`input[name="p.communities"][value="hanafi"]`)),
			chromedp.Click(chromedp.CSS(`input[name="want"][value="attend_secondary_school"]`)),
			chromedp.Click(chromedp.CSS("form.where button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS("#answer")),
		)
		if err != nil {
			t.Fatal(err)
		}
		// The published answer (examples/afghanistan/README.md): 14
		// provinces, the 20 IEA provinces excluded by their education law.
		if got := text(t, ctx, "#answer h2"); !strings.Contains(got, "14 of 34") {
			t.Errorf("where says %q, want 14 of 34", got)
		}
		title, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(`svg.map a[href="/territories/AF-KAN"] title`)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(title, "not here") || !strings.Contains(title, "kandahar-education-law") {
			t.Errorf("Kandahar's title on the map does not say why not: %q", title)
		}
		screenshot(t, ctx, "where-answer")
	})

	t.Run("votes appear", func(t *testing.T) {
		rows := func() string {
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/proposals/P-1"), chromedp.WaitVisible(chromedp.CSS("table.votes"))); err != nil {
				t.Fatal(err)
			}
			return text(t, ctx, "table.votes tbody")
		}
		before := rows()
		if !strings.Contains(before, "Islamic Emirate bench") || strings.Contains(before, "Hezb-e Wahdat bench") {
			t.Fatalf("votes before: %q", before)
		}
		// Sign in the browser: WebCrypto Ed25519 with the delegate's JWK.
		key := filepath.Join(t.TempDir(), "wahdat.jwk")
		jwk, _ := json.Marshal(ledger.PrivateJWK(ledgertest.Key("wahdat")))
		if err := os.WriteFile(key, jwk, 0o600); err != nil {
			t.Fatal(err)
		}
		err := chromedp.Do(ctx,
			chromedp.WaitVisible(chromedp.CSS("#sign-vote")),
			chromedp.SetUploadFiles(chromedp.CSS("#v-key"), []string{key}),
			chromedp.SetValue(chromedp.CSS("#v-member"), "bench-wahdat"),
			chromedp.Click(chromedp.CSS(`#sign-vote input[value="no"]`)),
			chromedp.Click(chromedp.CSS("#sign-vote button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS(".vote-no")),
		)
		if err != nil {
			t.Fatalf("sign in the browser: %v (status: %q)", err, text(t, ctx, "main"))
		}
		after := text(t, ctx, "table.votes tbody")
		if !strings.Contains(after, "Hezb-e Wahdat bench") {
			t.Errorf("the vote signed in the browser does not appear: %q", after)
		}
		screenshot(t, ctx, "proposal-signed-in-browser")

		// Sign in Go, post the envelope to the JSON API, then reload.
		srv.post(t, srv.clients["nrf"].Sign(ledger.VoteBody{Proposal: "P-1", Member: "bench-nrf", Vote: jirga.VoteYes}))
		if got := rows(); !strings.Contains(got, "National Resistance Front bench") {
			t.Errorf("the vote posted does not appear after a reload: %q", got)
		}
		if got := text(t, ctx, "table.clauses"); !strings.Contains(got, "majority of seats voting") {
			t.Errorf("the tally has no clause of the rule: %q", got)
		}
		screenshot(t, ctx, "proposal-after-votes")
	})
}
