package accounts

import (
	"context"
	"encoding/hex"
	"net/url"
	"strings"
	"time"
)

// Mail is an e-mail that carries a one-time link: an invitation or a
// password reset.
type Mail struct {
	Purpose   Purpose
	To, Name  string
	URL       string
	ExpiresAt time.Time
	// Language is the language to write in: nl or en.
	Language string
	// LinkID identifies the link without revealing it: the hex SHA-256
	// of its token, as stored. A mail path sends one e-mail per LinkID.
	LinkID string
}

// Mailer sends one-time links. The gateway has no mail path of its own:
// the notifications service sends them (SendAccountMail, wired in
// gateway.go). Without a Mailer an invitation's link is shown, once, to the person who
// made it, and a password reset link cannot be sent.
type Mailer interface {
	Send(ctx context.Context, m Mail) error
}

// Links makes the addresses of one-time links and sends them when it has
// a Mailer.
type Links struct {
	// BaseURL is the site's public URL (PLEIN_BASE_URL).
	BaseURL string
	Mailer  Mailer
}

// Paths of the pages that open the links.
const (
	ActivatePath = "/account/activeren"
	ResetPath    = "/wachtwoord-herstellen"
)

// URL is the address a link is opened at.
func (l Links) URL(link Link) string {
	path := ActivatePath
	if link.Purpose == Reset {
		path = ResetPath
	}
	return strings.TrimRight(l.BaseURL, "/") + path + "?" + url.Values{"token": {link.Token}}.Encode()
}

// Send mails a link to the account's holder in lang. sent is false when
// there is no mail path.
func (l Links) Send(ctx context.Context, u User, link Link, lang string) (sent bool, err error) {
	if l.Mailer == nil {
		return false, nil
	}
	m := Mail{Purpose: link.Purpose, To: u.Email, Name: u.Name, URL: l.URL(link), ExpiresAt: link.ExpiresAt, Language: lang,
		LinkID: hex.EncodeToString(hashSecret(link.Token))}
	if err := l.Mailer.Send(ctx, m); err != nil {
		return false, err
	}
	return true, nil
}
