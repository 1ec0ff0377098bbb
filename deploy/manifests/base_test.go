package manifests_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"plein.dev/manifests"
)

const kubernetesDir = "../kubernetes"

// settings reads the binaries' settings from their -h, or skips the
// checks that need them when PLEIN_BIN_DIR is not set (scripts/test sets
// it after scripts/build).
func settings(t *testing.T) map[string]manifests.Settings {
	t.Helper()
	dir := os.Getenv("PLEIN_BIN_DIR")
	if dir == "" {
		t.Skip("PLEIN_BIN_DIR is not set; scripts/test sets it after scripts/build")
	}
	s, err := manifests.ReadSettings(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func loadBase(t *testing.T) *manifests.Base {
	t.Helper()
	b, err := manifests.LoadBase(kubernetesDir)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBaseIsComplete decodes every manifest of the base strictly and
// checks it holds what issue 17 asks for: three NATS nodes, a StatefulSet
// with a volume for each service and the gateway, probes of the kind each
// serves, and the NetworkPolicy fencing the services' gRPC ports.
func TestBaseIsComplete(t *testing.T) {
	b := loadBase(t)
	sts := map[string]*appsv1.StatefulSet{}
	var policies []*networkingv1.NetworkPolicy
	for _, o := range b.Objects {
		switch v := o.Value.(type) {
		case *appsv1.StatefulSet:
			sts[o.Name] = v
		case *networkingv1.NetworkPolicy:
			policies = append(policies, v)
		}
	}
	if n := sts["nats"]; n == nil || *n.Spec.Replicas != 3 {
		t.Errorf("want a NATS StatefulSet of 3 replicas, got %+v", n)
	}
	for _, name := range []string{"events", "registrations", "ambassadors", "notifications", "gateway"} {
		s := sts[name]
		if s == nil {
			t.Errorf("no StatefulSet %s", name)
			continue
		}
		if *s.Spec.Replicas != 1 {
			t.Errorf("%s: %d replicas; a SQLite file has one writer", name, *s.Spec.Replicas)
		}
		if !slices.ContainsFunc(s.Spec.VolumeClaimTemplates, func(p corev1.PersistentVolumeClaim) bool { return p.Name == "data" }) {
			t.Errorf("%s: no volumeClaimTemplate data for its SQLite file", name)
		}
		ctr := s.Spec.Template.Spec.Containers[0]
		if name == "gateway" {
			if ctr.LivenessProbe.HTTPGet.Path != "/healthz" || ctr.ReadinessProbe.HTTPGet.Path != "/readyz" {
				t.Errorf("gateway probes: want /healthz and /readyz")
			}
		} else if ctr.LivenessProbe.GRPC == nil || ctr.ReadinessProbe.GRPC == nil {
			t.Errorf("%s: want gRPC health probes", name)
		}
	}
	fenced := slices.ContainsFunc(policies, func(p *networkingv1.NetworkPolicy) bool {
		return p.Spec.PodSelector.MatchLabels["app.kubernetes.io/component"] == "service" &&
			len(p.Spec.Ingress) == 1 && len(p.Spec.Ingress[0].From) == 1 &&
			p.Spec.Ingress[0].From[0].PodSelector.MatchLabels["app.kubernetes.io/name"] == "gateway" &&
			*p.Spec.Ingress[0].Ports[0].Port == intstr.FromString("grpc")
	})
	if !fenced {
		t.Error("no NetworkPolicy letting only the gateway reach the services' gRPC ports")
	}
}

// TestBaseCrossReferences resolves the base's labels, ports, volumes,
// ConfigMaps, Secrets and keys.
func TestBaseCrossReferences(t *testing.T) {
	for _, err := range loadBase(t).Check(nil) {
		t.Error(err)
	}
}

// TestBaseSettingsAreTheBinaries checks every PLEIN_* variable a container
// is given against its binary's -h.
func TestBaseSettingsAreTheBinaries(t *testing.T) {
	s := settings(t)
	for _, err := range loadBase(t).Check(s) {
		t.Error(err)
	}
}

// TestKustomizeBuilds runs the base, and an overlay of it as an operator
// would write one (testdata/overlay), through kustomize itself (kubectl
// kustomize, offline), where kubectl is installed: the base builds as it
// is, and the overlay names the image, replaces the Secret and sets the
// namespace of every object.
func TestKustomizeBuilds(t *testing.T) {
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		t.Skip("kubectl is not installed")
	}
	build := func(dir string) ([]manifests.Object, string) {
		out, err := exec.Command(kubectl, "kustomize", dir).CombinedOutput()
		if err != nil {
			t.Fatalf("kubectl kustomize %s: %v\n%s", dir, err, out)
		}
		objs, err := manifests.Decode(dir, out)
		if err != nil {
			t.Fatal(err)
		}
		return objs, string(out)
	}
	want := len(loadBase(t).Objects)
	if base, _ := build(kubernetesDir); len(base) != want {
		t.Errorf("kustomize made %d objects of the base, it has %d", len(base), want)
	}

	objs, out := build("testdata/overlay")
	if len(objs) != want {
		t.Errorf("kustomize made %d objects of the overlay, want %d", len(objs), want)
	}
	if n := strings.Count(out, "image: registry.example.nl/plein:2026.12.1"); n != 5 {
		t.Errorf("the overlay's image is in %d containers, want 5", n)
	}
	for _, o := range objs {
		if ns := o.Value.(interface{ GetNamespace() string }).GetNamespace(); ns != "plein" {
			t.Errorf("%s %s: namespace %q", o.Kind, o.Name, ns)
		}
		if s, ok := o.Value.(*corev1.Secret); ok && !strings.HasPrefix(string(s.Data["PLEIN_SEAL_KEY"]), "k1:") {
			t.Errorf("Secret %s: the overlay's seal key did not replace the placeholder", o.Name)
		}
	}
}

// TestNATSConfigs has nats-server check the NATS configurations of the
// base and of deploy/systemd, with the variables they refer to set.
func TestNATSConfigs(t *testing.T) {
	server, err := exec.LookPath("nats-server")
	if err != nil {
		t.Skip("nats-server is not on PATH (scripts/test puts tools/bin there)")
	}
	var conf string
	for _, o := range loadBase(t).Objects {
		if cm, ok := o.Value.(*corev1.ConfigMap); ok && o.Name == "nats-config" {
			conf = cm.Data["nats.conf"]
		}
	}
	if conf == "" {
		t.Fatal("no nats.conf in the ConfigMap nats-config")
	}
	k8sConf := filepath.Join(t.TempDir(), "nats.conf")
	if err := os.WriteFile(k8sConf, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, env string }{
		{k8sConf, "POD_NAME=nats-0"},
		{"../systemd/nats.conf", "NATS_SERVER_NAME=n1"},
	} {
		cmd := exec.Command(server, "-c", c.file, "-t")
		cmd.Env = append(os.Environ(), c.env)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("nats-server -t %s: %v\n%s", c.file, err, out)
		}
	}
}
