package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"plein.dev/platform/identity"
	ambassadorsv1 "plein.dev/proto/gen/plein/ambassadors/v1"
)

// measurementFields are the fields of the form that records a
// measurement, in form order, by their API names.
var measurementFields = []string{"indicator", "value", "on", "source", "note"}

// measurementPages bounds the measurements a page reads: pages of 200.
const measurementPages = 5

// measuredIndicator is one of a programme's indicators on the measurements page.
type measuredIndicator struct {
	Key, Label, Unit, Target string
}

// measurementRow is one recorded measurement.
type measurementRow struct {
	ID, Indicator, Value, On, OnISO, Source, Note string
}

// measurementsPage is the data of /beheer/programmas/{programmeId}/metingen.
type measurementsPage struct {
	ID, Programme string
	Indicators    []measuredIndicator
	Options       []option
	Measurements  []measurementRow
	Form          *entry
	Notice        string
}

// managedProgramme reads a programme the user manages; another
// organisation's is NotFound, as the services answer.
func (h *Handler) managedProgramme(ctx context.Context, id string) (*ambassadorsv1.Programme, error) {
	resp, err := h.ambassadors.GetProgramme(ctx, &ambassadorsv1.GetProgrammeRequest{ProgrammeId: id})
	if err != nil {
		return nil, err
	}
	if !identity.FromContext(ctx).Manages(resp.GetProgramme().GetOwnerOrganisationIds()...) {
		return nil, status.Error(codes.NotFound, "programme not found")
	}
	return resp.GetProgramme(), nil
}

// programmeMeasurements lists a programme's measurements, newest day first.
func (h *Handler) programmeMeasurements(ctx context.Context, id string) ([]*ambassadorsv1.Measurement, error) {
	var out []*ambassadorsv1.Measurement
	token := ""
	for range measurementPages {
		resp, err := h.ambassadors.ListMeasurements(ctx, &ambassadorsv1.ListMeasurementsRequest{ProgrammeId: id,
			PageSize: 200, PageToken: token})
		if err != nil {
			return nil, fmt.Errorf("list measurements of %s: %w", id, err)
		}
		out = append(out, resp.GetItems()...)
		if token = resp.GetNextPageToken(); token == "" {
			break
		}
	}
	return out, nil
}

// measurementsOf fills the page of a programme: its indicators, their
// measurements and the form f.
func (h *Handler) measurementsOf(ctx context.Context, l *Lang, id string, f *entry) (measurementsPage, error) {
	prog, err := h.managedProgramme(ctx, id)
	if err != nil {
		return measurementsPage{}, err
	}
	items, err := h.programmeMeasurements(ctx, id)
	if err != nil {
		return measurementsPage{}, err
	}
	p := measurementsPage{ID: id, Programme: prog.GetName(), Form: f}
	units := map[string]*ambassadorsv1.Indicator{}
	for _, in := range prog.GetIndicators() {
		units[in.GetKey()] = in
		row := measuredIndicator{Key: in.GetKey(), Label: in.GetLabel(), Unit: l.T("unit." + in.GetUnit())}
		if in.Target != nil {
			row.Target = l.Amount(in.GetUnit(), in.GetTarget())
		}
		p.Indicators = append(p.Indicators, row)
		p.Options = append(p.Options, option{Value: in.GetKey(), Label: in.GetLabel()})
	}
	for _, m := range items {
		in := units[m.GetIndicator()]
		label := m.GetIndicator()
		if in != nil {
			label = in.GetLabel()
		}
		p.Measurements = append(p.Measurements, measurementRow{ID: m.GetId(), Indicator: label,
			Value: l.Amount(in.GetUnit(), m.GetValue()), On: l.Day(m.GetOn()), OnISO: m.GetOn(), Source: m.GetSource(), Note: m.GetNote()})
	}
	return p, nil
}

// measurements serves GET /beheer/programmas/{programmeId}/metingen: the
// programme's indicators with their targets, what was measured, and the
// form that records a measurement (today's date to start with).
func (h *Handler) measurements(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	f := newEntry(url.Values{"on": {dayStart(h.now()).Format(dateLayout)}}, measurementFields...)
	p, err := h.measurementsOf(r.Context(), l, r.PathValue("programmeId"), f)
	if err != nil {
		h.staffFailed(w, r, "measurements", err)
		return
	}
	p.Notice = notice(r, "vastgelegd", "verwijderd")
	h.renderStaff(w, r, s, http.StatusOK, "console/measurements", p)
}

// recordMeasurement serves the POST of that page.
func (h *Handler) recordMeasurement(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	ctx := r.Context()
	id := r.PathValue("programmeId")
	f := newEntry(r.PostForm, measurementFields...)
	p, err := h.measurementsOf(ctx, l, id, f)
	if err != nil {
		h.staffFailed(w, r, "measurements", err)
		return
	}
	known := false
	for _, o := range p.Options {
		known = known || o.Value == f.Value("indicator")
	}
	if !known {
		f.fail("indicator", l.T("measurements.error.indicator"))
	}
	value, ok := l.ParseNumber(f.Value("value")) // console_numbers.go
	if !ok {
		f.fail("value", l.T("measurements.error.value"))
	}
	if _, ok := parseDate(f.Value("on")); !ok {
		f.fail("on", l.T("measurements.error.on"))
	}
	if !f.Invalid() {
		_, err := h.ambassadors.RecordMeasurement(ctx, &ambassadorsv1.RecordMeasurementRequest{ProgrammeId: id,
			Indicator: f.Value("indicator"), Value: value, On: f.Value("on"), Source: f.Value("source"), Note: f.Value("note")})
		if err == nil {
			http.Redirect(w, r, "/beheer/programmas/"+url.PathEscape(id)+"/metingen?melding=vastgelegd", http.StatusSeeOther)
			return
		}
		if !refused(l, f, err, "measurements.error.") {
			h.staffFailed(w, r, "record measurement", err)
			return
		}
	}
	h.renderStaff(w, r, s, http.StatusUnprocessableEntity, "console/measurements", p)
}

// deleteMeasurementPage is the data of the step that deletes a measurement.
type deleteMeasurementPage struct {
	ID, Programme string
	Measurement   measurementRow
}

// confirmDeleteMeasurement serves GET
// /beheer/programmas/{programmeId}/metingen/{measurementId}/verwijderen:
// the organiser sees what goes and confirms it.
func (h *Handler) confirmDeleteMeasurement(w http.ResponseWriter, r *http.Request, s *session) {
	l := h.lang(w, r)
	id, mid := r.PathValue("programmeId"), r.PathValue("measurementId")
	p, err := h.measurementsOf(r.Context(), l, id, newEntry(nil))
	if err != nil {
		h.staffFailed(w, r, "delete measurement", err)
		return
	}
	for _, m := range p.Measurements {
		if m.ID == mid {
			h.renderStaff(w, r, s, http.StatusOK, "console/delete-measurement",
				deleteMeasurementPage{ID: id, Programme: p.Programme, Measurement: m})
			return
		}
	}
	h.fail(w, r, http.StatusNotFound, "error.notFound")
}

// deleteMeasurement serves the POST of that step.
func (h *Handler) deleteMeasurement(w http.ResponseWriter, r *http.Request, _ *session) {
	id, mid := r.PathValue("programmeId"), r.PathValue("measurementId")
	if _, err := h.managedProgramme(r.Context(), id); err != nil {
		h.staffFailed(w, r, "delete measurement", err)
		return
	}
	if _, err := h.ambassadors.DeleteMeasurement(r.Context(), &ambassadorsv1.DeleteMeasurementRequest{ProgrammeId: id,
		MeasurementId: mid}); err != nil {
		h.staffFailed(w, r, "delete measurement", err)
		return
	}
	http.Redirect(w, r, "/beheer/programmas/"+url.PathEscape(id)+"/metingen?melding=verwijderd", http.StatusSeeOther)
}
