package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"plein.dev/ambassadors/internal/app"
	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/migrations"
	"plein.dev/platform/identity"
	"plein.dev/platform/page"
	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
	"plein.dev/platform/testkit"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// now is 16 June 2025, 00:30 in Amsterdam: already the 16th there, still
// the 15th in UTC.
var now = time.Date(2025, 6, 15, 22, 30, 0, 0, time.UTC)

type fixture struct {
	db  *sqlite.DB
	app *app.App
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	db := testkit.DB(t, migrations.FS)
	return fixture{db: db, app: app.New(db, testkit.Logger(t), func() time.Time { return now })}
}

// asOrganiser is the context of a call by an organiser.
func asOrganiser() context.Context {
	return identity.NewContext(context.Background(),
		identity.Identity{UserID: "u-organiser", Roles: []string{identity.RoleOrganiser}, OrganisationIDs: []string{"gm0599"}})
}

// asAmbassador is the context of a call by the ambassador with id.
func asAmbassador(id string) context.Context {
	return identity.NewContext(context.Background(),
		identity.Identity{UserID: "u-" + id, Roles: []string{identity.RoleAmbassador}, AmbassadorID: id})
}

func firstPage[C any](size int) page.Request[C] { return page.Request[C]{First: true, Size: size} }

// wantRule fails unless err is a rule.Error of kind on field.
func wantRule(t *testing.T, err error, kind rule.Kind, field string) {
	t.Helper()
	var re *rule.Error
	if !errors.As(err, &re) || re.Kind != kind || re.Field() != field {
		t.Fatalf("err = %v, want a rule.Error (kind %d) on %s", err, kind, field)
	}
}

type outboxRow struct {
	Subject   string `db:"subject"`
	Aggregate string `db:"aggregate"`
	Version   int64  `db:"version"`
	Payload   []byte `db:"payload"`
}

// takeOutbox returns the outbox rows written since the last call and
// removes them.
func (f fixture) takeOutbox(t *testing.T) []outboxRow {
	t.Helper()
	var rows []outboxRow
	if err := f.db.R.Select(&rows, `SELECT subject, aggregate, version, payload FROM outbox ORDER BY seq`); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.W.Exec(`DELETE FROM outbox`); err != nil {
		t.Fatal(err)
	}
	return rows
}

func (f fixture) programme(t *testing.T) domain.Programme {
	t.Helper()
	p, err := f.app.CreateProgramme(asOrganiser(), domain.Programme{
		Name: "Smart Industry ambassadeurs", Municipality: "Rotterdam",
		Themes:   []string{"innovatie", "onderwijs en arbeidsmarkt"},
		StartsOn: "2025-01-01", EndsOn: "2026-12-31",
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (f fixture) ambassador(t *testing.T, programmeID, email string) domain.Ambassador {
	t.Helper()
	a, err := f.app.AppointAmbassador(asOrganiser(), domain.Ambassador{
		ProgrammeID: programmeID, Name: "Anouk de Vries", Email: email, Organisation: "RDM Makerspace",
		AppointedOn: "2025-02-01", TermEndsOn: "2026-01-31",
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func visit(ambassadorID string, on domain.Date) domain.Activity {
	return domain.Activity{AmbassadorID: ambassadorID, Kind: domain.KindCompanyVisit, OccurredOn: on,
		DurationMinutes: 90, Summary: "Bedrijfsbezoek", Themes: []string{"Innovatie"}}
}

func strp(s string) *string { return &s }

// Every change writes exactly one outbox message, in its own transaction,
// with the aggregate's new version.
func TestEachChangeWritesOneOutboxMessage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := asOrganiser()
	var p domain.Programme
	var a domain.Ambassador
	var x domain.Activity

	for _, step := range []struct {
		name      string
		do        func() (aggregate string, err error)
		subject   string
		version   int64
		checkBody func(t *testing.T, payload []byte)
	}{
		{"create programme", func() (string, error) {
			var err error
			p, err = f.app.CreateProgramme(ctx, domain.Programme{Name: "Smart Industry", Municipality: "Rotterdam",
				Themes: []string{"innovatie"}, StartsOn: "2025-01-01", EndsOn: "2026-12-31"})
			return "programme:" + p.ID, err
		}, "plein.ambassadors.programme.created", 1, func(t *testing.T, b []byte) {
			var m ambassadorsv1.ProgrammeChanged
			if err := proto.Unmarshal(b, &m); err != nil || m.GetProgramme().GetName() != "Smart Industry" {
				t.Errorf("payload = %v (%v)", &m, err)
			}
		}},
		{"update programme", func() (string, error) {
			themes := []string{"innovatie", "duurzame logistiek"}
			_, err := f.app.UpdateProgramme(ctx, p.ID, app.ProgrammeChange{Description: strp("Ambassadeurs van de maakindustrie"), Themes: &themes})
			return "programme:" + p.ID, err
		}, "plein.ambassadors.programme.updated", 2, nil},
		{"appoint ambassador", func() (string, error) {
			var err error
			a, err = f.app.AppointAmbassador(ctx, domain.Ambassador{ProgrammeID: p.ID, Name: "Anouk", Email: "anouk@example.nl",
				AppointedOn: "2025-02-01", TermEndsOn: "2026-01-31"})
			return "ambassador:" + a.ID, err
		}, "plein.ambassadors.ambassador.appointed", 1, func(t *testing.T, b []byte) {
			var m ambassadorsv1.AmbassadorChanged
			if err := proto.Unmarshal(b, &m); err != nil || m.GetAmbassador().GetStatus() != "active" {
				t.Errorf("payload = %v (%v)", &m, err)
			}
		}},
		{"extend term", func() (string, error) {
			end := domain.Date("2026-06-30")
			_, err := f.app.UpdateAmbassador(ctx, a.ID, app.AmbassadorChange{TermEndsOn: &end})
			return "ambassador:" + a.ID, err
		}, "plein.ambassadors.ambassador.updated", 2, nil},
		{"log activity", func() (string, error) {
			var err error
			x, err = f.app.LogActivity(asAmbassador(a.ID), visit(a.ID, "2025-06-16"))
			return "activity:" + x.ID, err
		}, "plein.ambassadors.activity.logged", 1, nil},
		{"update activity", func() (string, error) {
			_, err := f.app.UpdateActivity(ctx, x.ID, app.ActivityChange{Summary: strp("Bezoek aan RDM")})
			return "activity:" + x.ID, err
		}, "plein.ambassadors.activity.updated", 2, nil},
		{"delete activity", func() (string, error) {
			return "activity:" + x.ID, f.app.DeleteActivity(asAmbassador(a.ID), x.ID)
		}, "plein.ambassadors.activity.deleted", 3, func(t *testing.T, b []byte) {
			var m ambassadorsv1.ActivityChanged
			if err := proto.Unmarshal(b, &m); err != nil || m.GetActivity().GetSummary() != "Bezoek aan RDM" {
				t.Errorf("payload = %v (%v)", &m, err)
			}
		}},
		{"close programme", func() (string, error) {
			_, err := f.app.UpdateProgramme(ctx, p.ID, app.ProgrammeChange{Close: true})
			return "programme:" + p.ID, err
		}, "plein.ambassadors.programme.closed", 3, nil},
	} {
		t.Run(step.name, func(t *testing.T) {
			aggregate, err := step.do()
			if err != nil {
				t.Fatal(err)
			}
			rows := f.takeOutbox(t)
			// Closing the programme also announces its ambassadors as alumni.
			also := map[string][]string{"close programme": {"plein.ambassadors.ambassador.term-ended"}}[step.name]
			if len(rows) != 1+len(also) {
				t.Fatalf("%d outbox rows, want %d: %+v", len(rows), 1+len(also), rows)
			}
			for i, subject := range also {
				if rows[1+i].Subject != subject {
					t.Errorf("message %d: %s, want %s", 1+i, rows[1+i].Subject, subject)
				}
			}
			r := rows[0]
			if r.Subject != step.subject || r.Aggregate != aggregate || r.Version != step.version {
				t.Errorf("outbox row = %s %s v%d, want %s %s v%d", r.Subject, r.Aggregate, r.Version,
					step.subject, aggregate, step.version)
			}
			if step.checkBody != nil {
				step.checkBody(t, r.Payload)
			}
		})
	}
}

// A change the rules refuse leaves neither the change nor a message.
func TestRefusedChangeWritesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := asOrganiser()
	p := f.programme(t)
	a := f.ambassador(t, p.ID, "anouk@example.nl")
	f.takeOutbox(t)

	for _, tc := range []struct {
		name string
		do   func() error
	}{
		{"activity tomorrow", func() error {
			_, err := f.app.LogActivity(ctx, visit(a.ID, "2025-06-17"))
			return err
		}},
		{"activity on another theme", func() error {
			x := visit(a.ID, "2025-06-01")
			x.Themes = []string{"zorg"}
			_, err := f.app.LogActivity(ctx, x)
			return err
		}},
		{"programme ending before it starts", func() error {
			end := domain.Date("2024-12-31")
			_, err := f.app.UpdateProgramme(ctx, p.ID, app.ProgrammeChange{EndsOn: &end})
			return err
		}},
		{"term ending before appointment", func() error {
			end := domain.Date("2025-01-31")
			_, err := f.app.UpdateAmbassador(ctx, a.ID, app.AmbassadorChange{TermEndsOn: &end})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var re *rule.Error
			if err := tc.do(); !errors.As(err, &re) || re.Kind != rule.Unmet {
				t.Fatalf("err = %v, want a broken rule", err)
			}
			if rows := f.takeOutbox(t); len(rows) != 0 {
				t.Fatalf("outbox rows = %+v, want none", rows)
			}
		})
	}
	got, err := f.app.GetAmbassador(ctx, a.ID)
	if err != nil || got.Version != 1 || got.TermEndsOn != "2026-01-31" {
		t.Fatalf("ambassador after refused change = %+v, %v", got, err)
	}
}
