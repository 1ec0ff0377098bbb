package grpcapi_test

import (
	"fmt"
	"testing"

	"google.golang.org/grpc/codes"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

func TestCloseProgramme(t *testing.T) {
	t.Parallel()
	w := seed(t)
	c := w.client
	closed := "closed"
	r, err := c.UpdateProgramme(asOrganiser(), &ambassadorsv1.UpdateProgrammeRequest{ProgrammeId: w.programme.GetId(), Status: &closed})
	if err != nil {
		t.Fatal(err)
	}
	if r.GetProgramme().GetStatus() != "closed" || r.GetProgramme().GetVersion() != 2 {
		t.Fatalf("programme = %v", r.GetProgramme())
	}
	a, err := c.GetAmbassador(anonymous(), &ambassadorsv1.GetAmbassadorRequest{AmbassadorId: w.anouk.GetId()})
	if err != nil || a.GetAmbassador().GetStatus() != "alumni" {
		t.Fatalf("ambassador = %v, %v", a.GetAmbassador(), err)
	}
	_, err = c.AppointAmbassador(asOrganiser(), &ambassadorsv1.AppointAmbassadorRequest{ProgrammeId: w.programme.GetId(),
		Name: "Cas", Email: "cas@example.nl", AppointedOn: "2025-02-01", TermEndsOn: "2026-01-31"})
	wantCode(t, err, codes.FailedPrecondition)
	_, err = c.LogActivity(asAmbassador(w.anouk.GetId()), &ambassadorsv1.LogActivityRequest{AmbassadorId: w.anouk.GetId(),
		Kind: "media", OccurredOn: "2025-06-01", Summary: "Interview"})
	wantCode(t, err, codes.FailedPrecondition)
}

func TestListProgrammesPages(t *testing.T) {
	t.Parallel()
	c := start(t)
	want := map[string]bool{}
	for i := range 5 {
		// Created out of start order, listed in start order.
		r, err := c.CreateProgramme(asOrganiser(), &ambassadorsv1.CreateProgrammeRequest{
			Name: fmt.Sprintf("Programma %d", i), Municipality: "Almere",
			StartsOn: fmt.Sprintf("202%d-01-01", 5-i), EndsOn: "2030-12-31",
		})
		if err != nil {
			t.Fatal(err)
		}
		want[r.GetProgramme().GetId()] = true
	}
	var token, lastStart string
	pages := 0
	for {
		r, err := c.ListProgrammes(anonymous(), &ambassadorsv1.ListProgrammesRequest{PageSize: 2, PageToken: token})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, p := range r.GetItems() {
			if !want[p.GetId()] {
				t.Fatalf("programme %s listed twice or unknown", p.GetId())
			}
			delete(want, p.GetId())
			if p.GetStartsOn() < lastStart {
				t.Fatalf("out of order: %s after %s", p.GetStartsOn(), lastStart)
			}
			lastStart = p.GetStartsOn()
		}
		if token = r.GetNextPageToken(); token == "" {
			break
		}
	}
	if pages != 3 || len(want) != 0 {
		t.Fatalf("%d pages, %d programmes not listed", pages, len(want))
	}
}
