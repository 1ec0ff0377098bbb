package ambassadors_test

import (
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/identity"
	"plein.dev/platform/messaging"
	"plein.dev/platform/testkit"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// TestProgrammeReportByHand seeds a programme with parent themes (two
// levels above a line), areas, indicators (with targets, one percent),
// activities across ambassadors of three sectors, a hosted event credited
// over the bus and events whose attendance summaries name KvK numbers that
// the activities name too; the expected totals below are worked out by
// hand from the seed, not by the code under test.
func TestProgrammeReportByHand(t *testing.T) {
	t.Parallel()
	srv := testkit.NATS(t)
	client, ctx := run(t, srv.ClientURL())
	org := identity.Outgoing(ctx, identity.Identity{UserID: "u1", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"gm0606"}})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	f := func(v float64) *float64 { return &v }
	p, err := client.CreateProgramme(org, &ambassadorsv1.CreateProgrammeRequest{
		Name: "Economische agenda", Municipality: "Schiedam", StartsOn: "2025-01-01", EndsOn: "2099-12-31",
		Themes: []string{"cluster-maak", "speerpunt-innovatie", "lijn-robotica", "lijn-3d", "duurzaam"},
		// lijn-robotica and lijn-3d -> speerpunt-innovatie -> cluster-maak
		ThemeParents: map[string]string{"lijn-robotica": "speerpunt-innovatie", "lijn-3d": "speerpunt-innovatie",
			"speerpunt-innovatie": "cluster-maak"},
		Areas: []string{"Havens", "Binnenstad", "A-20 zone"},
		Indicators: []*ambassadorsv1.Indicator{
			{Key: "banen", Label: "Banen", Unit: "count", Target: f(100)},
			{Key: "externe-middelen", Label: "Externe middelen", Unit: "euro", Target: f(1000000)},
			{Key: "uren", Label: "Uren", Unit: "hours"},
			{Key: "tevredenheid", Label: "Tevredenheid", Unit: "percent", Target: f(80)},
		},
	})
	must(err)
	pid := p.GetProgramme().GetId()
	appoint := func(name, sector string) string {
		a, err := client.AppointAmbassador(org, &ambassadorsv1.AppointAmbassadorRequest{ProgrammeId: pid, Name: name,
			Email: name + "@example.nl", Sector: sector, AppointedOn: "2025-01-01", TermEndsOn: "2099-12-31"})
		must(err)
		return a.GetAmbassador().GetId()
	}
	anouk, bram, cas := appoint("anouk", "maakindustrie"), appoint("bram", "logistiek"), appoint("cas", "")
	type co = ambassadorsv1.Company
	logged := func(amb, kind, on string, minutes, reached int32, themes, areas []string, companies []*co, approve bool) {
		t.Helper()
		x, err := client.LogActivity(org, &ambassadorsv1.LogActivityRequest{AmbassadorId: amb, Kind: kind, OccurredOn: on,
			DurationMinutes: minutes, Summary: kind, EntrepreneursReached: reached, Themes: themes, Areas: areas,
			Companies: companies})
		must(err)
		if approve {
			_, err := client.ReviewActivity(org, &ambassadorsv1.ReviewActivityRequest{ActivityId: x.GetActivity().GetId(), Decision: "approve"})
			must(err)
		}
	}
	// A1..A5; the report's period is 2025-01-01..2025-11-30.
	logged(anouk, "company-visit", "2025-03-10", 60, 3, []string{"lijn-robotica"}, []string{"Havens"},
		[]*co{{Name: "X", KvkNumber: "11111111"}, {Name: "Y", KvkNumber: "22222222"}}, true)
	logged(anouk, "workshop", "2025-04-05", 120, 10, []string{"lijn-robotica", "speerpunt-innovatie"}, []string{"Havens", "Binnenstad"},
		[]*co{{Name: "X", KvkNumber: "11111111"}, {Name: "Z", KvkNumber: "33333333"}}, true)
	logged(bram, "presentation", "2025-05-20", 45, 5, []string{"lijn-3d"}, []string{"Binnenstad"},
		[]*co{{Name: "W", KvkNumber: "44444444"}, {Name: "Zonder nummer"}}, true)
	logged(bram, "company-visit", "2025-06-01", 30, 2, []string{"duurzaam"}, nil,
		[]*co{{Name: "V", KvkNumber: "55555555"}}, false) // pending
	logged(anouk, "mentoring", "2025-12-10", 60, 1, []string{"lijn-robotica"}, nil,
		[]*co{{Name: "U", KvkNumber: "66666666"}}, true) // after the period

	measure := func(key string, value float64, on string) {
		_, err := client.RecordMeasurement(org, &ambassadorsv1.RecordMeasurementRequest{ProgrammeId: pid, Indicator: key, Value: value, On: on})
		must(err)
	}
	measure("banen", 12, "2025-02-01")
	measure("banen", 30, "2025-06-01")
	measure("banen", 50, "2025-12-01") // after the period
	measure("externe-middelen", 250000, "2025-03-15")
	measure("externe-middelen", 150000, "2025-09-30")
	measure("tevredenheid", 72, "2025-10-01")
	measure("tevredenheid", 65, "2025-05-01") // recorded later, for an earlier day
	measure("tevredenheid", 90, "2025-12-15") // after the period

	// The bus: e1 (hosted by Cas, in the period), e2 (after it), e3
	// (another programme's), e4 (no host, in the period), each completed,
	// and their attendance summaries; e4's summary arrives twice.
	_, js := testkit.Conn(t, srv.ClientURL())
	for _, s := range []string{"events", "registrations"} {
		if _, err := messaging.EnsureStream(ctx, js, s, 1); err != nil {
			t.Fatal(err)
		}
	}
	publish := func(subject, msgID, aggregate string, m proto.Message) {
		t.Helper()
		b, err := proto.Marshal(m)
		must(err)
		msg := nats.NewMsg(subject)
		msg.Data = b
		msg.Header.Set(jetstream.MsgIDHeader, msgID)
		msg.Header.Set(messaging.HeaderAggregate, aggregate)
		msg.Header.Set(messaging.HeaderVersion, "1")
		_, err = js.PublishMsg(ctx, msg)
		must(err)
	}
	completed := func(id, programme, day string, hosts ...string) {
		start, err := time.Parse(time.RFC3339, day+"T10:00:00Z")
		must(err)
		publish("plein.events.event.completed", "done-"+id, "event:"+id, &eventsv1.EventChanged{Event: &eventsv1.Event{
			Id: id, Title: "Event " + id, Status: "completed", ProgrammeId: &programme, Version: 1,
			StartsAt: timestamppb.New(start), EndsAt: timestamppb.New(start.Add(2 * time.Hour)),
			Themes: []string{"lijn-3d"}, Areas: []string{"Havens", "Onbekend gebied"}, HostAmbassadorIds: hosts}})
	}
	summary := func(msgID, id string, checkedIn int32, kvk ...string) {
		publish("plein.registrations.attendance.summarised", msgID, "attendance:"+id, &registrationsv1.AttendanceSummarised{
			EventId: id, Confirmed: checkedIn, CheckedIn: checkedIn, Version: 1, KvkNumbers: kvk})
	}
	completed("e1", pid, "2025-05-15", cas)
	completed("e2", pid, "2025-12-05")
	completed("e3", "another-programme", "2025-05-01")
	completed("e4", pid, "2025-07-01")
	summary("s1", "e1", 7, "22222222", "44444444", "77777777")
	summary("s2", "e2", 3, "88888888")
	summary("s3", "e3", 4, "99999999")
	summary("s4", "e4", 9, "10101010", "11111111", "77777777")
	summary("s4-again", "e4", 9, "10101010", "11111111", "77777777")

	req := &ambassadorsv1.GetProgrammeReportRequest{ProgrammeId: pid, From: "2025-01-01", To: "2025-11-30"}
	var r *ambassadorsv1.GetProgrammeReportResponse
	deadline := time.Now().Add(15 * time.Second)
	for {
		r, err = client.GetProgrammeReport(org, req)
		must(err)
		if r.GetCompanies().GetFromRegistrations() == 5 && r.GetTotals().GetAttendance() == 7 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the bus's messages were not applied: %v", r)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // let a straggling duplicate through
	r, err = client.GetProgrammeReport(org, req)
	must(err)

	// In the period and approved: A1 (60 min, 3 reached), A2 (120, 10), A3
	// (45, 5) and C, the credited e1 (120 min, 7 checked in = 7 reached,
	// themes [lijn-3d], areas [Havens]: "Onbekend gebied" is no area of
	// the programme). A4 is pending, A5 after the period.
	type row struct {
		key, parent                                         string
		acts, minutes, reached, hosted, attendance, pending int32
	}
	check := func(section string, got []*ambassadorsv1.ReportRow, want []row) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %d rows, want %d: %v", section, len(got), len(want), got)
		}
		for i, w := range want {
			g := got[i]
			if g.GetKey() != w.key || g.GetParent() != w.parent || g.GetActivities() != w.acts || g.GetMinutes() != w.minutes ||
				g.GetEntrepreneursReached() != w.reached || g.GetEventsHosted() != w.hosted ||
				g.GetAttendance() != w.attendance || g.GetPendingActivities() != w.pending {
				t.Errorf("%s row %d = %v, want %+v", section, i, g, w)
			}
		}
	}
	// Totals: 4 activities; 60+120+45+120 = 345 min; 3+10+5+7 = 25
	// reached; one event hosted with 7 attendees; A4 pending.
	check("totals", []*ambassadorsv1.ReportRow{r.GetTotals()}, []row{{"total", "", 4, 345, 25, 1, 7, 1}})
	check("theme", r.GetByTheme(), []row{
		// cluster-maak rolls up speerpunt-innovatie: the same four.
		{"cluster-maak", "", 4, 345, 25, 1, 7, 0},
		// speerpunt-innovatie: A2 on it directly (and on lijn-robotica,
		// counted once), A1 via lijn-robotica, A3 and C via lijn-3d.
		{"speerpunt-innovatie", "cluster-maak", 4, 345, 25, 1, 7, 0},
		// lijn-robotica: A1, A2 = 180 min, 13 reached.
		{"lijn-robotica", "speerpunt-innovatie", 2, 180, 13, 0, 0, 0},
		// lijn-3d: A3, C = 165 min, 12 reached, e1 hosted.
		{"lijn-3d", "speerpunt-innovatie", 2, 165, 12, 1, 7, 0},
		// duurzaam: only A4, pending.
		{"duurzaam", "", 0, 0, 0, 0, 0, 1},
	})
	check("area", r.GetByArea(), []row{
		// Havens: A1, A2, C = 60+120+120 = 300 min, 3+10+7 = 20.
		{"Havens", "", 3, 300, 20, 1, 7, 0},
		// Binnenstad: A2, A3 = 165 min, 15.
		{"Binnenstad", "", 2, 165, 15, 0, 0, 0},
		{"A-20 zone", "", 0, 0, 0, 0, 0, 0},
	})
	check("sector", r.GetBySector(), []row{
		{"", "", 1, 120, 7, 1, 7, 0},               // Cas: C
		{"logistiek", "", 1, 45, 5, 0, 0, 1},       // Bram: A3, A4 pending
		{"maakindustrie", "", 2, 180, 13, 0, 0, 0}, // Anouk: A1, A2
	})
	if r.GetBySector()[0].GetLabel() != "Geen sector" {
		t.Errorf("the row without a sector is labelled %q", r.GetBySector()[0].GetLabel())
	}
	// KvK numbers: activities A1 {11111111, 22222222}, A2 {11111111,
	// 33333333}, A3 {44444444} = 4 distinct (A4's 55555555 pending, A5's
	// 66666666 after the period); registrations e1 {22222222, 44444444,
	// 77777777}, e4 {10101010, 11111111, 77777777} = 5 distinct (e2 after
	// the period, e3 another programme's); together 11111111, 22222222,
	// 33333333, 44444444, 77777777, 10101010 = 6. Self-reported: 25.
	if c := r.GetCompanies(); c.GetUnique() != 6 || c.GetFromActivities() != 4 || c.GetFromRegistrations() != 5 || c.GetSelfReported() != 25 {
		t.Errorf("companies = %v, want unique 6, from activities 4, from registrations 5, self-reported 25", c)
	}
	// Indicators: banen 12+30 = 42 of 100 = 42%; externe middelen
	// 250000+150000 = 400000 of 1000000 = 40%; uren nothing, no target;
	// tevredenheid the latest day's, 72 (1 October), of 80 = 90%.
	type ind struct {
		key    string
		value  float64
		n      int32
		pct    float64 // -1: none
		lastOn string
	}
	wantInd := []ind{{"banen", 42, 2, 42, "2025-06-01"}, {"externe-middelen", 400000, 2, 40, "2025-09-30"},
		{"uren", 0, 0, -1, ""}, {"tevredenheid", 72, 2, 90, "2025-10-01"}}
	if len(r.GetIndicators()) != len(wantInd) {
		t.Fatalf("indicators = %v", r.GetIndicators())
	}
	for i, w := range wantInd {
		g := r.GetIndicators()[i]
		pct := -1.0
		if g.PercentOfTarget != nil {
			pct = g.GetPercentOfTarget()
		}
		if g.GetIndicator().GetKey() != w.key || g.GetValue() != w.value || g.GetMeasurements() != w.n || pct != w.pct ||
			g.GetLastMeasuredOn() != w.lastOn {
			t.Errorf("indicator %d = %v, want %+v", i, g, w)
		}
	}
}
