package grpcapi_test

import (
	"testing"

	"google.golang.org/grpc/codes"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

func TestReviewActivity(t *testing.T) {
	t.Parallel()
	w := seed(t)
	c := w.client
	id := w.anouksVisit.GetId()
	// Only organisers review.
	_, err := c.ReviewActivity(asAmbassador(w.anouk.GetId()), &ambassadorsv1.ReviewActivityRequest{ActivityId: id, Decision: "approve"})
	wantCode(t, err, codes.PermissionDenied)
	_, err = c.ReviewActivity(anonymous(), &ambassadorsv1.ReviewActivityRequest{ActivityId: id, Decision: "approve"})
	wantCode(t, err, codes.Unauthenticated)
	_, err = c.ReviewActivity(asOrganiser(), &ambassadorsv1.ReviewActivityRequest{ActivityId: id, Decision: "maybe"})
	wantViolation(t, err, codes.InvalidArgument, "decision")
	_, err = c.ReviewActivity(asOrganiser(), &ambassadorsv1.ReviewActivityRequest{ActivityId: id, Decision: "return"})
	wantViolation(t, err, codes.FailedPrecondition, "comment")
	_, err = c.ReviewActivity(asOrganiser(), &ambassadorsv1.ReviewActivityRequest{ActivityId: "nope", Decision: "approve"})
	wantCode(t, err, codes.NotFound)

	r, err := c.ReviewActivity(asOrganiser(), &ambassadorsv1.ReviewActivityRequest{ActivityId: id, Decision: "return",
		Comment: "Welk bedrijf was het?"})
	if err != nil {
		t.Fatal(err)
	}
	if r.GetActivity().GetReviewStatus() != "returned" || r.GetActivity().GetReviewComment() != "Welk bedrijf was het?" {
		t.Fatalf("returned activity = %v", r.GetActivity())
	}
	// The ambassador's change sends it back for review.
	summary := "Bezoek aan RDM Makerspace"
	u, err := c.UpdateActivity(asAmbassador(w.anouk.GetId()), &ambassadorsv1.UpdateActivityRequest{ActivityId: id, Summary: &summary})
	if err != nil {
		t.Fatal(err)
	}
	if u.GetActivity().GetReviewStatus() != "pending" || u.GetActivity().GetReviewComment() != "" {
		t.Fatalf("changed activity = %v", u.GetActivity())
	}
	r, err = c.ReviewActivity(asOrganiser(), &ambassadorsv1.ReviewActivityRequest{ActivityId: id, Decision: "approve"})
	if err != nil || r.GetActivity().GetReviewStatus() != "approved" {
		t.Fatalf("approve: %v, %v", r, err)
	}
}
