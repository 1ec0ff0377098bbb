package grpcapi_test

import (
	"testing"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

func TestProgrammeReport(t *testing.T) {
	t.Parallel()
	w := seed(t)
	// Anouk's visit is approved, Bram's workshop still pending: the report
	// counts the approved one and shows the pending one apart.
	if _, err := w.client.ReviewActivity(asOrganiser(), &ambassadorsv1.ReviewActivityRequest{
		ActivityId: w.anouksVisit.GetId(), Decision: "approve"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.client.SetLeaderboardOptOut(asAmbassador(w.bram.GetId()), &ambassadorsv1.SetLeaderboardOptOutRequest{
		AmbassadorId: w.bram.GetId(), OptOut: true}); err != nil {
		t.Fatal(err)
	}
	r, err := w.client.GetProgrammeReport(asOrganiser(), &ambassadorsv1.GetProgrammeReportRequest{ProgrammeId: w.programme.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	if r.GetFrom() != "2025-01-01" || r.GetTo() != "2025-12-31" || r.GetTotals().GetActivities() != 1 ||
		r.GetTotals().GetPendingActivities() != 1 || r.GetTotals().GetMinutes() != 90 || len(r.GetByAmbassador()) != 2 ||
		r.GetByTheme()[0].GetActivities() != 1 || r.GetByTheme()[0].GetPendingActivities() != 1 {
		t.Fatalf("report = %v", r)
	}
	if lb := r.GetLeaderboard(); len(lb) != 1 || lb[0].GetAmbassadorId() != w.anouk.GetId() || lb[0].GetRank() != 1 {
		t.Fatalf("leaderboard = %v, want Anouk alone (Bram opted out)", lb)
	}
}
