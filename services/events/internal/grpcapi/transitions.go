package grpcapi

import (
	"context"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/protoconv"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

func scope(series bool) app.Scope {
	if series {
		return app.ThisAndLater
	}
	return app.ThisEvent
}

// PublishEvent implements eventsv1.EventsServiceServer.
func (s *Server) PublishEvent(ctx context.Context, req *eventsv1.PublishEventRequest) (*eventsv1.PublishEventResponse, error) {
	e, err := s.app.Publish(ctx, req.GetEventId(), scope(req.GetSeries()))
	if err != nil {
		return nil, s.status(ctx, "publish event", err)
	}
	return &eventsv1.PublishEventResponse{Event: protoconv.Event(e)}, nil
}

// CancelEvent implements eventsv1.EventsServiceServer.
func (s *Server) CancelEvent(ctx context.Context, req *eventsv1.CancelEventRequest) (*eventsv1.CancelEventResponse, error) {
	e, err := s.app.Cancel(ctx, req.GetEventId(), req.GetReason(), scope(req.GetSeries()))
	if err != nil {
		return nil, s.status(ctx, "cancel event", err)
	}
	return &eventsv1.CancelEventResponse{Event: protoconv.Event(e)}, nil
}

// CompleteEvent implements eventsv1.EventsServiceServer.
func (s *Server) CompleteEvent(ctx context.Context, req *eventsv1.CompleteEventRequest) (*eventsv1.CompleteEventResponse, error) {
	e, err := s.app.Complete(ctx, req.GetEventId())
	if err != nil {
		return nil, s.status(ctx, "complete event", err)
	}
	return &eventsv1.CompleteEventResponse{Event: protoconv.Event(e)}, nil
}
