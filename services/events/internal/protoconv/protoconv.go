// Package protoconv turns the events domain types into their protobuf form,
// for the gRPC API and the bus alike.
package protoconv

import (
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/events/internal/domain"
	eventsv1 "plein.dev/proto/gen/plein/events/v1"
)

// Event returns the protobuf form of an event.
func Event(e domain.Event) *eventsv1.Event {
	p := &eventsv1.Event{
		Id:                   e.ID,
		Title:                e.Title,
		Description:          e.Description,
		Themes:               nonNil(e.Themes),
		StartsAt:             timestamppb.New(e.StartsAt),
		EndsAt:               timestamppb.New(e.EndsAt),
		Capacity:             int32(e.Capacity),
		RegistrationOpensAt:  ts(e.RegistrationOpensAt),
		RegistrationClosesAt: ts(e.RegistrationClosesAt),
		Visibility:           string(e.Visibility),
		Status:               string(e.Status),
		HostAmbassadorIds:    nonNil(e.HostAmbassadorIDs),
		SeatsTaken:           int32(e.SeatsTaken),
		WaitlistLength:       int32(e.WaitlistLength),
		CreatedAt:            timestamppb.New(e.CreatedAt),
		UpdatedAt:            timestamppb.New(e.UpdatedAt),
		Version:              int32(e.Version),
		Accessibility:        Accessibility(e.Accessibility),
		Sequence:             int32(e.Sequence),
		OwnerOrganisationIds: nonNil(e.Owners),
		Contacts:             Contacts(e.Contacts),
		Areas:                nonNil(e.Areas),
		Agenda:               Agenda(e.Agenda),
		Materials:            Materials(e.Materials),
		PostNote:             e.PostNote,
	}
	p.OwnerOrganisationId = opt(e.OwnerOrganisationID)
	p.InviteCode = opt(e.InviteCode)
	p.DeclineReason = opt(e.DeclineReason)
	p.ProposedByAmbassadorId = opt(e.ProposedByAmbassadorID)
	p.ProgrammeId = opt(e.ProgrammeID)
	p.RoomId = opt(e.RoomID)
	p.Location = opt(e.Location)
	p.Recurrence = opt(e.Recurrence)
	p.SeriesId = opt(e.SeriesID)
	p.CancellationReason = opt(e.CancellationReason)
	return p
}

// Accessibility returns the protobuf form of an event's accessibility.
func Accessibility(a domain.Accessibility) *eventsv1.Accessibility {
	return &eventsv1.Accessibility{WheelchairAccessible: a.WheelchairAccessible, InductionLoop: a.InductionLoop,
		Languages: nonNil(a.Languages), Notes: a.Notes}
}

// AccessibilityFrom returns the domain form of accessibility information.
func AccessibilityFrom(p *eventsv1.Accessibility) domain.Accessibility {
	return domain.Accessibility{WheelchairAccessible: p.GetWheelchairAccessible(), InductionLoop: p.GetInductionLoop(),
		Languages: p.GetLanguages(), Notes: p.GetNotes()}
}

// Venue returns the protobuf form of a venue.
func Venue(v domain.Venue) *eventsv1.Venue {
	p := &eventsv1.Venue{Id: v.ID, Name: v.Name, Address: v.Address, City: v.City, Rooms: []*eventsv1.Room{}}
	for _, r := range v.Rooms {
		p.Rooms = append(p.Rooms, Room(r))
	}
	return p
}

// Room returns the protobuf form of a room.
func Room(r domain.Room) *eventsv1.Room {
	p := &eventsv1.Room{Id: r.ID, VenueId: r.VenueID, Name: r.Name, Capacity: int32(r.Capacity),
		SetupMinutes: int32(r.SetupMinutes), Facilities: nonNil(r.Facilities),
		BookableHours: []*eventsv1.BookableHours{}, Blackouts: []*eventsv1.Blackout{}}
	for _, h := range r.BookableHours {
		p.BookableHours = append(p.BookableHours, &eventsv1.BookableHours{Weekday: int32(h.Weekday), Opens: h.Opens, Closes: h.Closes})
	}
	for _, b := range r.Blackouts {
		p.Blackouts = append(p.Blackouts, &eventsv1.Blackout{StartsAt: timestamppb.New(b.StartsAt),
			EndsAt: timestamppb.New(b.EndsAt), Reason: b.Reason})
	}
	return p
}

// BookableHoursFrom returns the domain form of bookable hours.
func BookableHoursFrom(ps []*eventsv1.BookableHours) []domain.BookableHours {
	out := make([]domain.BookableHours, 0, len(ps))
	for _, p := range ps {
		out = append(out, domain.BookableHours{Weekday: int(p.GetWeekday()), Opens: p.GetOpens(), Closes: p.GetCloses()})
	}
	return out
}

// BlackoutsFrom returns the domain form of blackouts.
func BlackoutsFrom(ps []*eventsv1.Blackout) []domain.Blackout {
	out := make([]domain.Blackout, 0, len(ps))
	for _, p := range ps {
		out = append(out, domain.Blackout{StartsAt: p.GetStartsAt().AsTime(), EndsAt: p.GetEndsAt().AsTime(), Reason: p.GetReason()})
	}
	return out
}

func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func ts(t *time.Time) *timestamppb.Timestamp {
	if t == nil {
		return nil
	}
	return timestamppb.New(*t)
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// Booking returns the protobuf form of a room booking.
func Booking(b domain.Booking) *eventsv1.Booking {
	return &eventsv1.Booking{EventId: b.EventID, Title: b.Title, StartsAt: timestamppb.New(b.StartsAt),
		EndsAt: timestamppb.New(b.EndsAt), Status: string(b.Status)}
}
