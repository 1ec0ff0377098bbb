package grpcapi_test

import (
	"context"
	"fmt"
	"testing"

	"google.golang.org/grpc/codes"

	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

func TestActivityOwnership(t *testing.T) {
	t.Parallel()
	w := seed(t)
	c := w.client
	summary := "Bijgewerkt"
	anouk, bram := w.anouk.GetId(), w.bram.GetId()
	// A signed-in user linked to Anouk but without the ambassador role.
	roleless := identity.Outgoing(context.Background(), identity.Identity{UserID: "u-x", AmbassadorID: anouk})

	update := func(ctx context.Context, activityID string) error {
		_, err := c.UpdateActivity(ctx, &ambassadorsv1.UpdateActivityRequest{ActivityId: activityID, Summary: &summary})
		return err
	}
	del := func(ctx context.Context, activityID string) error {
		_, err := c.DeleteActivity(ctx, &ambassadorsv1.DeleteActivityRequest{ActivityId: activityID})
		return err
	}
	list := func(ctx context.Context, ambassadorID string) error {
		_, err := c.ListActivities(ctx, &ambassadorsv1.ListActivitiesRequest{AmbassadorId: ambassadorID})
		return err
	}
	logFor := func(ctx context.Context, ambassadorID string) error {
		_, err := c.LogActivity(ctx, &ambassadorsv1.LogActivityRequest{AmbassadorId: ambassadorID, Kind: "mentoring",
			OccurredOn: "2025-06-10", DurationMinutes: 60, Summary: "Mentorgesprek"})
		return err
	}

	for _, tc := range []struct {
		name string
		call func() error
		want codes.Code
	}{
		{"A updates B's activity", func() error { return update(asAmbassador(anouk), w.bramsWorkshop.GetId()) }, codes.PermissionDenied},
		{"A deletes B's activity", func() error { return del(asAmbassador(anouk), w.bramsWorkshop.GetId()) }, codes.PermissionDenied},
		{"A lists B's activities", func() error { return list(asAmbassador(anouk), bram) }, codes.PermissionDenied},
		{"A logs for B", func() error { return logFor(asAmbassador(anouk), bram) }, codes.PermissionDenied},
		{"A updates an activity that does not exist", func() error { return update(asAmbassador(anouk), "nope") }, codes.NotFound},
		{"A deletes an activity that does not exist", func() error { return del(asAmbassador(anouk), "nope") }, codes.NotFound},
		{"A lists activities of nobody", func() error { return list(asAmbassador(anouk), "nope") }, codes.NotFound},
		{"A's id without the ambassador role", func() error { return update(roleless, w.anouksVisit.GetId()) }, codes.PermissionDenied},
		{"A updates her own", func() error { return update(asAmbassador(anouk), w.anouksVisit.GetId()) }, codes.OK},
		{"A lists her own", func() error { return list(asAmbassador(anouk), anouk) }, codes.OK},
		{"A logs her own", func() error { return logFor(asAmbassador(anouk), anouk) }, codes.OK},
		{"organiser updates B's", func() error { return update(asOrganiser(), w.bramsWorkshop.GetId()) }, codes.OK},
		{"organiser lists B's", func() error { return list(asOrganiser(), bram) }, codes.OK},
		{"organiser logs for B", func() error { return logFor(asOrganiser(), bram) }, codes.OK},
		{"B deletes his own", func() error { return del(asAmbassador(bram), w.bramsWorkshop.GetId()) }, codes.OK},
		{"B's deleted activity is gone", func() error { return update(asOrganiser(), w.bramsWorkshop.GetId()) }, codes.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) { wantCode(t, tc.call(), tc.want) })
	}
}

func TestListActivitiesLatestFirst(t *testing.T) {
	t.Parallel()
	w := seed(t)
	c := w.client
	anouk := w.anouk.GetId()
	for _, on := range []string{"2025-03-01", "2025-06-15", "2025-04-01"} {
		if _, err := c.LogActivity(asOrganiser(), &ambassadorsv1.LogActivityRequest{AmbassadorId: anouk, Kind: "presentation",
			OccurredOn: on, DurationMinutes: 45, Summary: "Presentatie"}); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	token := ""
	for {
		r, err := c.ListActivities(asAmbassador(anouk), &ambassadorsv1.ListActivitiesRequest{AmbassadorId: anouk, PageSize: 3, PageToken: token})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range r.GetItems() {
			got = append(got, x.GetOccurredOn())
		}
		if token = r.GetNextPageToken(); token == "" {
			break
		}
	}
	want := []string{"2025-06-15", "2025-06-01", "2025-04-01", "2025-03-01"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("dates = %v, want %v", got, want)
	}
}
