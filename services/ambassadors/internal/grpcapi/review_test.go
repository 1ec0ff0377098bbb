package grpcapi_test

import (
	"slices"
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

// The review queue of a programme: organisers only, pending activities of
// every ambassador, oldest first, paged; a reviewed one leaves it.
func TestListProgrammeActivities(t *testing.T) {
	t.Parallel()
	w := seed(t)
	c := w.client
	pid := w.programme.GetId()
	pending := &ambassadorsv1.ListProgrammeActivitiesRequest{ProgrammeId: pid, Status: "pending"}
	_, err := c.ListProgrammeActivities(asAmbassador(w.anouk.GetId()), pending)
	wantCode(t, err, codes.PermissionDenied)
	_, err = c.ListProgrammeActivities(anonymous(), pending)
	wantCode(t, err, codes.Unauthenticated)
	_, err = c.ListProgrammeActivities(asOrganiser(), &ambassadorsv1.ListProgrammeActivitiesRequest{ProgrammeId: pid, Status: "maybe"})
	wantViolation(t, err, codes.InvalidArgument, "status")
	_, err = c.ListProgrammeActivities(asOrganiser(), &ambassadorsv1.ListProgrammeActivitiesRequest{ProgrammeId: "nope", Status: "pending"})
	wantCode(t, err, codes.NotFound)

	ids := func(req *ambassadorsv1.ListProgrammeActivitiesRequest) ([]string, string) {
		t.Helper()
		r, err := c.ListProgrammeActivities(asOrganiser(), req)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, x := range r.GetItems() {
			out = append(out, x.GetId())
		}
		return out, r.GetNextPageToken()
	}
	both := []string{w.anouksVisit.GetId(), w.bramsWorkshop.GetId()}
	slices.Sort(both) // same date: by id
	first, next := ids(&ambassadorsv1.ListProgrammeActivitiesRequest{ProgrammeId: pid, Status: "pending", PageSize: 1})
	if !slices.Equal(first, both[:1]) || next == "" {
		t.Fatalf("first page = %v (next %q), want %v", first, next, both[:1])
	}
	second, next := ids(&ambassadorsv1.ListProgrammeActivitiesRequest{ProgrammeId: pid, Status: "pending", PageSize: 1, PageToken: next})
	if !slices.Equal(second, both[1:]) || next != "" {
		t.Fatalf("second page = %v (next %q), want %v", second, next, both[1:])
	}

	if _, err := c.ReviewActivity(asOrganiser(), &ambassadorsv1.ReviewActivityRequest{ActivityId: both[0], Decision: "approve"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := ids(pending); !slices.Equal(got, both[1:]) {
		t.Fatalf("pending after approving %s = %v", both[0], got)
	}
	if got, _ := ids(&ambassadorsv1.ListProgrammeActivitiesRequest{ProgrammeId: pid, Status: "approved"}); !slices.Equal(got, both[:1]) {
		t.Fatalf("approved = %v", got)
	}
	if got, _ := ids(&ambassadorsv1.ListProgrammeActivitiesRequest{ProgrammeId: pid}); !slices.Equal(got, both) {
		t.Fatalf("every status = %v", got)
	}
}
