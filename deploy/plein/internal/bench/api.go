package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strconv"
	"time"
)

// api speaks Plein's public HTTP API, as a script would.
type api struct {
	base  string
	token string
	http  *http.Client
}

// newHTTPClient returns a client keeping enough idle connections for
// clients concurrent requests to one host.
func newHTTPClient(clients int) *http.Client {
	return &http.Client{
		Timeout: 60 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        clients + 16,
			MaxIdleConnsPerHost: clients + 16,
			IdleConnTimeout:     time.Minute,
		},
	}
}

// call sends body as JSON and decodes a JSON answer into out (may be nil).
// Any status but want is an error.
func (a *api) call(ctx context.Context, method, path string, body any, want int, out any) error {
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(raw)
	}
	return a.send(ctx, method, path, rd, want, out)
}

func (a *api) send(ctx context.Context, method, path string, body io.Reader, want int, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, body)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("%s %s: %w", method, path, &statusError{code: resp.StatusCode, body: string(raw)})
	}
	if out == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("%s %s: decode: %w", method, path, err)
	}
	return nil
}

// signIn signs in with a password and returns an api using a personal API
// token, and the anonymous api of the same base URL.
func signIn(ctx context.Context, base, email, password string, clients int) (org, anon *api, err error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, nil, err
	}
	session := &api{base: base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	if err := session.call(ctx, "POST", "/api/v1/sessions",
		map[string]string{"email": email, "password": password}, http.StatusCreated, nil); err != nil {
		return nil, nil, fmt.Errorf("sign in: %w", err)
	}
	var tok struct {
		Token string `json:"token"`
	}
	if err := session.call(ctx, "POST", "/api/v1/tokens", map[string]string{"name": "bench"}, http.StatusCreated, &tok); err != nil {
		return nil, nil, fmt.Errorf("create token: %w", err)
	}
	hc := newHTTPClient(clients)
	return &api{base: base, token: tok.Token, http: hc}, &api{base: base, http: hc}, nil
}

// publishEvent creates and publishes an event with capacity seats, two
// weeks ahead, and returns its id.
func (a *api) publishEvent(ctx context.Context, title string, capacity int) (string, error) {
	start := time.Now().Add(14 * 24 * time.Hour).UTC().Truncate(time.Hour)
	var ev struct {
		ID string `json:"id"`
	}
	if err := a.call(ctx, "POST", "/api/v1/events", map[string]any{
		"title":    title,
		"location": "Ondernemersplein",
		"startsAt": start.Format(time.RFC3339),
		"endsAt":   start.Add(2 * time.Hour).Format(time.RFC3339),
		"capacity": capacity,
	}, http.StatusCreated, &ev); err != nil {
		return "", fmt.Errorf("create event: %w", err)
	}
	if err := a.call(ctx, "POST", "/api/v1/events/"+ev.ID+"/publish", map[string]any{}, http.StatusOK, nil); err != nil {
		return "", fmt.Errorf("publish event: %w", err)
	}
	return ev.ID, nil
}

// registrationBody is the JSON of a registration for the email of
// worker's seq-th request in the run tagged run.
func registrationBody(run string, worker, seq int) []byte {
	b := make([]byte, 0, 128)
	b = append(b, `{"name":"Bench Deelnemer","email":"`...)
	b = append(b, run...)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(worker), 10)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(seq), 10)
	b = append(b, `@bench.example","consent":true}`...)
	return b
}

// register registers one person for event; 201 is success.
func (a *api) register(ctx context.Context, event string, body []byte) error {
	return a.send(ctx, "POST", "/api/v1/events/"+event+"/registrations", bytes.NewReader(body), http.StatusCreated, nil)
}

// waitRegistrable registers one person for event, retrying until the
// registrations service has learnt of the publication.
func (a *api) waitRegistrable(ctx context.Context, event, run string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for i := 0; ; i++ {
		err := a.register(ctx, event, registrationBody(run+"-open", 0, i))
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("event %s not open for registration: %w", event, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// seatsTaken reads the event's confirmed seat count through the gateway.
func (a *api) seatsTaken(ctx context.Context, event string) (int, error) {
	var ev struct {
		SeatsTaken int `json:"seatsTaken"`
	}
	if err := a.call(ctx, "GET", "/api/v1/events/"+event, nil, http.StatusOK, &ev); err != nil {
		return 0, err
	}
	return ev.SeatsTaken, nil
}
