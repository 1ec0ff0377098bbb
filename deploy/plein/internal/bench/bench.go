// Package bench measures Plein's registration write path: registrations
// per second and latency at many concurrent clients through the whole path
// of bin/plein, against a bare net/http + SQLite insert handler measured in
// the same run; how long a registration takes to show in the event's seat
// count while that load runs; what one registration costs at a small and
// a large event; and plein's idle memory and time to ready.
//
// Other processes may share the machine, so the figures that compare are
// the ratios within one run.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Config is what to measure and how hard.
type Config struct {
	// Bin is the bin/plein to run.
	Bin string
	// Dir holds the databases and plein's data; it should be empty.
	Dir string
	// Clients send requests back to back, for Duration per load phase.
	Clients  int
	Duration time.Duration
	// Small and Large are the registrations an event holds when Batch more
	// are measured at each; Large+Batch must fit an event's 100,000 seats.
	Small, Large, Batch int
	// ListEvents and ListRegistrations size the catalogue the event
	// listing is measured on (no listing phase if ListEvents is 0), by
	// ListClients for ListDuration per filter.
	ListEvents, ListRegistrations int
	ListClients                   int
	ListDuration                  time.Duration
	// Profile, if set, is where a CPU profile of plein during the
	// whole-path load is written (plein serves pprof on PLEIN_DEBUG_ADDR),
	// Profile+".cost" one of the small cost batch until plein is idle
	// again, and Profile+".listing" one during the listing.
	Profile string
	// Progress receives a line per phase.
	Progress io.Writer
}

const maxCapacity = 100000

func (c Config) check() error {
	switch {
	case c.Bin == "" || c.Dir == "":
		return errors.New("bench: Bin and Dir must be set")
	case c.Clients < 1 || c.Duration <= 0:
		return errors.New("bench: need at least one client and a duration")
	case c.Small < 1 || c.Large <= c.Small || c.Batch < 1:
		return errors.New("bench: need 1 <= Small < Large and Batch >= 1")
	case c.Large+c.Batch > maxCapacity:
		return fmt.Errorf("bench: Large+Batch (%d) exceeds an event's %d seats", c.Large+c.Batch, maxCapacity)
	case c.ListEvents < 0 || c.ListRegistrations < 0 || c.ListEvents > 0 && (c.ListClients < 1 || c.ListDuration <= 0):
		return errors.New("bench: the listing needs sizes >= 0, a client and a duration")
	}
	return nil
}

// Run measures everything and returns the results. It fails only when a
// phase cannot run at all (or ctx ends), returning with the error what it
// measured until then; failed requests are counted in the results (see
// Results.Problems).
func Run(ctx context.Context, cfg Config) (*Results, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	progress := func(format string, args ...any) {
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, "==> "+format+"\n", args...)
		}
	}
	res := &Results{
		Date:    time.Now().UTC().Format(time.RFC3339),
		Machine: machine(),
		Config: RunConfig{Clients: cfg.Clients, Seconds: cfg.Duration.Seconds(),
			Small: cfg.Small, Large: cfg.Large, Batch: cfg.Batch},
	}
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	phase := load{clients: cfg.Clients, duration: cfg.Duration}

	for _, b := range []struct {
		sync string
		out  *Summary
	}{{"NORMAL", &res.Registration.BareNormal}, {"FULL", &res.Registration.BareFull}} {
		progress("bare handler, synchronous=%s: %d clients for %s", b.sync, cfg.Clients, cfg.Duration)
		srv, err := startBare(cfg.Dir, b.sync)
		if err != nil {
			return res, err
		}
		c := &api{base: srv.url, http: newHTTPClient(cfg.Clients)}
		*b.out = run0(ctx, phase, c, "bare-event", run)
		if err := srv.close(); err != nil {
			return res, fmt.Errorf("bare handler: %w", err)
		}
	}

	debugAddr := ""
	if cfg.Profile != "" {
		port, err := freePort()
		if err != nil {
			return res, err
		}
		debugAddr = "127.0.0.1:" + strconv.Itoa(port)
	}
	progress("starting %s", cfg.Bin)
	p, err := startPlein(ctx, cfg.Bin, filepath.Join(cfg.Dir, "plein"), debugAddr)
	if err != nil {
		return res, err
	}
	stopped := false
	defer func() {
		if !stopped {
			_ = p.stop()
		}
	}()
	res.Plein.ReadySeconds = round(p.ready.Seconds(), 3)
	time.Sleep(time.Second) // let start-up work settle before reading "idle" memory
	rss, err := p.rss()
	if err != nil {
		return res, err
	}
	res.Plein.IdleRSSMB = round(float64(rss)/(1<<20), 1)

	org, anon, err := signIn(ctx, p.base, adminEmail, adminPassword, cfg.Clients)
	if err != nil {
		return res, fmt.Errorf("%w; log:\n%s", err, tail(p.logPath))
	}
	events := map[string]string{}
	for _, name := range []string{"load", "probe", "cost"} {
		id, err := org.publishEvent(ctx, "Bench "+name, maxCapacity)
		if err != nil {
			return res, err
		}
		if err := anon.waitRegistrable(ctx, id, run+name); err != nil {
			return res, err
		}
		events[name] = id
	}

	progress("plein, whole path: %d clients for %s, propagation probe alongside", cfg.Clients, cfg.Duration)
	stopProbe := make(chan struct{})
	probed := make(chan Propagation, 1)
	go func() { probed <- probe(ctx, anon, events["probe"], run, stopProbe) }()
	profiled := make(chan error, 1)
	if cfg.Profile != "" {
		go func() { profiled <- cpuProfile(ctx, debugAddr, cfg.Duration, cfg.Profile) }()
	}
	res.Registration.Plein = run0(ctx, phase, anon, events["load"], run)
	close(stopProbe)
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	res.Propagation = <-probed
	if cfg.Profile != "" {
		if err := <-profiled; err != nil {
			progress("no CPU profile: %v", err)
		} else {
			progress("CPU profile of plein written to %s", cfg.Profile)
		}
	}
	res.Registration.RatioToBareFull = ratio(res.Registration.Plein.PerSecond, res.Registration.BareFull.PerSecond)
	res.Registration.RatioToBareNormal = ratio(res.Registration.Plein.PerSecond, res.Registration.BareNormal.PerSecond)

	have := 1 // waitRegistrable's registration
	for _, size := range []int{cfg.Small, cfg.Large} {
		progress("cost per registration: filling an event to %d registrations, then %d more", size, cfg.Batch)
		filled, failed, err := fill(ctx, cfg.Clients, anon, events["cost"], run+"-fill"+strconv.Itoa(size), size-have)
		res.FillFailed += failed
		if err != nil {
			return res, err
		}
		have += filled
		// Measured from an idle plein to an idle plein: the batch is
		// charged with all its work (its e-mails too) and none of the
		// fill's.
		if err := settle(ctx, p, progress); err != nil {
			return res, err
		}
		cpu0, err := p.cpu()
		if err != nil {
			return res, err
		}
		// The small event's batch is profiled from its start until
		// plein is idle again: everything a registration costs.
		costProfiled := make(chan error, 1)
		profileCost := cfg.Profile != "" && size == cfg.Small
		if profileCost {
			go func() { costProfiled <- cpuProfile(ctx, debugAddr, costProfileSpan, cfg.Profile+".cost") }()
		}
		s := run0(ctx, load{clients: cfg.Clients, count: cfg.Batch}, anon, events["cost"], run+"-cost"+strconv.Itoa(size))
		if err := settle(ctx, p, progress); err != nil {
			return res, err
		}
		// Read before the profile ends: the idle time it waits out and
		// its encoding are not the batch's.
		cpu1, err := p.cpu()
		if err != nil {
			return res, err
		}
		if profileCost {
			if err := <-costProfiled; err != nil {
				progress("no CPU profile of the cost batch: %v", err)
			} else {
				progress("CPU profile of plein during the cost batch (until idle) written to %s.cost", cfg.Profile)
			}
		}
		res.Cost = append(res.Cost, costOf(have, s, cpu1-cpu0))
		have += s.OK
	}
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	res.CostRatio = ratio(res.Cost[1].WallMicros, res.Cost[0].WallMicros)
	res.CPUCostRatio = ratio(res.Cost[1].CPUMicros, res.Cost[0].CPUMicros)

	stopped = true
	if err := p.stop(); err != nil {
		return res, fmt.Errorf("stop plein: %w; log:\n%s", err, tail(p.logPath))
	}
	if cfg.ListEvents > 0 {
		if err := runListing(ctx, cfg, res, org.token, progress); err != nil {
			return res, err
		}
	}
	res.Machine.LoadAvgEnd = loadAvg()
	return res, nil
}

// runListing seeds the stopped plein's files with the catalogue, starts
// plein on them and measures the listing; token is an organiser's API
// token (the gateway's database is left as it was).
func runListing(ctx context.Context, cfg Config, res *Results, token string, progress func(string, ...any)) error {
	dataDir := filepath.Join(cfg.Dir, "plein")
	now := time.Now()
	progress("listing: seeding %d events and %d registrations into the stopped plein's files", cfg.ListEvents, cfg.ListRegistrations)
	seeded, err := seedCatalogue(ctx, dataDir, cfg.ListEvents, cfg.ListRegistrations, now)
	if err != nil {
		return err
	}
	l := &Listing{Seeded: seeded, Clients: cfg.ListClients, Seconds: cfg.ListDuration.Seconds(), TargetP99Ms: listingTargetP99Ms}
	res.Listing = l
	progress("listing: seeded in %.1f s; starting %s on it", seeded.Seconds, cfg.Bin)
	debugAddr := ""
	if cfg.Profile != "" {
		port, err := freePort()
		if err != nil {
			return err
		}
		debugAddr = "127.0.0.1:" + strconv.Itoa(port)
	}
	p, err := startPlein(ctx, cfg.Bin, dataDir, debugAddr)
	if err != nil {
		return err
	}
	l.ReadySeconds = round(p.ready.Seconds(), 3)
	time.Sleep(time.Second)
	rss, err := p.rss()
	if err != nil {
		_ = p.stop()
		return err
	}
	l.IdleRSSMB = round(float64(rss)/(1<<20), 1)
	hc := newHTTPClient(cfg.ListClients)
	org, anon := &api{base: p.base, token: token, http: hc}, &api{base: p.base, http: hc}
	progress("listing: ready in %.2f s; %d clients for %s per filter", p.ready.Seconds(), cfg.ListClients, cfg.ListDuration)
	profiled := make(chan error, 1)
	if cfg.Profile != "" {
		d := time.Duration(len(listFilters(seeded, now))) * cfg.ListDuration
		go func() { profiled <- cpuProfile(ctx, debugAddr, d, cfg.Profile+".listing") }()
	}
	l.Filters, err = measureListing(ctx, org, anon, seeded, cfg.ListClients, cfg.ListDuration, now)
	if cfg.Profile != "" {
		if perr := <-profiled; perr != nil {
			progress("no CPU profile of the listing: %v", perr)
		} else {
			progress("CPU profile of plein during the listing written to %s.listing", cfg.Profile)
		}
	}
	if stopErr := p.stop(); stopErr != nil && err == nil {
		err = fmt.Errorf("stop plein: %w; log:\n%s", stopErr, tail(p.logPath))
	}
	return err
}

// run0 drives registrations for event with the load l.
func run0(ctx context.Context, l load, c *api, event, run string) Summary {
	return runLoad(ctx, l, func(ctx context.Context, worker, seq int) error {
		return c.register(ctx, event, registrationBody(run, worker, seq))
	})
}

// fill registers n more people for event, retrying what fails, and
// returns how many registered and how many attempts failed.
func fill(ctx context.Context, clients int, c *api, event, run string, n int) (ok, failed int, err error) {
	for round := 0; ok < n; round++ {
		s := run0(ctx, load{clients: clients, count: n - ok}, c, event, run+"-"+strconv.Itoa(round))
		ok, failed = ok+s.OK, failed+s.Failed
		if ctx.Err() != nil {
			return ok, failed, ctx.Err()
		}
		if s.OK == 0 {
			return ok, failed, fmt.Errorf("filling event %s: no registration succeeds: %v", event, s.Failures)
		}
	}
	return ok, failed, nil
}

// costProfileSpan is how long the profile of the small cost batch runs:
// the batch and the work it leaves behind, with room to spare (idle time
// adds no samples).
const costProfileSpan = 30 * time.Second

// settleLimit is how long the cost phase waits for plein to work off
// what a fill left behind.
const settleLimit = 5 * time.Minute

// settle waits for plein to be idle, and says so when it does not become
// idle within settleLimit (the measurement then goes on, charged).
func settle(ctx context.Context, p *process, progress func(string, ...any)) error {
	start := time.Now()
	idle, err := p.settle(ctx, settleLimit)
	if err != nil {
		return err
	}
	if !idle {
		progress("plein still busy after %s; measuring anyway", settleLimit)
	} else if waited := time.Since(start); waited > 2*time.Second {
		progress("plein idle after %.0f s", waited.Seconds())
	}
	return nil
}

func costOf(existing int, s Summary, cpu time.Duration) Cost {
	c := Cost{Existing: existing, Registrations: s.OK, Failed: s.Failed, P50Ms: s.P50Ms, P99Ms: s.P99Ms}
	if s.OK > 0 {
		c.WallMicros = round(s.Seconds*1e6/float64(s.OK), 1)
		c.CPUMicros = round(float64(cpu.Microseconds())/float64(s.OK), 1)
	}
	return c
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return round(a/b, 3)
}

// cpuProfile fetches a CPU profile of plein covering most of d.
func cpuProfile(ctx context.Context, addr string, d time.Duration, path string) error {
	secs := max(1, int((d - 500*time.Millisecond).Seconds()))
	req, err := http.NewRequestWithContext(ctx, "GET",
		fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, secs), nil)
	if err != nil {
		return err
	}
	resp, err := (&http.Client{Timeout: d + time.Minute}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("pprof: HTTP %d", resp.StatusCode)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
