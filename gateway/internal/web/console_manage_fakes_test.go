package web

import (
	"context"
	"slices"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/rpcerr"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
	notificationsv1 "plein.dev/proto/gen/plein/notifications/v1"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// Fakes of the calls behind the questions editor, moving someone off the
// waiting list, the programme and appointment forms, the review queue and
// the e-mail log; like the others they check the caller's role.

func (f *staffAmbassadors) ListProgrammeActivities(ctx context.Context, in *ambassadorsv1.ListProgrammeActivitiesRequest, _ ...grpc.CallOption) (*ambassadorsv1.ListProgrammeActivitiesResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	of := map[string]string{} // ambassador -> programme
	for _, a := range f.ambassadors {
		of[a.GetId()] = a.GetProgrammeId()
	}
	resp := &ambassadorsv1.ListProgrammeActivitiesResponse{}
	for _, x := range f.activities {
		if of[x.GetAmbassadorId()] == in.GetProgrammeId() && (in.GetStatus() == "" || x.GetReviewStatus() == in.GetStatus()) {
			resp.Items = append(resp.Items, x)
		}
	}
	return resp, nil
}

func (f *staffAmbassadors) CreateProgramme(ctx context.Context, in *ambassadorsv1.CreateProgrammeRequest, _ ...grpc.CallOption) (*ambassadorsv1.CreateProgrammeResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	if in.GetEndsOn() < in.GetStartsOn() {
		return nil, rpcerr.Invalid(codes.FailedPrecondition, "ends before it starts", rpcerr.Violation{Field: "endsOn", Reason: "before startsOn"})
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	p := &ambassadorsv1.Programme{Id: "prog" + string(rune('1'+len(f.programmes))), Name: in.GetName(), Municipality: in.GetMunicipality(),
		Description: in.GetDescription(), Themes: in.GetThemes(), StartsOn: in.GetStartsOn(), EndsOn: in.GetEndsOn(),
		Targets: in.GetTargets(), Status: "active", OwnerOrganisationIds: []string{"default"}}
	f.programmes = append(f.programmes, p)
	return &ambassadorsv1.CreateProgrammeResponse{Programme: p}, nil
}

func (f *staffAmbassadors) UpdateProgramme(ctx context.Context, in *ambassadorsv1.UpdateProgrammeRequest, _ ...grpc.CallOption) (*ambassadorsv1.UpdateProgrammeResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.programmes {
		if p.GetId() == in.GetProgrammeId() {
			if in.Status != nil {
				p.Status = in.GetStatus()
				for _, a := range f.ambassadors {
					if a.GetProgrammeId() == p.GetId() {
						a.Status = "alumni"
					}
				}
				return &ambassadorsv1.UpdateProgrammeResponse{Programme: p}, nil
			}
			p.Name, p.Description, p.EndsOn = in.GetName(), in.GetDescription(), in.GetEndsOn()
			if in.GetSetThemes() {
				p.Themes = in.GetThemes()
			}
			if in.GetSetTargets() {
				p.Targets = in.GetTargets()
			}
			return &ambassadorsv1.UpdateProgrammeResponse{Programme: p}, nil
		}
	}
	return nil, status.Error(codes.NotFound, "not found")
}

func (f *staffAmbassadors) AppointAmbassador(ctx context.Context, in *ambassadorsv1.AppointAmbassadorRequest, _ ...grpc.CallOption) (*ambassadorsv1.AppointAmbassadorResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range f.ambassadors {
		if a.GetProgrammeId() == in.GetProgrammeId() && a.GetEmail() == in.GetEmail() {
			return nil, rpcerr.Invalid(codes.AlreadyExists, "taken", rpcerr.Violation{Field: "email", Reason: "in this programme already"})
		}
	}
	a := &ambassadorsv1.Ambassador{Id: "amb" + string(rune('1'+len(f.ambassadors))), ProgrammeId: in.GetProgrammeId(),
		Name: in.GetName(), Email: in.GetEmail(), Organisation: in.GetOrganisation(), AppointedOn: in.GetAppointedOn(),
		TermEndsOn: in.GetTermEndsOn(), Status: "active"}
	f.ambassadors = append(f.ambassadors, a)
	return &ambassadorsv1.AppointAmbassadorResponse{Ambassador: a}, nil
}

// PromoteRegistration confirms a waitlisted registration while the
// capacity of 10 (as GetAttendance tells) has a free seat.
func (f *staffRegistrations) PromoteRegistration(ctx context.Context, in *registrationsv1.PromoteRegistrationRequest, _ ...grpc.CallOption) (*registrationsv1.PromoteRegistrationResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.get(in.GetRegistrationId())
	if r == nil {
		return nil, status.Error(codes.NotFound, "not found")
	}
	if r.GetStatus() != "waitlisted" {
		return nil, rpcerr.Invalid(codes.FailedPrecondition, "not waitlisted", rpcerr.Violation{Field: "status", Reason: "not waitlisted"})
	}
	confirmed := 0
	for _, o := range f.regs {
		if o.GetEventId() == r.GetEventId() && o.GetStatus() == "confirmed" {
			confirmed++
		}
	}
	if confirmed >= f.capacity {
		return nil, rpcerr.Invalid(codes.AlreadyExists, "no seat is free", rpcerr.Violation{Field: "seats", Reason: "all taken"})
	}
	r.Status, r.WaitlistPosition = "confirmed", nil
	return &registrationsv1.PromoteRegistrationResponse{Registration: r}, nil
}

func (f *staffRegistrations) ListEventQuestions(ctx context.Context, in *registrationsv1.ListEventQuestionsRequest, _ ...grpc.CallOption) (*registrationsv1.ListEventQuestionsResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return &registrationsv1.ListEventQuestionsResponse{Items: f.questions[in.GetEventId()]}, nil
}

func (f *staffRegistrations) SetEventQuestions(ctx context.Context, in *registrationsv1.SetEventQuestionsRequest, _ ...grpc.CallOption) (*registrationsv1.SetEventQuestionsResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	for _, q := range in.GetQuestions() {
		if q.GetKind() == "single-choice" && slices.Contains(q.GetOptions(), "") {
			return nil, rpcerr.Invalid(codes.InvalidArgument, "empty choice")
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.questions == nil {
		f.questions = map[string][]*registrationsv1.Question{}
	}
	f.questions[in.GetEventId()] = in.GetQuestions()
	return &registrationsv1.SetEventQuestionsResponse{Items: in.GetQuestions()}, nil
}

type staffNotifications struct {
	notificationsv1.NotificationsServiceClient
	emails []*notificationsv1.Email
	asked  []*notificationsv1.ListEmailsRequest
}

func (f *staffNotifications) ListEmails(ctx context.Context, in *notificationsv1.ListEmailsRequest, _ ...grpc.CallOption) (*notificationsv1.ListEmailsResponse, error) {
	if err := asOrganiser(ctx); err != nil {
		return nil, err
	}
	f.asked = append(f.asked, in)
	resp := &notificationsv1.ListEmailsResponse{}
	for _, m := range f.emails {
		if (in.GetEventId() == "" || m.GetEventId() == in.GetEventId()) && (in.GetTo() == "" || m.GetTo() == in.GetTo()) &&
			(in.GetStatus() == "" || m.GetStatus() == in.GetStatus()) {
			resp.Items = append(resp.Items, m)
		}
	}
	return resp, nil
}
