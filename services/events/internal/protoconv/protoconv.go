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
	}
	p.ProgrammeId = opt(e.ProgrammeID)
	p.RoomId = opt(e.RoomID)
	p.Location = opt(e.Location)
	p.Recurrence = opt(e.Recurrence)
	p.SeriesId = opt(e.SeriesID)
	p.CancellationReason = opt(e.CancellationReason)
	return p
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
	return &eventsv1.Room{Id: r.ID, VenueId: r.VenueID, Name: r.Name, Capacity: int32(r.Capacity),
		SetupMinutes: int32(r.SetupMinutes), Facilities: nonNil(r.Facilities)}
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
