package notifications_test

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// Through the bus: the organiser of A hears of the proposal and the full
// house of A's event, the organiser of B of the term of an ambassador of
// B's programme — neither of the other's.
func TestOrganisersMailedAboutTheirOrganisations(t *testing.T) {
	t.Parallel()
	js := env(t)
	client, _ := run(t, js, t.TempDir(), "")
	inOrg := func(id, org string) {
		m := organiser(t, id, "nl", 1)
		m.Account.OrganisationIds = []string{org}
		publish(t, js, "acc-"+id, "plein.accounts.account.created", "account:"+id, 1, m)
	}
	inOrg("oa", "org-a")
	inOrg("ob", "org-b")
	publish(t, js, "prog-b", "plein.ambassadors.programme.created", "programme:pb", 1, &ambassadorsv1.ProgrammeChanged{
		Programme: &ambassadorsv1.Programme{Id: "pb", Name: "Techniek B", OwnerOrganisationIds: []string{"org-b"}, Version: 1}})
	amb := &ambassadorsv1.Ambassador{Id: "a1", ProgrammeId: "pb", Name: "Eva de Vries", Email: "eva@example.nl",
		TermEndsOn: "2026-03-01", Status: "active", Version: 1}
	publish(t, js, "amb", "plein.ambassadors.ambassador.appointed", "ambassador:a1", 1, &ambassadorsv1.AmbassadorChanged{Ambassador: amb})
	settledAs(t, js, "accounts", "notifications")
	settledAs(t, js, "ambassadors", "notifications")

	starts := time.Now().Add(14 * 24 * time.Hour).Truncate(time.Hour)
	by := "a1"
	ev := &eventsv1.Event{Id: "ev-a", Title: "Ronde tafel A", Status: "proposed", StartsAt: timestamppb.New(starts),
		EndsAt: timestamppb.New(starts.Add(2 * time.Hour)), Capacity: 1, ProposedByAmbassadorId: &by, Version: 1,
		OwnerOrganisationIds: []string{"org-a"}}
	publish(t, js, "ev-proposed", "plein.events.event.proposed", "event:ev-a", 1, &eventsv1.EventChanged{Event: ev, OccurredAt: timestamppb.Now()})
	settledAs(t, js, "events", "notifications")
	publish(t, js, "seats", "plein.registrations.seats.changed", "seats:ev-a", 1, &registrationsv1.SeatsChanged{Version: 1,
		OccurredAt: timestamppb.Now(), Seats: &registrationsv1.Seats{EventId: "ev-a", Capacity: 1, SeatsTaken: 1}})
	amb.Status, amb.Version = "alumni", 2
	publish(t, js, "amb-ended", "plein.ambassadors.ambassador.term-ended", "ambassador:a1", 2, &ambassadorsv1.AmbassadorChanged{Ambassador: amb})
	settledAs(t, js, "registrations", "notifications-seats")
	settledAs(t, js, "ambassadors", "notifications")

	want := "[eva@example.nl ambassador-term-ended oa@gemeente.nl organiser-event-full oa@gemeente.nl organiser-new-proposal " +
		"ob@gemeente.nl organiser-term-ended]"
	var got []string
	waitFor(t, "the e-mails written", func() bool {
		resp, err := client.ListEmails(as(t, identity.RoleAdmin), &notificationsv1.ListEmailsRequest{PageSize: 100})
		if err != nil {
			return false
		}
		got = got[:0]
		for _, e := range resp.GetItems() {
			got = append(got, e.GetTo()+" "+e.GetKind())
		}
		sort.Strings(got)
		return fmt.Sprint(got) == want
	})
}
