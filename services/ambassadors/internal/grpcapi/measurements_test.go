package grpcapi_test

import (
	"testing"

	"google.golang.org/grpc/codes"

	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

func TestMeasurements(t *testing.T) {
	t.Parallel()
	c := start(t)
	p := outlined(t, c)
	pid := p.GetId()
	record := func(indicator string, value float64, on string) *ambassadorsv1.Measurement {
		t.Helper()
		r, err := c.RecordMeasurement(asOrganiser(), &ambassadorsv1.RecordMeasurementRequest{ProgrammeId: pid,
			Indicator: indicator, Value: value, On: on, Source: " CBS ", Note: "eerste telling"})
		if err != nil {
			t.Fatal(err)
		}
		return r.GetMeasurement()
	}
	first := record("banen", 12, "2025-03-01")
	if first.GetId() == "" || first.GetSource() != "CBS" || first.GetValue() != 12 || first.GetOn() != "2025-03-01" {
		t.Fatalf("recorded = %v", first)
	}
	record("externe-middelen", 250000, "2025-05-01")
	record("banen", 3, "2025-04-01")

	// Newest day first, paged; filtered by indicator.
	l, err := c.ListMeasurements(asOrganiser(), &ambassadorsv1.ListMeasurementsRequest{ProgrammeId: pid, PageSize: 2})
	if err != nil || len(l.GetItems()) != 2 || l.GetItems()[0].GetOn() != "2025-05-01" || l.GetItems()[1].GetOn() != "2025-04-01" || l.GetNextPageToken() == "" {
		t.Fatalf("first page = %v, %v", l, err)
	}
	l, err = c.ListMeasurements(asOrganiser(), &ambassadorsv1.ListMeasurementsRequest{ProgrammeId: pid, PageSize: 2, PageToken: l.GetNextPageToken()})
	if err != nil || len(l.GetItems()) != 1 || l.GetItems()[0].GetId() != first.GetId() || l.GetNextPageToken() != "" {
		t.Fatalf("second page = %v, %v", l, err)
	}
	l, err = c.ListMeasurements(asOrganiser(), &ambassadorsv1.ListMeasurementsRequest{ProgrammeId: pid, Indicator: "banen"})
	if err != nil || len(l.GetItems()) != 2 {
		t.Fatalf("banen = %v, %v", l, err)
	}

	// Refusals.
	_, err = c.RecordMeasurement(asOrganiser(), &ambassadorsv1.RecordMeasurementRequest{ProgrammeId: pid, Indicator: "omzet",
		Value: 1, On: "2025-03-01"})
	wantViolation(t, err, codes.InvalidArgument, "indicator")
	_, err = c.RecordMeasurement(asOrganiser(), &ambassadorsv1.RecordMeasurementRequest{ProgrammeId: pid, Indicator: "banen",
		Value: 1, On: "2025-02-30"})
	wantViolation(t, err, codes.InvalidArgument, "on")

	// Scope: another organisation's organiser finds nothing; an ambassador
	// and the anonymous have no business here.
	for _, tc := range []struct {
		name string
		call func() error
		want codes.Code
	}{
		{"record as other organiser", func() error {
			_, err := c.RecordMeasurement(organiserOf("gm0453"), &ambassadorsv1.RecordMeasurementRequest{ProgrammeId: pid,
				Indicator: "banen", Value: 1, On: "2025-03-01"})
			return err
		}, codes.NotFound},
		{"list as other organiser", func() error {
			_, err := c.ListMeasurements(organiserOf("gm0453"), &ambassadorsv1.ListMeasurementsRequest{ProgrammeId: pid})
			return err
		}, codes.NotFound},
		{"delete as other organiser", func() error {
			_, err := c.DeleteMeasurement(organiserOf("gm0453"), &ambassadorsv1.DeleteMeasurementRequest{ProgrammeId: pid, MeasurementId: first.GetId()})
			return err
		}, codes.NotFound},
		{"list as ambassador", func() error {
			_, err := c.ListMeasurements(asAmbassador("a1"), &ambassadorsv1.ListMeasurementsRequest{ProgrammeId: pid})
			return err
		}, codes.PermissionDenied},
		{"list anonymously", func() error {
			_, err := c.ListMeasurements(anonymous(), &ambassadorsv1.ListMeasurementsRequest{ProgrammeId: pid})
			return err
		}, codes.Unauthenticated},
		{"delete of another programme", func() error {
			other := outlined(t, c)
			_, err := c.DeleteMeasurement(asOrganiser(), &ambassadorsv1.DeleteMeasurementRequest{ProgrammeId: other.GetId(), MeasurementId: first.GetId()})
			return err
		}, codes.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) { wantCode(t, tc.call(), tc.want) })
	}

	// An indicator with measurements stays until they are deleted.
	onlyJobs := &ambassadorsv1.UpdateProgrammeRequest{ProgrammeId: pid, SetIndicators: true,
		Indicators: []*ambassadorsv1.Indicator{{Key: "banen", Label: "Banen", Unit: "count"}}}
	_, err = c.UpdateProgramme(asOrganiser(), onlyJobs)
	wantViolation(t, err, codes.FailedPrecondition, "indicators")
	l, _ = c.ListMeasurements(asOrganiser(), &ambassadorsv1.ListMeasurementsRequest{ProgrammeId: pid, Indicator: "externe-middelen"})
	for _, m := range l.GetItems() {
		if _, err := c.DeleteMeasurement(asOrganiser(), &ambassadorsv1.DeleteMeasurementRequest{ProgrammeId: pid, MeasurementId: m.GetId()}); err != nil {
			t.Fatal(err)
		}
	}
	if u, err := c.UpdateProgramme(asOrganiser(), onlyJobs); err != nil || len(u.GetProgramme().GetIndicators()) != 1 {
		t.Fatalf("removing the indicator without measurements: %v, %v", u, err)
	}
	_, err = c.DeleteMeasurement(asOrganiser(), &ambassadorsv1.DeleteMeasurementRequest{ProgrammeId: pid, MeasurementId: l.GetItems()[0].GetId()})
	wantCode(t, err, codes.NotFound)
}
