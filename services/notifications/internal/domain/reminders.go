package domain

import "time"

// ReminderCause identifies the reminder of a registration: one per
// registration, ever, whatever moves.
func ReminderCause(registrationID string) string { return "reminder:" + registrationID }

// ReminderDue reports whether a confirmed registration is reminded at now,
// lead before its event starts: not before, not once the event has
// started, and never when the person registered less than lead before the
// start (they have just been told).
func ReminderDue(r Registration, lead time.Duration, now time.Time) bool {
	start := r.Event.StartsAt
	if lead <= 0 || r.Status != StatusConfirmed || start.IsZero() {
		return false
	}
	remindAt := start.Add(-lead)
	return !now.Before(remindAt) && now.Before(start) && !r.RegisteredAt.After(remindAt)
}

// ReminderLetter returns the reminder of a registration.
func ReminderLetter(r Registration) (Letter, error) {
	if err := r.addressable(); err != nil {
		return Letter{}, err
	}
	return Letter{Kind: KindReminder, Language: LanguageOf(r.Language), To: Recipient{Name: r.Name, Email: r.Email},
		Registration: &r}, nil
}
