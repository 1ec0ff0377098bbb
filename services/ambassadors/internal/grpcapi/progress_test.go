package grpcapi_test

import (
	"testing"

	"google.golang.org/grpc/codes"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

func TestProgress(t *testing.T) {
	t.Parallel()
	w := seed(t)
	c := w.client
	// Anouk: one company visit (pending) of 10 a year; her term runs from
	// 2025-02-01, so her 2025 period is 2025-02-01..2025-12-31 (334 days),
	// of which 135 have passed on 15 June: 10*135/334 = 4 expected.
	r, err := c.GetAmbassadorProgress(asAmbassador(w.anouk.GetId()), &ambassadorsv1.GetAmbassadorProgressRequest{AmbassadorId: w.anouk.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	tp := r.GetProgress().GetTargets()
	if r.GetAsOf() != "2025-06-15" || len(tp) != 1 || tp[0].GetFrom() != "2025-02-01" || tp[0].GetTo() != "2025-12-31" ||
		tp[0].GetApproved() != 0 || tp[0].GetPending() != 1 || tp[0].GetExpectedByNow() != 4 || tp[0].GetState() != "behind" ||
		!r.GetProgress().GetBehind() {
		t.Fatalf("progress = %v", r)
	}
	_, err = c.GetAmbassadorProgress(asAmbassador(w.bram.GetId()), &ambassadorsv1.GetAmbassadorProgressRequest{AmbassadorId: w.anouk.GetId()})
	wantCode(t, err, codes.PermissionDenied)
	_, err = c.GetProgrammeProgress(asAmbassador(w.anouk.GetId()), &ambassadorsv1.GetProgrammeProgressRequest{ProgrammeId: w.programme.GetId()})
	wantCode(t, err, codes.PermissionDenied)
	pr, err := c.GetProgrammeProgress(asOrganiser(), &ambassadorsv1.GetProgrammeProgressRequest{ProgrammeId: w.programme.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	// Bram logged a workshop, which the company-visit target does not count.
	if len(pr.GetAmbassadors()) != 2 || pr.GetAmbassadors()[1].GetTargets()[0].GetPending() != 0 ||
		pr.GetAmbassadors()[0].GetTargets()[0].GetPending() != 1 {
		t.Fatalf("programme progress = %v", pr)
	}
}
