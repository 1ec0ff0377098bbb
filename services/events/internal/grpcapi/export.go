package grpcapi

import (
	"context"

	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/protoconv"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// ExportPerson implements eventsv1.EventsServiceServer: the event contacts
// with the address asked, for the gateway's export of a person's data.
func (s *Server) ExportPerson(ctx context.Context, req *eventsv1.ExportPersonRequest) (*eventsv1.ExportPersonResponse, error) {
	cs, err := s.app.PersonContacts(ctx, req.GetEmail())
	if err != nil {
		return nil, s.status(ctx, "export person", err)
	}
	resp := &eventsv1.ExportPersonResponse{Contacts: make([]*eventsv1.EventContactOf, 0, len(cs))}
	for _, c := range cs {
		resp.Contacts = append(resp.Contacts, &eventsv1.EventContactOf{EventId: c.EventID, EventTitle: c.EventTitle,
			Contact: protoconv.Contacts([]domain.Contact{c.Contact})[0]})
	}
	return resp, nil
}
