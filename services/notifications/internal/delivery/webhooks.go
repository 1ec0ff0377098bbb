package delivery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"time"

	"plein.dev/notifications/internal/domain"
)

// Resolver looks up the addresses of a host name; *net.Resolver is one.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// WebhookClient posts webhook messages. Unless private targets are allowed
// it refuses a host that is, or resolves to, any address domain.CheckAddr
// refuses, and it checks when it connects: the addresses it resolved and
// checked are the ones it dials, so a name that resolves to a public
// address when the webhook is created and to a private one later (DNS
// rebinding) gets nothing. It follows no redirects and uses no proxy.
type WebhookClient struct {
	allowPrivate bool
	resolver     Resolver
	http         *http.Client
}

// WebhookTimeout is how long a post may take, answer included.
const WebhookTimeout = 10 * time.Second

// responseLimit is how much of a receiver's answer is read (and dropped)
// so that the connection can be reused.
const responseLimit = 64 << 10

// NewWebhookClient returns a client whose posts take at most timeout;
// resolver nil means net.DefaultResolver.
func NewWebhookClient(allowPrivate bool, resolver Resolver, timeout time.Duration) *WebhookClient {
	if resolver == nil {
		resolver = net.DefaultResolver
	}
	c := &WebhookClient{allowPrivate: allowPrivate, resolver: resolver}
	c.http = &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         c.dial,
			ForceAttemptHTTP2:   true,
			TLSHandshakeTimeout: timeout,
			MaxIdleConnsPerHost: 2,
			IdleConnTimeout:     90 * time.Second,
		},
		// A redirect is an answer other than 2xx: it fails the attempt
		// rather than taking the message elsewhere.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c
}

// Check resolves the host of a webhook's URL and refuses it as a post
// would; the error wraps domain.ErrPrivateTarget for a refused address.
func (c *WebhookClient) Check(ctx context.Context, rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return fmt.Errorf("webhook URL: %w", err)
	}
	_, err = c.resolve(ctx, u.Hostname())
	return err
}

// resolve returns the addresses of host (itself, if it is an address),
// or an error when it has none or, unless private targets are allowed,
// any of them is refused.
func (c *WebhookClient) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{a}
	} else {
		if addrs, err = c.resolver.LookupNetIP(ctx, "ip", host); err != nil {
			return nil, fmt.Errorf("resolve %s: %w", host, err)
		}
		if len(addrs) == 0 {
			return nil, fmt.Errorf("resolve %s: no address", host)
		}
	}
	if !c.allowPrivate {
		for _, a := range addrs {
			if err := domain.CheckAddr(a); err != nil {
				return nil, fmt.Errorf("%s: %w", host, err)
			}
		}
	}
	return addrs, nil
}

// dial connects to one of the checked addresses of addr's host.
func (c *WebhookClient) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	port, err := strconv.ParseUint(portText, 10, 16)
	if err != nil {
		return nil, fmt.Errorf("port %q: %w", portText, err)
	}
	addrs, err := c.resolve(ctx, host)
	if err != nil {
		return nil, err
	}
	var d net.Dialer
	var errs []error
	for _, a := range addrs {
		conn, err := d.DialContext(ctx, network, netip.AddrPortFrom(a.Unmap(), uint16(port)).String())
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}

// WebhookPost is one attempt to deliver a message.
type WebhookPost struct {
	URL string
	// ID, Timestamp and Signature are the webhook-id, webhook-timestamp
	// and webhook-signature headers.
	ID        string
	Timestamp time.Time
	Signature string
	Body      []byte
}

// Post sends p and returns the receiver's HTTP status. err is set when no
// answer came (refused target, connection, timeout); it never holds the
// receiver's answer.
func (c *WebhookClient) Post(ctx context.Context, p WebhookPost) (status int, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.URL, bytes.NewReader(p.Body))
	if err != nil {
		return 0, fmt.Errorf("webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Plein-Webhooks/1")
	req.Header.Set("webhook-id", p.ID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(p.Timestamp.Unix(), 10))
	req.Header.Set("webhook-signature", p.Signature)
	resp, err := c.http.Do(req)
	if err != nil {
		// The *url.Error repeats method and URL; what went wrong is enough.
		var ue *url.Error
		if errors.As(err, &ue) {
			if ue.Timeout() {
				return 0, errors.New("timeout")
			}
			err = ue.Err
		}
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, responseLimit))
	return resp.StatusCode, nil
}
