package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
)

// Results is one run of the bench, as written to bench/results.json.
type Results struct {
	Date         string       `json:"date"`
	Machine      Machine      `json:"machine"`
	Config       RunConfig    `json:"config"`
	Plein        Startup      `json:"plein"`
	Registration Registration `json:"registration"`
	Propagation  Propagation  `json:"propagation"`
	Cost         []Cost       `json:"costPerRegistration"`
	// CostRatio is the wall time per registration at Large over that at
	// Small; CPUCostRatio the same for plein's CPU time.
	CostRatio    float64 `json:"costRatio"`
	CPUCostRatio float64 `json:"cpuCostRatio"`
	// FillFailed counts failed registrations while filling the cost
	// event (they were retried).
	FillFailed int `json:"fillFailed"`
	// Listing is the event listing on a large catalogue, if measured.
	Listing *Listing `json:"listing,omitempty"`
	// Incomplete says why the run stopped early, if it did.
	Incomplete string `json:"incomplete,omitempty"`
}

// Machine describes where the run happened.
type Machine struct {
	CPU          string `json:"cpu"`
	Cores        int    `json:"cores"`
	Go           string `json:"go"`
	OS           string `json:"os"`
	LoadAvgStart string `json:"loadAvgStart"`
	LoadAvgEnd   string `json:"loadAvgEnd"`
}

// RunConfig is the load the run applied.
type RunConfig struct {
	Clients int     `json:"clients"`
	Seconds float64 `json:"secondsPerPhase"`
	Small   int     `json:"small"`
	Large   int     `json:"large"`
	Batch   int     `json:"batch"`
}

// Startup is plein's start and rest.
type Startup struct {
	ReadySeconds float64 `json:"readySeconds"`
	IdleRSSMB    float64 `json:"idleRssMB"`
}

// Registration compares the whole path with the bare handler.
type Registration struct {
	Plein             Summary `json:"plein"`
	BareNormal        Summary `json:"bareNormal"`
	BareFull          Summary `json:"bareFull"`
	RatioToBareFull   float64 `json:"ratioToBareFull"`
	RatioToBareNormal float64 `json:"ratioToBareNormal"`
}

// Cost is what Batch registrations cost at an event already holding
// Existing: wall time per registration at the run's concurrency and
// plein's CPU time per registration.
type Cost struct {
	Existing      int     `json:"existing"`
	Registrations int     `json:"registrations"`
	Failed        int     `json:"failed"`
	WallMicros    float64 `json:"wallMicrosPerRegistration"`
	CPUMicros     float64 `json:"cpuMicrosPerRegistration"`
	P50Ms         float64 `json:"p50Ms"`
	P99Ms         float64 `json:"p99Ms"`
}

func machine() Machine {
	m := Machine{Cores: runtime.NumCPU(), Go: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH,
		LoadAvgStart: loadAvg()}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	return m
}

// loadAvg returns the 1, 5 and 15 minute load averages.
func loadAvg() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(raw))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// Problems lists what went wrong in the run: failed requests, nothing
// measured, registrations that never showed.
func (r *Results) Problems() []string {
	var out []string
	check := func(name string, s Summary) {
		if s.OK == 0 {
			out = append(out, name+": no successful request")
		}
		if s.Failed > 0 {
			out = append(out, fmt.Sprintf("%s: %d failed requests %v", name, s.Failed, s.Failures))
		}
	}
	check("plein", r.Registration.Plein)
	check("bare NORMAL", r.Registration.BareNormal)
	check("bare FULL", r.Registration.BareFull)
	p := r.Propagation
	if p.Samples == 0 || p.TimedOut > 0 || p.Failed > 0 {
		out = append(out, fmt.Sprintf("propagation: %d samples, %d timed out, %d failed", p.Samples, p.TimedOut, p.Failed))
	}
	if r.FillFailed > 0 {
		out = append(out, fmt.Sprintf("filling the cost event: %d failed registrations (retried)", r.FillFailed))
	}
	for _, c := range r.Cost {
		if c.Registrations == 0 || c.Failed > 0 {
			out = append(out, fmt.Sprintf("cost at %d: %d registrations, %d failed", c.Existing, c.Registrations, c.Failed))
		}
	}
	if l := r.Listing; l != nil {
		for _, f := range l.Filters {
			check("listing "+f.Name+" ("+f.Caller+")", f.Summary)
			if f.Items == 0 {
				out = append(out, fmt.Sprintf("listing %s (%s): an empty page", f.Name, f.Caller))
			}
		}
	}
	return out
}

// WriteJSON writes r, indented, to path.
func (r *Results) WriteJSON(path string) error {
	raw, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(raw, '\n'), 0o644)
}

// WriteTable prints r for people.
func (r *Results) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "\n%s, %s (%d cores), load average %s at start, %s at end\n",
		r.Date, r.Machine.CPU, r.Machine.Cores, r.Machine.LoadAvgStart, r.Machine.LoadAvgEnd)
	fmt.Fprintf(w, "registrations, %d clients, %gs each:\n\n", r.Config.Clients, r.Config.Seconds)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\treg/s\tp50 ms\tp99 ms\tok\tfailed\t")
	reg := r.Registration
	for _, row := range []struct {
		name string
		s    Summary
	}{
		{"bare handler, synchronous=NORMAL", reg.BareNormal},
		{"bare handler, synchronous=FULL", reg.BareFull},
		{"plein, whole path", reg.Plein},
	} {
		fmt.Fprintf(tw, "%s\t%.0f\t%.1f\t%.1f\t%d\t%d\t\n", row.name, row.s.PerSecond, row.s.P50Ms, row.s.P99Ms, row.s.OK, row.s.Failed)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nplein / bare FULL = %.2f, plein / bare NORMAL = %.2f\n", reg.RatioToBareFull, reg.RatioToBareNormal)
	p := r.Propagation
	fmt.Fprintf(w, "propagation under that load (201 -> seatsTaken): p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples, %d timed out)\n",
		p.P50Ms, p.P99Ms, p.MaxMs, p.Samples, p.TimedOut)
	fmt.Fprintln(w, "cost per registration:")
	for _, c := range r.Cost {
		fmt.Fprintf(w, "  at %7d existing: %7.1f µs wall, %7.1f µs plein CPU, p50 %.1f ms, p99 %.1f ms (%d registrations)\n",
			c.Existing, c.WallMicros, c.CPUMicros, c.P50Ms, c.P99Ms, c.Registrations)
	}
	if len(r.Cost) == 2 {
		fmt.Fprintf(w, "  large / small: %.2f wall, %.2f CPU\n", r.CostRatio, r.CPUCostRatio)
	}
	_, err := fmt.Fprintf(w, "plein: ready in %.2f s, idle RSS %.1f MB\n", r.Plein.ReadySeconds, r.Plein.IdleRSSMB)
	if l := r.Listing; l != nil && err == nil {
		err = l.writeTable(w)
	}
	if r.Incomplete != "" {
		_, err = fmt.Fprintf(w, "INCOMPLETE: %s\n", r.Incomplete)
	}
	return err
}

func (l *Listing) writeTable(w io.Writer) error {
	s := l.Seeded
	fmt.Fprintf(w, "\nevent listing, %d events and %d registrations seeded in %.1f s; plein ready on them in %.2f s, idle RSS %.1f MB\n",
		s.Events, s.Registrations, s.Seconds, l.ReadySeconds, l.IdleRSSMB)
	fmt.Fprintf(w, "GET /api/v1/events, %d clients, %gs per filter, target p99 <= %g ms:\n\n", l.Clients, l.Seconds, l.TargetP99Ms)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\t\treq/s\tp50 ms\tp99 ms\titems\tfailed\t")
	for _, f := range l.Filters {
		miss := ""
		if f.P99Ms > l.TargetP99Ms {
			miss = " *"
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.1f\t%.1f%s\t%d\t%d\t\n", f.Caller, f.Name, f.PerSecond, f.P50Ms, f.P99Ms, miss, f.Items, f.Failed)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "(* p99 above the target)")
	return err
}
