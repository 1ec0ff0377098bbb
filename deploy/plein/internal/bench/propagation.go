package bench

import (
	"context"
	"time"
)

// Propagation is how long a registration takes from its 201 to showing in
// the event's seatsTaken through GET /api/v1/events/{id}: the registrations
// service's outbox, JetStream, the events service's consumer, and a read.
type Propagation struct {
	Samples int     `json:"samples"`
	P50Ms   float64 `json:"p50Ms"`
	P99Ms   float64 `json:"p99Ms"`
	MaxMs   float64 `json:"maxMs"`
	// TimedOut counts registrations not visible within propagationLimit.
	TimedOut int `json:"timedOut"`
	// Failed counts probe registrations or reads that failed.
	Failed int `json:"failed"`
}

const (
	propagationLimit = 30 * time.Second
	pollPause        = time.Millisecond
)

// probe registers one person at a time for event (which nobody else
// registers for) until stop closes, and after each 201 reads the event
// until its seatsTaken counts the registration. A registration counts as
// visible when the read that shows it returns.
func probe(ctx context.Context, anon *api, event, run string, stop <-chan struct{}) Propagation {
	var (
		p   Propagation
		lat []time.Duration
	)
	taken, err := anon.seatsTaken(ctx, event)
	if err != nil {
		p.Failed++
		return p
	}
	for seq := 0; ; seq++ {
		select {
		case <-stop:
			s := summarise(lat, 0)
			p.Samples, p.P50Ms, p.P99Ms, p.MaxMs = s.OK, s.P50Ms, s.P99Ms, s.MaxMs
			return p
		case <-ctx.Done():
			return p
		default:
		}
		if err := anon.register(ctx, event, registrationBody(run+"-probe", 0, seq)); err != nil {
			p.Failed++
			continue
		}
		acked := time.Now()
		taken++
		for {
			n, err := anon.seatsTaken(ctx, event)
			if err != nil {
				p.Failed++
			} else if n >= taken {
				lat = append(lat, time.Since(acked))
				break
			}
			if time.Since(acked) > propagationLimit {
				p.TimedOut++
				break
			}
			time.Sleep(pollPause)
		}
	}
}
