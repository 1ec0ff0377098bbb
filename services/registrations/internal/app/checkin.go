package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"plein.dev/platform/identity"
	"plein.dev/platform/sqlite"
	"plein.dev/proto/subject"
	"plein.dev/registrations/internal/domain"
	"plein.dev/registrations/internal/render"
	"plein.dev/registrations/internal/store"
)

// CheckIn records that a confirmed attendee arrived, for organisers; a
// second check-in returns the first time.
func (a *App) CheckIn(ctx context.Context, id string) (time.Time, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return time.Time{}, err
	}
	var at time.Time
	err := a.db.InTx(ctx, func(tx sqlite.Tx) error {
		reg, err := a.checkIn(ctx, tx, id)
		if err != nil {
			return err
		}
		at = *reg.CheckedInAt
		return nil
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("check in %s: %w", id, err)
	}
	return at, nil
}

// CheckInByCode checks in the registration of an event with a check-in
// code as typed at the door, for organisers; it returns the registration as
// checked in.
func (a *App) CheckInByCode(ctx context.Context, eventID, code string) (domain.Registration, error) {
	if err := identity.Require(ctx, identity.RoleOrganiser); err != nil {
		return domain.Registration{}, err
	}
	var reg domain.Registration
	err := a.db.InTx(ctx, func(tx sqlite.Tx) error {
		if _, err := managedEvent(ctx, tx, eventID); err != nil {
			return err
		}
		id, err := store.RegistrationIDByCode(ctx, tx, eventID, domain.NormaliseCheckInCode(code))
		if err != nil {
			return err
		}
		reg, err = a.checkIn(ctx, tx, id)
		return err
	})
	if err != nil {
		return domain.Registration{}, fmt.Errorf("check in by code at event %s: %w", eventID, err)
	}
	return reg, nil
}

// checkIn checks in registration id, or leaves it checked in as it was;
// it returns the registration as checked in.
func (a *App) checkIn(ctx context.Context, tx sqlite.Tx, id string) (domain.Registration, error) {
	reg, err := store.GetRegistration(ctx, tx, id)
	if err != nil {
		return domain.Registration{}, err
	}
	ev, err := store.GetEvent(ctx, tx, reg.EventID)
	if err != nil {
		return domain.Registration{}, err
	}
	if !manages(ctx, ev) {
		return domain.Registration{}, fmt.Errorf("registration %s, of another organisation's event: %w", id, domain.ErrNotFound)
	}
	if reg.CheckedInAt != nil {
		return reg, nil
	}
	if err := reg.CanCheckIn(); err != nil {
		return domain.Registration{}, err
	}
	at := a.now().UTC().Truncate(time.Second)
	reg.CheckedInAt = &at
	reg.Version++
	if err := store.SaveStatus(ctx, tx, reg); err != nil {
		return domain.Registration{}, err
	}
	if err := a.announce(ctx, tx, subject.RegistrationCheckedIn, reg, ev); err != nil {
		return domain.Registration{}, err
	}
	if ev.Status == domain.EventCompleted {
		// A check-in entered afterwards corrects the summary.
		if err := a.summarise(ctx, tx, ev.ID); err != nil {
			return domain.Registration{}, err
		}
	}
	return reg, nil
}

// newCheckInCode returns a random check-in code the event has not given.
func newCheckInCode(ctx context.Context, tx sqlite.Tx, eventID string) (string, error) {
	for range 10 {
		code, err := domain.NewCheckInCode()
		if err != nil {
			return "", err
		}
		taken, err := store.CheckInCodeTaken(ctx, tx, eventID, code)
		if err != nil {
			return "", err
		}
		if !taken {
			return code, nil
		}
	}
	return "", errors.New("no free check-in code after 10 tries")
}

// QRFormat is the image format of a QR code.
type QRFormat string

// The formats of a QR code.
const (
	PNG QRFormat = "png"
	SVG QRFormat = "svg"
)

// QR is a registration's check-in code and its QR code.
type QR struct {
	Code   string
	Format QRFormat
	Image  []byte
}

// QR draws the QR code of a registration's check-in code, for an organiser
// or the registration's token holder.
func (a *App) QR(ctx context.Context, id, token string, format QRFormat) (QR, error) {
	reg, err := a.Get(ctx, id, token)
	if err != nil {
		return QR{}, err
	}
	if err := reg.HasCheckInCode(); err != nil {
		return QR{}, fmt.Errorf("qr code of %s: %w", id, err)
	}
	qr := QR{Code: reg.CheckInCode, Format: format}
	switch format {
	case SVG:
		qr.Image, err = render.QRSVG(reg.CheckInCode)
	default:
		qr.Format = PNG
		qr.Image, err = render.QRPNG(reg.CheckInCode)
	}
	if err != nil {
		return QR{}, fmt.Errorf("qr code of %s: %w", id, err)
	}
	return qr, nil
}
