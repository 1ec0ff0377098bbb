package app_test

import (
	"context"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/inbox"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/proto/subject"
)

// handlers returns the handlers of the service's consumers of
// event.completed and attendance.summarised, as service.Run runs them.
func (f fixture) handlers() (completed, attendance inbox.Handler) {
	for _, c := range bus.Consumers(f.app) {
		if h, ok := c.Handle[subject.EventCompleted]; ok {
			completed = h
		}
		if h, ok := c.Handle[subject.AttendanceSummarised]; ok {
			attendance = h
		}
	}
	return completed, attendance
}

// deliver applies a message as the inbox consumer does.
func (f fixture) deliver(t *testing.T, h inbox.Handler, m inbox.Message) inbox.Result {
	t.Helper()
	res, err := inbox.Apply(context.Background(), f.db, bus.Service, h, m)
	if err != nil {
		t.Fatalf("apply %s: %v", m.ID, err)
	}
	return res
}

func completedMsg(t *testing.T, id, eventID string, version int64, hosts ...string) inbox.Message {
	t.Helper()
	// 10 June 2025, 18:00-20:00 in Amsterdam.
	b, err := proto.Marshal(&eventsv1.EventChanged{Event: &eventsv1.Event{
		Id: eventID, Title: "Smart Industry ontbijtsessie", Themes: []string{"Innovatie", "zorg"},
		StartsAt: timestamppb.New(time.Date(2025, 6, 10, 16, 0, 0, 0, time.UTC)),
		EndsAt:   timestamppb.New(time.Date(2025, 6, 10, 18, 0, 0, 0, time.UTC)),
		Status:   "completed", HostAmbassadorIds: hosts, Version: int32(version),
	}})
	if err != nil {
		t.Fatal(err)
	}
	return inbox.Message{ID: id, Subject: string(subject.EventCompleted), Aggregate: "event:" + eventID, Version: version, Data: b}
}

func attendanceMsg(t *testing.T, id, eventID string, version int64, checkedIn int32) inbox.Message {
	t.Helper()
	b, err := proto.Marshal(&registrationsv1.AttendanceSummarised{EventId: eventID, Confirmed: 50, CheckedIn: checkedIn,
		NoShows: 50 - checkedIn, Version: version})
	if err != nil {
		t.Fatal(err)
	}
	return inbox.Message{ID: id, Subject: string(subject.AttendanceSummarised), Aggregate: "attendance:" + eventID, Version: version, Data: b}
}

// A completed event credits each host once with an event-hosted activity
// and its attendance, whichever of the two messages comes first and however
// often each comes.
func TestAutoCredit(t *testing.T) {
	t.Parallel()
	for _, order := range []string{"completed first", "attendance first"} {
		t.Run(order, func(t *testing.T) {
			f := newFixture(t)
			ctx := asOrganiser()
			p := f.programme(t)
			a := f.ambassador(t, p.ID, "anouk@example.nl")
			b := f.ambassador(t, p.ID, "bram@example.nl")
			f.takeOutbox(t)
			completed, attendance := f.handlers()
			hosts := []string{a.ID, b.ID, "unknown-ambassador", a.ID}
			steps := []func(){
				func() {
					f.deliver(t, completed, completedMsg(t, "m1", "e1", 5, hosts...))
					// Redelivered, and published again under another id.
					if res := f.deliver(t, completed, completedMsg(t, "m1", "e1", 5, hosts...)); res != inbox.Duplicate {
						t.Errorf("redelivery: %s", res)
					}
					f.deliver(t, completed, completedMsg(t, "m1-again", "e1", 5, hosts...))
					f.deliver(t, completed, inbox.Message{ID: "m1-unversioned", Subject: string(subject.EventCompleted),
						Data: completedMsg(t, "x", "e1", 5, hosts...).Data})
				},
				func() {
					f.deliver(t, attendance, attendanceMsg(t, "r1", "e1", 1, 37))
					if res := f.deliver(t, attendance, attendanceMsg(t, "r1", "e1", 1, 37)); res != inbox.Duplicate {
						t.Errorf("redelivery: %s", res)
					}
					f.deliver(t, attendance, inbox.Message{ID: "r1-unversioned", Subject: string(subject.AttendanceSummarised),
						Data: attendanceMsg(t, "x", "e1", 1, 37).Data})
				},
			}
			if order == "attendance first" {
				steps[0], steps[1] = steps[1], steps[0]
			}
			for _, step := range steps {
				step()
			}
			for _, amb := range []domain.Ambassador{a, b} {
				list, _, err := f.app.ListActivities(ctx, amb.ID, firstPage[app.ActivityCursor](10))
				if err != nil {
					t.Fatal(err)
				}
				if len(list) != 1 {
					t.Fatalf("%s has %d activities, want 1: %+v", amb.Name, len(list), list)
				}
				x := list[0]
				if x.Kind != domain.KindEventHosted || x.EventID != "e1" || x.OccurredOn != "2025-06-10" || x.DurationMinutes != 120 ||
					x.Attendance != 37 || x.EntrepreneursReached != 37 || x.ReviewStatus != domain.ReviewApproved || !x.Credited ||
					len(x.Themes) != 1 || x.Themes[0] != "innovatie" || x.Summary != "Smart Industry ontbijtsessie" {
					t.Fatalf("credited activity = %+v", x)
				}
			}
			// One logged message per host; one update per host when the
			// attendance arrives after the activity.
			var logged, updated int
			for _, r := range f.takeOutbox(t) {
				switch r.Subject {
				case "plein.ambassadors.activity.logged":
					logged++
				case "plein.ambassadors.activity.updated":
					updated++
				default:
					t.Errorf("unexpected message %s", r.Subject)
				}
			}
			wantUpdated := 2
			if order == "attendance first" {
				wantUpdated = 0
			}
			if logged != 2 || updated != wantUpdated {
				t.Fatalf("messages: %d logged, %d updated; want 2 and %d", logged, updated, wantUpdated)
			}
			// A later, corrected summary refreshes the attendance; an older
			// one is ignored.
			f.deliver(t, attendance, attendanceMsg(t, "r2", "e1", 2, 41))
			f.deliver(t, attendance, attendanceMsg(t, "r0", "e1", 1, 12))
			r, err := f.app.Report(ctx, p.ID, "", "")
			if err != nil {
				t.Fatal(err)
			}
			if r.Totals.Activities != 2 || r.Totals.EventsHosted != 1 || r.Totals.Attendance != 41 || r.Totals.Minutes != 240 ||
				r.ByAmbassador[0].Attendance != 41 || r.ByAmbassador[1].Attendance != 41 {
				t.Fatalf("report totals = %+v, by ambassador %+v", r.Totals, r.ByAmbassador)
			}
		})
	}
}

// A host who logged the event by hand keeps that activity; it gets the
// attendance but keeps their own count of entrepreneurs reached. Hosts
// whose term does not cover the event's day are not credited.
func TestAutoCreditRespectsWhatIsThere(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := asOrganiser()
	p := f.programme(t)
	a := f.ambassador(t, p.ID, "anouk@example.nl")
	late, err := f.app.AppointAmbassador(ctx, domain.Ambassador{ProgrammeID: p.ID, Name: "Cas", Email: "cas@example.nl",
		AppointedOn: "2025-06-11", TermEndsOn: "2026-06-10"})
	if err != nil {
		t.Fatal(err)
	}
	own := visit(a.ID, "2025-06-10")
	own.Kind, own.EventID, own.EntrepreneursReached = domain.KindEventHosted, "e1", 12
	x, err := f.app.LogActivity(asAmbassador(a.ID), own)
	if err != nil {
		t.Fatal(err)
	}
	completed, attendance := f.handlers()
	f.deliver(t, completed, completedMsg(t, "m1", "e1", 5, a.ID, late.ID))
	f.deliver(t, attendance, attendanceMsg(t, "r1", "e1", 1, 37))
	list, _, err := f.app.ListActivities(ctx, a.ID, firstPage[app.ActivityCursor](10))
	if err != nil || len(list) != 1 || list[0].ID != x.ID || list[0].Attendance != 37 || list[0].EntrepreneursReached != 12 ||
		list[0].Credited || list[0].ReviewStatus != domain.ReviewPending {
		t.Fatalf("activities of the host = %+v, %v", list, err)
	}
	if list, _, _ := f.app.ListActivities(ctx, late.ID, firstPage[app.ActivityCursor](10)); len(list) != 0 {
		t.Fatalf("host appointed after the event credited: %+v", list)
	}
}
