package grpcapi_test

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"plein.dev/platform/ical"
	"plein.dev/platform/testkit"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/domain"
)

// TestManageTokenRPCs: the token reads, draws and cancels its own
// registration; an organiser can do the same for any.
func TestManageTokenRPCs(t *testing.T) {
	t.Parallel()
	f := start(t, testkit.Logger(t))
	f.event(t, domain.Event{ID: "e1", Capacity: 5, Location: "Ondernemersplein, Rotterdam"})
	ctx := context.Background()
	a, err := f.client.CreateRegistration(ctx, reg("e1", "a@x.nl"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.client.GetRegistration(ctx, &registrationsv1.GetRegistrationRequest{RegistrationId: a.GetId(), Token: a.GetManageToken()})
	if err != nil || got.GetRegistration().GetCheckInCode() == "" {
		t.Fatalf("get by token: %v %v", got, err)
	}
	withKvK := reg("e1", "k@x.nl")
	withKvK.KvkNumber = "69599084"
	k, err := f.client.CreateRegistration(ctx, withKvK)
	if err != nil {
		t.Fatal(err)
	}
	for who, req := range map[string]struct {
		ctx   context.Context
		token string
	}{"the token holder": {ctx, k.GetManageToken()}, "the organiser": {organiser, ""}} {
		got, err := f.client.GetRegistration(req.ctx, &registrationsv1.GetRegistrationRequest{RegistrationId: k.GetId(), Token: req.token})
		if err != nil || got.GetRegistration().GetKvkNumber() != "69599084" {
			t.Errorf("%s reads KvK number %q (%v)", who, got.GetRegistration().GetKvkNumber(), err)
		}
	}
	for _, format := range []string{"", "png", "svg"} {
		qr, err := f.client.GetRegistrationQR(ctx, &registrationsv1.GetRegistrationQRRequest{RegistrationId: a.GetId(), Token: a.GetManageToken(), Format: format})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"": "image/png", "png": "image/png", "svg": "image/svg+xml"}[format]
		if qr.GetContentType() != want || len(qr.GetData()) < 100 || qr.GetCheckInCode() != got.GetRegistration().GetCheckInCode() {
			t.Errorf("qr %s: %s, %d bytes", format, qr.GetContentType(), len(qr.GetData()))
		}
	}
	if _, err := f.client.GetRegistrationQR(organiser, &registrationsv1.GetRegistrationQRRequest{RegistrationId: a.GetId()}); err != nil {
		t.Errorf("qr for an organiser: %v", err)
	}
	cal, err := f.client.GetRegistrationCalendar(ctx, &registrationsv1.GetRegistrationCalendarRequest{RegistrationId: a.GetId(), Token: a.GetManageToken()})
	if err != nil {
		t.Fatal(err)
	}
	ics := string(cal.GetData())
	for _, want := range []string{"BEGIN:VCALENDAR", "METHOD:REQUEST", "UID:" + ical.UID("e1"), "SUMMARY:Ontbijtsessie",
		"DTSTART;TZID=Europe/Amsterdam:20261125T110000", "LOCATION:Ondernemersplein\\, Rotterdam", "STATUS:CONFIRMED"} {
		if !strings.Contains(ics, want+"\r\n") {
			t.Errorf("calendar lacks %q:\n%s", want, ics)
		}
	}
	if _, err := f.client.CancelRegistration(ctx, &registrationsv1.CancelRegistrationRequest{RegistrationId: a.GetId(), Token: a.GetManageToken()}); err != nil {
		t.Fatal(err)
	}
	cal, err = f.client.GetRegistrationCalendar(ctx, &registrationsv1.GetRegistrationCalendarRequest{RegistrationId: a.GetId(), Token: a.GetManageToken()})
	if err != nil || !strings.Contains(string(cal.GetData()), "METHOD:CANCEL\r\n") || !strings.Contains(string(cal.GetData()), "STATUS:CANCELLED\r\n") {
		t.Fatalf("calendar after cancelling: %v\n%s", err, cal.GetData())
	}
	got, _ = f.client.GetRegistration(organiser, &registrationsv1.GetRegistrationRequest{RegistrationId: a.GetId()})
	if got.GetRegistration().GetStatus() != "cancelled" || got.GetRegistration().GetCancellationReason() != "cancelled by the attendee" {
		t.Fatalf("after cancel: %v", got)
	}
}

// TestCapacityUnderConcurrencyThroughGRPC is the 1,000-for-100 proof once
// more, each registration a separate gRPC call over loopback.
func TestCapacityUnderConcurrencyThroughGRPC(t *testing.T) {
	t.Parallel()
	f := start(t, slog.New(slog.DiscardHandler))
	const seats, people = 100, 1000
	f.event(t, domain.Event{ID: "e1", Capacity: seats})
	ctx := context.Background()
	begin := time.Now()
	var wg sync.WaitGroup
	resps := make([]*registrationsv1.CreateRegistrationResponse, people)
	errs := make([]error, people)
	for i := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resps[i], errs[i] = f.client.CreateRegistration(ctx, reg("e1", fmt.Sprintf("p%d@x.nl", i)))
		}()
	}
	wg.Wait()
	confirmed := 0
	var positions []int
	for i, r := range resps {
		if errs[i] != nil {
			t.Fatalf("registration %d: %v", i, errs[i])
		}
		if r.GetStatus() == "confirmed" {
			confirmed++
		} else {
			positions = append(positions, int(r.GetWaitlistPosition()))
		}
	}
	t.Logf("%d registrations through gRPC for %d seats in %v: %d confirmed, %d waitlisted", people, seats, time.Since(begin), confirmed, len(positions))
	if confirmed != seats || len(positions) != people-seats {
		t.Fatalf("%d confirmed, %d waitlisted", confirmed, len(positions))
	}
	sort.Ints(positions)
	for i, p := range positions {
		if p != i+1 {
			t.Fatalf("positions not 1..%d: at %d found %d", people-seats, i+1, p)
		}
	}
	seatsResp, err := f.client.GetSeats(ctx, &registrationsv1.GetSeatsRequest{EventId: "e1"})
	if err != nil || seatsResp.GetSeats().GetSeatsTaken() != seats || seatsResp.GetSeats().GetWaitlistLength() != people-seats {
		t.Fatalf("seats %v %v", seatsResp, err)
	}
}
