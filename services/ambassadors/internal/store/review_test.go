package store_test

import (
	"reflect"
	"testing"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/store"
)

// A programme's activities across its ambassadors, oldest first, narrowed
// by review status and paged after a position; other programmes' apart.
func TestProgrammeReviewList(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	withAmbassadors(t, db)
	approved := activity("c", "a2", "p1", "2025-03-01")
	approved.ReviewStatus = domain.ReviewApproved
	insertActivities(t, db, activity("b", "a1", "p1", "2025-06-01"), activity("a", "a2", "p1", "2025-06-01"),
		approved, activity("d", "a1", "p1", "2025-01-15"))

	for _, tc := range []struct {
		name string
		f    store.ReviewFilter
		want []string
	}{
		{"pending", store.ReviewFilter{ProgrammeID: "p1", Status: domain.ReviewPending, Limit: 10}, []string{"d", "a", "b"}},
		{"every status", store.ReviewFilter{ProgrammeID: "p1", Limit: 10}, []string{"d", "c", "a", "b"}},
		{"first page", store.ReviewFilter{ProgrammeID: "p1", Status: domain.ReviewPending, Limit: 2}, []string{"d", "a"}},
		{"after (2025-06-01, a)", store.ReviewFilter{ProgrammeID: "p1", Status: domain.ReviewPending, AfterOn: "2025-06-01", AfterID: "a", Limit: 2}, []string{"b"}},
		{"approved", store.ReviewFilter{ProgrammeID: "p1", Status: domain.ReviewApproved, Limit: 10}, []string{"c"}},
		{"another programme", store.ReviewFilter{ProgrammeID: "p2", Limit: 10}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := store.ProgrammeReviewList(ctx, db.R, tc.f)
			if err != nil || !reflect.DeepEqual(activityIDs(got), tc.want) {
				t.Fatalf("got %v, %v; want %v", activityIDs(got), err, tc.want)
			}
		})
	}
}
