package notifications_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/notifications/internal/email/emailtest"
	"plein.dev/platform/identity"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
)

// SendAccountMail queues one e-mail per link, in the language asked, with
// the link; only the gateway's own identity (admin) may call it.
func TestSendAccountMail(t *testing.T) {
	t.Parallel()
	js := env(t)
	dataDir := t.TempDir()
	client, _ := run(t, js, dataDir, "")
	mailDir := filepath.Join(dataDir, "mail")
	gateway := func() context.Context {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		t.Cleanup(cancel)
		return identity.Outgoing(ctx, identity.Identity{UserID: "gateway", Roles: []string{identity.RoleAdmin}})
	}

	expires := time.Date(2026, 6, 11, 17, 0, 0, 0, time.UTC)
	invite := &notificationsv1.SendAccountMailRequest{Purpose: "activate", To: "fatima@example.nl", Name: "Fatima el Amrani",
		Url: "https://plein.example/account/activeren?token=invite-token-1", ExpiresAt: timestamppb.New(expires),
		Language: "nl", LinkId: strings.Repeat("a1", 32)}
	reset := &notificationsv1.SendAccountMailRequest{Purpose: "reset", To: "jan@example.com", Name: "Jan Smit",
		Url: "https://plein.example/wachtwoord-herstellen?token=reset-token-2", ExpiresAt: timestamppb.New(expires),
		Language: "en", LinkId: strings.Repeat("b2", 32)}
	for _, req := range []*notificationsv1.SendAccountMailRequest{invite, reset, invite} {
		if _, err := client.SendAccountMail(gateway(), req); err != nil {
			t.Fatalf("SendAccountMail(%s): %v", req.GetPurpose(), err)
		}
	}

	for _, tc := range []struct {
		name string
		ctx  context.Context
		req  *notificationsv1.SendAccountMailRequest
		code codes.Code
	}{
		{"anonymous", as(t), invite, codes.Unauthenticated},
		{"organiser", as(t, identity.RoleOrganiser), invite, codes.PermissionDenied},
		{"unknown purpose", gateway(), &notificationsv1.SendAccountMailRequest{Purpose: "other", To: "a@example.nl",
			Url: invite.GetUrl(), ExpiresAt: invite.GetExpiresAt(), LinkId: strings.Repeat("c3", 32)}, codes.InvalidArgument},
		{"not a URL", gateway(), &notificationsv1.SendAccountMailRequest{Purpose: "reset", To: "a@example.nl",
			Url: "/wachtwoord-herstellen?token=x", ExpiresAt: invite.GetExpiresAt(), LinkId: strings.Repeat("d4", 32)}, codes.InvalidArgument},
		{"no address", gateway(), &notificationsv1.SendAccountMailRequest{Purpose: "reset", To: "nobody",
			Url: invite.GetUrl(), ExpiresAt: invite.GetExpiresAt(), LinkId: strings.Repeat("e5", 32)}, codes.InvalidArgument},
	} {
		if _, err := client.SendAccountMail(tc.ctx, tc.req); status.Code(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}

	waitFor(t, "two .eml files", func() bool { return len(emlFiles(t, mailDir)) >= 2 })
	byTo := map[string]*emailtest.Message{}
	for _, f := range emlFiles(t, mailDir) {
		m := readEML(t, f)
		to, err := m.Header.AddressList("To")
		if err != nil || len(to) != 1 {
			t.Fatalf("%s: To = %v, %v", f, to, err)
		}
		byTo[to[0].Address] = m
	}
	if len(byTo) != 2 {
		t.Fatalf("e-mails to %v, want one each to fatima@ and jan@", byTo)
	}
	for _, tc := range []struct {
		to, lang, subject string
		want              []string
	}{
		{"fatima@example.nl", "nl", "Je account voor Plein", []string{"Beste Fatima el Amrani,", invite.GetUrl(),
			"tot donderdag 11 juni 2026 om 19:00", "Account activeren"}},
		{"jan@example.com", "en", "New password for Plein", []string{"Dear Jan Smit,", reset.GetUrl(),
			"until Thursday 11 June 2026 at 19:00", "Choose a new password"}},
	} {
		m := byTo[tc.to]
		if m.Subject != tc.subject || m.Header.Get("Content-Language") != tc.lang {
			t.Errorf("%s: subject %q, language %q", tc.to, m.Subject, m.Header.Get("Content-Language"))
		}
		for _, want := range tc.want {
			if !strings.Contains(m.Text, want) {
				t.Errorf("%s: text lacks %q:\n%s", tc.to, want, m.Text)
			}
		}
		if !strings.Contains(m.HTML, `href="`+strings.SplitN(tc.want[1], "?", 2)[0]) {
			t.Errorf("%s: HTML has no link:\n%s", tc.to, m.HTML)
		}
	}

	resp, err := client.ListEmails(as(t, identity.RoleAdmin), &notificationsv1.ListEmailsRequest{})
	if err != nil {
		t.Fatalf("ListEmails: %v", err)
	}
	kinds := map[string]string{}
	for _, e := range resp.GetItems() {
		kinds[e.GetTo()] = e.GetKind()
		if strings.Contains(e.GetSubject(), "token") {
			t.Errorf("the log shows a token: %v", e)
		}
	}
	if len(resp.GetItems()) != 2 || kinds["fatima@example.nl"] != "account-activate" || kinds["jan@example.com"] != "account-reset" {
		t.Errorf("log = %v", resp.GetItems())
	}
}
