package grpcapi

import (
	"context"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// GetAttendance implements registrationsv1.RegistrationsServiceServer.
func (s *Server) GetAttendance(ctx context.Context, req *registrationsv1.GetAttendanceRequest) (*registrationsv1.GetAttendanceResponse, error) {
	a, err := s.app.Attendance(ctx, req.GetEventId())
	if err != nil {
		return nil, s.status(ctx, "attendance", err)
	}
	return &registrationsv1.GetAttendanceResponse{
		EventId: a.EventID, EventStatus: a.EventStatus, Capacity: int32(a.Capacity),
		Confirmed: int32(a.Confirmed), CheckedIn: int32(a.CheckedIn),
		Waitlisted: int32(a.Waitlisted), Cancelled: int32(a.Cancelled),
		NoShows: int32(a.NoShows()),
	}, nil
}
