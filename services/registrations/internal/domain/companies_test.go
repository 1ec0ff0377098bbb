package domain_test

import (
	"slices"
	"testing"

	"plein.dev/registrations/internal/domain"
)

func TestCompaniesReached(t *testing.T) {
	t.Parallel()
	in := func(kvk string) domain.Attendee { return domain.Attendee{KvKNumber: kvk, CheckedIn: true} }
	out := func(kvk string) domain.Attendee { return domain.Attendee{KvKNumber: kvk} }
	for name, c := range map[string]struct {
		attendees []domain.Attendee
		want      []string
	}{
		"nobody":                           {nil, nil},
		"the checked in, once, sorted":     {[]domain.Attendee{in("2"), out("3"), in("1"), in("2")}, []string{"1", "2"}},
		"nobody checked in: the confirmed": {[]domain.Attendee{out("2"), out("1"), out("2"), out("")}, []string{"1", "2"}},
		"checked in without a number":      {[]domain.Attendee{in(""), out("1")}, nil},
	} {
		if got := domain.CompaniesReached(c.attendees); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", name, got, c.want)
		}
	}
}
