package domain

// CompaniesReached counts the companies a programme reached once each, by
// KvK number.
type CompaniesReached struct {
	// Unique counts the distinct KvK numbers of both sources together.
	Unique int
	// FromActivities counts those the approved activities named.
	FromActivities int
	// FromRegistrations counts those of the attendees of the programme's
	// events completed in the period.
	FromRegistrations int
	// SelfReported adds up the entrepreneurs reached the ambassadors
	// reported (approved activities).
	SelfReported int
}

// IndicatorResult is an indicator against its target over the period.
type IndicatorResult struct {
	Indicator Indicator
	// Value is the sum of the period's measurements; of a percent, the
	// latest.
	Value        float64
	Measurements int
	// PercentOfTarget is Value / target * 100, for a target above zero.
	PercentOfTarget *float64
	// LastMeasuredOn is the day of the period's latest measurement.
	LastMeasuredOn Date
}

// CountCompanies fills in rep.Companies from the approved activities of
// the period (acts as given to BuildReport) and the KvK numbers each of the
// programme's events completed in the period reached.
func (rep *Report) CountCompanies(acts []Activity, events [][]string) {
	all, fromActs, fromRegs := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, x := range acts {
		if x.ReviewStatus != ReviewApproved || x.OccurredOn.Before(rep.From) || x.OccurredOn.After(rep.To) {
			continue
		}
		for _, c := range x.Companies {
			if c.KvKNumber != "" {
				fromActs[c.KvKNumber], all[c.KvKNumber] = true, true
			}
		}
	}
	for _, numbers := range events {
		for _, n := range numbers {
			if n != "" {
				fromRegs[n], all[n] = true, true
			}
		}
	}
	rep.Companies = CompaniesReached{Unique: len(all), FromActivities: len(fromActs),
		FromRegistrations: len(fromRegs), SelfReported: rep.Totals.EntrepreneursReached}
}

// MeasureIndicators fills in rep.Indicators: one result per indicator of
// the programme, in its order, from the measurements (of any indicator)
// dated in the period, oldest first as recorded. Count, euro and hours add
// up; of percent the latest counts.
func (rep *Report) MeasureIndicators(p *Programme, ms []Measurement) {
	rep.Indicators = make([]IndicatorResult, 0, len(p.Indicators))
	for _, in := range p.Indicators {
		r := IndicatorResult{Indicator: in}
		for _, m := range ms {
			if m.Indicator != in.Key || m.On.Before(rep.From) || m.On.After(rep.To) {
				continue
			}
			r.Measurements++
			if in.Unit == UnitPercent {
				if !m.On.Before(r.LastMeasuredOn) {
					r.Value = m.Value // the latest day; of one day, the last recorded
				}
			} else {
				r.Value += m.Value
			}
			if m.On.After(r.LastMeasuredOn) {
				r.LastMeasuredOn = m.On
			}
		}
		if in.Target != nil && *in.Target > 0 {
			pct := r.Value / *in.Target * 100
			r.PercentOfTarget = &pct
		}
		rep.Indicators = append(rep.Indicators, r)
	}
}
