package accounts_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/migrations"
	"plein.dev/platform/identity"
	"plein.dev/platform/messaging"
	"plein.dev/platform/outbox"
	"plein.dev/platform/seal"
	"plein.dev/platform/testkit"
	accountsv1 "plein.dev/proto/gen/plein/accounts/v1"
)

// Every change of an account is announced on the accounts stream, through
// the outbox, as the whole account with a rising version; the address and
// name only sealed, for that account's message alone.
func TestAccountsAnnouncedSealed(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	key, err := seal.NewKey("k1")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := seal.Parse(key)
	if err != nil {
		t.Fatal(err)
	}
	db := testkit.DB(t, migrations.FS)
	s, err := accounts.New(db, time.Now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	s.AnnounceWith(keys)
	srv := testkit.NATS(t)
	_, js := testkit.Conn(t, srv.ClientURL())
	if _, err := messaging.EnsureStream(ctx, js, accounts.Stream, 1); err != nil {
		t.Fatal(err)
	}
	relay := outbox.NewRelay(db, js, testkit.Logger(t), outbox.WithStream(accounts.Stream, 1))

	u, err := s.Create(ctx, accounts.NewUser{Email: "Olga@Gemeente.nl", Name: "Olga Organisator", Password: password,
		Roles: []string{identity.RoleOrganiser}})
	if err != nil {
		t.Fatal(err)
	}
	on, en := true, "en"
	if _, err := s.SetPreferences(ctx, u.ID, accounts.Preferences{Digest: &on, Language: &en}); err != nil {
		t.Fatal(err)
	}
	bad := "de"
	if _, err := s.SetPreferences(ctx, u.ID, accounts.Preferences{Language: &bad}); err == nil {
		t.Error("language de accepted")
	}
	off := false
	if _, err := s.Update(ctx, u.ID, accounts.Change{Active: &off}); err != nil {
		t.Fatal(err)
	}
	if err := relay.Flush(ctx); err != nil {
		t.Fatal(err)
	}

	msgs := streamMessages(t, ctx, js)
	if got := fmt.Sprint(subjectsOf(msgs)); got != "[plein.accounts.account.created plein.accounts.account.updated plein.accounts.account.updated]" {
		t.Fatalf("subjects %s", got)
	}
	for i, m := range msgs {
		if bytes.Contains(bytes.ToLower(m.Data), []byte("olga")) {
			t.Errorf("message %d holds the address or name in clear", i)
		}
		var ch accountsv1.AccountChanged
		if err := proto.Unmarshal(m.Data, &ch); err != nil {
			t.Fatal(err)
		}
		a := ch.GetAccount()
		if a.GetVersion() != int64(i+1) || m.Header.Get(messaging.HeaderVersion) != fmt.Sprint(i+1) ||
			m.Header.Get(messaging.HeaderAggregate) != "account:"+u.ID {
			t.Errorf("message %d: version %d, headers %v", i, a.GetVersion(), m.Header)
		}
		email, err := keys.Open(a.GetSealedEmail(), "account:"+u.ID+":email")
		if err != nil || email != "Olga@Gemeente.nl" {
			t.Errorf("message %d: address opens to %q, %v", i, email, err)
		}
		if _, err := keys.Open(a.GetSealedEmail(), "account:someone-else:email"); err == nil {
			t.Errorf("message %d: the address opens for another account", i)
		}
		if name, _ := keys.Open(a.GetSealedName(), "account:"+u.ID+":name"); name != "Olga Organisator" {
			t.Errorf("message %d: name %q", i, name)
		}
	}
	last := lastAccount(t, msgs)
	if last.GetActive() || !last.GetDigest() || last.GetLanguage() != "en" || fmt.Sprint(last.GetRoles()) != "[organiser]" ||
		fmt.Sprint(last.GetOrganisationIds()) != "[default]" {
		t.Errorf("last announcement %v", last)
	}

	// Accounts made before announcements (announced_version behind) are
	// announced once, at the next start.
	if _, err := db.W.ExecContext(ctx, `UPDATE users SET announced_version = 0`); err != nil {
		t.Fatal(err)
	}
	for want := 1; want >= 0; want-- {
		if n, err := s.AnnouncePending(ctx); err != nil || n != want {
			t.Fatalf("AnnouncePending = %d, %v; want %d", n, err, want)
		}
	}
	if err := relay.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if msgs := streamMessages(t, ctx, js); len(msgs) != 4 || lastAccount(t, msgs).GetVersion() != 4 {
		t.Errorf("%d messages after AnnouncePending, want 4 (the last at version 4)", len(msgs))
	}
}

func streamMessages(t *testing.T, ctx context.Context, js jetstream.JetStream) []*jetstream.RawStreamMsg {
	t.Helper()
	st, err := js.Stream(ctx, messaging.StreamName(accounts.Stream))
	if err != nil {
		t.Fatal(err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []*jetstream.RawStreamMsg
	for seq := info.State.FirstSeq; info.State.Msgs > 0 && seq <= info.State.LastSeq; seq++ {
		m, err := st.GetMsg(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func subjectsOf(msgs []*jetstream.RawStreamMsg) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.Subject)
	}
	return out
}

func lastAccount(t *testing.T, msgs []*jetstream.RawStreamMsg) *accountsv1.Account {
	t.Helper()
	var ch accountsv1.AccountChanged
	if err := proto.Unmarshal(msgs[len(msgs)-1].Data, &ch); err != nil {
		t.Fatal(err)
	}
	return ch.GetAccount()
}
