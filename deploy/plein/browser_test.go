package plein_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdp "github.com/chromedp/chromedp"
)

// The browser tests drive Debian's chromium headless through chromedp and
// check every attendee page with axe-core (the pinned npm package that
// scripts/test installs into tools/node_modules). Without them the tests
// skip, saying what is missing.

// browserTools returns the chromium binary and the axe-core script.
func browserTools(t *testing.T) (chromium string, axe string) {
	t.Helper()
	chromium = os.Getenv("PLEIN_CHROMIUM")
	if chromium == "" {
		var err error
		if chromium, err = exec.LookPath("chromium"); err != nil {
			t.Skip("browser test skipped: no chromium on PATH (scripts/test installs Debian's chromium; or apt-get install chromium)")
		}
	}
	path := os.Getenv("PLEIN_AXE_JS")
	if path == "" {
		path = filepath.Join("..", "..", "tools", "node_modules", "axe-core", "axe.min.js")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("browser test skipped: no axe-core at %s (scripts/test installs it with npm)", path)
	}
	return chromium, string(raw)
}

// newBrowser starts a headless chromium that reaches nothing but the test's
// own server, and returns a tab's context.
func newBrowser(t *testing.T, chromium string) context.Context {
	t.Helper()
	opts := append(cdp.DefaultExecAllocatorOptions[:],
		cdp.ExecPath(chromium),
		cdp.UserDataDir(t.TempDir()),
		cdp.WindowSize(1280, 900),
		cdp.Flag("no-sandbox", true), // tests run as root
		cdp.Flag("disable-gpu", true),
		cdp.Flag("disable-component-update", true),
		cdp.Flag("disable-quic", true),
		cdp.Flag("no-first-run", true),
		// A Dutch visitor's browser: the pages follow its Accept-Language.
		cdp.Flag("lang", "nl-NL"),
		cdp.Flag("accept-lang", "nl-NL,nl"),
	)
	alloc, cancelAlloc := cdp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := cdp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first run starts the browser; it must not carry a timeout.
	if err := cdp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// tab is a browser tab in a test.
type tab struct {
	t   *testing.T
	ctx context.Context
	axe string
}

// do runs steps, each run bounded in time.
func (b *tab) do(steps ...cdp.Action[cdp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := cdp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

func run[T any](b *tab, a cdp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	v, err := cdp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("browser: %v", err)
	}
	return v
}

// open loads a page and waits for its main heading.
func (b *tab) open(url string) {
	b.t.Helper()
	b.do(cdp.Navigate(url), cdp.WaitVisible(cdp.CSS("h1")))
}

func (b *tab) text(sel string) string {
	b.t.Helper()
	return strings.TrimSpace(run(b, cdp.Text(cdp.CSS(sel))))
}

// wantText fails unless the element's text holds want, waiting a moment for
// pages that change by themselves.
func (b *tab) wantText(sel, want string) {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := b.text(sel)
		if strings.Contains(got, want) {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("%s shows %q, want %q", sel, got, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (b *tab) lang() string {
	b.t.Helper()
	return run(b, cdp.Evaluate[string]("document.documentElement.lang"))
}

// violation is what the test reads of an axe-core result.
type violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// checkAccessibility runs axe-core on the page and fails on every serious
// or critical violation; lesser ones are logged.
func (b *tab) checkAccessibility(name string) {
	b.t.Helper()
	b.do(cdp.Evaluate[cdp.Void](b.axe))
	res := run(b, cdp.Evaluate[struct {
		Passes     int         `json:"passes"`
		Violations []violation `json:"violations"`
	}](`axe.run(document).then(r => ({passes: r.passes.length, violations: r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}))}))`,
		cdp.EvalAwaitPromise))
	if res.Passes < 10 {
		b.t.Fatalf("axe-core on %s passed only %d rules: did it run?", name, res.Passes)
	}
	b.t.Logf("axe-core on %s: %d rules pass, %d violations", name, res.Passes, len(res.Violations))
	for _, v := range res.Violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			b.t.Errorf("axe-core on %s: %s %s (%s) at %v", name, v.Impact, v.ID, v.Help, v.Nodes)
		} else {
			b.t.Logf("axe-core on %s: %s %s (%s) at %v", name, v.Impact, v.ID, v.Help, v.Nodes)
		}
	}
}

// checkNarrow fails when the page scrolls sideways at 320 CSS pixels.
func (b *tab) checkNarrow(url string) {
	b.t.Helper()
	b.do(cdp.EmulateViewport(320, 640), cdp.Navigate(url), cdp.WaitVisible(cdp.CSS("h1")))
	if w := run(b, cdp.Evaluate[int]("document.documentElement.scrollWidth")); w > 320 {
		b.t.Errorf("%s is %d px wide at a 320 px viewport", url, w)
	}
	b.do(cdp.EmulateViewport(1280, 900))
}

// TestBrowserJourney is an attendee's whole journey in a real browser, by
// keyboard: find the event, register, open the manage link, cancel; the
// waiting list moves up and the free seat shows live; the same in English;
// axe-core finds nothing serious on any page; no page scrolls sideways at
// 320 px.
func TestBrowserJourney(t *testing.T) {
	chromium, axe := browserTools(t)
	base := startPlein(t)
	a := seedAgenda(t, base)
	b := &tab{t: t, ctx: newBrowser(t, chromium), axe: axe}
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 10 * time.Second}}
	eventPath := "/evenementen/" + a.eventID

	// The agenda, in the browser's Dutch; the first Tab reaches the skip
	// link.
	b.open(base + "/")
	if b.lang() != "nl" {
		t.Fatalf("home in %q, want nl", b.lang())
	}
	b.do(cdp.KeyEvent("\t"))
	if got := run(b, cdp.Evaluate[string]("document.activeElement.className")); got != "skip-link" {
		t.Errorf("first Tab reaches %q, want the skip link", got)
	}
	b.checkAccessibility("/")
	link := `.event-card a[href="` + eventPath + `"]`
	if got := b.text(link); got != a.title {
		t.Fatalf("the agenda links %q, want %q", got, a.title)
	}

	// The event page, and its form filled in and sent with the keyboard.
	b.do(cdp.Click(cdp.CSS(link)), cdp.WaitVisible(cdp.ID("register-heading")))
	b.wantText("h1", a.title)
	b.wantText("#seats", "Nog 2 plaatsen vrij")
	b.checkAccessibility("the event page")
	b.do(
		cdp.SendKeys(cdp.ID("name"), "Anna de Vries"),
		cdp.SendKeys(cdp.ID("email"), "anna@example.nl"),
		cdp.SendKeys(cdp.ID("organisation"), "De Vries Metaal"),
		cdp.Focus(cdp.ID("q-sector")), cdp.KeyEvent(" "),
		cdp.Focus(cdp.ID("consent")), cdp.KeyEvent(" "),
		cdp.Focus(cdp.CSS(`form.form button[type="submit"]`)), cdp.KeyEvent("\r"),
		cdp.WaitVisible(cdp.CSS(".notice-success h1")),
	)
	b.wantText(".notice-success h1", "U bent aangemeld")
	b.wantText("main", "anna@example.nl")
	b.checkAccessibility("the confirmation")

	// The manage link, shown once.
	manage := run(b, cdp.Evaluate[string](`document.querySelector('a.button[href^="/aanmelding/"]').href`))
	b.do(cdp.Click(cdp.CSS(`a.button[href^="/aanmelding/"]`)), cdp.WaitVisible(cdp.CSS(".qr img")))
	b.wantText("h1", "Uw aanmelding")
	b.wantText(".notice-success", "U bent aangemeld.")
	if !run(b, cdp.Evaluate[bool](`(async () => { const i = document.querySelector('.qr img'); await i.decode(); return i.naturalWidth > 0 })()`, cdp.EvalAwaitPromise)) {
		t.Error("the QR code does not load")
	}
	b.checkAccessibility("the manage page")

	// Two more register through the API: Bram takes the last seat,
	// Chantal waits.
	register := func(name, email string) map[string]any {
		return anon.must(http.StatusCreated, "POST", "/api/v1/events/"+a.eventID+"/registrations",
			map[string]any{"name": name, "email": email, "consent": true,
				"answers": []any{map[string]any{"questionId": "sector", "values": []string{"logistiek"}}}})
	}
	bram := register("Bram Jansen", "bram@example.nl")
	chantal := register("Chantal Bakker", "chantal@example.nl")
	if chantal["status"] != "waitlisted" {
		t.Fatalf("Chantal: %v, want waitlisted", chantal)
	}

	// Anna cancels, with the confirmation step.
	b.open(manage)
	b.do(cdp.Click(cdp.CSS(`a[href*="/afmelden"]`)), cdp.WaitVisible(cdp.CSS(`form button[type="submit"]`)))
	b.wantText("h1", "Wilt u zich afmelden?")
	b.do(cdp.Click(cdp.CSS(`form button[type="submit"]`)), cdp.WaitVisible(cdp.CSS(".notice-warning")))
	b.wantText(".notice-warning", "Deze aanmelding is afgemeld.")

	// Chantal, first on the waiting list, has Anna's seat.
	eventually(t, 10*time.Second, "Chantal promoted", func() bool {
		r := anon.must(http.StatusOK, "GET", "/api/v1/registrations/"+chantal["id"].(string)+"?token="+chantal["manageToken"].(string), nil)
		return r["status"] == "confirmed"
	})

	// The event page is full; when Bram cancels, it shows the free seat
	// by itself (the seats stream).
	b.open(base + eventPath)
	b.wantText("#seats", "Vol: u komt op de wachtlijst")
	anon.must(http.StatusNoContent, "DELETE", "/api/v1/registrations/"+bram["id"].(string)+"?token="+bram["manageToken"].(string), nil)
	b.wantText("#seats", "Nog 1 plaats vrij")

	// In English, through the language switch.
	b.do(cdp.Click(cdp.CSS(".lang-switch a")), cdp.WaitVisible(cdp.ID("register-heading")))
	if b.lang() != "en" {
		t.Fatalf("after the switch the page is in %q", b.lang())
	}
	b.wantText("#seats", "1 seat left")
	b.checkAccessibility("the event page in English")
	b.do(
		cdp.SendKeys(cdp.ID("name"), "Dirk Visser"),
		cdp.SendKeys(cdp.ID("email"), "dirk@example.nl"),
		cdp.Focus(cdp.ID("consent")), cdp.KeyEvent(" "),
		cdp.Focus(cdp.CSS(`form.form button[type="submit"]`)), cdp.KeyEvent("\r"),
		cdp.WaitVisible(cdp.CSS(".error-summary")),
	)
	// The question was left out: the error is announced, values are kept.
	b.wantText(".error-summary", "Answer this question.")
	if v := run(b, cdp.Value(cdp.ID("email"))); v != "dirk@example.nl" {
		t.Errorf("email after the error: %q", v)
	}
	b.checkAccessibility("the form with errors")
	b.do(
		cdp.Focus(cdp.ID("q-sector")), cdp.KeyEvent(" "),
		cdp.Focus(cdp.CSS(`form.form button[type="submit"]`)), cdp.KeyEvent("\r"),
		cdp.WaitVisible(cdp.CSS(".notice-success h1")),
	)
	b.wantText(".notice-success h1", "You are registered")
	b.do(cdp.Click(cdp.CSS(`a.button[href^="/aanmelding/"]`)), cdp.WaitVisible(cdp.CSS(".notice-success")))
	b.wantText("h1", "Your registration")
	dirk := run(b, cdp.Location())
	b.checkAccessibility("the manage page in English")

	b.open(base + "/embed")
	b.checkAccessibility("/embed")
	b.open(base + "/privacy")
	b.checkAccessibility("/privacy")

	for _, u := range []string{base + "/", base + eventPath, manage, base + "/embed"} {
		b.checkNarrow(u)
	}

	if dir := os.Getenv("PLEIN_SCREENSHOTS"); dir != "" {
		screenshots(t, b, dir, map[string]string{"home": base + "/", "event": base + eventPath, "manage": dirk})
	}
}

// screenshots saves each page in both languages at a phone's and a
// desktop's width (PLEIN_SCREENSHOTS=docs/screenshots, see the README).
func screenshots(t *testing.T, b *tab, dir string, pages map[string]string) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, u := range pages {
		for _, lang := range []string{"nl", "en"} {
			sep := "?"
			if strings.Contains(u, "?") {
				sep = "&"
			}
			for _, size := range []struct {
				name          string
				width, height int64
			}{{"phone", 390, 844}, {"desktop", 1280, 900}} {
				b.do(cdp.EmulateViewport(size.width, size.height), cdp.Navigate(u+sep+"lang="+lang), cdp.WaitVisible(cdp.CSS("h1")),
					cdp.Evaluate[cdp.Void](`Promise.all([...document.images].map(i => i.decode()))`, cdp.EvalAwaitPromise))
				png := run(b, cdp.FullScreenshot(100))
				if err := os.WriteFile(filepath.Join(dir, name+"-"+lang+"-"+size.name+".png"), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	b.do(cdp.EmulateViewport(1280, 900))
}
