package bus_test

import (
	"bytes"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"plein.dev/ambassadors/internal/bus"
	"plein.dev/ambassadors/internal/domain"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	"plein.dev/proto/subject"
)

// ProgrammeChanged carries the public contacts' names and roles only: no
// e-mail address or phone number, and nothing of the others.
func TestProgrammeChangedCarriesNoContactDetails(t *testing.T) {
	t.Parallel()
	p := domain.Programme{ID: "p1", Name: "Agenda", Version: 2, Contacts: []domain.Contact{
		{Name: "Wethouder Jansen", Role: "wethouder", Email: "jansen@schiedam.nl", Phone: "010 1234567", Public: true},
		{Name: "Piet Verborgen", Role: "programmamanager", Email: "piet@schiedam.nl", Phone: "06 12345678"}}}
	msg, err := bus.ProgrammeChanged(subject.ProgrammeUpdated, p, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"jansen@schiedam.nl", "010 1234567", "piet@schiedam.nl", "06 12345678", "Piet Verborgen"} {
		if bytes.Contains(msg.Payload, []byte(secret)) {
			t.Errorf("the message carries %q", secret)
		}
	}
	var body ambassadorsv1.ProgrammeChanged
	if err := proto.Unmarshal(msg.Payload, &body); err != nil {
		t.Fatal(err)
	}
	if cs := body.GetProgramme().GetContacts(); len(cs) != 1 || cs[0].GetName() != "Wethouder Jansen" || cs[0].GetRole() != "wethouder" {
		t.Errorf("contacts on the bus = %v", cs)
	}
	if len(p.Contacts[0].Email) == 0 {
		t.Error("building the message changed the programme's contacts")
	}
}
