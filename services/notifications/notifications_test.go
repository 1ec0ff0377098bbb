package notifications_test

import (
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
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
	"plein.dev/platform/config"
	"plein.dev/platform/identity"
	"plein.dev/platform/messaging"
	"plein.dev/platform/testkit"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// start runs the service against the NATS server at natsURL and returns its
// gRPC address.
func start(t *testing.T, natsURL, dataDir string) string {
	t.Helper()
	addrs := make(chan net.Addr, 1)
	cfg := notifications.Config{
		Common:    config.Common{DataDir: dataDir, NATSURL: natsURL, NATSReplicas: 1},
		Addr:      "127.0.0.1:0",
		BaseURL:   "https://plein.example",
		MailFrom:  "Plein <noreply@plein.local>",
		Listening: func(a net.Addr) { addrs <- a },
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- notifications.Run(ctx, cfg, testkit.Logger(t)) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	select {
	case a := <-addrs:
		return a.String()
	case err := <-done:
		t.Fatalf("Run stopped at start: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("service did not listen within 20 s")
	}
	return ""
}

// publish publishes a RegistrationChanged the way the outbox relay does.
func publish(t *testing.T, js jetstream.JetStream, msgID, verb string, m *registrationsv1.RegistrationChanged) {
	t.Helper()
	data, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	msg := &nats.Msg{Subject: "plein.registrations.registration." + verb, Data: data, Header: nats.Header{}}
	msg.Header.Set(jetstream.MsgIDHeader, msgID)
	msg.Header.Set(messaging.HeaderAggregate, "registration:"+m.GetRegistration().GetId())
	msg.Header.Set(messaging.HeaderVersion, strconv.FormatInt(int64(m.GetRegistration().GetVersion()), 10))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := js.PublishMsg(ctx, msg); err != nil {
		t.Fatalf("publish %s: %v", msgID, err)
	}
}

// readEML reads an .eml file: its To, decoded Subject and decoded body.
func readEML(t *testing.T, path string) (to []*mail.Address, subject, body string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	msg, err := mail.ReadMessage(f)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	to, err = msg.Header.AddressList("To")
	if err != nil {
		t.Fatalf("To of %s: %v", path, err)
	}
	subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("Subject of %s: %v", path, err)
	}
	b, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	return to, subject, string(b)
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

func TestConfirmationEndToEnd(t *testing.T) {
	t.Parallel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	ctx := context.Background()
	// The registrations service declares its stream; here the test does.
	if _, err := messaging.EnsureStream(ctx, js, "registrations", 1); err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	addr := start(t, srv.ClientURL(), dataDir)
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
		},
		OccurredAt:    timestamppb.New(starts.Add(-72 * time.Hour)),
		EventTitle:    "Circulaire economie: één dag vol ideeën",
		EventStartsAt: timestamppb.New(starts),
	}
	publish(t, js, "outbox-1", "confirmed", confirmed)

	waitFor(t, "an .eml file", func() bool { return len(emlFiles(t, mailDir)) > 0 })
	files := emlFiles(t, mailDir)
	to, subject, body := readEML(t, files[0])
	if len(to) != 1 || to[0].Address != "anneke@example.nl" || to[0].Name != "Anneke Jansen" {
		t.Errorf("To = %v", to)
	}
	if subject != "Aanmelding bevestigd: Circulaire economie: één dag vol ideeën" {
		t.Errorf("Subject = %q", subject)
	}
	for _, want := range []string{"Circulaire economie: één dag vol ideeën", "donderdag 4 juni 2026 om 19:00",
		"https://plein.example/aanmelding/0193-reg-1"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}

	// The same change again under another message id (JetStream keeps
	// both), and a check-in (ignored: not even delivered): neither sends
	// anything.
	publish(t, js, "outbox-2", "confirmed", confirmed)
	checkedIn := proto.CloneOf(confirmed)
	checkedIn.Registration.Version = 2
	checkedIn.Registration.CheckedInAt = timestamppb.New(starts)
	publish(t, js, "outbox-3", "checked-in", checkedIn)
	waitFor(t, "both confirmations acknowledged", func() bool {
		c, err := js.Consumer(ctx, messaging.StreamName("registrations"), "notifications")
		if err != nil {
			return false
		}
		info, err := c.Info(ctx)
		return err == nil && info.AckFloor.Consumer == 2 && info.NumPending == 0 && info.NumAckPending == 0
	})
	if files := emlFiles(t, mailDir); len(files) != 1 {
		t.Fatalf("%d .eml files, want 1: %v", len(files), files)
	}

	// The log, over gRPC.
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	client := notificationsv1.NewNotificationsServiceClient(conn)
	as := func(roles ...string) context.Context {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		t.Cleanup(cancel)
		if roles == nil {
			return ctx
		}
		return identity.Outgoing(ctx, identity.Identity{UserID: "u1", Roles: roles})
	}

	resp, err := client.ListEmails(as(identity.RoleOrganiser), &notificationsv1.ListEmailsRequest{EventId: "0193-ev-1"})
	if err != nil {
		t.Fatalf("ListEmails: %v", err)
	}
	if len(resp.GetItems()) != 1 || resp.GetNextPageToken() != "" {
		t.Fatalf("ListEmails = %v", resp)
	}
	e := resp.GetItems()[0]
	if e.GetTo() != "anneke@example.nl" || e.GetKind() != "registration-confirmed" || e.GetRegistrationId() != "0193-reg-1" ||
		e.GetSubject() != subject || e.GetSentAt() == nil || !strings.Contains(filepath.Base(files[0]), e.GetId()) {
		t.Errorf("e-mail = %v (file %s)", e, files[0])
	}

	for _, tc := range []struct {
		name  string
		ctx   context.Context
		req   *notificationsv1.ListEmailsRequest
		code  codes.Code
		items int
	}{
		{"admin", as(identity.RoleAdmin), &notificationsv1.ListEmailsRequest{RegistrationId: "0193-reg-1"}, codes.OK, 1},
		{"other event", as(identity.RoleOrganiser), &notificationsv1.ListEmailsRequest{EventId: "other"}, codes.OK, 0},
		{"anonymous", as(), &notificationsv1.ListEmailsRequest{}, codes.Unauthenticated, 0},
		{"ambassador", as(identity.RoleAmbassador), &notificationsv1.ListEmailsRequest{}, codes.PermissionDenied, 0},
		{"bad page token", as(identity.RoleOrganiser), &notificationsv1.ListEmailsRequest{PageToken: "!!"}, codes.InvalidArgument, 0},
		{"page size too large", as(identity.RoleOrganiser), &notificationsv1.ListEmailsRequest{PageSize: 201}, codes.InvalidArgument, 0},
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
// the old time and place: the registrations service's rescheduled message
// goes through the real consumer into the mail queue and out as a file.
func TestRescheduledEndToEnd(t *testing.T) {
	t.Parallel()
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	ctx := context.Background()
	if _, err := messaging.EnsureStream(ctx, js, "registrations", 1); err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	addr := start(t, srv.ClientURL(), dataDir)
	mailDir := filepath.Join(dataDir, "mail")

	before := time.Date(2026, 6, 4, 17, 0, 0, 0, time.UTC)
	after := time.Date(2026, 6, 11, 16, 30, 0, 0, time.UTC)
	reg := &registrationsv1.Registration{Id: "0193-reg-2", EventId: "0193-ev-2", Name: "Bram Bakker",
		Email: "bram@example.nl", Status: "confirmed", Version: 2}
	publish(t, js, "outbox-9", "rescheduled", &registrationsv1.RegistrationChanged{
		Registration:     reg,
		OccurredAt:       timestamppb.New(before.Add(-48 * time.Hour)),
		EventTitle:       "Ondernemerscafé",
		EventStartsAt:    timestamppb.New(after),
		EventEndsAt:      timestamppb.New(after.Add(90 * time.Minute)),
		EventLocation:    "KvK Ondernemersplein, Rotterdam",
		PreviousStartsAt: timestamppb.New(before),
		PreviousLocation: "Stadhuis Rotterdam",
	})

	waitFor(t, "an .eml file", func() bool { return len(emlFiles(t, mailDir)) > 0 })
	files := emlFiles(t, mailDir)
	if len(files) != 1 {
		t.Fatalf("%d .eml files, want 1: %v", len(files), files)
	}
	to, subject, body := readEML(t, files[0])
	if len(to) != 1 || to[0].Address != "bram@example.nl" {
		t.Errorf("To = %v", to)
	}
	if subject != "Gewijzigd tijdstip of plaats: Ondernemerscafé" {
		t.Errorf("Subject = %q", subject)
	}
	for _, want := range []string{
		"Het tijdstip of de plaats van “Ondernemerscafé” is gewijzigd.",
		"Nieuw:\r\nWanneer: donderdag 11 juni 2026 om 18:30 tot 20:00\r\nWaar: KvK Ondernemersplein, Rotterdam",
		"Eerder:\r\nWanneer: donderdag 4 juni 2026 om 19:00\r\nWaar: Stadhuis Rotterdam",
		"Je aanmelding blijft staan.",
		"https://plein.example/aanmelding/0193-reg-2",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}

	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	callCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	callCtx = identity.Outgoing(callCtx, identity.Identity{UserID: "u1", Roles: []string{identity.RoleOrganiser}})
	resp, err := notificationsv1.NewNotificationsServiceClient(conn).ListEmails(callCtx,
		&notificationsv1.ListEmailsRequest{RegistrationId: "0193-reg-2"})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.GetItems()) != 1 || resp.GetItems()[0].GetKind() != "event-rescheduled" {
		t.Fatalf("log = %v", resp.GetItems())
	}
}
