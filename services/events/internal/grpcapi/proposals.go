package grpcapi

import (
	"context"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/protoconv"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// ProposeEvent implements eventsv1.EventsServiceServer.
func (s *Server) ProposeEvent(ctx context.Context, req *eventsv1.ProposeEventRequest) (*eventsv1.ProposeEventResponse, error) {
	e := domain.Event{
		Title:             req.GetTitle(),
		Description:       req.GetDescription(),
		ProgrammeID:       req.GetProgrammeId(),
		Themes:            req.GetThemes(),
		RoomID:            req.GetRoomId(),
		Location:          req.GetLocation(),
		StartsAt:          req.GetStartsAt().AsTime(),
		EndsAt:            req.GetEndsAt().AsTime(),
		Capacity:          int(req.GetCapacity()),
		Visibility:        domain.Visibility(req.GetVisibility()),
		HostAmbassadorIDs: req.GetHostAmbassadorIds(),
		Accessibility:     protoconv.AccessibilityFrom(req.GetAccessibility()),
	}
	p, err := s.app.Propose(ctx, e, req.Capacity != nil)
	if err != nil {
		return nil, s.status(ctx, "propose event", err)
	}
	return &eventsv1.ProposeEventResponse{Event: protoconv.Event(p)}, nil
}

// ApproveEvent implements eventsv1.EventsServiceServer.
func (s *Server) ApproveEvent(ctx context.Context, req *eventsv1.ApproveEventRequest) (*eventsv1.ApproveEventResponse, error) {
	e, err := s.app.Approve(ctx, req.GetEventId(), req.GetPublish())
	if err != nil {
		return nil, s.status(ctx, "approve event", err)
	}
	return &eventsv1.ApproveEventResponse{Event: protoconv.Event(e)}, nil
}

// DeclineEvent implements eventsv1.EventsServiceServer.
func (s *Server) DeclineEvent(ctx context.Context, req *eventsv1.DeclineEventRequest) (*eventsv1.DeclineEventResponse, error) {
	e, err := s.app.Decline(ctx, req.GetEventId(), req.GetReason())
	if err != nil {
		return nil, s.status(ctx, "decline event", err)
	}
	return &eventsv1.DeclineEventResponse{Event: protoconv.Event(e)}, nil
}
