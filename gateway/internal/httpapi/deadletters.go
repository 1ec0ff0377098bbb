package httpapi

import (
	"cmp"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/encoding/protojson"

	"plein.dev/gateway/internal/accounts"
	"plein.dev/platform/deadletters"
	"plein.dev/platform/identity"
	opsv1 "plein.dev/proto/gen/plein/ops/v1"
)

// deadLetterServices are the services' DeadLettersService clients, by
// service name (the prefix of their dead letters' ids).
type deadLetterServices map[string]opsv1.DeadLettersServiceClient

func newDeadLetterServices(b Backends) deadLetterServices {
	out := deadLetterServices{}
	for name, conn := range map[string]grpc.ClientConnInterface{"events": b.Events, "registrations": b.Registrations,
		"ambassadors": b.Ambassadors, "notifications": b.Notifications} {
		if conn != nil {
			out[name] = opsv1.NewDeadLettersServiceClient(conn)
		}
	}
	return out
}

// each calls f for every service at once and waits for them all.
func (d deadLetterServices) each(f func(name string, c opsv1.DeadLettersServiceClient)) {
	var wg sync.WaitGroup
	for name, c := range d {
		wg.Go(func() { f(name, c) })
	}
	wg.Wait()
}

// deadLetterList is the answer of GET /api/v1/dead-letters.
type deadLetterList struct {
	DeadLetters []json.RawMessage `json:"deadLetters"`
	// Unavailable names the services that did not answer: their dead
	// letters are missing from the list.
	Unavailable []string `json:"unavailable"`
}

var deadLetterJSON = protojson.MarshalOptions{EmitDefaultValues: true}

// listDeadLetters answers GET /api/v1/dead-letters: the dead letters of
// every service, the oldest first; a service that does not answer is named
// in unavailable.
func (d deadLetterServices) list(log *slog.Logger) func(http.ResponseWriter, *http.Request, accounts.User) {
	return func(w http.ResponseWriter, r *http.Request, _ accounts.User) {
		var (
			mu  sync.Mutex
			all []*opsv1.DeadLetter
			out = deadLetterList{DeadLetters: []json.RawMessage{}, Unavailable: []string{}}
		)
		d.each(func(name string, c opsv1.DeadLettersServiceClient) {
			resp, err := c.ListDeadLetters(r.Context(), &opsv1.ListDeadLettersRequest{})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				log.WarnContext(r.Context(), "list dead letters", "service", name, "err", err)
				out.Unavailable = append(out.Unavailable, name)
				return
			}
			all = append(all, resp.GetDeadLetters()...)
		})
		slices.SortFunc(all, func(a, b *opsv1.DeadLetter) int {
			return cmp.Or(a.GetFirstFailedAt().AsTime().Compare(b.GetFirstFailedAt().AsTime()), cmp.Compare(a.GetId(), b.GetId()))
		})
		slices.Sort(out.Unavailable)
		for _, dl := range all {
			b, err := deadLetterJSON.Marshal(dl)
			if err != nil {
				writeProblem(w, newProblem(http.StatusInternalServerError, "something went wrong on our side"))
				return
			}
			out.DeadLetters = append(out.DeadLetters, b)
		}
		writeJSON(w, http.StatusOK, out)
	}
}

// retry answers POST /api/v1/dead-letters/{deadLetterId}/retry: the service
// the id names applies the message again. 200 with the outcome; 404 for an
// unknown id; 422 when it fails again (the dead letter stays).
func (d deadLetterServices) retry(w http.ResponseWriter, r *http.Request, _ accounts.User) {
	id, c, ok := d.named(w, r)
	if !ok {
		return
	}
	resp, err := c.RetryDeadLetter(r.Context(), &opsv1.RetryDeadLetterRequest{Id: id})
	if err != nil {
		writeProblem(w, problemFromStatus(err))
		return
	}
	writeJSON(w, http.StatusOK, struct {
		ID      string `json:"id"`
		Outcome string `json:"outcome"`
	}{id, resp.GetOutcome()})
}

// named returns the dead letter id of the path and the service it names;
// for an id that names no service it answers 404 and returns false.
func (d deadLetterServices) named(w http.ResponseWriter, r *http.Request) (string, opsv1.DeadLettersServiceClient, bool) {
	id := r.PathValue("deadLetterId")
	service, _, ok := deadletters.ParseID(id)
	c, known := d[service]
	if !ok || !known {
		writeProblem(w, newProblem(http.StatusNotFound, "no such dead letter"))
		return "", nil, false
	}
	return id, c, true
}

// discard answers DELETE /api/v1/dead-letters/{deadLetterId}: the service
// the id names drops it unapplied. 204; 404 for an unknown id.
func (d deadLetterServices) discard(w http.ResponseWriter, r *http.Request, _ accounts.User) {
	id, c, ok := d.named(w, r)
	if !ok {
		return
	}
	if _, err := c.DiscardDeadLetter(r.Context(), &opsv1.DiscardDeadLetterRequest{Id: id}); err != nil {
		writeProblem(w, problemFromStatus(err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// deadLetterCollector reports the services' dead letters at each scrape:
// plein_dead_letters (waiting) and plein_dead_letters_total (ever), by
// service and consumer. A service that does not answer within
// scrapeTimeout is left out of that scrape.
type deadLetterCollector struct {
	services deadLetterServices
	log      *slog.Logger
	waiting  *prometheus.Desc
	total    *prometheus.Desc
}

const scrapeTimeout = 2 * time.Second

// asGateway is the identity the gateway asks for the counts with.
var asGateway = identity.Identity{UserID: "gateway", Roles: []string{identity.RoleAdmin}}

func newDeadLetterCollector(s deadLetterServices, log *slog.Logger) *deadLetterCollector {
	labels := []string{"service", "consumer"}
	return &deadLetterCollector{services: s, log: log,
		waiting: prometheus.NewDesc("plein_dead_letters", "Dead letters waiting for a retry, by service and consumer.", labels, nil),
		total:   prometheus.NewDesc("plein_dead_letters_total", "Messages a consumer gave up on (kept as dead letters), by service and consumer.", labels, nil),
	}
}

func (c *deadLetterCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.waiting
	ch <- c.total
}

func (c *deadLetterCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(identity.NewContext(context.Background(), asGateway), scrapeTimeout)
	defer cancel()
	c.services.each(func(name string, s opsv1.DeadLettersServiceClient) {
		resp, err := s.CountDeadLetters(ctx, &opsv1.CountDeadLettersRequest{})
		if err != nil {
			c.log.Warn("count dead letters", "service", name, "err", err)
			return
		}
		for _, k := range resp.GetConsumers() {
			ch <- prometheus.MustNewConstMetric(c.waiting, prometheus.GaugeValue, float64(k.GetWaiting()), name, k.GetConsumer())
			ch <- prometheus.MustNewConstMetric(c.total, prometheus.CounterValue, float64(k.GetTotal()), name, k.GetConsumer())
		}
	})
}
