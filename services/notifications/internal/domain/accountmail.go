package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"

	"plein.dev/platform/rule"
)

// Kinds of the e-mails that carry an account's one-time link, which the
// gateway makes and asks this service to send.
const (
	// KindAccountActivate: an invitation, to choose the password of the
	// account made for the recipient.
	KindAccountActivate Kind = "account-activate"
	// KindAccountReset: a link to replace a forgotten password.
	KindAccountReset Kind = "account-reset"
)

// Purposes of an account link, as the gateway names them.
const (
	PurposeActivate = "activate"
	PurposeReset    = "reset"
)

// AccountLink is what an account e-mail shows: the one-time link and when
// it stops working. The URL carries the link's token in clear, so the
// letter holds it until the e-mail is sent (it is never in the log).
type AccountLink struct {
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// AccountMail is a request to send an account's one-time link.
type AccountMail struct {
	Purpose   string
	To, Name  string
	URL       string
	ExpiresAt time.Time
	Language  string
	// LinkID identifies the link without being its token (the gateway
	// sends the SHA-256 of the token); one e-mail is sent per link.
	LinkID string
}

// AccountLetter returns the letter of m, or a *rule.Error naming what is
// wrong with it.
func AccountLetter(m AccountMail) (Letter, error) {
	var kind Kind
	switch m.Purpose {
	case PurposeActivate:
		kind = KindAccountActivate
	case PurposeReset:
		kind = KindAccountReset
	default:
		return Letter{}, rule.InvalidField("purpose", "is activate or reset")
	}
	if u, err := url.Parse(m.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return Letter{}, rule.InvalidField("url", "is an absolute http or https URL")
	}
	if m.ExpiresAt.IsZero() {
		return Letter{}, rule.InvalidField("expiresAt", "is required")
	}
	if strings.TrimSpace(m.LinkID) == "" {
		return Letter{}, rule.InvalidField("linkId", "is required")
	}
	return Letter{Kind: kind, Language: LanguageOf(m.Language), To: Recipient{Name: m.Name, Email: m.To},
		Account: &AccountLink{URL: m.URL, ExpiresAt: m.ExpiresAt.UTC()}}, nil
}

// AccountCause allows one e-mail per link. The link id is hashed once
// more, so the log's cause cannot be matched against the gateway's store.
func AccountCause(m AccountMail) string {
	h := sha256.Sum256([]byte(m.LinkID))
	return "account:" + m.Purpose + ":" + hex.EncodeToString(h[:16])
}

// account writes the letters carrying an account's one-time link.
func (w Writer) account(c *Content, t *texts, l Letter) error {
	a := *l.Account
	switch l.Kind {
	case KindAccountActivate:
		c.Subject = t.SubjectActivate
		c.text(t.Activate)
		c.Blocks = append(c.Blocks, Block{Link: &Link{Label: t.ActivateLink, URL: a.URL}})
		c.text(fmt.Sprintf(t.LinkValid, t.dateTime(a.ExpiresAt, w.Zone)))
		c.text(t.ActivateNotYou)
	case KindAccountReset:
		c.Subject = t.SubjectReset
		c.text(t.Reset)
		c.Blocks = append(c.Blocks, Block{Link: &Link{Label: t.ResetLink, URL: a.URL}})
		c.text(fmt.Sprintf(t.LinkValid, t.dateTime(a.ExpiresAt, w.Zone)))
		c.text(t.ResetNotYou)
	default:
		return fmt.Errorf("no %s letter about an account", l.Kind)
	}
	return nil
}
