package web

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

func TestPortalShowsOwnProgressAndActivities(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	f.amb.activities = append(f.amb.activities, // after Anouk's pending visit
		// Bart's, which Anouk must never see.
		&ambassadorsv1.Activity{Id: "act9", AmbassadorId: "amb2", Kind: "media", OccurredOn: "2025-06-01", Summary: "Interview met Bart",
			ReviewStatus: "approved"},
		&ambassadorsv1.Activity{Id: "act2", AmbassadorId: "amb1", Kind: "workshop", OccurredOn: "2026-10-01", Summary: "Workshop digitalisering",
			ReviewStatus: "returned", ReviewComment: "Noem de bedrijven."})
	anouk := f.signedIn(t, "anouk@example.nl", identity.RoleAmbassador)
	p := anouk.get("/ambassadeur").must(t, http.StatusOK, "Welkom, Anouk de Vries", "Smart Industry",
		"10 activiteiten · Bedrijfsbezoek", "3 van 10 goedgekeurd, 1 wachten op beoordeling: achter op schema.", `width="30"`,
		"Bezoek aan een toeleverancier", "Wacht op beoordeling", "Teruggestuurd", "Opmerking: Noem de bedrijven.",
		`href="/ambassadeur/activiteiten/nieuw"`)
	p.lacks(t, "Interview met Bart", "anna@example.nl")
	anouk.get("/ambassadeur?lang=en").must(t, http.StatusOK, "3 of 10 approved, 1 awaiting review: behind schedule.")
}

func TestPortalLogsAnActivityDuringTheTerm(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	anouk := f.signedIn(t, "anouk@example.nl", identity.RoleAmbassador)
	anouk.get("/ambassadeur/activiteiten/nieuw").must(t, http.StatusOK, `<select id="kind" name="kind"`,
		`value="company-visit" selected`, `type="date" value="2026-11-25" max="2026-11-25"`, `name="themes" value="innovatie"`,
		`name="durationMinutes" type="number"`, `name="summary"`, `name="entrepreneursReached"`, `name="organisations"`)
	send := func(v url.Values) page {
		return anouk.post("/ambassadeur/activiteiten/nieuw", v, "/ambassadeur/activiteiten/nieuw")
	}
	send(url.Values{"kind": {"workshop"}, "occurredOn": {"2026-11-24"}, "durationMinutes": {"veel"}}).
		must(t, http.StatusUnprocessableEntity, "Beschrijf kort wat u heeft gedaan.", "Vul een duur in van 0 tot 1440 minuten.")
	send(url.Values{"kind": {"party"}, "occurredOn": {"2026-11-24"}, "summary": {"Feest"}}).
		must(t, http.StatusUnprocessableEntity, `<a href="#kind">Kies een soort activiteit.</a>`)
	done := send(url.Values{"kind": {"workshop"}, "occurredOn": {"2026-11-24"}, "durationMinutes": {"120"},
		"summary": {"Workshop over robots"}, "entrepreneursReached": {"14"}, "organisations": {"RDM Makerspace, Hogeschool\nKvK"},
		"themes": {"innovatie"}}).must(t, http.StatusSeeOther)
	if loc := done.Header.Get("Location"); loc != "/ambassadeur?melding=gelogd" {
		t.Errorf("after logging to %q", loc)
	}
	got := f.amb.logged[len(f.amb.logged)-1]
	if got.GetAmbassadorId() != "amb1" || got.GetDurationMinutes() != 120 || got.GetEntrepreneursReached() != 14 ||
		len(got.GetOrganisations()) != 3 || got.GetOrganisations()[2] != "KvK" || got.GetThemes()[0] != "innovatie" {
		t.Errorf("logged %v", got)
	}
	anouk.get("/ambassadeur?melding=gelogd").must(t, http.StatusOK, "Uw activiteit is vastgelegd.", "Workshop over robots")
}

func TestPortalAfterTheTermIsReadOnly(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	bart := f.signedIn(t, "bart@example.nl", identity.RoleAmbassador)
	bart.get("/ambassadeur").must(t, http.StatusOK, "Uw termijn als ambassadeur is afgelopen.").lacks(t, `href="/ambassadeur/activiteiten/nieuw" class`)
	bart.get("/ambassadeur/activiteiten/nieuw").must(t, http.StatusOK, "Uw termijn als ambassadeur is afgelopen.").lacks(t, `name="summary"`)
	bart.post("/ambassadeur/activiteiten/nieuw", url.Values{"kind": {"media"}, "occurredOn": {"2026-11-24"}, "summary": {"x"}},
		"/ambassadeur").must(t, http.StatusUnprocessableEntity)
	if len(f.amb.logged) != 0 {
		t.Errorf("logged after the term: %v", f.amb.logged)
	}
}

// TestPortalShowsHostedEvents: the events the ambassador hosts, internal
// ones included, with their seats and waiting list; never another's.
func TestPortalShowsHostedEvents(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	start := dayStart(now).AddDate(0, 0, 3).Add(14 * time.Hour)
	mine := event("ev7", "Rondleiding RDM", start, 20)
	mine.Visibility, mine.HostAmbassadorIds, mine.SeatsTaken, mine.WaitlistLength = "internal", []string{"amb1"}, 12, 3
	theirs := event("ev8", "Sessie van Bart", start, 20)
	theirs.HostAmbassadorIds = []string{"amb2"}
	f.events.events = append(f.events.events, mine, theirs)
	anouk := f.signedIn(t, "anouk@example.nl", identity.RoleAmbassador)
	anouk.get("/ambassadeur").must(t, http.StatusOK, "Evenementen die ik host", "Rondleiding RDM", "Intern (zaalboeking)",
		"12 van 20", "<td>3</td>").lacks(t, "Sessie van Bart")
	anouk.get("/ambassadeur?lang=en").must(t, http.StatusOK, "Events I host", "12 of 20")
}
