package web

import (
	"context"
	"regexp"
	"slices"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/identity"
	"plein.dev/platform/rpcerr"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// kvkPattern is the services' rule for a KvK number: eight digits or none.
var kvkPattern = regexp.MustCompile(`^([0-9]{8})?$`)

// ideaAmbassadors adds reading one programme and submitting ideas to the
// ambassadors fake, with the service's rules the form shows: consent,
// the KvK number, the programme's themes, an active programme.
type ideaAmbassadors struct {
	*fakeAmbassadors
	mu        sync.Mutex
	submitted []*ambassadorsv1.SubmitIdeaRequest
	// fail, when set, is returned by SubmitIdea.
	fail error
}

// withIdeas makes the fixture's ambassadors fake take ideas.
func withIdeas(ia **ideaAmbassadors) func(*Options) {
	return func(o *Options) {
		*ia = &ideaAmbassadors{fakeAmbassadors: o.Ambassadors.(*fakeAmbassadors)}
		o.Ambassadors = *ia
	}
}

func (f *ideaAmbassadors) programme(id string) *ambassadorsv1.Programme {
	for _, p := range f.programmes {
		if p.GetId() == id {
			return p
		}
	}
	return nil
}

func (f *ideaAmbassadors) GetProgramme(ctx context.Context, in *ambassadorsv1.GetProgrammeRequest, _ ...grpc.CallOption) (*ambassadorsv1.GetProgrammeResponse, error) {
	if !identity.FromContext(ctx).Anonymous() {
		panic("pages must call as a visitor")
	}
	if p := f.programme(in.GetProgrammeId()); p != nil {
		return &ambassadorsv1.GetProgrammeResponse{Programme: p}, nil
	}
	return nil, status.Error(codes.NotFound, "not found")
}

func (f *ideaAmbassadors) SubmitIdea(_ context.Context, in *ambassadorsv1.SubmitIdeaRequest, _ ...grpc.CallOption) (*ambassadorsv1.SubmitIdeaResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return nil, f.fail
	}
	p := f.programme(in.GetProgrammeId())
	if p == nil {
		return nil, status.Error(codes.NotFound, "not found")
	}
	var vs []rpcerr.Violation
	if !kvkPattern.MatchString(in.GetKvkNumber()) {
		vs = append(vs, rpcerr.Violation{Field: "kvkNumber", Reason: "must be eight digits"})
	}
	if !in.GetConsent() {
		vs = append(vs, rpcerr.Violation{Field: "consent", Reason: "required"})
	}
	for i, t := range in.GetThemes() {
		if !slices.Contains(p.GetThemes(), t) {
			vs = append(vs, rpcerr.Violation{Field: "themes[" + string(rune('0'+i)) + "]", Reason: "not a theme of the programme"})
		}
	}
	if len(vs) > 0 {
		return nil, rpcerr.Invalid(codes.InvalidArgument, "invalid", vs...)
	}
	if p.GetStatus() != "active" {
		return nil, status.Error(codes.FailedPrecondition, "the programme is closed")
	}
	f.submitted = append(f.submitted, in)
	return &ambassadorsv1.SubmitIdeaResponse{Idea: &ambassadorsv1.Idea{Id: "idea1", ProgrammeId: p.GetId(), Status: "new"}}, nil
}

// last is the idea submitted last, nil if none.
func (f *ideaAmbassadors) last() *ambassadorsv1.SubmitIdeaRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.submitted) == 0 {
		return nil
	}
	return f.submitted[len(f.submitted)-1]
}
