package grpcapi

import (
	"context"

	"google.golang.org/protobuf/types/known/timestamppb"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
	"plein.dev/registrations/internal/app"
	"plein.dev/registrations/internal/protoconv"
)

// CheckIn implements registrationsv1.RegistrationsServiceServer.
func (s *Server) CheckIn(ctx context.Context, req *registrationsv1.CheckInRequest) (*registrationsv1.CheckInResponse, error) {
	at, err := s.app.CheckIn(ctx, req.GetRegistrationId())
	if err != nil {
		return nil, s.status(ctx, "check in", err)
	}
	return &registrationsv1.CheckInResponse{CheckedInAt: timestamppb.New(at)}, nil
}

// CheckInByCode implements registrationsv1.RegistrationsServiceServer.
func (s *Server) CheckInByCode(ctx context.Context, req *registrationsv1.CheckInByCodeRequest) (*registrationsv1.CheckInByCodeResponse, error) {
	reg, err := s.app.CheckInByCode(ctx, req.GetEventId(), req.GetCode())
	if err != nil {
		return nil, s.status(ctx, "check in by code", err)
	}
	return &registrationsv1.CheckInByCodeResponse{CheckedInAt: timestamppb.New(*reg.CheckedInAt),
		Registration: protoconv.Registration(reg)}, nil
}

// contentTypes are the media types of the QR code's formats.
var contentTypes = map[app.QRFormat]string{app.PNG: "image/png", app.SVG: "image/svg+xml"}

// GetRegistrationQR implements registrationsv1.RegistrationsServiceServer.
func (s *Server) GetRegistrationQR(ctx context.Context, req *registrationsv1.GetRegistrationQRRequest) (*registrationsv1.GetRegistrationQRResponse, error) {
	format := app.PNG
	if req.GetFormat() == "svg" {
		format = app.SVG
	}
	qr, err := s.app.QR(ctx, req.GetRegistrationId(), req.GetToken(), format)
	if err != nil {
		return nil, s.status(ctx, "qr code", err)
	}
	return &registrationsv1.GetRegistrationQRResponse{CheckInCode: qr.Code, ContentType: contentTypes[qr.Format], Data: qr.Image}, nil
}
