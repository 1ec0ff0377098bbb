package notifications_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/notifications/internal/delivery/smtptest"
	"plein.dev/notifications/internal/email/emailtest"
	"plein.dev/platform/identity"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// The SMTP server is down when the e-mails are queued: the log shows them
// queued with the step that failed; once it is up they arrive, written
// whole. A recipient the server refuses for good is failed, visibly.
func TestSMTPDownThenUp(t *testing.T) {
	t.Parallel()
	js := env(t)
	srv := smtptest.Start(t, smtptest.Options{User: "plein", Password: "geheim", Reject: map[string]*smtp.SMTPError{
		"gone@example.nl": {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}}})
	srv.Down()
	client, _ := run(t, js, t.TempDir(), "smtp://plein:geheim@127.0.0.1:"+strconv.Itoa(srv.Port()))

	starts := time.Date(2026, 6, 4, 17, 0, 0, 0, time.UTC)
	for i, addr := range []string{"anna@example.nl", "bob@example.nl", "gone@example.nl"} {
		id := "r" + strconv.Itoa(i)
		publishRegistration(t, js, "outbox-"+id, "confirmed", &registrationsv1.RegistrationChanged{
			Registration: &registrationsv1.Registration{Id: id, EventId: "ev", Name: "N", Email: addr,
				Status: "confirmed", Version: 1, CheckInCode: "CODE-" + id},
			EventTitle: "Kennissessie", EventStartsAt: timestamppb.New(starts), EventEndsAt: timestamppb.New(starts.Add(time.Hour)),
			SealedManageToken: sealed(t, "tok-"+id, id), CalendarSequence: 2})
	}
	list := func(status string) []*notificationsv1.Email {
		resp, err := client.ListEmails(as(t, identity.RoleAdmin), &notificationsv1.ListEmailsRequest{Status: status})
		if err != nil {
			t.Fatal(err)
		}
		return resp.GetItems()
	}
	waitFor(t, "failed attempts in the log", func() bool {
		q := list("queued")
		return len(q) == 3 && strings.HasPrefix(q[0].GetError(), "connect")
	})

	srv.Up()
	got := srv.WaitFor(2, 15*time.Second)
	waitFor(t, "a failure in the log", func() bool { return len(list("failed")) == 1 })
	if failed := list("failed")[0]; failed.GetTo() != "gone@example.nl" || failed.GetError() != "RCPT 550 5.1.1" {
		t.Errorf("failed e-mail %v", failed)
	}
	// The server has the two messages before the log says sent: wait for it.
	waitFor(t, "two sent in the log", func() bool { return len(list("sent")) == 2 })
	if sent := list("sent"); sent[0].GetError() != "" || sent[1].GetError() != "" {
		t.Errorf("sent %v", sent)
	}
	for _, r := range got {
		if !r.Authed {
			t.Errorf("sent without AUTH: %+v", r)
		}
		m, err := emailtest.Parse(r.Data)
		if err != nil {
			t.Fatalf("%v\n%s", err, r.Data)
		}
		id := map[string]string{"anna@example.nl": "r0", "bob@example.nl": "r1"}[r.To[0]]
		if !strings.Contains(m.Text, "https://plein.example/aanmelding/"+id+"?token=tok-"+id) || m.Calendar == nil || m.QR == nil {
			t.Errorf("mail to %s:\n%s", r.To[0], m.Text)
		}
	}
	if len(srv.Received()) != 2 {
		t.Errorf("received %d, want 2", len(srv.Received()))
	}
}
