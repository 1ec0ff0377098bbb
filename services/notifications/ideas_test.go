package notifications_test

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/platform/identity"
	"plein.dev/platform/seal"
	"plein.dev/platform/shred"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
)

// ideaMessages publishes, as the ambassadors service does, a submitter's
// key and IdeaChanged messages whose personal part is sealed with it.
type ideaMessages struct {
	t   *testing.T
	js  jetstream.JetStream
	key shred.Key
}

func newIdeaMessages(t *testing.T, js jetstream.JetStream) ideaMessages {
	t.Helper()
	k, err := shred.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	keys, err := seal.Parse(sealKey)
	if err != nil {
		t.Fatal(err)
	}
	km := shred.KeyMessage("ambassadors", k, keys)
	msg := &nats.Msg{Subject: km.Subject, Data: km.Payload}
	if _, err := js.PublishMsg(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	return ideaMessages{t: t, js: js, key: k}
}

func (im ideaMessages) publish(verb string, idea *ambassadorsv1.Idea, previous string) {
	im.t.Helper()
	plain, err := proto.Marshal(&ambassadorsv1.Idea{Name: "Sanne Jansen", Email: "sanne@bakkerij.nl", KvkNumber: "12345678"})
	if err != nil {
		im.t.Fatal(err)
	}
	sealed, err := shred.Seal(im.key, plain, idea.GetId())
	if err != nil {
		im.t.Fatal(err)
	}
	publish(im.t, im.js, idea.GetId()+"-"+idea.GetStatus(), "plein.ambassadors.idea."+verb, "idea:"+idea.GetId(),
		int64(idea.GetVersion()), &ambassadorsv1.IdeaChanged{Idea: proto.CloneOf(idea), PreviousStatus: previous,
			SealedPersonal: sealed, OccurredAt: timestamppb.Now()})
}

// The submitter of an idea gets a receipt and an e-mail at each step of
// the triage, in the language of the form, with the organisers' note;
// their name and address come only sealed with their key. The e-mails are
// in the log of the organisers of the programme's owners, not of others'.
// Once the key is gone (erased), a later step mails nobody.
func TestIdeaMailsThroughTheBus(t *testing.T) {
	t.Parallel()
	js := env(t)
	dataDir := t.TempDir()
	client, _ := run(t, js, dataDir, "")
	publish(t, js, "prog", "plein.ambassadors.programme.created", "programme:p1", 1, &ambassadorsv1.ProgrammeChanged{
		Programme: &ambassadorsv1.Programme{Id: "p1", Name: "Productieve regio", OwnerOrganisationIds: []string{"org-a"}, Version: 1}})
	settledAs(t, js, "ambassadors", "notifications")

	im := newIdeaMessages(t, js)
	idea := &ambassadorsv1.Idea{Id: "i1", ProgrammeId: "p1", Title: "Gedeelde bezorgdienst", Status: "new",
		Language: "en", Version: 1}
	im.publish("submitted", idea, "new")
	idea.Status, idea.Note, idea.Version = "ondersteund", "We fund the first year.", 2
	im.publish("updated", idea, "new")

	mailDir := filepath.Join(dataDir, "mail")
	waitFor(t, "two e-mails written", func() bool { return len(emlFiles(t, mailDir)) == 2 })
	var subjects []string
	for _, f := range emlFiles(t, mailDir) {
		m := readEML(t, f)
		subjects = append(subjects, m.Subject)
		if to := m.Header.Get("To"); !strings.Contains(to, "sanne@bakkerij.nl") {
			t.Errorf("to %q", to)
		}
		if m.Header.Get("Content-Language") != "en" || !strings.Contains(m.Text, "Dear Sanne Jansen,") ||
			!strings.Contains(m.Text, "“Gedeelde bezorgdienst” for Productieve regio") {
			t.Errorf("e-mail %q:\n%s", m.Subject, m.Text)
		}
		if m.Subject == "Your idea is supported" && !strings.Contains(m.Text, "We fund the first year.") {
			t.Errorf("the note is missing:\n%s", m.Text)
		}
	}
	sort.Strings(subjects)
	if strings.Join(subjects, "|") != "We have received your idea|Your idea is supported" {
		t.Errorf("subjects %q", subjects)
	}

	logOf := func(orgs ...string) []string {
		t.Helper()
		ctx := identity.Outgoing(context.Background(), identity.Identity{UserID: "u-" + orgs[0],
			Roles: []string{identity.RoleOrganiser}, OrganisationIDs: orgs})
		resp, err := client.ListEmails(ctx, &notificationsv1.ListEmailsRequest{PageSize: 100})
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range resp.GetItems() {
			kinds = append(kinds, e.GetKind())
		}
		return kinds
	}
	if got := logOf("org-a"); strings.Join(got, " ") != "idea-received idea-updated" {
		t.Errorf("organiser of the owner reads %v", got)
	}
	if got := logOf("org-b"); len(got) != 0 {
		t.Errorf("organiser of another organisation reads %v", got)
	}

	// Erased: the key leaves the bus; a later step mails nobody.
	if _, err := shred.Shred(context.Background(), js, "ambassadors", im.key.ID); err != nil {
		t.Fatal(err)
	}
	other := &ambassadorsv1.Idea{Id: "i2", ProgrammeId: "p1", Title: "Laadpalen", Status: "afgewezen", Language: "nl", Version: 2}
	im.publish("updated", other, "new")
	settledAs(t, js, "ambassadors", "notifications-ideas")
	time.Sleep(200 * time.Millisecond)
	if n := len(emlFiles(t, mailDir)); n != 2 {
		t.Errorf("%d e-mails after the key was shredded, want still 2", n)
	}
}
