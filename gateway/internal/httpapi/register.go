package httpapi

import (
	"net/http"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/gateway/internal/privacy"
)

// processingRegister answers GET /api/v1/privacy/register: every column
// and file holding personal data, why, for how long (with the retention
// period this installation runs with) and on what legal basis.
func processingRegister(retentionDays int) func(http.ResponseWriter, *http.Request, accounts.User) {
	register := privacy.Of(retentionDays)
	return func(w http.ResponseWriter, _ *http.Request, _ accounts.User) {
		writeJSON(w, http.StatusOK, register)
	}
}
