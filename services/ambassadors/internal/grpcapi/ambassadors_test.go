package grpcapi_test

import (
	"context"
	"testing"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

func TestEmailIsPrivate(t *testing.T) {
	t.Parallel()
	w := seed(t)
	c := w.client
	anouk := w.anouk.GetId()
	for _, tc := range []struct {
		name          string
		ctx           context.Context
		wantEmail     string
		wantBramEmail string
	}{
		{"anonymous", anonymous(), "", ""},
		{"another ambassador", asAmbassador(w.bram.GetId()), "", "bram@example.nl"},
		{"the ambassador", asAmbassador(anouk), "anouk@example.nl", ""},
		{"organiser", asOrganiser(), "anouk@example.nl", "bram@example.nl"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.GetAmbassador(tc.ctx, &ambassadorsv1.GetAmbassadorRequest{AmbassadorId: anouk})
			if err != nil {
				t.Fatal(err)
			}
			a := got.GetAmbassador()
			if a.GetEmail() != tc.wantEmail || a.GetName() != "Anouk de Vries" || a.GetStatus() != "active" {
				t.Fatalf("ambassador = %v, want e-mail %q", a, tc.wantEmail)
			}
			list, err := c.ListAmbassadors(tc.ctx, &ambassadorsv1.ListAmbassadorsRequest{ProgrammeId: w.programme.GetId()})
			if err != nil {
				t.Fatal(err)
			}
			if len(list.GetItems()) != 2 {
				t.Fatalf("listed %v", list.GetItems())
			}
			for _, a := range list.GetItems() {
				want := tc.wantBramEmail
				if a.GetId() == anouk {
					want = tc.wantEmail
				}
				if a.GetEmail() != want {
					t.Fatalf("listed %v, want e-mail %q", a, want)
				}
			}
		})
	}
}
