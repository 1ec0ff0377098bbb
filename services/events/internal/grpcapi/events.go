package grpcapi

import (
	"context"

	"plein.dev/events/internal/app"
	"plein.dev/events/internal/domain"
	"plein.dev/events/internal/protoconv"
	"plein.dev/platform/conditional"
	"plein.dev/platform/page"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// CreateEvent implements eventsv1.EventsServiceServer.
func (s *Server) CreateEvent(ctx context.Context, req *eventsv1.CreateEventRequest) (*eventsv1.CreateEventResponse, error) {
	e := domain.Event{
		Title:                req.GetTitle(),
		Description:          req.GetDescription(),
		ProgrammeID:          req.GetProgrammeId(),
		Themes:               req.GetThemes(),
		RoomID:               req.GetRoomId(),
		Location:             req.GetLocation(),
		StartsAt:             req.GetStartsAt().AsTime(),
		EndsAt:               req.GetEndsAt().AsTime(),
		Capacity:             int(req.GetCapacity()),
		RegistrationOpensAt:  optTime(req.GetRegistrationOpensAt()),
		RegistrationClosesAt: optTime(req.GetRegistrationClosesAt()),
		Visibility:           domain.Visibility(req.GetVisibility()),
		HostAmbassadorIDs:    req.GetHostAmbassadorIds(),
		Recurrence:           req.GetRecurrence(),
		Accessibility:        protoconv.AccessibilityFrom(req.GetAccessibility()),
		OwnerOrganisationID:  req.GetOwnerOrganisationId(),
		Contacts:             protoconv.ContactsFrom(req.GetContacts()),
		Areas:                req.GetAreas(),
		Agenda:               protoconv.AgendaFrom(req.GetAgenda()),
		Materials:            protoconv.MaterialsFrom(req.GetMaterials()),
	}
	created, err := s.app.CreateEvent(ctx, e, req.Capacity != nil)
	if err != nil {
		return nil, s.status(ctx, "create event", err)
	}
	return &eventsv1.CreateEventResponse{Event: protoconv.Event(created)}, nil
}

// GetEvent implements eventsv1.EventsServiceServer.
func (s *Server) GetEvent(ctx context.Context, req *eventsv1.GetEventRequest) (*eventsv1.GetEventResponse, error) {
	e, err := s.app.GetEvent(ctx, req.GetEventId())
	if err != nil {
		return nil, s.status(ctx, "get event", err)
	}
	return &eventsv1.GetEventResponse{Event: protoconv.Event(e)}, nil
}

// ListEvents implements eventsv1.EventsServiceServer.
// A caller may ask only whether the copy of a listing it holds is still
// current (conditional.IfGenerationKey): a listing reads nothing but the
// events database, so it is as long as nothing was committed since.
func (s *Server) ListEvents(ctx context.Context, req *eventsv1.ListEventsRequest) (*eventsv1.ListEventsResponse, error) {
	if conditional.Serve(ctx, s.commits) {
		return &eventsv1.ListEventsResponse{}, nil
	}
	r, err := page.Parse[app.EventCursor](req.GetPageToken(), req.GetPageSize())
	if err != nil {
		return nil, s.status(ctx, "list events", err)
	}
	f := app.EventFilter{
		From:        optTime(req.GetFrom()),
		To:          optTime(req.GetTo()),
		ProgrammeID: req.GetProgrammeId(),
		Theme:       req.GetTheme(),
		Query:       req.GetQ(),
		Status:      domain.Status(req.GetStatus()),
		SeriesID:    req.GetSeriesId(),
		VenueID:     req.GetVenueId(),
		HostedBy:    req.GetHostAmbassadorId(),
	}
	events, next, err := s.app.ListEvents(ctx, f, r)
	if err != nil {
		return nil, s.status(ctx, "list events", err)
	}
	resp := &eventsv1.ListEventsResponse{Items: make([]*eventsv1.Event, 0, len(events)), NextPageToken: next}
	for _, e := range events {
		resp.Items = append(resp.Items, protoconv.Event(e))
	}
	return resp, nil
}

// UpdateEvent implements eventsv1.EventsServiceServer.
func (s *Server) UpdateEvent(ctx context.Context, req *eventsv1.UpdateEventRequest) (*eventsv1.UpdateEventResponse, error) {
	c := app.Change{
		Title:                req.Title,
		Description:          req.Description,
		RoomID:               req.RoomId,
		Location:             req.Location,
		ProgrammeID:          req.ProgrammeId,
		OwnerOrganisationID:  req.OwnerOrganisationId,
		Visibility:           req.Visibility,
		StartsAt:             optTime(req.GetStartsAt()),
		EndsAt:               optTime(req.GetEndsAt()),
		RegistrationOpensAt:  optTime(req.GetRegistrationOpensAt()),
		RegistrationClosesAt: optTime(req.GetRegistrationClosesAt()),
		PostNote:             req.PostNote,
	}
	if req.Capacity != nil {
		n := int(req.GetCapacity())
		c.Capacity = &n
	}
	if req.GetSetThemes() {
		themes := req.GetThemes()
		c.Themes = &themes
	}
	if req.GetSetHostAmbassadorIds() {
		hosts := req.GetHostAmbassadorIds()
		c.HostAmbassadorIDs = &hosts
	}
	if req.Accessibility != nil {
		a := protoconv.AccessibilityFrom(req.GetAccessibility())
		c.Accessibility = &a
	}
	content(req, &c)
	e, err := s.app.UpdateEvent(ctx, req.GetEventId(), c)
	if err != nil {
		return nil, s.status(ctx, "update event", err)
	}
	return &eventsv1.UpdateEventResponse{Event: protoconv.Event(e)}, nil
}

// content adds the lists of the event's content the request sets to c.
func content(req *eventsv1.UpdateEventRequest, c *app.Change) {
	if req.GetSetContacts() {
		contacts := protoconv.ContactsFrom(req.GetContacts())
		c.Contacts = &contacts
	}
	if req.GetSetAreas() {
		areas := req.GetAreas()
		c.Areas = &areas
	}
	if req.GetSetAgenda() {
		agenda := protoconv.AgendaFrom(req.GetAgenda())
		c.Agenda = &agenda
	}
	if req.GetSetMaterials() {
		materials := protoconv.MaterialsFrom(req.GetMaterials())
		c.Materials = &materials
	}
}
