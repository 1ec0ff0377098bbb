package notifications_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/identity"
	"plein.dev/platform/messaging"
	"plein.dev/platform/seal"
	accountsv1 "plein.dev/proto/gen/plein/accounts/v1"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// organiser is an organiser's account as the gateway announces it: the
// address and name sealed for their own message only.
func organiser(t *testing.T, id, lang string, version int64) *accountsv1.AccountChanged {
	t.Helper()
	k, err := seal.Parse(sealKey)
	if err != nil {
		t.Fatal(err)
	}
	return &accountsv1.AccountChanged{Account: &accountsv1.Account{Id: id, Roles: []string{"organiser"}, Active: true,
		Language: lang, Version: version, SealedEmail: k.Seal(id+"@gemeente.nl", "account:"+id+":email"),
		SealedName: k.Seal("Organisator "+id, "account:"+id+":name")}}
}

// settledAs waits until the durable consumer of stream acknowledged every
// message published to it.
func settledAs(t *testing.T, js jetstream.JetStream, stream, durable string) {
	t.Helper()
	ctx := context.Background()
	waitFor(t, "the "+stream+" messages acknowledged by "+durable, func() bool {
		s, err := js.Stream(ctx, messaging.StreamName(stream))
		if err != nil {
			return false
		}
		si, err := s.Info(ctx)
		if err != nil {
			return false
		}
		c, err := js.Consumer(ctx, messaging.StreamName(stream), durable)
		if err != nil {
			return false
		}
		info, err := c.Info(ctx)
		return err == nil && info.Delivered.Stream == si.State.LastSeq && info.NumAckPending == 0
	})
}

// The organisers of the programme (every active organiser account the
// gateway announced) get a new proposal, an event filling up and an
// ambassador's term ending, each once, however often the messages come,
// in their own language.
func TestOrganisersMailedOnceUnderDuplicates(t *testing.T) {
	t.Parallel()
	js := env(t)
	dataDir := t.TempDir()
	client, _ := run(t, js, dataDir, "")
	three := func(id, subject, aggregate string, version int64, m proto.Message) {
		for c := range 3 {
			publish(t, js, fmt.Sprintf("%s-%d", id, c), subject, aggregate, version, m)
		}
	}
	three("acc-o1", "plein.accounts.account.created", "account:o1", 1, organiser(t, "o1", "nl", 1))
	three("acc-o2", "plein.accounts.account.created", "account:o2", 1, organiser(t, "o2", "en", 1))
	gone := organiser(t, "o3", "nl", 1)
	three("acc-o3", "plein.accounts.account.created", "account:o3", 1, gone)
	gone.Account.Active, gone.Account.Version = false, 2
	three("acc-o3b", "plein.accounts.account.updated", "account:o3", 2, gone)
	// A programme of before organisations: the default organisation's,
	// and so its organisers' (announced without organisations).
	three("prog", "plein.ambassadors.programme.created", "programme:p1", 1,
		&ambassadorsv1.ProgrammeChanged{Programme: &ambassadorsv1.Programme{Id: "p1", Name: "Smart Industry", Version: 1}})
	amb := &ambassadorsv1.Ambassador{Id: "a1", ProgrammeId: "p1", Name: "Eva de Vries", Email: "eva@example.nl",
		TermEndsOn: "2026-03-01", Status: "active", Version: 1}
	three("amb", "plein.ambassadors.ambassador.appointed", "ambassador:a1", 1, &ambassadorsv1.AmbassadorChanged{Ambassador: amb})
	settledAs(t, js, "accounts", "notifications")
	settledAs(t, js, "ambassadors", "notifications")

	starts := time.Now().Add(14 * 24 * time.Hour).Truncate(time.Hour)
	by := "a1"
	ev := &eventsv1.Event{Id: "ev1", Title: "Ronde tafel logistiek", Status: "proposed", StartsAt: timestamppb.New(starts),
		EndsAt: timestamppb.New(starts.Add(2 * time.Hour)), Capacity: 2, ProposedByAmbassadorId: &by, Version: 1}
	three("ev-proposed", "plein.events.event.proposed", "event:ev1", 1,
		&eventsv1.EventChanged{Event: ev, OccurredAt: timestamppb.Now()})
	settledAs(t, js, "events", "notifications")
	seats := func(version int64, free int32) *registrationsv1.SeatsChanged {
		return &registrationsv1.SeatsChanged{Version: version, OccurredAt: timestamppb.Now(),
			Seats: &registrationsv1.Seats{EventId: "ev1", Capacity: 2, SeatsTaken: 2 - free, SeatsFree: free}}
	}
	three("seats-1", "plein.registrations.seats.changed", "seats:ev1", 1, seats(1, 1))
	three("seats-2", "plein.registrations.seats.changed", "seats:ev1", 2, seats(2, 0))
	ended := &ambassadorsv1.Ambassador{Id: "a1", ProgrammeId: "p1", Name: "Eva de Vries", Email: "eva@example.nl",
		TermEndsOn: "2026-03-01", Status: "alumni", Version: 2}
	three("amb-ended", "plein.ambassadors.ambassador.term-ended", "ambassador:a1", 2, &ambassadorsv1.AmbassadorChanged{Ambassador: ended})
	settledAs(t, js, "registrations", "notifications-seats")
	settledAs(t, js, "ambassadors", "notifications")

	want := "[eva@example.nl ambassador-term-ended " +
		"o1@gemeente.nl organiser-event-full o1@gemeente.nl organiser-new-proposal o1@gemeente.nl organiser-term-ended " +
		"o2@gemeente.nl organiser-event-full o2@gemeente.nl organiser-new-proposal o2@gemeente.nl organiser-term-ended]"
	var got []string
	waitFor(t, "every e-mail sent", func() bool {
		resp, err := client.ListEmails(as(t, identity.RoleAdmin), &notificationsv1.ListEmailsRequest{PageSize: 100})
		if err != nil {
			return false
		}
		got = got[:0]
		for _, e := range resp.GetItems() {
			if e.GetStatus() != "sent" {
				return false
			}
			got = append(got, e.GetTo()+" "+e.GetKind())
		}
		sort.Strings(got)
		return fmt.Sprint(got) == want
	})
	time.Sleep(200 * time.Millisecond) // anything doubled would be logged by now
	resp, err := client.ListEmails(as(t, identity.RoleAdmin), &notificationsv1.ListEmailsRequest{PageSize: 100})
	if err != nil || len(resp.GetItems()) != 7 {
		t.Fatalf("%d e-mails, %v; want 7", len(resp.GetItems()), err)
	}

	subjects := map[string]string{}
	for _, f := range emlFiles(t, filepath.Join(dataDir, "mail")) {
		m := readEML(t, f)
		subjects[m.Header.Get("To")+" "+m.Subject] = m.Text
	}
	for _, w := range []struct{ key, text string }{
		{`"Organisator o1" <o1@gemeente.nl> Nieuw voorstel: Ronde tafel logistiek`, "Eva de Vries stelt een evenement voor"},
		{`"Organisator o2" <o2@gemeente.nl> New proposal: Ronde tafel logistiek`, "https://plein.example/beheer/evenementen/ev1"},
		{`"Organisator o1" <o1@gemeente.nl> Vol: Ronde tafel logistiek`, "Alle 2 plaatsen"},
		{`"Organisator o2" <o2@gemeente.nl> Term of ambassador Eva de Vries has ended`, "ended on 1 March 2026"},
	} {
		text, ok := subjects[w.key]
		if !ok {
			t.Errorf("no e-mail %q among %v", w.key, keysOf(subjects))
			continue
		}
		if !strings.Contains(text, w.text) {
			t.Errorf("%s: no %q in\n%s", w.key, w.text, text)
		}
	}
}

func keysOf(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
