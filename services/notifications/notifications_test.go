package notifications_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/notifications"
	"plein.dev/notifications/internal/email/emailtest"
	"plein.dev/platform/config"
	"plein.dev/platform/identity"
	"plein.dev/platform/messaging"
	"plein.dev/platform/seal"
	"plein.dev/platform/testkit"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// sealKey is the keyring the registrations service would seal with.
var sealKey = func() string {
	k, err := seal.NewKey("k1")
	if err != nil {
		panic(err)
	}
	return k
}()

func sealed(t testing.TB, token, registrationID string) string {
	t.Helper()
	k, err := seal.Parse(sealKey)
	if err != nil {
		t.Fatal(err)
	}
	return k.Seal(token, registrationID)
}

// env is a NATS server with the producers' streams, as the other
// services declare them.
func env(t *testing.T) jetstream.JetStream {
	t.Helper()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	for _, s := range []string{"registrations", "ambassadors"} {
		if _, err := messaging.EnsureStream(context.Background(), js, s, 1); err != nil {
			t.Fatal(err)
		}
	}
	return js
}

// run runs the service against the NATS server of js with its data in
// dataDir (mail as .eml files under it unless smtpURL is set) and returns
// a client of its gRPC API and a function that stops it (also at the end
// of the test).
func run(t *testing.T, js jetstream.JetStream, dataDir, smtpURL string) (notificationsv1.NotificationsServiceClient, func()) {
	t.Helper()
	addrs := make(chan net.Addr, 1)
	cfg := notifications.Config{
		Common:        config.Common{DataDir: dataDir, NATSURL: js.Conn().ConnectedUrl(), NATSReplicas: 1},
		Addr:          "127.0.0.1:0",
		BaseURL:       "https://plein.example",
		MailFrom:      "Plein <noreply@plein.local>",
		SMTPURL:       smtpURL,
		SMTPTimeout:   5 * time.Second,
		SealKey:       sealKey,
		ReminderHours: 24,
		RetryFirst:    200 * time.Millisecond,
		// The fixtures' events lie on fixed dates; retention has its own
		// tests.
		RetentionDays: 10 * 365,
		Listening:     func(a net.Addr) { addrs <- a },
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- notifications.Run(ctx, cfg, testkit.Logger(t)) }()
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		}
	}
	t.Cleanup(stop)
	select {
	case a := <-addrs:
		conn, err := grpc.NewClient(a.String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return notificationsv1.NewNotificationsServiceClient(conn), stop
	case err := <-done:
		t.Fatalf("Run stopped at start: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("service did not listen within 20 s")
	}
	return nil, nil
}

// publish publishes m on subject the way the outbox relay does.
func publish(t *testing.T, js jetstream.JetStream, msgID, subject, aggregate string, version int64, m proto.Message) {
	t.Helper()
	data, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	msg := &nats.Msg{Subject: subject, Data: data, Header: nats.Header{}}
	msg.Header.Set(jetstream.MsgIDHeader, msgID)
	msg.Header.Set(messaging.HeaderAggregate, aggregate)
	if version > 0 {
		msg.Header.Set(messaging.HeaderVersion, strconv.FormatInt(version, 10))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := js.PublishMsg(ctx, msg); err != nil {
		t.Fatalf("publish %s: %v", msgID, err)
	}
}

// publishRegistration publishes a RegistrationChanged on its verb.
func publishRegistration(t *testing.T, js jetstream.JetStream, msgID, verb string, m *registrationsv1.RegistrationChanged) {
	t.Helper()
	r := m.GetRegistration()
	publish(t, js, msgID, "plein.registrations.registration."+verb, "registration:"+r.GetId(), int64(r.GetVersion()), m)
}

// readEML reads back an .eml file strictly.
func readEML(t *testing.T, path string) *emailtest.Message {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := emailtest.Parse(raw)
	if err != nil {
		t.Fatalf("%s: %v\n%s", path, err, raw)
	}
	return m
}

// emlFiles lists the .eml files in dir.
func emlFiles(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// settled waits until the durable consumer of stream acknowledged every
// message published to it.
func settled(t *testing.T, js jetstream.JetStream, stream string) {
	t.Helper()
	ctx := context.Background()
	waitFor(t, "the "+stream+" messages acknowledged", func() bool {
		s, err := js.Stream(ctx, messaging.StreamName(stream))
		if err != nil {
			return false
		}
		si, err := s.Info(ctx)
		if err != nil {
			return false
		}
		c, err := js.Consumer(ctx, messaging.StreamName(stream), "notifications")
		if err != nil {
			return false
		}
		info, err := c.Info(ctx)
		return err == nil && info.Delivered.Stream == si.State.LastSeq && info.NumAckPending == 0
	})
}

func as(t *testing.T, roles ...string) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	if roles == nil {
		return ctx
	}
	return identity.Outgoing(ctx, identity.Identity{UserID: "u1", Roles: roles})
}

func TestConfirmationEndToEnd(t *testing.T) {
	t.Parallel()
	js := env(t)
	dataDir := t.TempDir()
	client, _ := run(t, js, dataDir, "")
	mailDir := filepath.Join(dataDir, "mail")

	starts := time.Date(2026, 6, 4, 17, 0, 0, 0, time.UTC)
	confirmed := &registrationsv1.RegistrationChanged{
		Registration: &registrationsv1.Registration{
			Id:           "0193-reg-1",
			EventId:      "0193-ev-1",
			Name:         "Anneke Jansen",
			Email:        "anneke@example.nl",
			Status:       "confirmed",
			RegisteredAt: timestamppb.New(starts.Add(-72 * time.Hour)),
			Version:      1,
			CheckInCode:  "K7M2-Q9XD",
		},
		OccurredAt:        timestamppb.New(starts.Add(-72 * time.Hour)),
		EventTitle:        "Circulaire economie: één dag vol ideeën",
		EventStartsAt:     timestamppb.New(starts),
		EventEndsAt:       timestamppb.New(starts.Add(2 * time.Hour)),
		EventLocation:     "Zaal 2, KvK Ondernemersplein, Rotterdam",
		SealedManageToken: sealed(t, "the-manage-token", "0193-reg-1"),
		CalendarSequence:  2,
	}
	publishRegistration(t, js, "outbox-1", "confirmed", confirmed)

	waitFor(t, "an .eml file", func() bool { return len(emlFiles(t, mailDir)) > 0 })
	files := emlFiles(t, mailDir)
	m := readEML(t, files[0])
	to, err := m.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "anneke@example.nl" || to[0].Name != "Anneke Jansen" {
		t.Errorf("To = %v, %v", to, err)
	}
	if m.Subject != "Aanmelding bevestigd: Circulaire economie: één dag vol ideeën" {
		t.Errorf("Subject = %q", m.Subject)
	}
	for _, want := range []string{"Circulaire economie: één dag vol ideeën", "donderdag 4 juni 2026 om 19:00 tot 21:00",
		"Zaal 2, KvK Ondernemersplein, Rotterdam", "https://plein.example/aanmelding/0193-reg-1?token=the-manage-token",
		"K7M2-Q9XD"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	if m.Calendar == nil || m.QR == nil {
		t.Errorf("calendar %v, QR code %v", m.Calendar != nil, m.QR != nil)
	}

	// The same change again under another message id (JetStream keeps
	// both), and a check-in (ignored: not even delivered): neither sends
	// anything.
	publishRegistration(t, js, "outbox-2", "confirmed", confirmed)
	checkedIn := proto.CloneOf(confirmed)
	checkedIn.Registration.Version = 2
	checkedIn.Registration.CheckedInAt = timestamppb.New(starts)
	publishRegistration(t, js, "outbox-3", "checked-in", checkedIn)
	waitFor(t, "both confirmations acknowledged", func() bool {
		c, err := js.Consumer(context.Background(), messaging.StreamName("registrations"), "notifications")
		if err != nil {
			return false
		}
		info, err := c.Info(context.Background())
		return err == nil && info.AckFloor.Consumer == 2 && info.NumPending == 0 && info.NumAckPending == 0
	})
	if files := emlFiles(t, mailDir); len(files) != 1 {
		t.Fatalf("%d .eml files, want 1: %v", len(files), files)
	}

	// The log, over gRPC.
	resp, err := client.ListEmails(as(t, identity.RoleAdmin), &notificationsv1.ListEmailsRequest{EventId: "0193-ev-1"})
	if err != nil {
		t.Fatalf("ListEmails: %v", err)
	}
	if len(resp.GetItems()) != 1 || resp.GetNextPageToken() != "" {
		t.Fatalf("ListEmails = %v", resp)
	}
	e := resp.GetItems()[0]
	if e.GetTo() != "anneke@example.nl" || e.GetKind() != "registration-confirmed" || e.GetRegistrationId() != "0193-reg-1" ||
		e.GetSubject() != m.Subject || e.GetSentAt() == nil || e.GetStatus() != "sent" || e.GetError() != "" ||
		e.GetCreatedAt() == nil || !strings.Contains(filepath.Base(files[0]), e.GetId()) {
		t.Errorf("e-mail = %v (file %s)", e, files[0])
	}

	for _, tc := range []struct {
		name  string
		ctx   context.Context
		req   *notificationsv1.ListEmailsRequest
		code  codes.Code
		items int
	}{
		{"admin", as(t, identity.RoleAdmin), &notificationsv1.ListEmailsRequest{RegistrationId: "0193-reg-1"}, codes.OK, 1},
		{"by address", as(t, identity.RoleAdmin), &notificationsv1.ListEmailsRequest{To: "Anneke@Example.nl"}, codes.OK, 1},
		{"sent", as(t, identity.RoleAdmin), &notificationsv1.ListEmailsRequest{Status: "sent"}, codes.OK, 1},
		{"queued", as(t, identity.RoleAdmin), &notificationsv1.ListEmailsRequest{Status: "queued"}, codes.OK, 0},
		{"other event", as(t, identity.RoleAdmin), &notificationsv1.ListEmailsRequest{EventId: "other"}, codes.OK, 0},
		{"unknown status", as(t, identity.RoleAdmin), &notificationsv1.ListEmailsRequest{Status: "pending"}, codes.InvalidArgument, 0},
		{"anonymous", as(t), &notificationsv1.ListEmailsRequest{}, codes.Unauthenticated, 0},
		{"ambassador", as(t, identity.RoleAmbassador), &notificationsv1.ListEmailsRequest{}, codes.PermissionDenied, 0},
		{"bad page token", as(t, identity.RoleAdmin), &notificationsv1.ListEmailsRequest{PageToken: "!!"}, codes.InvalidArgument, 0},
		{"page size too large", as(t, identity.RoleAdmin), &notificationsv1.ListEmailsRequest{PageSize: 201}, codes.InvalidArgument, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := client.ListEmails(tc.ctx, tc.req)
			if status.Code(err) != tc.code {
				t.Fatalf("code %v (%v), want %v", status.Code(err), err, tc.code)
			}
			if len(resp.GetItems()) != tc.items {
				t.Errorf("%d items, want %d", len(resp.GetItems()), tc.items)
			}
		})
	}
}

// An attendee whose event moved gets an e-mail saying so, with the new and
// the old time and place and the calendar file that updates their entry:
// the registrations service's rescheduled message goes through the real
// consumer into the mail queue and out as a file.
func TestRescheduledEndToEnd(t *testing.T) {
	t.Parallel()
	js := env(t)
	dataDir := t.TempDir()
	client, _ := run(t, js, dataDir, "")
	mailDir := filepath.Join(dataDir, "mail")

	before := time.Date(2026, 6, 4, 17, 0, 0, 0, time.UTC)
	after := time.Date(2026, 6, 11, 16, 30, 0, 0, time.UTC)
	reg := &registrationsv1.Registration{Id: "0193-reg-2", EventId: "0193-ev-2", Name: "Bram Bakker",
		Email: "bram@example.nl", Status: "confirmed", Version: 1, Language: "en"}
	publishRegistration(t, js, "outbox-8", "confirmed", &registrationsv1.RegistrationChanged{
		Registration: reg, EventTitle: "Ondernemerscafé", EventStartsAt: timestamppb.New(before),
		EventEndsAt: timestamppb.New(before.Add(time.Hour)), SealedManageToken: sealed(t, "tok-2", "0193-reg-2"),
		CalendarSequence: 3})
	moved := proto.CloneOf(reg)
	moved.Version = 2
	publishRegistration(t, js, "outbox-9", "rescheduled", &registrationsv1.RegistrationChanged{
		Registration:     moved,
		OccurredAt:       timestamppb.New(before.Add(-48 * time.Hour)),
		EventTitle:       "Ondernemerscafé",
		EventStartsAt:    timestamppb.New(after),
		EventEndsAt:      timestamppb.New(after.Add(90 * time.Minute)),
		EventLocation:    "KvK Ondernemersplein, Rotterdam",
		PreviousStartsAt: timestamppb.New(before),
		PreviousEndsAt:   timestamppb.New(before.Add(time.Hour)),
		PreviousLocation: "Stadhuis Rotterdam",
		CalendarSequence: 5,
	})

	waitFor(t, "two .eml files", func() bool { return len(emlFiles(t, mailDir)) == 2 })
	var m *emailtest.Message
	for _, f := range emlFiles(t, mailDir) {
		if got := readEML(t, f); strings.HasPrefix(got.Subject, "New time or place") {
			m = got
		}
	}
	if m == nil {
		t.Fatal("no e-mail about the move")
	}
	if m.Subject != "New time or place: Ondernemerscafé" || m.Header.Get("Content-Language") != "en" {
		t.Errorf("Subject = %q, language %q", m.Subject, m.Header.Get("Content-Language"))
	}
	for _, want := range []string{
		"The time or place of “Ondernemerscafé” has changed.",
		"New:\r\nWhen: Thursday 11 June 2026 at 18:30 until 20:00\r\nWhere: KvK Ondernemersplein, Rotterdam",
		"Before:\r\nWhen: Thursday 4 June 2026 at 19:00 until 20:00\r\nWhere: Stadhuis Rotterdam",
		"Your registration stands.",
		"https://plein.example/aanmelding/0193-reg-2?token=tok-2",
	} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%q", want, m.Text)
		}
	}
	if m.Calendar == nil {
		t.Fatal("no calendar file")
	}
	ev := m.Calendar.Events()[0]
	if seq := ev.Props.Get("SEQUENCE").Value; seq != "5" {
		t.Errorf("SEQUENCE %s, want 5", seq)
	}
	if s, err := ev.DateTimeStart(time.UTC); err != nil || !s.Equal(after) {
		t.Errorf("DTSTART %v, %v", s, err)
	}

	resp, err := client.ListEmails(as(t, identity.RoleAdmin), &notificationsv1.ListEmailsRequest{RegistrationId: "0193-reg-2"})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.GetItems()) != 2 || resp.GetItems()[1].GetKind() != "event-rescheduled" {
		t.Fatalf("log = %v", resp.GetItems())
	}
}
