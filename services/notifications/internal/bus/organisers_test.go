package bus

import (
	"testing"

	"plein.dev/platform/service"
	"plein.dev/proto/subject"
)

// The consumers behind the organisers' e-mails decide on every verb of
// what they follow; the projection of accounts replays every account,
// the two that mail start at their creation.
func TestOrganiserConsumersDecideEveryVerb(t *testing.T) {
	t.Parallel()
	starts := map[string]service.Start{}
	for _, c := range OrganiserConsumers(nil) {
		if u := c.Undecided(); len(u) > 0 {
			t.Errorf("consumer %s of %s: no decision for %v", c.Durable, c.Stream, u)
		}
		starts[c.Stream+"/"+c.Durable] = c.Start
	}
	want := map[string]service.Start{
		subject.StreamAccounts + "/" + Service:           service.FromFirstMessage,
		subject.StreamEvents + "/" + Service:             service.FromCreation,
		subject.StreamRegistrations + "/" + DurableSeats: service.FromCreation,
	}
	for k, w := range want {
		if starts[k] != w {
			t.Errorf("%s starts %v, want %v", k, starts[k], w)
		}
	}
	if len(starts) != len(want) {
		t.Errorf("consumers %v, want %v", starts, want)
	}
}
