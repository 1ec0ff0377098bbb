package bus

import (
	"fmt"

	"google.golang.org/protobuf/proto"

	"plein.dev/platform/shred"
	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// takePersonal moves the personal fields out of r — name, e-mail,
// organisation, KvK number (a sole trader's points to a person), answers,
// check-in code — and returns them sealed with the person's key k
// (platform/shred), bound to the registration id; "" when there is no key
// (the person was erased: nothing is left to carry).
func takePersonal(r *registrationsv1.Registration, k shred.Key) (string, error) {
	personal := &registrationsv1.Registration{Name: r.GetName(), Email: r.GetEmail(), Organisation: r.Organisation,
		KvkNumber: r.GetKvkNumber(), Answers: r.GetAnswers(), CheckInCode: r.GetCheckInCode()}
	r.Name, r.Email, r.Organisation, r.KvkNumber, r.Answers, r.CheckInCode = "", "", nil, "", nil, ""
	if k.ID == "" {
		return "", nil
	}
	plain, err := proto.Marshal(personal)
	if err != nil {
		return "", fmt.Errorf("marshal personal data of registration %s: %w", r.GetId(), err)
	}
	return shred.Seal(k, plain, r.GetId())
}
