package plein_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"plein.dev/plein"
)

// TestRegistrationIsOneTrace: one registration through the gateway is one
// trace, its parent links intact, from the gateway's HTTP span through
// the registrations service's gRPC span and the publishing of its
// messages to the consumers' spans in the events service (the seats
// projection) and in notifications (the confirmation e-mail written, and
// sent later from the mail queue, in the same trace).
func TestRegistrationIsOneTrace(t *testing.T) {
	t.Parallel()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	base := startPleinWith(t, func(c *plein.Config) { c.Traces = tp })

	org := signIn(t, base, adminEmail, adminPassword)
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	ev := org.must(http.StatusCreated, "POST", "/api/v1/events", map[string]any{
		"title": "Traceerbare sessie", "location": "Stadhuis", "capacity": 5,
		"startsAt": start.Format(time.RFC3339), "endsAt": start.Add(time.Hour).Format(time.RFC3339)})
	evID := ev["id"].(string)
	org.must(http.StatusOK, "POST", "/api/v1/events/"+evID+"/publish", map[string]any{})
	anon := &client{t: t, base: base, http: &http.Client{Timeout: 30 * time.Second}}
	eventually(t, 10*time.Second, "registration accepted", func() bool {
		r := anon.do("POST", "/api/v1/events/"+evID+"/registrations?ref=traced",
			map[string]any{"name": "Tess Tracé", "email": "tess@example.nl", "consent": true})
		return r.Status == http.StatusCreated
	})

	// The trace of the request answered 201.
	const route = "/api/v1/events/{event_id}/registrations"
	var root tracetest.SpanStub
	eventually(t, 5*time.Second, "the registration's HTTP span", func() bool {
		for _, s := range exp.GetSpans() {
			if s.SpanKind == trace.SpanKindServer && s.Name == "POST "+route && intAttr(s, "http.response.status_code") == http.StatusCreated {
				root = s
				return true
			}
		}
		return false
	})
	if root.Parent.IsValid() {
		t.Errorf("the gateway's span has a parent: %v", root.Parent)
	}
	for _, kv := range root.Attributes {
		if v := kv.Value.String(); strings.Contains(v, "tess") || strings.Contains(v, "ref=") || strings.Contains(v, evID) {
			t.Errorf("the HTTP span records %s=%q", kv.Key, v)
		}
	}

	// Every part of the story, once the consumers are done.
	type want struct {
		what  string
		match func(tracetest.SpanStub) bool
	}
	consumer := func(subject, group string) func(tracetest.SpanStub) bool {
		return func(s tracetest.SpanStub) bool {
			return s.Name == "process "+subject && s.SpanKind == trace.SpanKindConsumer &&
				strAttr(s, "messaging.consumer.group.name") == group
		}
	}
	wants := []want{
		{"gateway's gRPC call", func(s tracetest.SpanStub) bool {
			return s.SpanKind == trace.SpanKindClient && s.Name == "plein.registrations.v1.RegistrationsService/CreateRegistration"
		}},
		{"registrations' gRPC span", func(s tracetest.SpanStub) bool {
			return s.SpanKind == trace.SpanKindServer && s.Name == "plein.registrations.v1.RegistrationsService/CreateRegistration"
		}},
		{"registrations' transaction", func(s tracetest.SpanStub) bool { return s.Name == "sqlite transaction" }},
		{"publishing registration.confirmed", func(s tracetest.SpanStub) bool {
			return s.Name == "publish plein.registrations.registration.confirmed" && s.SpanKind == trace.SpanKindProducer
		}},
		{"publishing seats.changed", func(s tracetest.SpanStub) bool {
			return s.Name == "publish plein.registrations.seats.changed" && s.SpanKind == trace.SpanKindProducer
		}},
		{"events' seats projection", consumer("plein.registrations.seats.changed", "events")},
		{"notifications' consumer", consumer("plein.registrations.registration.confirmed", "notifications")},
		{"the confirmation e-mail written", func(s tracetest.SpanStub) bool {
			return s.Name == "compose e-mail" && strAttr(s, "plein.email.kind") == "registration-confirmed"
		}},
		{"the confirmation e-mail sent", func(s tracetest.SpanStub) bool {
			return s.Name == "send e-mail" && strAttr(s, "plein.email.kind") == "registration-confirmed"
		}},
	}
	var spans map[trace.SpanID]tracetest.SpanStub
	found := map[string]tracetest.SpanStub{}
	deadline := time.Now().Add(15 * time.Second)
	for {
		spans = map[trace.SpanID]tracetest.SpanStub{}
		for _, s := range exp.GetSpans() {
			if s.SpanContext.TraceID() == root.SpanContext.TraceID() {
				spans[s.SpanContext.SpanID()] = s
			}
		}
		for _, w := range wants {
			for _, s := range spans {
				if w.match(s) {
					found[w.what] = s
				}
			}
		}
		if len(found) == len(wants) {
			break
		}
		if time.Now().After(deadline) {
			var missing, have []string
			for _, w := range wants {
				if _, ok := found[w.what]; !ok {
					missing = append(missing, w.what)
				}
			}
			for _, s := range spans {
				have = append(have, s.Name+" ("+s.SpanKind.String()+")")
			}
			t.Fatalf("within 15 s, the registration's trace lacks %q; it holds %q", missing, have)
		}
		time.Sleep(20 * time.Millisecond)
	}

	// Parent links intact: every span of the trace leads up to the
	// gateway's.
	for _, s := range spans {
		for p := s; p.SpanContext.SpanID() != root.SpanContext.SpanID(); {
			next, ok := spans[p.Parent.SpanID()]
			if !ok {
				t.Fatalf("span %q: its parent %s is not in the trace", p.Name, p.Parent.SpanID())
			}
			p = next
		}
	}
	// The chain the issue names: HTTP → gRPC → publish → each consumer's
	// effect → e-mail.
	parentOf := func(child, parent string) {
		t.Helper()
		if found[child].Parent.SpanID() != found[parent].SpanContext.SpanID() {
			t.Errorf("%s is not the child of %s", child, parent)
		}
	}
	if found["gateway's gRPC call"].Parent.SpanID() == (trace.SpanID{}) {
		t.Error("the gateway's gRPC call has no parent")
	}
	parentOf("registrations' gRPC span", "gateway's gRPC call")
	parentOf("registrations' transaction", "registrations' gRPC span")
	parentOf("publishing registration.confirmed", "registrations' gRPC span")
	parentOf("events' seats projection", "publishing seats.changed")
	parentOf("notifications' consumer", "publishing registration.confirmed")
	parentOf("the confirmation e-mail written", "notifications' consumer")
	parentOf("the confirmation e-mail sent", "the confirmation e-mail written")
}

func strAttr(s tracetest.SpanStub, key attribute.Key) string {
	for _, kv := range s.Attributes {
		if kv.Key == key {
			return kv.Value.String()
		}
	}
	return ""
}

func intAttr(s tracetest.SpanStub, key attribute.Key) int64 {
	for _, kv := range s.Attributes {
		if kv.Key == key {
			return kv.Value.AsInt64()
		}
	}
	return 0
}
