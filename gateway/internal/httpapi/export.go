package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"plein.dev/gateway/internal/accounts"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// personExport is the answer of GET /api/v1/people/export: everything
// Plein holds on one e-mail address, from every service that holds some.
type personExport struct {
	Email string `json:"email"`
	// Account is the gateway's account of the address; null when none.
	Account *accounts.User `json:"account"`
	// Registrations are the registrations service's, with their answers.
	Registrations []json.RawMessage `json:"registrations"`
	// Emails are the notifications service's log of the e-mails sent to
	// the address.
	Emails []json.RawMessage `json:"emails"`
	// Ambassadors are the ambassadors service's ambassadors of that
	// address, one per programme, and Activities what they logged.
	Ambassadors []json.RawMessage `json:"ambassadors"`
	Activities  []json.RawMessage `json:"activities"`
	// Ideas are the ambassadors service's ideas submitted with the
	// address, and ProgrammeContacts the programmes' contacts with it
	// (each with its programme).
	Ideas             []json.RawMessage `json:"ideas"`
	ProgrammeContacts []json.RawMessage `json:"programmeContacts"`
	// EventContacts are the events service's event contacts with the
	// address (each with its event).
	EventContacts []json.RawMessage `json:"eventContacts"`
}

// peopleExport gathers a person's data from the services over gRPC, as the
// caller (the services check the admin role again).
type peopleExport struct {
	accounts      *accounts.Store
	events        eventsv1.EventsServiceClient
	registrations registrationsv1.RegistrationsServiceClient
	notifications notificationsv1.NotificationsServiceClient
	ambassadors   ambassadorsv1.AmbassadorsServiceClient
	log           *slog.Logger
}

func newPeopleExport(a *accounts.Store, b Backends, log *slog.Logger) peopleExport {
	return peopleExport{accounts: a, log: log,
		events:        eventsv1.NewEventsServiceClient(b.Events),
		registrations: registrationsv1.NewRegistrationsServiceClient(b.Registrations),
		notifications: notificationsv1.NewNotificationsServiceClient(b.Notifications),
		ambassadors:   ambassadorsv1.NewAmbassadorsServiceClient(b.Ambassadors)}
}

var exportJSON = protojson.MarshalOptions{EmitDefaultValues: true}

// serve answers GET /api/v1/people/export?email=. Every part is asked at
// once; when one fails the whole export fails (an export that leaves part
// of the data out must not look complete), with that part's error.
func (p peopleExport) serve(w http.ResponseWriter, r *http.Request, _ accounts.User) {
	email := strings.TrimSpace(r.URL.Query().Get("email"))
	if email == "" {
		writeProblem(w, newProblem(http.StatusBadRequest, "invalid request", InvalidParam{Name: "email", Reason: "is required"}))
		return
	}
	none := []json.RawMessage{}
	out := personExport{Email: email, Registrations: none, Emails: none, Ambassadors: none, Activities: none,
		Ideas: none, ProgrammeContacts: none, EventContacts: none}
	ctx := r.Context()
	parts := []struct {
		name string
		run  func(context.Context) error
	}{
		{"gateway", func(ctx context.Context) error {
			u, ok, err := p.accounts.ByEmail(ctx, email)
			if ok {
				out.Account = &u
			}
			return err
		}},
		{"registrations", func(ctx context.Context) error {
			resp, err := p.registrations.ExportPerson(ctx, &registrationsv1.ExportPersonRequest{Email: email})
			if err != nil {
				return err
			}
			out.Registrations, err = marshalAll(resp.GetItems())
			return err
		}},
		{"notifications", func(ctx context.Context) error {
			resp, err := p.notifications.ExportPerson(ctx, &notificationsv1.ExportPersonRequest{Email: email})
			if err != nil {
				return err
			}
			out.Emails, err = marshalAll(resp.GetEmails())
			return err
		}},
		{"ambassadors", func(ctx context.Context) error {
			resp, err := p.ambassadors.ExportPerson(ctx, &ambassadorsv1.ExportPersonRequest{Email: email})
			if err != nil {
				return err
			}
			if out.Ambassadors, err = marshalAll(resp.GetAmbassadors()); err != nil {
				return err
			}
			if out.Activities, err = marshalAll(resp.GetActivities()); err != nil {
				return err
			}
			if out.Ideas, err = marshalAll(resp.GetIdeas()); err != nil {
				return err
			}
			out.ProgrammeContacts, err = marshalAll(resp.GetContacts())
			return err
		}},
		{"events", func(ctx context.Context) error {
			resp, err := p.events.ExportPerson(ctx, &eventsv1.ExportPersonRequest{Email: email})
			if err != nil {
				return err
			}
			out.EventContacts, err = marshalAll(resp.GetContacts())
			return err
		}},
	}
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, part := range parts {
		wg.Go(func() { errs[i] = part.run(ctx) })
	}
	wg.Wait()
	for i, err := range errs {
		if err == nil {
			continue
		}
		// The address is personal data: the log names the part only.
		p.log.WarnContext(ctx, "export of a person failed", "part", parts[i].name, "err", err)
		if parts[i].name == "gateway" {
			writeProblem(w, newProblem(http.StatusInternalServerError, "the export failed"))
			return
		}
		writeProblem(w, problemFromStatus(err))
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// marshalAll turns messages into JSON as the generated routes answer them.
func marshalAll[M proto.Message](msgs []M) ([]json.RawMessage, error) {
	out := make([]json.RawMessage, 0, len(msgs))
	for _, m := range msgs {
		b, err := exportJSON.Marshal(m)
		if err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		out = append(out, b)
	}
	return out, nil
}
