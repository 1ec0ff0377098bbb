package plein_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

// A burst of registrations through the gateway while the test breaks things,
// and the checks that nothing a client was told went missing.

// burst sends registrations at a steady rate from many clients at once, each
// with its own e-mail address and Idempotency-Key. A client that gets a 503
// waits the Retry-After it was given and sends the same request, with the
// same key, once more — as a well-behaved API client does; the key makes that
// retry safe.
type burst struct {
	t      *testing.T
	base   string
	events []string
	http   *http.Client

	mu       sync.Mutex
	outcomes []outcome
	faults   [2]time.Time // the window the faults happen in

	stopping chan struct{}
	done     sync.WaitGroup
}

// outcome is one registration as its client saw it.
type outcome struct {
	event, email, key string
	sent              time.Time
	first             int    // status of the first attempt (0: no answer)
	retryAfter        string // Retry-After of a 503
	final             int    // status after the one retry of a 503
	body              string // the final answer's body when it was not a 201
	err               error  // transport error of the final attempt
	id, status, token string // of a 201
}

const (
	burstRate    = 60 // registrations a second, offered
	burstClients = 32 // at most this many waiting for an answer at once
)

// startBurst starts sending registrations to events, spread evenly.
func startBurst(t *testing.T, base string, events []string) *burst {
	b := &burst{t: t, base: base, events: events, stopping: make(chan struct{}),
		http: &http.Client{Timeout: 20 * time.Second}}
	next := make(chan int)
	b.done.Add(1)
	go func() { // the clock: a tick nobody is free to take is dropped
		defer b.done.Done()
		defer close(next)
		tick := time.NewTicker(time.Second / burstRate)
		defer tick.Stop()
		for n := 0; ; {
			select {
			case <-b.stopping:
				return
			case <-tick.C:
				select {
				case next <- n:
					n++
				default:
				}
			}
		}
	}()
	for range burstClients {
		b.done.Add(1)
		go func() {
			defer b.done.Done()
			for n := range next {
				o := b.register(n)
				b.mu.Lock()
				b.outcomes = append(b.outcomes, o)
				b.mu.Unlock()
			}
		}()
	}
	return b
}

// faultsBegin and faultsEnd mark the window of the faults.
func (b *burst) faultsBegin() { b.mu.Lock(); b.faults[0] = time.Now(); b.mu.Unlock() }
func (b *burst) faultsEnd()   { b.mu.Lock(); b.faults[1] = time.Now(); b.mu.Unlock() }

// stop waits for every request under way and returns all outcomes.
func (b *burst) stop() []outcome {
	close(b.stopping)
	b.done.Wait()
	return b.outcomes
}

// duringFaults returns the outcomes of the requests sent during the faults.
func (b *burst) duringFaults() []outcome {
	var in []outcome
	for _, o := range b.outcomes {
		if !o.sent.Before(b.faults[0]) && !o.sent.After(b.faults[1]) {
			in = append(in, o)
		}
	}
	return in
}

func (b *burst) register(n int) outcome {
	o := outcome{
		event: b.events[n%len(b.events)],
		email: fmt.Sprintf("deelnemer%05d@example.nl", n),
		key:   fmt.Sprintf("burst-%05d", n),
		sent:  time.Now(),
	}
	body, _ := json.Marshal(map[string]any{"name": fmt.Sprintf("Deelnemer %d", n), "email": o.email, "consent": true})
	status, hdr, raw, err := b.post(o, body)
	o.first = status
	if status == http.StatusServiceUnavailable {
		o.retryAfter = hdr.Get("Retry-After")
		wait, perr := strconv.Atoi(o.retryAfter)
		if perr != nil || wait < 0 || wait > 5 {
			wait = 1 // none or nonsense: the check below reports it
		}
		time.Sleep(time.Duration(wait) * time.Second)
		status, _, raw, err = b.post(o, body)
	}
	o.final, o.err = status, err
	if status != http.StatusCreated {
		o.body = string(raw)
		return o
	}
	var r struct{ ID, Status, ManageToken string }
	if err := json.Unmarshal(raw, &r); err != nil {
		o.err = fmt.Errorf("201 without a registration: %v: %s", err, raw)
		return o
	}
	o.id, o.status, o.token = r.ID, r.Status, r.ManageToken
	return o
}

func (b *burst) post(o outcome, body []byte) (int, http.Header, []byte, error) {
	req, err := http.NewRequest("POST", b.base+"/api/v1/events/"+o.event+"/registrations", bytes.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", o.key)
	resp, err := b.http.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, raw, err
}

// faultFigures are what a fault run reports.
type faultFigures struct {
	sent, created, unavailable, retried int
	converged                           time.Duration // from convergedFrom
	convergedFrom                       string
}

func (f faultFigures) String() string {
	return fmt.Sprintf("%d requests sent during the faults: %d answered 201, %d answered 503 (after one retry); %d first answered 503 and were retried; seat counts converged %s after %s",
		f.sent, f.created, f.unavailable, f.retried, f.converged.Round(time.Millisecond), f.convergedFrom)
}

// checkDuringFaults holds the answers to the requests sent during the faults
// to the bar: at least 95% 201, the rest 503 with Retry-After, none 500.
func checkDuringFaults(t *testing.T, in []outcome) faultFigures {
	t.Helper()
	var f faultFigures
	f.sent = len(in)
	for _, o := range in {
		if o.first == http.StatusServiceUnavailable {
			f.retried++
		}
		switch {
		case o.final == http.StatusCreated && o.err == nil:
			f.created++
		case o.final == http.StatusServiceUnavailable && o.retryAfter != "":
			f.unavailable++
		default:
			t.Errorf("registration %s (%s, sent %s): first %d, final %d %v: %s",
				o.key, o.email, o.sent.Format("15:04:05.000"), o.first, o.final, o.err, o.body)
		}
	}
	if f.sent == 0 {
		t.Fatal("no request was sent during the faults")
	}
	if f.created*100 < f.sent*95 {
		t.Errorf("%d of %d requests sent during the faults answered 201 (%.1f%%), want at least 95%%",
			f.created, f.sent, 100*float64(f.created)/float64(f.sent))
	}
	return f
}

// checkNothingLost checks every registration answered 201 against what the
// services hold afterwards: each one is still there and opens with its
// manage token; no event has more confirmed registrations than seats, and
// none waits while a seat is free; the events service's seat count reaches
// the number of confirmed registrations within the given time from since.
// It returns how long that took from since.
func checkNothingLost(t *testing.T, org *client, outcomes []outcome, capacity int, since time.Time, within time.Duration) time.Duration {
	t.Helper()
	anon := &client{t: t, base: org.base, http: &http.Client{Timeout: 10 * time.Second}}
	confirmed := map[string]int{}
	regs := map[string]map[string]held{} // event -> registration id -> registration
	for _, ev := range uniqueEvents(outcomes) {
		regs[ev] = listRegistrations(t, org, ev)
		for _, r := range regs[ev] {
			if r.status == "confirmed" {
				confirmed[ev]++
			}
		}
	}

	var converged time.Duration
	eventually(t, within-time.Since(since), "every event's seatsTaken equals its confirmed registrations", func() bool {
		for ev, n := range confirmed {
			e := anon.must(http.StatusOK, "GET", "/api/v1/events/"+ev, nil)
			if e["seatsTaken"] != float64(n) {
				return false
			}
		}
		converged = time.Since(since)
		return true
	})

	for ev, n := range confirmed {
		waiting := len(regs[ev]) - n
		if n > capacity || (waiting > 0 && n != capacity) {
			t.Errorf("event %s: %d confirmed and %d waiting for %d seats", ev, n, waiting, capacity)
		}
	}
	answered := map[string]outcome{} // by e-mail address
	for _, o := range outcomes {
		answered[o.email] = o
		if o.final != http.StatusCreated {
			continue
		}
		if got, ok := regs[o.event][o.id]; !ok || got.status != o.status || got.email != o.email {
			t.Errorf("registration %s (%s) answered 201 %s, but the list holds it as %+v", o.id, o.email, o.status, got)
		}
	}
	// The other way round: a registration saved while its client was told
	// otherwise has an attendee without the manage token.
	for _, byID := range regs {
		for id, r := range byID {
			if o := answered[r.email]; o.final != http.StatusCreated || o.id != id {
				t.Errorf("registration %s (%s, %s) is saved, but its client was answered: first %d, final %d: %s",
					id, r.email, r.status, o.first, o.final, o.body)
			}
		}
	}
	getEach(t, anon, outcomes)
	return converged
}

// getEach reads every registration answered 201 with its manage token, as
// its attendee would, a few at a time.
func getEach(t *testing.T, anon *client, outcomes []outcome) {
	t.Helper()
	work := make(chan outcome)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for o := range work {
				req, _ := http.NewRequest("GET", anon.base+"/api/v1/registrations/"+o.id, nil)
				req.Header.Set("X-Manage-Token", o.token)
				resp, err := anon.http.Do(req)
				if err != nil {
					t.Errorf("GET registration %s: %v", o.id, err)
					continue
				}
				var r struct{ Email, Status string }
				err = json.NewDecoder(resp.Body).Decode(&r)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || err != nil || r.Email != o.email {
					t.Errorf("GET registration %s (%s) with its token: %d %v %+v", o.id, o.email, resp.StatusCode, err, r)
				}
			}
		}()
	}
	for _, o := range outcomes {
		if o.final == http.StatusCreated {
			work <- o
		}
	}
	close(work)
	wg.Wait()
}

// held is a registration as the registrations service lists it.
type held struct{ email, status string }

// listRegistrations reads every registration of an event as its organiser,
// by id.
func listRegistrations(t *testing.T, org *client, event string) map[string]held {
	t.Helper()
	all := map[string]held{}
	for token := ""; ; {
		page := org.must(http.StatusOK, "GET", "/api/v1/events/"+event+"/registrations?pageSize=200&pageToken="+token, nil)
		for _, it := range page["items"].([]any) {
			r := it.(map[string]any)
			all[r["id"].(string)] = held{email: r["email"].(string), status: r["status"].(string)}
		}
		next, _ := page["nextPageToken"].(string)
		if next == "" {
			return all
		}
		token = next
	}
}

func uniqueEvents(outcomes []outcome) []string {
	seen := map[string]bool{}
	var evs []string
	for _, o := range outcomes {
		if !seen[o.event] {
			seen[o.event] = true
			evs = append(evs, o.event)
		}
	}
	return evs
}

// openEvents creates and publishes n events with capacity seats each and
// waits until the registrations service takes registrations for them.
func openEvents(t *testing.T, org *client, n, capacity int) []string {
	t.Helper()
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	var ids []string
	for i := range n {
		ev := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{
			"title": fmt.Sprintf("Drukbezochte inloopavond %d", i+1), "location": "Stadswinkel", "capacity": capacity,
			"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(2 * time.Hour).Format(time.RFC3339),
		})
		id := ev["id"].(string)
		org.must(http.StatusOK, "POST", "/api/v1/events/"+id+"/publish", map[string]any{})
		ids = append(ids, id)
	}
	// Setting up, not under test: on a three-node cluster that has just
	// formed, declaring the streams and consumers can take more than 10 s
	// (once in five runs: "ensure stream PLEIN_AMBASSADORS: context
	// deadline exceeded", then a retry) before the registrations service
	// hears of the event.
	for _, id := range ids {
		eventually(t, 30*time.Second, "registrations open for "+id, func() bool {
			return org.do("GET", "/api/v1/events/"+id+"/registrations", nil).Status == http.StatusOK
		})
	}
	return ids
}
