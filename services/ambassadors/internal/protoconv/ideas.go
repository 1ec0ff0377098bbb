package protoconv

import (
	"google.golang.org/protobuf/types/known/timestamppb"

	"plein.dev/ambassadors/internal/domain"
	"plein.dev/platform/zone"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// Idea returns the protobuf form of an idea, the submitter's personal
// fields included; the bus moves those into sealed_personal.
func Idea(i domain.Idea) *ambassadorsv1.Idea {
	return &ambassadorsv1.Idea{
		Id:           i.ID,
		ProgrammeId:  i.ProgrammeID,
		Name:         i.Name,
		Email:        i.Email,
		Organisation: i.Organisation,
		KvkNumber:    i.KvKNumber,
		Title:        i.Title,
		Description:  i.Description,
		Themes:       nonNil(i.Themes),
		Status:       string(i.Status),
		Note:         i.Note,
		CreatedAt:    timestamppb.New(i.CreatedAt),
		UpdatedAt:    timestamppb.New(i.UpdatedAt),
		Version:      int32(i.Version),
		Language:     i.Language,
	}
}

// IdeaSummary returns an idea as the programme report lists it: no
// personal fields.
func IdeaSummary(i domain.Idea, decidedOn string) *ambassadorsv1.IdeaSummary {
	return &ambassadorsv1.IdeaSummary{Id: i.ID, Title: i.Title, Organisation: i.Organisation,
		Themes: nonNil(i.Themes), DecidedOn: decidedOn, Note: i.Note}
}

// IdeaSummaries returns the ideas a report lists as supported, each with
// the day (Amsterdam) it was decided on.
func IdeaSummaries(is []domain.Idea) []*ambassadorsv1.IdeaSummary {
	out := make([]*ambassadorsv1.IdeaSummary, 0, len(is))
	for _, i := range is {
		on := ""
		if i.DecidedAt != nil {
			on = string(domain.DateOf(*i.DecidedAt, zone.Amsterdam))
		}
		out = append(out, IdeaSummary(i, on))
	}
	return out
}
