package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
	"plein.dev/platform/rpcerr"
	"plein.dev/platform/zone"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// The console's pages of issue 16: the event's contacts, areas, agenda,
// materials, owner and post-event note; the programme's owners,
// partners, contacts, areas, themes' parents and indicators; the
// organisations.

func TestEventFormContent(t *testing.T) {
	t.Parallel()
	f := newOrgFixture(t)
	org := f.signedInTo(t, "org@example.nl", []string{f.velsen}, identity.RoleOrganiser)
	day := dayStart(now).AddDate(0, 0, 3).Format(dateLayout)
	org.get("/beheer/evenementen/nieuw").must(t, http.StatusOK, `id="contactName-3"`, `name="contactPublic" value="3"`,
		`id="agendaStartsAt-3" name="agendaStartsAt" type="time"`, `id="materialUrl-3"`, `<textarea id="areas" name="areas"`).
		lacks(t, `id="contactName-4"`, `name="ownerOrganisationId"`) // one organisation: nothing to choose

	form := url.Values{"title": {"Havendag"}, "location": {"Haven 1, IJmuiden"}, "startsAt": {day + "T09:00"},
		"endsAt": {day + "T17:00"}, "visibility": {"public"}, "areas": {"Havens\n\n Binnenstad \nHavens"},
		"contactName": {"", "Wil Wethouder", "Piet Plan", ""}, "contactRole": {"", "wethouder", "programmamanager", ""},
		"contactEmail": {"", "", "piet(at)velsen.nl", ""}, "contactPhone": {"", "0255 567 200", "", ""},
		"contactPublic": {"2"}, "agendaStartsAt": {"09:30", "", "11:00"}, "agendaTitle": {"Opening", "", ""},
		"agendaSpeaker": {"Wil Wethouder", "", ""}, "materialTitle": {"Dia's", ""}, "materialUrl": {"ftp://x", ""}}
	// A contact's address, an agenda item without a title and a link
	// that is none: each group says which row, and everything is kept.
	p := org.post("/beheer/evenementen/nieuw", form, "/beheer/evenementen/nieuw").must(t, http.StatusUnprocessableEntity,
		`href="#contacts"`, "Vul bij contactpersoon 2 een naam en rol in", `href="#agenda"`, "Vul bij onderdeel 2 van het programma",
		`href="#materials"`, "Vul bij materiaal 1 een titel en een link", `id="contactName-1" name="contactName" type="text" maxlength="200" autocomplete="off" value="Wil Wethouder"`,
		`name="contactPublic" value="1" checked`, `value="piet(at)velsen.nl"`, `value="ftp://x"`, "Havens\nBinnenstad</textarea>",
		`value="Opening"`, `id="contactName-5"`)
	p.lacks(t, `name="contactPublic" value="2" checked`)
	if len(f.events.created) != 0 {
		t.Fatalf("created %v despite the errors", f.events.created)
	}

	form["contactEmail"] = []string{"", "", "piet@velsen.nl", ""}
	form["agendaTitle"] = []string{"Opening", "", "Rondleiding"}
	form["materialUrl"] = []string{"https://velsen.nl/havendag.pdf", ""}
	org.post("/beheer/evenementen/nieuw", form, "/beheer/evenementen/nieuw").must(t, http.StatusSeeOther)
	c := f.events.created[len(f.events.created)-1]
	if got := fmt.Sprint(c.GetAreas()); got != "[Havens Binnenstad]" {
		t.Errorf("areas %s", got)
	}
	if len(c.GetContacts()) != 2 || !c.GetContacts()[0].GetPublic() || c.GetContacts()[1].GetPublic() ||
		c.GetContacts()[0].GetPhone() != "0255 567 200" || c.GetContacts()[1].GetEmail() != "piet@velsen.nl" {
		t.Errorf("contacts %v", c.GetContacts())
	}
	if len(c.GetAgenda()) != 2 || c.GetAgenda()[1].GetTitle() != "Rondleiding" || c.GetAgenda()[0].GetSpeaker() != "Wil Wethouder" {
		t.Fatalf("agenda %v", c.GetAgenda())
	}
	// 09:30 on the event's day in Amsterdam (UTC+1 in November).
	if at := c.GetAgenda()[0].GetStartsAt().AsTime(); !at.Equal(time.Date(2026, 11, 28, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("agenda starts %v", at)
	}
	if len(c.GetMaterials()) != 1 || c.GetMaterials()[0].GetUrl() != "https://velsen.nl/havendag.pdf" {
		t.Errorf("materials %v", c.GetMaterials())
	}
	if c.OwnerOrganisationId != nil {
		t.Errorf("owner %q sent though there was none to choose", c.GetOwnerOrganisationId())
	}
}

func TestEditEventContentAndPostNote(t *testing.T) {
	t.Parallel()
	f := newOrgFixture(t)
	ev := f.events.find("ev1")
	f.amb.programmes[0].Areas = []string{"Havens", "Binnenstad"}
	ev.Areas = []string{"Havens"}
	ev.Contacts = []*eventsv1.EventContact{{Name: "Wil", Role: "wethouder", Public: true}, {Name: "Piet", Role: "contact", Email: "piet@example.nl"}}
	start := ev.GetStartsAt().AsTime()
	ev.Agenda = []*eventsv1.AgendaItem{{StartsAt: timestamppb.New(start.Add(30 * time.Minute)), Title: "Ontbijt"},
		{StartsAt: timestamppb.New(start.Add(25 * time.Hour)), Title: "Dag twee"}}
	ev.Materials = []*eventsv1.Material{{Title: "Dia's", Url: "https://example.nl/dias.pdf"}}
	org := f.signedIn(t, "org@example.nl", identity.RoleOrganiser)
	at := start.Add(30 * time.Minute).In(zone.Amsterdam).Format("15:04")
	p := org.get("/beheer/evenementen/ev1").must(t, http.StatusOK,
		// the programme's areas to tick, the event's ticked
		`name="areas" value="Havens" checked`, `name="areas" value="Binnenstad">`,
		`value="Wil"`, `name="contactPublic" value="1" checked`, `name="contactPublic" value="2">`, `value="piet@example.nl"`,
		`type="time" value="`+at+`"`, `type="datetime-local" value="`+localValue(start.Add(25*time.Hour))+`"`,
		`value="https://example.nl/dias.pdf"`, `id="contactName-5"`)
	// Published and not begun: no report to write yet.
	p.lacks(t, `name="postNote"`, `name="ownerOrganisationId"`)

	form := eventValues(ev)
	form.Set("roomId", "")
	form.Set("location", "Stadhuis")
	form["areas"] = []string{"Binnenstad"}
	form["contactName"] = []string{"Wil", ""}
	form["contactRole"] = []string{"wethouder", ""}
	form["contactEmail"] = []string{"", ""}
	form["contactPhone"] = []string{"", ""}
	form.Del("contactPublic")
	org.post("/beheer/evenementen/ev1", form, "/beheer/evenementen/ev1").must(t, http.StatusSeeOther)
	u := f.events.updated[len(f.events.updated)-1]
	if !u.GetSetContacts() || !u.GetSetAreas() || !u.GetSetAgenda() || !u.GetSetMaterials() {
		t.Errorf("lists not replaced: %v", u)
	}
	if len(u.GetContacts()) != 1 || u.GetContacts()[0].GetPublic() || fmt.Sprint(u.GetAreas()) != "[Binnenstad]" ||
		len(u.GetAgenda()) != 2 || !u.GetAgenda()[1].GetStartsAt().AsTime().Equal(start.Add(25*time.Hour)) || len(u.GetMaterials()) != 1 {
		t.Errorf("updated %v", u)
	}
	if u.PostNote != nil || u.OwnerOrganisationId != nil {
		t.Errorf("the form sent a post note or owner: %v", u)
	}

	// A completed event shows its report, which can be written.
	done := event("ev9", "Netwerkborrel", now.Add(-48*time.Hour), 20)
	done.Status, done.PostNote = "completed", "Veertig ondernemers."
	f.events.mu.Lock()
	f.events.events = append(f.events.events, done)
	f.events.mu.Unlock()
	org.get("/beheer/evenementen/ev9").must(t, http.StatusOK, `action="/beheer/evenementen/ev9/verslag"`,
		"Veertig ondernemers.</textarea>", "Na afloop")
	org.post("/beheer/evenementen/ev9/verslag", url.Values{"postNote": {" Vijftig ondernemers. "}}, "/beheer/evenementen/ev9").
		must(t, http.StatusSeeOther)
	u = f.events.updated[len(f.events.updated)-1]
	if u.GetEventId() != "ev9" || u.PostNote == nil || u.GetPostNote() != "Vijftig ondernemers." || u.Title != nil || u.GetSetContacts() {
		t.Errorf("post note sent as %v", u)
	}
	org.get("/beheer/evenementen/ev9?melding=verslag").must(t, http.StatusOK, "Het verslag is opgeslagen.")
}

// The owner of an event without a programme is chosen among the user's
// organisations when there is more than one; an administrator's are all.
func TestEventOwnerPicker(t *testing.T) {
	t.Parallel()
	f := newOrgFixture(t)
	two := f.signedInTo(t, "twee@example.nl", []string{f.velsen, f.beverwijk}, identity.RoleOrganiser)
	p := two.get("/beheer/evenementen/nieuw").must(t, http.StatusOK, `<select id="ownerOrganisationId" name="ownerOrganisationId"`,
		`<option value="`+f.velsen+`">Gemeente Velsen</option>`, `<option value="`+f.beverwijk+`">Gemeente Beverwijk</option>`)
	p.lacks(t, "Gemeente Heemskerk")
	// With a programme the programme's owners own it: no choice.
	two.get("/beheer/evenementen/nieuw?programmeId=prog1").must(t, http.StatusOK).lacks(t, `name="ownerOrganisationId"`)

	day := dayStart(now).AddDate(0, 0, 3).Format(dateLayout)
	form := url.Values{"title": {"Werkbezoek"}, "location": {"Stadhuis"}, "startsAt": {day + "T09:00"}, "endsAt": {day + "T10:00"},
		"visibility": {"internal"}}
	two.post("/beheer/evenementen/nieuw", form, "/beheer/evenementen/nieuw").must(t, http.StatusUnprocessableEntity,
		`href="#ownerOrganisationId"`, "Kies de organisatie die het evenement beheert.", `value="Werkbezoek"`)
	form.Set("ownerOrganisationId", f.beverwijk)
	two.post("/beheer/evenementen/nieuw", form, "/beheer/evenementen/nieuw").must(t, http.StatusSeeOther)
	if got := f.events.created[len(f.events.created)-1].GetOwnerOrganisationId(); got != f.beverwijk {
		t.Errorf("owner %q, want Beverwijk's", got)
	}

	admin := f.signedInTo(t, "admin@example.nl", nil, identity.RoleAdmin)
	admin.get("/beheer/evenementen/nieuw").must(t, http.StatusOK, "Gemeente Heemskerk", "Gemeente Velsen", "Gemeente Beverwijk")
}

// With one organisation there is no owner to choose, for an
// administrator either: the event is created without.
func TestEventOwnerOfTheOnlyOrganisation(t *testing.T) {
	t.Parallel()
	f := newStaffFixture(t, false)
	admin := f.signedIn(t, "admin@example.nl", identity.RoleAdmin)
	admin.get("/beheer/evenementen/nieuw").must(t, http.StatusOK).lacks(t, `name="ownerOrganisationId"`)
	day := dayStart(now).AddDate(0, 0, 3).Format(dateLayout)
	admin.post("/beheer/evenementen/nieuw", url.Values{"title": {"Werkbezoek"}, "location": {"Stadhuis"}, "startsAt": {day + "T09:00"},
		"endsAt": {day + "T10:00"}, "visibility": {"internal"}}, "/beheer/evenementen/nieuw").must(t, http.StatusSeeOther)
	if c := f.events.created[len(f.events.created)-1]; c.OwnerOrganisationId != nil {
		t.Errorf("owner %q", c.GetOwnerOrganisationId())
	}
}

func TestProgrammeFormExtras(t *testing.T) {
	t.Parallel()
	f := newOrgFixture(t)
	org := f.signedInTo(t, "org@example.nl", []string{f.velsen, f.beverwijk}, identity.RoleOrganiser)
	p := org.get("/beheer/programmas/nieuw").must(t, http.StatusOK,
		`name="ownerOrganisationIds" value="`+f.velsen+`"`, `name="ownerOrganisationIds" value="`+f.beverwijk+`"`,
		// partners are any organisation
		`<option value="`+f.heemskerk+`">Gemeente Heemskerk</option>`, `id="partnerRole-3"`, `id="contactName-3"`,
		`id="indicatorUnit-3" name="indicatorUnit"><option value="count">aantal</option><option value="euro">euro</option>`)
	p.lacks(t, `name="ownerOrganisationIds" value="`+f.heemskerk+`"`, `name="ownerOrganisationIds" value="`+f.velsen+`" checked`)

	form := url.Values{"name": {"IJmond Economie"}, "municipality": {"Velsen"}, "themes": {"Energie\nWaterstof\nHavens"},
		"startsOn": {"2027-01-01"}, "endsOn": {"2027-12-31"}, "ownerOrganisationIds": {f.velsen, f.heemskerk},
		"themeParents[Waterstof]": {"Energie"}, "themeParents[Havens]": {""}, "areas": {"Havengebied\nA-20 zone"},
		"partnerOrganisationId": {f.heemskerk, ""}, "partnerRole": {"", ""},
		"contactName": {"Wil Wethouder"}, "contactRole": {"wethouder"}, "contactEmail": {""}, "contactPhone": {""}, "contactPublic": {"1"},
		"indicatorKey": {"", ""}, "indicatorLabel": {"Banen erbij", ""}, "indicatorUnit": {"count", "euro"}, "indicatorTarget": {"-5", ""}}
	org.post("/beheer/programmas/nieuw", form, "/beheer/programmas/nieuw").must(t, http.StatusUnprocessableEntity,
		`href="#ownerOrganisationIds"`, "U kunt alleen uw eigen organisaties als eigenaar kiezen.",
		`href="#partners"`, "Kies bij partner 1 een organisatie en vul de rol in.",
		`href="#indicators"`, "Vul bij indicator 1 een naam",
		// kept as entered
		`value="Banen erbij"`, `value="-5"`, `<option value="Energie" selected>Energie</option>`, "Havengebied\nA-20 zone</textarea>",
		`name="contactPublic" value="1" checked`)
	if len(f.rec.created) != 0 {
		t.Fatal("created despite the errors")
	}

	form["ownerOrganisationIds"] = []string{f.velsen}
	form["partnerRole"] = []string{"kennispartner", ""}
	form["indicatorTarget"] = []string{"12,5", ""}
	org.post("/beheer/programmas/nieuw", form, "/beheer/programmas/nieuw").must(t, http.StatusSeeOther)
	c := f.rec.lastCreated(t)
	if fmt.Sprint(c.GetOwnerOrganisationIds()) != "["+f.velsen+"]" || len(c.GetPartners()) != 1 ||
		c.GetPartners()[0].GetOrganisationId() != f.heemskerk || c.GetPartners()[0].GetRole() != "kennispartner" {
		t.Errorf("owners %v, partners %v", c.GetOwnerOrganisationIds(), c.GetPartners())
	}
	if fmt.Sprint(c.GetAreas()) != "[Havengebied A-20 zone]" || fmt.Sprint(c.GetThemeParents()) != "map[Waterstof:Energie]" {
		t.Errorf("areas %v, parents %v", c.GetAreas(), c.GetThemeParents())
	}
	if len(c.GetContacts()) != 1 || !c.GetContacts()[0].GetPublic() || c.GetContacts()[0].GetRole() != "wethouder" {
		t.Errorf("contacts %v", c.GetContacts())
	}
	if len(c.GetIndicators()) != 1 || c.GetIndicators()[0].GetKey() != "banen-erbij" || c.GetIndicators()[0].GetTarget() != 12.5 ||
		c.GetIndicators()[0].GetUnit() != "count" {
		t.Errorf("indicators %v", c.GetIndicators())
	}

	// The edit page: a programme owned with another organisation keeps
	// that owner choosable; every list is replaced.
	pr := f.amb.programmes[0]
	pr.OwnerOrganisationIds = []string{f.velsen, f.heemskerk}
	pr.Areas, pr.ThemeParents = []string{"Havens"}, map[string]string{"circulaire economie": "innovatie"}
	org.get("/beheer/programmas/prog1").must(t, http.StatusOK,
		`name="ownerOrganisationIds" value="`+f.velsen+`" checked`, `name="ownerOrganisationIds" value="`+f.heemskerk+`" checked`,
		`name="ownerOrganisationIds" value="`+f.beverwijk+`">`, `name="themeParents[circulaire economie]"`,
		`<option value="innovatie" selected>innovatie</option>`, "Havens</textarea>")
	edit := programmeValues(testLang(t, "nl"), pr)
	edit.Add("indicatorKey", "banen")
	edit.Add("indicatorLabel", "Banen")
	edit.Add("indicatorUnit", "count")
	edit.Add("indicatorTarget", "")
	addContact(edit, "Anna", "accountmanager", "anna@example.nl", "", false)
	org.post("/beheer/programmas/prog1", edit, "/beheer/programmas/prog1").must(t, http.StatusSeeOther)
	u := f.rec.lastUpdated(t)
	if !u.GetSetOwnerOrganisationIds() || !u.GetSetPartners() || !u.GetSetContacts() || !u.GetSetAreas() ||
		!u.GetSetThemeParents() || !u.GetSetIndicators() {
		t.Errorf("not every list replaced: %v", u)
	}
	if !slices.Equal(u.GetOwnerOrganisationIds(), []string{f.velsen, f.heemskerk}) || len(u.GetIndicators()) != 1 ||
		u.GetIndicators()[0].Target != nil || len(u.GetContacts()) != 1 || u.GetThemeParents()["circulaire economie"] != "innovatie" {
		t.Errorf("updated %v", u)
	}
}

// An organiser of one organisation creates a programme of theirs without
// choosing; an administrator chooses among all.
func TestProgrammeOwnersScoped(t *testing.T) {
	t.Parallel()
	f := newOrgFixture(t)
	one := f.signedInTo(t, "een@example.nl", []string{f.beverwijk}, identity.RoleOrganiser)
	one.get("/beheer/programmas/nieuw").must(t, http.StatusOK, `name="ownerOrganisationIds" value="`+f.beverwijk+`" checked`).
		lacks(t, `name="ownerOrganisationIds" value="`+f.velsen+`"`)
	admin := f.signedInTo(t, "admin@example.nl", nil, identity.RoleAdmin)
	p := admin.get("/beheer/programmas/nieuw").must(t, http.StatusOK)
	for _, id := range []string{f.velsen, f.beverwijk, f.heemskerk, "default"} {
		if !strings.Contains(p.Body, `name="ownerOrganisationIds" value="`+id+`"`) {
			t.Errorf("the administrator cannot choose %s", id)
		}
	}
	form := url.Values{"name": {"Regio"}, "municipality": {"IJmond"}, "startsOn": {"2027-01-01"}, "endsOn": {"2027-12-31"}}
	admin.post("/beheer/programmas/nieuw", form, "/beheer/programmas/nieuw").must(t, http.StatusUnprocessableEntity,
		`href="#ownerOrganisationIds"`, "Kies ten minste één eigenaar.")
}

func TestOrganisationsPage(t *testing.T) {
	t.Parallel()
	f := newOrgFixture(t)
	org := f.signedInTo(t, "org@example.nl", []string{f.velsen}, identity.RoleOrganiser)
	p := org.get("/beheer/organisaties").must(t, http.StatusOK, `<a href="/beheer/organisaties" aria-current="page">Organisaties</a>`,
		"Gemeente Velsen (uw organisatie)", "Gemeente Heemskerk", "GM0396", "Gemeente")
	p.lacks(t, `action="/beheer/organisaties"`)
	org.post("/beheer/organisaties", url.Values{"name": {"Stiekem"}, "kind": {"other"}}, "/beheer/organisaties").
		must(t, http.StatusForbidden)

	f.signedIn(t, "amb@example.nl", identity.RoleAmbassador).get("/beheer/organisaties").must(t, http.StatusForbidden)
	if loc := f.browser(t).get("/beheer/organisaties").must(t, http.StatusSeeOther).Header.Get("Location"); !strings.HasPrefix(loc, "/inloggen") {
		t.Errorf("anonymous sent to %q", loc)
	}
	admin := f.signedInTo(t, "admin@example.nl", nil, identity.RoleAdmin)
	admin.get("/beheer/organisaties?lang=en").must(t, http.StatusOK, `action="/beheer/organisaties"`, "Add organisation",
		`<option value="kvk">Chamber of Commerce (KvK)</option>`, `<option value="other">Other</option>`)
	admin.post("/beheer/organisaties", url.Values{"name": {"Gemeente IJmuiden"}, "kind": {"municipality"}, "code": {"IJ1"}}, "/beheer/organisaties?lang=nl").
		must(t, http.StatusUnprocessableEntity, `href="#code"`, "Vul voor een gemeente een CBS-code in", `value="Gemeente IJmuiden"`,
			`<option value="municipality" selected>`)
	admin.post("/beheer/organisaties", url.Values{"name": {"gemeente velsen"}, "kind": {"municipality"}}, "/beheer/organisaties").
		must(t, http.StatusUnprocessableEntity, `href="#name"`, "Er is al een organisatie met deze naam of code.")
	admin.post("/beheer/organisaties", url.Values{"name": {"Kamer van Koophandel"}, "kind": {"kvk"}, "code": {"kvk-nh"}}, "/beheer/organisaties").
		must(t, http.StatusSeeOther)
	admin.get("/beheer/organisaties?melding=aangemaakt").must(t, http.StatusOK, "De organisatie is toegevoegd.", "Kamer van Koophandel", "kvk-nh")
	list, err := f.accounts.ListOrganisations(context.Background(), "", 50)
	if err != nil || len(list) != 5 {
		t.Errorf("organisations %v, %v", list, err)
	}
}

// A service's refusal of a row lands on its table with the row's number;
// what belongs to no field shown goes to the general message.
func TestRowsRefused(t *testing.T) {
	t.Parallel()
	cat, err := newCatalog()
	if err != nil {
		t.Fatal(err)
	}
	l := cat.langs["nl"]
	e := newEntry(nil, eventFields...)
	refusal := rpcerr.Invalid(codes.InvalidArgument, "invalid", rpcerr.Violation{Field: "contacts[1].email", Reason: "not an address"},
		rpcerr.Violation{Field: "title", Reason: "too long"}, rpcerr.Violation{Field: "agenda", Reason: "outside the event"})
	if !rowsRefused(l, e, refusal, "editor.error.", eventGroups) {
		t.Fatal("not taken as a refusal")
	}
	if !strings.Contains(e.Error("contacts"), "contactpersoon 2") || e.Error("title") == "" || e.Error("agenda") == "" || e.General != "" {
		t.Errorf("errors %v, general %q", e.Errors, e.General)
	}
	e = newEntry(nil, eventFields...)
	rowsRefused(l, e, rpcerr.Invalid(codes.InvalidArgument, "invalid", rpcerr.Violation{Field: "somethingElse", Reason: "x"}), "editor.error.", eventGroups)
	if e.General == "" || len(e.Errors) != 0 {
		t.Errorf("an unknown field: errors %v, general %q", e.Errors, e.General)
	}
	e = newEntry(nil, programmeFields...)
	rowsRefused(l, e, rpcerr.Invalid(codes.FailedPrecondition, `indicators: indicator "banen" has 2 measurements; delete them first`,
		rpcerr.Violation{Field: "indicators", Reason: "has measurements"}), "programmeForm.error.", programmeGroups)
	if !strings.Contains(e.Error("indicators"), "metingen") || !strings.Contains(e.Detail, `"banen" has 2 measurements`) {
		t.Errorf("a table refused whole: errors %v, detail %q", e.Errors, e.Detail)
	}
	if rowsRefused(l, newEntry(nil), context.DeadlineExceeded, "editor.error.", eventGroups) {
		t.Error("a deadline taken as a refusal")
	}
}

// The messages the console16 pages reach through a computed id exist in
// both languages.
func TestConsole16ComputedMessages(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"nl", "en"} {
		ids := messageIDs(t, lang)
		var want []string
		for _, k := range accounts.OrganisationKinds {
			want = append(want, messageID("console16.kind.", k))
		}
		for _, u := range indicatorUnits {
			want = append(want, "console16.unit."+u)
		}
		for _, f := range organisationFields {
			want = append(want, "console16.organisation.error."+f)
		}
		for _, id := range eventGroups {
			want = append(want, id)
		}
		for _, id := range programmeGroups {
			want = append(want, id)
		}
		for _, id := range wholeGroup {
			want = append(want, id)
		}
		for _, id := range want {
			if !ids[id] {
				t.Errorf("%s: no message %s", lang, id)
			}
		}
	}
}
