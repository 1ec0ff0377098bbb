package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"plein.dev/platform/identity"
	"plein.dev/platform/page"
	"plein.dev/platform/rule"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/store"
)

// RegisterRequest is what an attendee sends to register.
type RegisterRequest struct {
	EventID      string
	Name         string
	Email        string
	Organisation string
	// KvKNumber is the KvK number of the attendee's company: eight
	// digits, or "".
	KvKNumber string
	Answers   []domain.Answer
	// InviteCode opens an invite-only event.
	InviteCode string
	// ConsentVersion is the version of the privacy statement agreed to.
	ConsentVersion string
	// Language is the language of the form, which the e-mails are
	// written in: "nl" or "en" ("" is "nl").
	Language string
	// RequestKey, if set, is the gateway's hash of the request's
	// Idempotency-Key (platform/requestkey): the same request sent again
	// gets the registration it made, with the same manage token.
	RequestKey string
}

// Register confirms the registration while seats remain and puts it on the
// waiting list otherwise. It returns the registration and its manage token;
// anyone may register. A request sent again with its request key is
// answered with the registration it made, as it is now, and the same
// token, acting no further.
func (a *App) Register(ctx context.Context, req RegisterRequest) (domain.Registration, string, error) {
	email, err := domain.NormaliseEmail(req.Email)
	if err != nil {
		return domain.Registration{}, "", fmt.Errorf("register for event %s: %w", req.EventID, err)
	}
	if err := domain.CheckKvKNumber(req.KvKNumber); err != nil {
		return domain.Registration{}, "", fmt.Errorf("register for event %s: %w", req.EventID, err)
	}
	token, hash, err := a.manageToken(ctx, req.EventID, req.RequestKey)
	if err != nil {
		return domain.Registration{}, "", err
	}
	var reg domain.Registration
	err = a.db.InTx(ctx, func(tx sqlite.Tx) error {
		now := a.now().UTC()
		ev, err := store.GetEvent(ctx, tx, req.EventID)
		if err != nil {
			return err
		}
		requestKey := req.RequestKey
		if requestKey != "" {
			made, err := store.RegistrationByRequestKey(ctx, tx, ev.ID, requestKey)
			switch {
			case err == nil && domain.EmailKey(made.Email) == domain.EmailKey(email) && domain.TokenMatches(made.TokenHash, token):
				reg = made // the same request again
				return nil
			case err == nil:
				// The key reused for another request: that is a new
				// registration, with a token of its own, which never
				// opens the first.
				if token, hash, err = domain.NewToken(); err != nil {
					return err
				}
				requestKey = ""
			case !errors.Is(err, domain.ErrNotFound):
				return err
			}
		}
		if err := ev.RegistrationOpen(now); err != nil {
			return err
		}
		if err := ev.CheckInvite(req.InviteCode); err != nil {
			return err
		}
		questions, err := store.Questions(ctx, tx, ev.ID)
		if err != nil {
			return err
		}
		answers, err := domain.CheckAnswers(questions, req.Answers)
		if err != nil {
			return err
		}
		code, err := newCheckInCode(ctx, tx, ev.ID)
		if err != nil {
			return err
		}
		// The guard: the seat counts are read in the same write
		// transaction that inserts the registration (and moves it into
		// them), and write transactions run one at a time (one writer,
		// BEGIN IMMEDIATE, which also locks out other processes on the
		// same file; concurrent calls share a transaction but run one
		// after the other, each in its own savepoint).
		seats, err := store.Seats(ctx, tx, ev.ID)
		if err != nil {
			return err
		}
		reg = domain.Registration{
			ID:             uuid.Must(uuid.NewV7()).String(),
			EventID:        ev.ID,
			Name:           req.Name,
			Email:          email,
			Organisation:   req.Organisation,
			KvKNumber:      req.KvKNumber,
			Answers:        answers,
			TokenHash:      hash,
			RegisteredAt:   now,
			Version:        1,
			ConsentVersion: req.ConsentVersion,
			ConsentedAt:    &now,
			CheckInCode:    code,
			Language:       domain.LanguageOf(req.Language),
			RequestKey:     requestKey,
		}
		verb := subject.RegistrationConfirmed
		if seats.Free() > 0 {
			reg.Status = domain.StatusConfirmed
			reg.ConfirmedAt = &now
		} else {
			reg.Status = domain.StatusWaitlisted
			reg.WaitlistPosition = seats.NextWaitlistPosition()
			verb = subject.RegistrationWaitlisted
		}
		if err := store.InsertRegistration(ctx, tx, reg); err != nil {
			if errors.Is(err, domain.ErrDuplicate) {
				return rule.TakenField("email", domain.ErrDuplicate.Error())
			}
			return err
		}
		// The token leaves this transaction in clear only in the answer;
		// the message carries it sealed for the e-mail.
		if err := a.announceWith(ctx, tx, verb, reg, ev, a.sealToken(token, reg.ID)); err != nil {
			return err
		}
		return a.announceSeats(ctx, tx, ev.ID)
	})
	if err != nil {
		return domain.Registration{}, "", fmt.Errorf("register for event %s: %w", req.EventID, err)
	}
	return reg, token, nil
}

// manageToken returns the manage token of a new registration and its hash:
// random, or derived from the request key when there is one.
func (a *App) manageToken(ctx context.Context, eventID, requestKey string) (string, []byte, error) {
	if requestKey == "" {
		return domain.NewToken()
	}
	secret, err := a.tokenSecret(ctx)
	if err != nil {
		return "", nil, err
	}
	token, hash := domain.TokenFor(secret, eventID, requestKey)
	return token, hash, nil
}

// tokenSecret reads the secret that derives manage tokens, once.
func (a *App) tokenSecret(ctx context.Context) ([]byte, error) {
	a.secretMu.Lock()
	defer a.secretMu.Unlock()
	if a.secret == nil {
		secret, err := store.Secret(ctx, a.db.R, "manage-token")
		if err != nil {
			return nil, err
		}
		a.secret = secret
	}
	return a.secret, nil
}

// Get returns a registration to an organiser or its token holder; to anyone
// else it does not exist.
func (a *App) Get(ctx context.Context, id, token string) (domain.Registration, error) {
	reg, err := store.GetRegistration(ctx, a.db.R, id)
	if err != nil {
		return domain.Registration{}, err
	}
	ev, err := store.GetEvent(ctx, a.db.R, reg.EventID)
	if err != nil {
		return domain.Registration{}, err
	}
	if !opens(ctx, reg, ev, token) {
		return domain.Registration{}, fmt.Errorf("registration %s: %w", id, domain.ErrNotFound)
	}
	return reg, nil
}

// Cancel cancels a registration for an organiser or its token holder and,
// if it held a seat, promotes from the waiting list in the same
// transaction. An organiser of the event without the token cancels as the
// organiser; with it, or anyone else, as the attendee. Cancelling twice is
// harmless.
func (a *App) Cancel(ctx context.Context, id, token string) error {
	err := a.db.InTx(ctx, func(tx sqlite.Tx) error {
		reg, err := store.GetRegistration(ctx, tx, id)
		if err != nil {
			return err
		}
		ev, err := store.GetEvent(ctx, tx, reg.EventID)
		if err != nil {
			return err
		}
		if !opens(ctx, reg, ev, token) {
			return fmt.Errorf("registration %s: %w", id, domain.ErrNotFound)
		}
		if !reg.Live() {
			return nil
		}
		by, reason := domain.CancelledByAttendee, "cancelled by the attendee"
		if manages(ctx, ev) && token == "" {
			by, reason = domain.CancelledByOrganiser, "cancelled by the organiser"
		}
		if err := a.cancel(ctx, tx, reg, ev, by, reason); err != nil {
			return err
		}
		if err := a.promote(ctx, tx, ev); err != nil {
			return err
		}
		if ev.Status == domain.EventCompleted {
			// A cancellation entered afterwards corrects the summary.
			if err := a.summarise(ctx, tx, ev.ID); err != nil {
				return err
			}
		}
		return a.announceSeats(ctx, tx, ev.ID)
	})
	if err != nil {
		return fmt.Errorf("cancel registration %s: %w", id, err)
	}
	return nil
}

func (a *App) cancel(ctx context.Context, tx sqlite.Tx, reg domain.Registration, ev domain.Event, by, reason string) error {
	now := a.now().UTC()
	reg.Status = domain.StatusCancelled
	reg.CancelledAt = &now
	reg.CancelledBy = by
	reg.CancellationReason = reason
	reg.WaitlistPosition = 0
	reg.Version++
	if err := store.SaveStatus(ctx, tx, reg); err != nil {
		return err
	}
	return a.announce(ctx, tx, subject.RegistrationCancelled, reg, ev)
}

// RegistrationQuery narrows an event's list of registrations. Zero fields
// do not narrow.
type RegistrationQuery struct {
	EventID string
	Status  domain.Status
	// Text finds a part of the name, e-mail address or organisation.
	Text string
	// CheckedIn, if set, keeps those (not) checked in.
	CheckedIn *bool
}

// RegistrationCursor is the position in a list of registrations: the
// arrival order (Seq) of the last one of the page before.
type RegistrationCursor int64

// List returns a page of an event's registrations in arrival order, and
// the token of the next page; for the organisers of the event.
func (a *App) List(ctx context.Context, q RegistrationQuery, p page.Request[RegistrationCursor]) ([]domain.Registration, string, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return nil, "", err
	}
	if _, err := managedEvent(ctx, a.db.R, q.EventID); err != nil {
		return nil, "", err
	}
	regs, err := store.ListRegistrations(ctx, a.db.R, store.ListFilter{EventID: q.EventID, Status: q.Status,
		Query: q.Text, CheckedIn: q.CheckedIn, AfterSeq: int64(p.After), Limit: p.Limit()})
	if err != nil {
		return nil, "", err
	}
	return page.Cut(p, regs, func(r domain.Registration) RegistrationCursor { return RegistrationCursor(r.Seq) })
}
