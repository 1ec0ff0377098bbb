package bus

import (
	"google.golang.org/protobuf/proto"

	"plein.dev/platform/inbox"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// programmeOwners reads the owners of a ProgrammeChanged message that
// decodeProgramme read already (so it decodes); none when the message was
// published before programmes had owners.
func programmeOwners(m inbox.Message) []string {
	var msg ambassadorsv1.ProgrammeChanged
	if err := proto.Unmarshal(m.Data, &msg); err != nil {
		return nil
	}
	return msg.GetProgramme().GetOwnerOrganisationIds()
}
