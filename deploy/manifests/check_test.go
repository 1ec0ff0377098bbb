package manifests_test

import (
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"plein.dev/manifests"
)

// find returns the base's object of kind and name, typed.
func find[T any](t *testing.T, b *manifests.Base, kind, name string) T {
	t.Helper()
	for _, o := range b.Objects {
		if o.Kind == kind && o.Name == name {
			return o.Value.(T)
		}
	}
	t.Fatalf("no %s %s in the base", kind, name)
	var zero T
	return zero
}

func container(t *testing.T, b *manifests.Base, name string) *corev1.Container {
	return &find[*appsv1.StatefulSet](t, b, "StatefulSet", name).Spec.Template.Spec.Containers[0]
}

// TestCheckFindsBrokenReferences breaks the real base one way at a time:
// Check must name each break (and the real base passes, in
// TestBaseCrossReferences).
func TestCheckFindsBrokenReferences(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(t *testing.T, b *manifests.Base)
		want   string
	}{
		{"service selector", func(t *testing.T, b *manifests.Base) {
			find[*corev1.Service](t, b, "Service", "events").Spec.Selector["app.kubernetes.io/name"] = "event"
		}, "Service events: selector map[app.kubernetes.io/name:event] matches no pod"},
		{"service targetPort", func(t *testing.T, b *manifests.Base) {
			find[*corev1.Service](t, b, "Service", "gateway").Spec.Ports[0].TargetPort = intstr.FromString("web")
		}, "targetPort web is no container port of StatefulSet gateway"},
		{"container port renamed under a service", func(t *testing.T, b *manifests.Base) {
			container(t, b, "registrations").Ports[0].Name = "rpc"
		}, "targetPort grpc is no container port of StatefulSet registrations"},
		{"ConfigMap missing", func(t *testing.T, b *manifests.Base) {
			find[*corev1.ConfigMap](t, b, "ConfigMap", "plein-config").Name = "plein-settings"
			b.Objects = renamed(b.Objects, "ConfigMap", "plein-config", "plein-settings")
		}, `ConfigMap "plein-config": not in the base`},
		{"Secret key missing", func(t *testing.T, b *manifests.Base) {
			delete(find[*corev1.Secret](t, b, "Secret", "plein-secrets").StringData, "PLEIN_SMTP_URL")
		}, `Secret plein-secrets has no key "PLEIN_SMTP_URL"`},
		{"probe port", func(t *testing.T, b *manifests.Base) {
			container(t, b, "ambassadors").ReadinessProbe.GRPC.Port = 7004
		}, "readiness probe port 7004 is no port of the container"},
		{"probe missing", func(t *testing.T, b *manifests.Base) {
			container(t, b, "events").LivenessProbe = nil
		}, "container events: no liveness probe"},
		{"network policy peer", func(t *testing.T, b *manifests.Base) {
			np := find[*networkingv1.NetworkPolicy](t, b, "NetworkPolicy", "services-grpc-from-gateway")
			np.Spec.Ingress[0].From[0].PodSelector.MatchLabels["app.kubernetes.io/name"] = "gatewy"
		}, "selector app.kubernetes.io/name=gatewy matches no pod"},
		{"network policy port", func(t *testing.T, b *manifests.Base) {
			np := find[*networkingv1.NetworkPolicy](t, b, "NetworkPolicy", "services-grpc-from-gateway")
			p := intstr.FromString("gprc")
			np.Spec.Ingress[0].Ports[0].Port = &p
		}, "ingress rule 1: port gprc is on none of the pods it selects"},
		{"volume", func(t *testing.T, b *manifests.Base) {
			container(t, b, "notifications").VolumeMounts[0].Name = "date"
		}, `volumeMount "date": no such volume`},
		{"workload selector", func(t *testing.T, b *manifests.Base) {
			find[*appsv1.StatefulSet](t, b, "StatefulSet", "nats").Spec.Selector.MatchLabels["app.kubernetes.io/name"] = "gnats"
		}, "does not match its pod template's labels"},
		{"serviceName", func(t *testing.T, b *manifests.Base) {
			find[*appsv1.StatefulSet](t, b, "StatefulSet", "events").Spec.ServiceName = "event"
		}, `serviceName "event": no such Service`},
		{"writable root", func(t *testing.T, b *manifests.Base) {
			f := false
			container(t, b, "gateway").SecurityContext.ReadOnlyRootFilesystem = &f
		}, "want readOnlyRootFilesystem"},
		{"no memory limit", func(t *testing.T, b *manifests.Base) {
			delete(container(t, b, "nats").Resources.Limits, corev1.ResourceMemory)
		}, "container nats: no memory limit"},
		{"not a binary", func(t *testing.T, b *manifests.Base) {
			container(t, b, "events").Command = []string{"/usr/local/bin/event"}
		}, "is none of Plein's binaries"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := loadBase(t)
			tc.mutate(t, b)
			errs := b.Check(nil)
			var msgs []string
			for _, err := range errs {
				msgs = append(msgs, err.Error())
			}
			if !strings.Contains(strings.Join(msgs, "\n"), tc.want) {
				t.Errorf("want an error with %q, got %q", tc.want, msgs)
			}
		})
	}
}

func renamed(objs []manifests.Object, kind, from, to string) []manifests.Object {
	for i := range objs {
		if objs[i].Kind == kind && objs[i].Name == from {
			objs[i].Name = to
		}
	}
	return objs
}

// fakeUsage is -h output in platform/config's format.
const fakeUsage = `Usage of events:
  -data-dir string
    	directory for the SQLite database files (env PLEIN_DATA_DIR, default "./data")
  -events-addr string
    	gRPC listen address of the events service (env PLEIN_EVENTS_ADDR, default "127.0.0.1:7001")
  -grpc-insecure bool
    	allow plaintext gRPC on a non-loopback address (a private network you trust) (env PLEIN_GRPC_INSECURE, default false)
`

func TestParseUsage(t *testing.T) {
	s, err := manifests.ParseUsage(fakeUsage)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Flags) != 3 || s.Flags["events-addr"] != "PLEIN_EVENTS_ADDR" || !s.Env["PLEIN_GRPC_INSECURE"] || s.Env["PLEIN_NATS_URL"] {
		t.Errorf("got %+v", s)
	}
	if _, err := manifests.ParseUsage("flag provided but not defined: -h"); err == nil {
		t.Error("a text without flags parsed")
	}
}

// TestCheckFindsUnknownSettings: a variable the binary does not read is
// named, in a container's env and in the shared ConfigMap.
func TestCheckFindsUnknownSettings(t *testing.T) {
	s, err := manifests.ParseUsage(fakeUsage)
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]manifests.Settings{}
	for _, b := range manifests.Binaries {
		all[b] = s
	}
	var msgs []string
	for _, err := range loadBase(t).Check(all) {
		msgs = append(msgs, err.Error())
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{
		"StatefulSet events: container events: env PLEIN_METRICS_ADDR is no setting of events",
		"ConfigMap plein-config: PLEIN_NATS_URL is a setting of none of",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("want an error with %q, got:\n%s", want, got)
		}
	}
	if strings.Contains(got, "PLEIN_EVENTS_ADDR is no setting") || strings.Contains(got, "GOMEMLIMIT") {
		t.Errorf("a setting the binary has was reported:\n%s", got)
	}
}
