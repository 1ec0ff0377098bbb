package web

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/identity"
	"plein.dev/platform/rpcerr"
	"plein.dev/platform/testkit"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// ListIdeas of the console's plain fake: no ideas (the overview counts
// them); outcomesAmbassadors holds some.
func (f *staffAmbassadors) ListIdeas(ctx context.Context, _ *ambassadorsv1.ListIdeasRequest, _ ...grpc.CallOption) (*ambassadorsv1.ListIdeasResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	return &ambassadorsv1.ListIdeasResponse{}, nil
}

// outcomesAmbassadors is the console's fake of the ambassadors service
// with ideas, measurements and a report with the outcomes. Like the
// service, it answers about a programme (and its ideas and
// measurements) only to those who manage it, NotFound to the others.
type outcomesAmbassadors struct {
	*staffAmbassadors
	mu           sync.Mutex
	ideas        []*ambassadorsv1.Idea
	updates      []*ambassadorsv1.UpdateIdeaRequest
	measurements []*ambassadorsv1.Measurement
	recorded     []*ambassadorsv1.RecordMeasurementRequest
	deleted      []*ambassadorsv1.DeleteMeasurementRequest
}

// manages refuses a caller who does not manage the programme.
func (f *outcomesAmbassadors) manages(ctx context.Context, programmeID string) error {
	if err := asOrganiser(ctx); err != nil {
		return err
	}
	for _, p := range f.programmes {
		if p.GetId() == programmeID && identity.FromContext(ctx).Manages(p.GetOwnerOrganisationIds()...) {
			return nil
		}
	}
	return status.Error(codes.NotFound, "programme not found")
}

func (f *outcomesAmbassadors) ListIdeas(ctx context.Context, in *ambassadorsv1.ListIdeasRequest, _ ...grpc.CallOption) (*ambassadorsv1.ListIdeasResponse, error) {
	if err := f.manages(ctx, in.GetProgrammeId()); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	resp := &ambassadorsv1.ListIdeasResponse{}
	for _, x := range f.ideas {
		if x.GetProgrammeId() == in.GetProgrammeId() && (in.GetStatus() == "" || x.GetStatus() == in.GetStatus()) {
			resp.Items = append(resp.Items, proto.Clone(x).(*ambassadorsv1.Idea))
		}
	}
	return resp, nil
}

func (f *outcomesAmbassadors) idea(ctx context.Context, id string) (*ambassadorsv1.Idea, error) {
	f.mu.Lock()
	var found *ambassadorsv1.Idea
	for _, x := range f.ideas {
		if x.GetId() == id {
			found = x
		}
	}
	f.mu.Unlock()
	if found == nil {
		return nil, status.Error(codes.NotFound, "idea not found")
	}
	if err := f.manages(ctx, found.GetProgrammeId()); err != nil {
		return nil, status.Error(codes.NotFound, "idea not found")
	}
	return found, nil
}

func (f *outcomesAmbassadors) GetIdea(ctx context.Context, in *ambassadorsv1.GetIdeaRequest, _ ...grpc.CallOption) (*ambassadorsv1.GetIdeaResponse, error) {
	x, err := f.idea(ctx, in.GetIdeaId())
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return &ambassadorsv1.GetIdeaResponse{Idea: proto.Clone(x).(*ambassadorsv1.Idea)}, nil
}

// UpdateIdea moves an idea as the service does: new -> in-behandeling ->
// ondersteund | afgewezen, also straight from new; a decided idea stays.
func (f *outcomesAmbassadors) UpdateIdea(ctx context.Context, in *ambassadorsv1.UpdateIdeaRequest, _ ...grpc.CallOption) (*ambassadorsv1.UpdateIdeaResponse, error) {
	x, err := f.idea(ctx, in.GetIdeaId())
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updates = append(f.updates, in)
	if len([]rune(in.GetNote())) > 2000 {
		// As the service: the note's refusal is a FailedPrecondition too.
		return nil, rpcerr.Invalid(codes.FailedPrecondition, "note: at most 2000 characters",
			rpcerr.Violation{Field: "note", Reason: "at most 2000 characters"})
	}
	allowed := map[string][]string{"new": {"in-behandeling", "ondersteund", "afgewezen"}, "in-behandeling": {"ondersteund", "afgewezen"}}
	if !slices.Contains(allowed[x.GetStatus()], in.GetStatus()) {
		return nil, status.Errorf(codes.FailedPrecondition, "an idea %s cannot become %s", x.GetStatus(), in.GetStatus())
	}
	x.Status, x.Note, x.UpdatedAt, x.Version = in.GetStatus(), in.GetNote(), timestampOf(now), x.GetVersion()+1
	return &ambassadorsv1.UpdateIdeaResponse{Idea: proto.Clone(x).(*ambassadorsv1.Idea)}, nil
}

func (f *outcomesAmbassadors) ListMeasurements(ctx context.Context, in *ambassadorsv1.ListMeasurementsRequest, _ ...grpc.CallOption) (*ambassadorsv1.ListMeasurementsResponse, error) {
	if err := f.manages(ctx, in.GetProgrammeId()); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	resp := &ambassadorsv1.ListMeasurementsResponse{}
	for _, m := range f.measurements {
		if m.GetProgrammeId() == in.GetProgrammeId() {
			resp.Items = append(resp.Items, m)
		}
	}
	slices.SortStableFunc(resp.Items, func(a, b *ambassadorsv1.Measurement) int {
		return strings.Compare(b.GetOn(), a.GetOn())
	})
	return resp, nil
}

// RecordMeasurement refuses an indicator the programme lacks, as the
// service: InvalidArgument on the field.
func (f *outcomesAmbassadors) RecordMeasurement(ctx context.Context, in *ambassadorsv1.RecordMeasurementRequest, _ ...grpc.CallOption) (*ambassadorsv1.RecordMeasurementResponse, error) {
	if err := f.manages(ctx, in.GetProgrammeId()); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.recorded = append(f.recorded, in)
	if in.GetSource() == "onbekend" {
		return nil, rpcerr.Invalid(codes.InvalidArgument, "invalid", rpcerr.Violation{Field: "source", Reason: "not a source"})
	}
	m := &ambassadorsv1.Measurement{Id: "m" + string(rune('0'+len(f.measurements)+1)), ProgrammeId: in.GetProgrammeId(),
		Indicator: in.GetIndicator(), Value: in.GetValue(), On: in.GetOn(), Source: in.GetSource(), Note: in.GetNote()}
	f.measurements = append(f.measurements, m)
	return &ambassadorsv1.RecordMeasurementResponse{Measurement: m}, nil
}

func (f *outcomesAmbassadors) DeleteMeasurement(ctx context.Context, in *ambassadorsv1.DeleteMeasurementRequest, _ ...grpc.CallOption) (*ambassadorsv1.DeleteMeasurementResponse, error) {
	if err := f.manages(ctx, in.GetProgrammeId()); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deleted = append(f.deleted, in)
	i := slices.IndexFunc(f.measurements, func(m *ambassadorsv1.Measurement) bool {
		return m.GetId() == in.GetMeasurementId() && m.GetProgrammeId() == in.GetProgrammeId()
	})
	if i < 0 {
		return nil, status.Error(codes.NotFound, "measurement not found")
	}
	f.measurements = slices.Delete(f.measurements, i, i+1)
	return &ambassadorsv1.DeleteMeasurementResponse{}, nil
}

// GetProgrammeReport answers the report of issue 16: themes under a
// parent (innovatie over smart-industry and circulair), areas, sectors,
// companies, two indicators (one met, one at half) and a supported idea.
func (f *outcomesAmbassadors) GetProgrammeReport(ctx context.Context, in *ambassadorsv1.GetProgrammeReportRequest, opts ...grpc.CallOption) (*ambassadorsv1.GetProgrammeReportResponse, error) {
	resp, err := f.staffAmbassadors.GetProgrammeReport(ctx, in, opts...)
	if err != nil {
		return nil, err
	}
	jobs, funds := 40.0, 250000.0
	resp.ByTheme = []*ambassadorsv1.ReportRow{
		{Key: "onderwijs", Label: "onderwijs", Activities: 1},
		{Key: "smart-industry", Label: "smart industry", Activities: 2, Parent: "innovatie"},
		{Key: "innovatie", Label: "innovatie", Activities: 3},
		{Key: "circulair", Label: "circulair", Activities: 1, Parent: "innovatie"}}
	resp.ByArea = []*ambassadorsv1.ReportRow{{Key: "Havens", Label: "Havens", Activities: 3}, {Key: "", Activities: 1}}
	resp.BySector = []*ambassadorsv1.ReportRow{{Key: "maakindustrie", Label: "maakindustrie", Activities: 4}}
	resp.Companies = &ambassadorsv1.CompaniesReached{Unique: 7, FromActivities: 5, FromRegistrations: 3, SelfReported: 12}
	resp.Indicators = []*ambassadorsv1.IndicatorResult{
		{Indicator: &ambassadorsv1.Indicator{Key: "banen", Label: "Nieuwe banen", Unit: "count", Target: &jobs},
			Value: 48, Measurements: 2, PercentOfTarget: proto.Float64(120), LastMeasuredOn: "2026-11-01"},
		{Indicator: &ambassadorsv1.Indicator{Key: "externe-middelen", Label: "Externe middelen", Unit: "euro", Target: &funds},
			Value: 125000, Measurements: 1, PercentOfTarget: proto.Float64(50), LastMeasuredOn: "2026-10-15"},
		{Indicator: &ambassadorsv1.Indicator{Key: "tevredenheid", Label: "Tevredenheid", Unit: "percent"}}}
	resp.SupportedIdeas = []*ambassadorsv1.IdeaSummary{{Id: "idea9", Title: "Gedeelde werkplaats in de haven",
		Organisation: "Havenbedrijf", Themes: []string{"innovatie"}, DecidedOn: "2026-11-10", Note: "Past bij de speerpunten."}}
	return resp, nil
}

// newOutcomesFixture is the staff fixture with outcomesAmbassadors: prog1
// (the default organisation's) has two indicators, the new ideas idea1 and
// idea2, idea3 under consideration and idea4 declined, and measurements
// m1 and m2; prog2 belongs to another organisation, with idea5 and m3.
func newOutcomesFixture(t *testing.T) (*staffFixture, *outcomesAmbassadors) {
	t.Helper()
	f := newStaffFixture(t, false)
	jobs, funds := 40.0, 250000.0
	f.amb.programmes[0].Indicators = []*ambassadorsv1.Indicator{
		{Key: "banen", Label: "Nieuwe banen", Unit: "count", Target: &jobs},
		{Key: "externe-middelen", Label: "Externe middelen", Unit: "euro", Target: &funds}}
	f.amb.programmes = append(f.amb.programmes, &ambassadorsv1.Programme{Id: "prog2", Name: "Haven Noord",
		OwnerOrganisationIds: []string{"elders"}, Status: "active", StartsOn: "2026-01-01", EndsOn: "2026-12-31",
		Indicators: []*ambassadorsv1.Indicator{{Key: "banen", Label: "Banen", Unit: "count"}}})
	idea := func(id, prog, title, st string) *ambassadorsv1.Idea {
		return &ambassadorsv1.Idea{Id: id, ProgrammeId: prog, Title: title, Status: st, Name: "Sanne Bos",
			Email: "sanne@example.nl", Organisation: "Bos Techniek", KvkNumber: "12345678", Themes: []string{"innovatie"},
			Description: "Een gedeelde 3D-printer\nvoor kleine maakbedrijven.", CreatedAt: timestampOf(now.Add(-48 * time.Hour)),
			UpdatedAt: timestampOf(now.Add(-24 * time.Hour)), Language: "nl"}
	}
	a := &outcomesAmbassadors{staffAmbassadors: f.amb,
		ideas: []*ambassadorsv1.Idea{idea("idea1", "prog1", "Gedeelde 3D-printer", "new"),
			idea("idea2", "prog1", "Stage-uitwisseling", "new"), idea("idea3", "prog1", "Warmtenet", "in-behandeling"),
			idea("idea4", "prog1", "Zonnedaken", "afgewezen"), idea("idea5", "prog2", "Kadeplan", "new")},
		measurements: []*ambassadorsv1.Measurement{
			{Id: "m1", ProgrammeId: "prog1", Indicator: "banen", Value: 12, On: "2026-06-30", Source: "eigen telling"},
			{Id: "m2", ProgrammeId: "prog1", Indicator: "externe-middelen", Value: 125000.5, On: "2026-10-15", Source: "subsidiebesluit"},
			{Id: "m3", ProgrammeId: "prog2", Indicator: "banen", Value: 3, On: "2026-05-01"}}}
	a.ideas[3].Note = "Buiten de doelen van het programma."
	h, err := New(Options{Events: f.events, Registrations: f.regs, Ambassadors: a, Notifications: f.notes,
		BaseURL: "https://plein.example", Now: func() time.Time { return now }, Log: testkit.Logger(t),
		Staff: &Staff{Accounts: f.accounts, SessionTTL: time.Hour, Links: accounts.Links{BaseURL: "https://plein.example"}}})
	if err != nil {
		t.Fatal(err)
	}
	f.srv.Close()
	f.srv = httptest.NewServer(h)
	t.Cleanup(f.srv.Close)
	return f, a
}
