package domain

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"plein.dev/platform/rule"
)

// Webhooks follow the Standard Webhooks specification
// (https://www.standardwebhooks.com): a JSON body {type, timestamp, data},
// signed with HMAC-SHA256 under a secret shown once to the administrator
// who subscribed the receiver.

// WebhookType is an event type a webhook subscribes to.
type WebhookType string

// The event types.
const (
	HookRegistrationConfirmed  WebhookType = "registration.confirmed"
	HookRegistrationWaitlisted WebhookType = "registration.waitlisted"
	HookRegistrationPromoted   WebhookType = "registration.promoted"
	HookRegistrationCancelled  WebhookType = "registration.cancelled"
	HookRegistrationCheckedIn  WebhookType = "registration.checked-in"
	HookEventPublished         WebhookType = "event.published"
	HookEventRescheduled       WebhookType = "event.rescheduled"
	HookEventCancelled         WebhookType = "event.cancelled"
	HookEventCompleted         WebhookType = "event.completed"
	HookActivityLogged         WebhookType = "activity.logged"
	// HookActivityApproved: an organiser approved an activity.
	HookActivityApproved WebhookType = "activity.approved"
)

// WebhookTypes returns every event type.
func WebhookTypes() []WebhookType {
	return []WebhookType{HookRegistrationConfirmed, HookRegistrationWaitlisted, HookRegistrationPromoted,
		HookRegistrationCancelled, HookRegistrationCheckedIn, HookEventPublished, HookEventRescheduled,
		HookEventCancelled, HookEventCompleted, HookActivityLogged, HookActivityApproved}
}

// ErrWebhookNotFound: no webhook has the id.
var ErrWebhookNotFound = errors.New("webhook not found")

// ErrPrivateTarget: a webhook's host is, or resolves to, an address on
// loopback, a private network or a link-local network.
var ErrPrivateTarget = errors.New("not a public address")

// WebhookSecretSize is the length of a webhook secret in bytes;
// secretPrefix starts its text form.
const (
	WebhookSecretSize = 32
	secretPrefix      = "whsec_"
)

// Webhook is a receiver subscribed to event types.
type Webhook struct {
	// Seq orders the webhooks as they were created.
	Seq         int64
	ID          string
	URL         string
	Events      []WebhookType
	Description string
	// Secret is the HMAC key of the signatures, WebhookSecretSize random bytes.
	Secret    []byte
	CreatedAt time.Time
}

// NewWebhook checks a subscription and returns it with its event types
// sorted and without duplicates. secret must be WebhookSecretSize random bytes.
func NewWebhook(id, rawURL string, events []string, description string, secret []byte, now time.Time) (Webhook, error) {
	u, err := ParseWebhookURL(rawURL)
	if err != nil {
		return Webhook{}, err
	}
	if len(secret) != WebhookSecretSize {
		return Webhook{}, fmt.Errorf("webhook secret of %d bytes, want %d", len(secret), WebhookSecretSize)
	}
	if len(events) == 0 {
		return Webhook{}, rule.InvalidField("events", "name at least one event type")
	}
	known := WebhookTypes()
	types := make([]WebhookType, 0, len(events))
	for _, e := range events {
		t := WebhookType(strings.TrimSpace(e))
		if !slices.Contains(known, t) {
			return Webhook{}, rule.InvalidField("events", fmt.Sprintf("%q is not an event type; the types are %s", e, typeList(known)))
		}
		types = append(types, t)
	}
	slices.Sort(types)
	return Webhook{ID: id, URL: u.String(), Events: slices.Compact(types), Description: strings.TrimSpace(description),
		Secret: secret, CreatedAt: now}, nil
}

func typeList(ts []WebhookType) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// ParseWebhookURL checks the form of a webhook's URL: absolute http or
// https, with a host, without user name, password or fragment. Where the
// host points is checked when it is resolved (CheckAddr).
func ParseWebhookURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	switch {
	case err != nil:
		return nil, rule.InvalidField("url", "not a URL")
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, rule.InvalidField("url", "must start with https:// or http://")
	case u.Hostname() == "":
		return nil, rule.InvalidField("url", "names no host")
	case u.User != nil:
		return nil, rule.InvalidField("url", "must not hold a user name or password")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return nil, rule.InvalidField("url", "must not have a #fragment")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, rule.InvalidField("url", "has an invalid port")
		}
	}
	return u, nil
}

// SecretText is the secret as the administrator receives it: "whsec_"
// followed by the base64 of its bytes.
func (w Webhook) SecretText() string {
	return secretPrefix + base64.StdEncoding.EncodeToString(w.Secret)
}

// Sign returns the webhook-signature header of a message: "v1," and the
// base64 of HMAC-SHA256 under secret of "<msgID>.<timestamp>.<body>", the
// timestamp in Unix seconds as in the webhook-timestamp header.
func Sign(secret []byte, msgID string, timestamp int64, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(msgID + "." + strconv.FormatInt(timestamp, 10) + "."))
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// reserved are the IPv4 and IPv6 ranges besides loopback, private,
// link-local, multicast and unspecified addresses that are not the public
// Internet either.
var reserved = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),     // "this network"
	netip.MustParsePrefix("100.64.0.0/10"), // shared address space (carrier-grade NAT)
	netip.MustParsePrefix("192.0.0.0/24"),  // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"), // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),   // reserved, and the broadcast address
	netip.MustParsePrefix("fec0::/10"),     // deprecated site-local
}

// CheckAddr returns an error wrapping ErrPrivateTarget unless a is a
// public unicast address: loopback, private (RFC 1918, unique local),
// link-local, multicast, unspecified and reserved addresses are refused.
// IPv4-mapped IPv6 addresses are judged as the IPv4 address they hold.
func CheckAddr(a netip.Addr) error {
	a = a.Unmap()
	var kind string
	switch {
	case !a.IsValid():
		kind = "an invalid address"
	case a.IsLoopback():
		kind = "a loopback address"
	case a.IsPrivate():
		kind = "a private address"
	case a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast():
		kind = "a link-local address"
	case a.IsUnspecified():
		kind = "the unspecified address"
	case a.IsMulticast():
		kind = "a multicast address"
	case !a.IsGlobalUnicast() || slices.ContainsFunc(reserved, func(p netip.Prefix) bool { return p.Contains(a) }):
		kind = "a reserved address"
	default:
		return nil
	}
	return fmt.Errorf("%s is %s: %w", a.WithZone(""), kind, ErrPrivateTarget)
}
