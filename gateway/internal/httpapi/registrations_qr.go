package httpapi

import (
	"net/http"
	"strings"

	registrationsv1 "plein.dev/proto/gen/plein/registrations/v1"
)

// registrationQR serves GET /api/v1/registrations/{registrationId}/qr: the
// QR code of the registration's check-in code, as PNG, or as SVG with
// ?format=svg or Accept: image/svg+xml. Manage token (?token= or
// X-Manage-Token) or organiser.
func registrationQR(c registrationsv1.RegistrationsServiceClient) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		format := r.URL.Query().Get("format")
		if format == "" && strings.Contains(r.Header.Get("Accept"), "image/svg+xml") {
			format = "svg"
		}
		resp, err := c.GetRegistrationQR(r.Context(), &registrationsv1.GetRegistrationQRRequest{
			RegistrationId: r.PathValue("registrationId"), Token: manageToken(r), Format: format})
		if err != nil {
			writeProblem(w, problemFromStatus(err))
			return
		}
		writeFile(w, resp.GetContentType(), "", resp.GetData())
	}
}

// writeFile answers with data as a file; inline, under filename if given.
func writeFile(w http.ResponseWriter, contentType, filename string, data []byte) {
	w.Header().Set("Content-Type", contentType)
	if filename != "" {
		w.Header().Set("Content-Disposition", `inline; filename="`+filename+`"`)
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data) // the client may be gone; nothing to do then
}
