package grpcapi

import (
	"context"
	"strings"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/ambassadors/internal/protoconv"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// ExportPerson implements ambassadorsv1.AmbassadorsServiceServer: the
// ambassadors of an e-mail address and their activities, the ideas
// submitted with it and the programme contacts naming it.
func (s *Server) ExportPerson(ctx context.Context, req *ambassadorsv1.ExportPersonRequest) (*ambassadorsv1.ExportPersonResponse, error) {
	ambs, acts, err := s.app.PersonAmbassadors(ctx, strings.TrimSpace(req.GetEmail()))
	if err != nil {
		return nil, s.status(ctx, "export person", err)
	}
	ideas, contacts, err := s.app.PersonIdeasAndContacts(ctx, strings.TrimSpace(req.GetEmail()))
	if err != nil {
		return nil, s.status(ctx, "export person", err)
	}
	resp := &ambassadorsv1.ExportPersonResponse{
		Ambassadors: make([]*ambassadorsv1.Ambassador, 0, len(ambs)),
		Activities:  make([]*ambassadorsv1.Activity, 0, len(acts)),
		Ideas:       make([]*ambassadorsv1.Idea, 0, len(ideas)),
		Contacts:    make([]*ambassadorsv1.ProgrammeContactOf, 0, len(contacts)),
	}
	for _, i := range ideas {
		resp.Ideas = append(resp.Ideas, protoconv.Idea(i))
	}
	for _, c := range contacts {
		resp.Contacts = append(resp.Contacts, &ambassadorsv1.ProgrammeContactOf{ProgrammeId: c.ProgrammeID,
			ProgrammeName: c.ProgrammeName, Contact: protoconv.Contacts([]domain.Contact{c.Contact})[0]})
	}
	for _, a := range ambs {
		resp.Ambassadors = append(resp.Ambassadors, protoconv.Ambassador(a))
	}
	for _, x := range acts {
		resp.Activities = append(resp.Activities, protoconv.Activity(x))
	}
	return resp, nil
}
