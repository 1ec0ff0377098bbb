package accounts_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/migrations"
	"plein.dev/platform/identity"
	"plein.dev/platform/testkit"
)

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) pass(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newStore(t *testing.T) (*accounts.Store, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}
	s, err := accounts.New(testkit.DB(t, migrations.FS), c.now, 12*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

const password = "a long enough password"

func TestInvitationIsAOneTimeLinkToChooseAPassword(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, c := newStore(t)

	u, link, err := s.Invite(ctx, accounts.Invitation{Email: " Anouk@Example.nl ", Name: "Anouk",
		Roles: []string{identity.RoleAmbassador}, AmbassadorID: "amb1", InvitedBy: "admin1"})
	if err != nil {
		t.Fatal(err)
	}
	if u.Activated || !u.Active || u.Email != "Anouk@Example.nl" || link.Purpose != accounts.Activate {
		t.Fatalf("invited %+v with %+v", u, link)
	}
	if want := c.now().Add(7 * 24 * time.Hour); !link.ExpiresAt.Equal(want) {
		t.Errorf("link expires %v, want %v", link.ExpiresAt, want)
	}
	// No password yet: signing in fails like a wrong password.
	if _, _, err := s.SignIn(ctx, "anouk@example.nl", ""); !errors.Is(err, accounts.ErrUnauthorised) {
		t.Fatalf("sign in before activation: %v", err)
	}
	// The address is taken meanwhile.
	if _, err := s.Create(ctx, accounts.NewUser{Email: "anouk@example.nl", Name: "x", Password: password}); !errors.Is(err, accounts.ErrDuplicate) {
		t.Fatalf("create over an invitation: %v", err)
	}

	if _, err := s.OpenLink(ctx, accounts.Reset, link.Token); !errors.Is(err, accounts.ErrLinkInvalid) {
		t.Errorf("an invitation opened as a reset link: %v", err)
	}
	if got, err := s.OpenLink(ctx, accounts.Activate, link.Token); err != nil || got.ID != u.ID {
		t.Fatalf("open: %+v %v", got, err)
	}
	if _, err := s.UseLink(ctx, accounts.Activate, link.Token, "short"); !errors.Is(err, accounts.ErrWeakPassword) {
		t.Fatalf("short password: %v", err)
	}
	got, err := s.UseLink(ctx, accounts.Activate, link.Token, password)
	if err != nil || !got.Activated {
		t.Fatalf("activate: %+v %v", got, err)
	}
	if _, err := s.UseLink(ctx, accounts.Activate, link.Token, "another long password"); !errors.Is(err, accounts.ErrLinkInvalid) {
		t.Fatalf("second use: %v", err)
	}
	signedIn, _, err := s.SignIn(ctx, "ANOUK@example.nl", password)
	if err != nil || signedIn.AmbassadorID != "amb1" || !signedIn.Identity().Has(identity.RoleAmbassador) {
		t.Fatalf("sign in: %+v %v", signedIn, err)
	}
	// An activated account cannot be invited again.
	if _, _, err := s.Invite(ctx, accounts.Invitation{Email: "anouk@example.nl", Name: "x"}); !errors.Is(err, accounts.ErrDuplicate) {
		t.Fatalf("invite an activated account: %v", err)
	}
}

func TestInvitationExpiresAndIsRenewed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, c := newStore(t)
	inv := accounts.Invitation{Email: "bram@example.nl", Name: "Bram", Roles: []string{identity.RoleOrganiser}}
	_, first, err := s.Invite(ctx, inv)
	if err != nil {
		t.Fatal(err)
	}
	c.pass(7*24*time.Hour + time.Second)
	if _, err := s.OpenLink(ctx, accounts.Activate, first.Token); !errors.Is(err, accounts.ErrLinkInvalid) {
		t.Fatalf("expired link: %v", err)
	}
	inv.Name, inv.Roles = "Bram Bakker", []string{identity.RoleOrganiser, identity.RoleAdmin}
	u, second, err := s.Invite(ctx, inv)
	if err != nil || u.Name != "Bram Bakker" || len(u.Roles) != 2 {
		t.Fatalf("renewed: %+v %v", u, err)
	}
	if n, _ := s.Count(ctx); n != 1 {
		t.Errorf("%d accounts after a renewed invitation", n)
	}
	if _, err := s.UseLink(ctx, accounts.Activate, second.Token, password); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Invite(ctx, accounts.Invitation{Email: "x@example.nl", Roles: []string{"root"}}); !errors.Is(err, accounts.ErrUnknownRole) {
		t.Errorf("unknown role: %v", err)
	}
}

func TestPasswordReset(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, c := newStore(t)
	u, err := s.Create(ctx, accounts.NewUser{Email: "carla@example.nl", Name: "Carla", Password: password})
	if err != nil {
		t.Fatal(err)
	}
	_, session, err := s.SignIn(ctx, "carla@example.nl", password)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Invite(ctx, accounts.Invitation{Email: "invited@example.nl", Name: "I"}); err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{"nobody@example.nl", "invited@example.nl"} {
		if _, _, ok, err := s.RequestReset(ctx, addr); ok || err != nil {
			t.Errorf("reset for %s: ok %v, %v", addr, ok, err)
		}
	}
	got, link, ok, err := s.RequestReset(ctx, "CARLA@example.nl")
	if !ok || err != nil || got.ID != u.ID || !link.ExpiresAt.Equal(c.now().Add(time.Hour)) {
		t.Fatalf("reset: %+v %+v %v %v", got, link, ok, err)
	}
	// A second request at once makes no second link.
	if _, _, ok, _ := s.RequestReset(ctx, "carla@example.nl"); ok {
		t.Error("a second link within the cooldown")
	}
	if _, err := s.OpenLink(ctx, accounts.Activate, link.Token); !errors.Is(err, accounts.ErrLinkInvalid) {
		t.Errorf("a reset link opened as an invitation: %v", err)
	}
	if _, err := s.UseLink(ctx, accounts.Reset, link.Token, "my new long password"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BySession(ctx, session); !errors.Is(err, accounts.ErrUnauthorised) {
		t.Errorf("the session outlived the reset: %v", err)
	}
	if _, _, err := s.SignIn(ctx, "carla@example.nl", password); !errors.Is(err, accounts.ErrUnauthorised) {
		t.Errorf("old password: %v", err)
	}
	if _, _, err := s.SignIn(ctx, "carla@example.nl", "my new long password"); err != nil {
		t.Errorf("new password: %v", err)
	}

	// A link lasts an hour.
	c.pass(resetCooldownPassed)
	_, late, ok, _ := s.RequestReset(ctx, "carla@example.nl")
	if !ok {
		t.Fatal("no link after the cooldown")
	}
	c.pass(time.Hour)
	if _, err := s.UseLink(ctx, accounts.Reset, late.Token, "yet another password"); !errors.Is(err, accounts.ErrLinkInvalid) {
		t.Errorf("expired reset link: %v", err)
	}
}

const resetCooldownPassed = 3 * time.Minute

func TestDeactivatedAccountLosesEveryCredential(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _ := newStore(t)
	u, err := s.Create(ctx, accounts.NewUser{Email: "dirk@example.nl", Name: "Dirk", Password: password,
		Roles: []string{identity.RoleOrganiser}})
	if err != nil {
		t.Fatal(err)
	}
	_, session, err := s.SignIn(ctx, "dirk@example.nl", password)
	if err != nil {
		t.Fatal(err)
	}
	token, err := s.CreateToken(ctx, u.ID, "script")
	if err != nil {
		t.Fatal(err)
	}
	off := false
	got, err := s.Update(ctx, u.ID, accounts.Change{Active: &off})
	if err != nil || got.Active {
		t.Fatalf("deactivate: %+v %v", got, err)
	}
	if _, err := s.BySession(ctx, session); !errors.Is(err, accounts.ErrUnauthorised) {
		t.Errorf("session: %v", err)
	}
	if _, err := s.ByToken(ctx, token); !errors.Is(err, accounts.ErrUnauthorised) {
		t.Errorf("token: %v", err)
	}
	if _, _, err := s.SignIn(ctx, "dirk@example.nl", password); !errors.Is(err, accounts.ErrUnauthorised) {
		t.Errorf("sign in: %v", err)
	}
	if _, _, ok, _ := s.RequestReset(ctx, "dirk@example.nl"); ok {
		t.Error("a reset link for a deactivated account")
	}
	on := true
	if _, err := s.Update(ctx, u.ID, accounts.Change{Active: &on}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ByToken(ctx, token); err != nil {
		t.Errorf("token after reactivation: %v", err)
	}

	roles := []string{identity.RoleAmbassador}
	if _, err := s.Update(ctx, u.ID, accounts.Change{Roles: &roles}); !errors.Is(err, accounts.ErrAmbassadorIDNeeded) {
		t.Errorf("ambassador role without an ambassador: %v", err)
	}
	roles = []string{identity.RoleAdmin}
	if got, err := s.Update(ctx, u.ID, accounts.Change{Roles: &roles}); err != nil || !got.Identity().Has(identity.RoleAdmin) {
		t.Errorf("roles: %+v %v", got, err)
	}
	if _, err := s.Update(ctx, "nobody", accounts.Change{Active: &on}); !errors.Is(err, accounts.ErrNotFound) {
		t.Errorf("unknown user: %v", err)
	}
}

func TestTokensListRevokeExpireAndRecordUse(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, c := newStore(t)
	mk := func(email string) accounts.User {
		u, err := s.Create(ctx, accounts.NewUser{Email: email, Name: email, Password: password})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	eva, frank := mk("eva@example.nl"), mk("frank@example.nl")
	first, secret, err := s.IssueToken(ctx, eva.ID, "import", c.now().Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.CreateToken(ctx, eva.ID, "export")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateToken(ctx, frank.ID, "other"); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListTokens(ctx, eva.ID, "", 10)
	if err != nil || len(list) != 2 || list[0].ID != first.ID || list[0].Name != "import" || list[0].LastUsedAt != nil {
		t.Fatalf("list: %+v %v", list, err)
	}
	if want := c.now().Add(accounts.DefaultTokenTTL).UTC(); !list[1].ExpiresAt.Equal(want) {
		t.Errorf("default expiry %v, want %v", list[1].ExpiresAt, want)
	}
	if page, _ := s.ListTokens(ctx, eva.ID, first.ID, 10); len(page) != 1 || page[0].Name != "export" {
		t.Errorf("second page %+v", page)
	}

	if _, err := s.ByToken(ctx, secret); err != nil {
		t.Fatal(err)
	}
	used := c.now()
	c.pass(30 * time.Second)
	if _, err := s.ByToken(ctx, secret); err != nil {
		t.Fatal(err)
	}
	list, _ = s.ListTokens(ctx, eva.ID, "", 10)
	if list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(used) {
		t.Errorf("last used %v, want %v (recorded once a minute)", list[0].LastUsedAt, used)
	}

	if err := s.RevokeToken(ctx, frank.ID, first.ID); !errors.Is(err, accounts.ErrNotFound) {
		t.Errorf("revoke another's token: %v", err)
	}
	c.pass(24 * time.Hour)
	if _, err := s.ByToken(ctx, secret); !errors.Is(err, accounts.ErrUnauthorised) {
		t.Errorf("expired token: %v", err)
	}
	if _, err := s.ByToken(ctx, second); err != nil {
		t.Errorf("live token: %v", err)
	}
	if err := s.RevokeToken(ctx, eva.ID, first.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.ListTokens(ctx, eva.ID, "", 10); len(list) != 1 {
		t.Errorf("after revoking: %+v", list)
	}
}

func TestLinksAddressAndSend(t *testing.T) {
	t.Parallel()
	var got []accounts.Mail
	l := accounts.Links{BaseURL: "https://plein.example/"}
	link := accounts.Link{Purpose: accounts.Reset, Token: "a+b", ExpiresAt: time.Unix(0, 0)}
	if u := l.URL(link); u != "https://plein.example/wachtwoord-herstellen?token=a%2Bb" {
		t.Errorf("reset URL %s", u)
	}
	if sent, err := l.Send(context.Background(), accounts.User{Email: "x@example.nl"}, link, "nl"); sent || err != nil {
		t.Errorf("without a mailer: sent %v, %v", sent, err)
	}
	l.Mailer = mailerFunc(func(_ context.Context, m accounts.Mail) error { got = append(got, m); return nil })
	link.Purpose = accounts.Activate
	if sent, err := l.Send(context.Background(), accounts.User{Email: "x@example.nl", Name: "X"}, link, "en"); !sent || err != nil {
		t.Errorf("with a mailer: sent %v, %v", sent, err)
	}
	// The link's id is the SHA-256 of its token, never the token.
	const linkID = "300273daf0bb57c239f83585d71ced54ce6b3b5fb81615abbeeb3f9cf5fae92f"
	if len(got) != 1 || got[0].URL != "https://plein.example/account/activeren?token=a%2Bb" || got[0].Language != "en" ||
		got[0].LinkID != linkID {
		t.Errorf("mailed %+v", got)
	}
}

type mailerFunc func(context.Context, accounts.Mail) error

func (f mailerFunc) Send(ctx context.Context, m accounts.Mail) error { return f(ctx, m) }
