package manifests

import (
	"fmt"
	"path"
	"slices"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// PleinImage is the image name the manifests give Plein's containers; an
// overlay's images say which image it is.
const PleinImage = "plein"

// otherEnv are the variables besides the binaries' own that a Plein
// container may set: the Go runtime's memory limit.
var otherEnv = map[string]bool{"GOMEMLIMIT": true}

// pod is the pod template of a workload.
type pod struct {
	workload Object
	labels   labels.Set
	spec     corev1.PodSpec
	// claims are the volumeClaimTemplates' names (StatefulSet).
	claims []string
}

// Check resolves the base's cross-references and returns every problem
// found: selectors that match no pod, ports and volumes that are not
// there, ConfigMaps, Secrets and keys that do not exist, and pod settings
// below Plein's bar (non-root, read-only root, probes, resources, other
// images than Plein's with a tag). With
// settings (ReadSettings) it also checks that every PLEIN_* variable a
// container is given is one its binary reads; nil skips that.
func (b *Base) Check(settings map[string]Settings) []error {
	c := &checker{base: b, settings: settings}
	c.index()
	for _, p := range c.pods {
		c.checkPod(p)
	}
	for _, o := range b.Objects {
		switch v := o.Value.(type) {
		case *corev1.Service:
			c.checkService(o, v)
		case *networkingv1.NetworkPolicy:
			c.checkNetworkPolicy(o, v)
		case *policyv1.PodDisruptionBudget:
			c.checkSelector(o, v.Spec.Selector)
		}
	}
	c.checkSharedConfig()
	return c.errs
}

type checker struct {
	base       *Base
	settings   map[string]Settings
	pods       []pod
	configMaps map[string]*corev1.ConfigMap
	secrets    map[string]*corev1.Secret
	services   map[string]*corev1.Service
	// envFrom: ConfigMap name -> the binaries that load it.
	envFrom map[string][]string
	errs    []error
}

func (c *checker) errorf(o Object, format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("%s: %s %s: %s", o.File, o.Kind, o.Name, fmt.Sprintf(format, args...)))
}

func (c *checker) index() {
	c.configMaps = map[string]*corev1.ConfigMap{}
	c.secrets = map[string]*corev1.Secret{}
	c.services = map[string]*corev1.Service{}
	c.envFrom = map[string][]string{}
	seen := map[string]bool{}
	for _, o := range c.base.Objects {
		if key := o.Kind + "/" + o.Name; seen[key] {
			c.errorf(o, "defined twice")
		} else {
			seen[key] = true
		}
		switch v := o.Value.(type) {
		case *corev1.ConfigMap:
			c.configMaps[o.Name] = v
		case *corev1.Secret:
			c.secrets[o.Name] = v
		case *corev1.Service:
			c.services[o.Name] = v
		case *appsv1.StatefulSet:
			c.addWorkload(o, v.Spec.Selector, v.Spec.Template, claimNames(v.Spec.VolumeClaimTemplates))
		case *appsv1.Deployment:
			c.addWorkload(o, v.Spec.Selector, v.Spec.Template, nil)
		}
	}
	for _, o := range c.base.Objects {
		if sts, ok := o.Value.(*appsv1.StatefulSet); ok && c.services[sts.Spec.ServiceName] == nil {
			c.errorf(o, "serviceName %q: no such Service", sts.Spec.ServiceName)
		}
	}
}

func claimNames(pvcs []corev1.PersistentVolumeClaim) []string {
	var names []string
	for _, p := range pvcs {
		names = append(names, p.Name)
	}
	return names
}

func (c *checker) addWorkload(o Object, sel *metav1.LabelSelector, tmpl corev1.PodTemplateSpec, claims []string) {
	s, err := metav1.LabelSelectorAsSelector(sel)
	switch {
	case sel == nil || err != nil:
		c.errorf(o, "selector: %v", err)
	case s.Empty():
		c.errorf(o, "empty selector")
	case !s.Matches(labels.Set(tmpl.Labels)):
		c.errorf(o, "selector %s does not match its pod template's labels %v", s, tmpl.Labels)
	}
	c.pods = append(c.pods, pod{workload: o, labels: tmpl.Labels, spec: tmpl.Spec, claims: claims})
}

// matching returns the pods sel selects.
func (c *checker) matching(sel labels.Selector) []pod {
	var out []pod
	for _, p := range c.pods {
		if sel.Matches(p.labels) {
			out = append(out, p)
		}
	}
	return out
}

func (c *checker) checkSelector(o Object, sel *metav1.LabelSelector) []pod {
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		c.errorf(o, "selector: %v", err)
		return nil
	}
	pods := c.matching(s)
	if len(pods) == 0 {
		c.errorf(o, "selector %s matches no pod", s)
	}
	return pods
}

func (c *checker) checkService(o Object, svc *corev1.Service) {
	if len(svc.Spec.Selector) == 0 {
		c.errorf(o, "no selector")
		return
	}
	pods := c.matching(labels.SelectorFromSet(svc.Spec.Selector))
	if len(pods) == 0 {
		c.errorf(o, "selector %v matches no pod", svc.Spec.Selector)
		return
	}
	for _, port := range svc.Spec.Ports {
		target := port.TargetPort
		if target.Type == intstr.Int && target.IntVal == 0 {
			target = intstr.FromInt32(port.Port)
		}
		for _, p := range pods {
			if !hasPort(p.spec, target) {
				c.errorf(o, "port %q: targetPort %s is no container port of %s %s",
					port.Name, target.String(), p.workload.Kind, p.workload.Name)
			}
		}
	}
}

func (c *checker) checkNetworkPolicy(o Object, np *networkingv1.NetworkPolicy) {
	selected := c.checkSelector(o, &np.Spec.PodSelector)
	for i, rule := range np.Spec.Ingress {
		for _, peer := range rule.From {
			if peer.PodSelector != nil && peer.NamespaceSelector == nil {
				c.checkSelector(o, peer.PodSelector)
			}
		}
		for _, port := range rule.Ports {
			if port.Port == nil {
				continue
			}
			if !slices.ContainsFunc(selected, func(p pod) bool { return hasPort(p.spec, *port.Port) }) {
				c.errorf(o, "ingress rule %d: port %s is on none of the pods it selects", i+1, port.Port.String())
			}
		}
	}
}

// hasPort reports whether a container of spec has the port, by name or
// number.
func hasPort(spec corev1.PodSpec, port intstr.IntOrString) bool {
	for _, ctr := range spec.Containers {
		for _, p := range ctr.Ports {
			if port.Type == intstr.String && p.Name == port.StrVal ||
				port.Type == intstr.Int && p.ContainerPort == port.IntVal {
				return true
			}
		}
	}
	return false
}

func (c *checker) checkPod(p pod) {
	o := p.workload
	sc := p.spec.SecurityContext
	if sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.RunAsUser == nil || *sc.RunAsUser == 0 {
		c.errorf(o, "pod securityContext: want runAsNonRoot and a runAsUser other than 0")
	}
	volumes := map[string]bool{}
	for _, name := range p.claims {
		volumes[name] = true
	}
	for _, v := range p.spec.Volumes {
		volumes[v.Name] = true
		if v.ConfigMap != nil {
			c.needConfigMap(o, v.ConfigMap.Name, "", v.ConfigMap.Optional)
		}
		if v.Secret != nil {
			c.needSecret(o, v.Secret.SecretName, "", v.Secret.Optional)
		}
	}
	for _, ctr := range p.spec.Containers {
		c.checkContainer(o, p.spec, ctr, volumes)
	}
}

func (c *checker) checkContainer(o Object, spec corev1.PodSpec, ctr corev1.Container, volumes map[string]bool) {
	where := "container " + ctr.Name
	sc := ctr.SecurityContext
	if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
		sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
		sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
		c.errorf(o, "%s: want readOnlyRootFilesystem, no privilege escalation, capabilities dropped", where)
	}
	for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if _, ok := ctr.Resources.Requests[res]; !ok {
			c.errorf(o, "%s: no %s request", where, res)
		}
	}
	if _, ok := ctr.Resources.Limits[corev1.ResourceMemory]; !ok {
		c.errorf(o, "%s: no memory limit", where)
	}
	for _, m := range ctr.VolumeMounts {
		if !volumes[m.Name] {
			c.errorf(o, "%s: volumeMount %q: no such volume", where, m.Name)
		}
	}
	for _, pr := range []struct {
		name     string
		probe    *corev1.Probe
		optional bool
	}{
		{"liveness", ctr.LivenessProbe, false},
		{"readiness", ctr.ReadinessProbe, false},
		{"startup", ctr.StartupProbe, true},
	} {
		name, probe := pr.name, pr.probe
		if probe == nil {
			if !pr.optional {
				c.errorf(o, "%s: no %s probe", where, name)
			}
			continue
		}
		var port intstr.IntOrString
		switch h := probe.ProbeHandler; {
		case h.HTTPGet != nil:
			port = h.HTTPGet.Port
		case h.TCPSocket != nil:
			port = h.TCPSocket.Port
		case h.GRPC != nil:
			port = intstr.FromInt32(h.GRPC.Port)
		default:
			continue // exec: nothing to resolve
		}
		if !hasPort(corev1.PodSpec{Containers: []corev1.Container{ctr}}, port) {
			c.errorf(o, "%s: %s probe port %s is no port of the container", where, name, port.String())
		}
	}

	pleinImage := ctr.Image == PleinImage
	if !pleinImage && !strings.Contains(path.Base(ctr.Image), ":") {
		c.errorf(o, "%s: image %q has no tag", where, ctr.Image)
	}
	binary := ""
	if pleinImage {
		if len(ctr.Command) == 0 {
			binary = "plein" // the image's CMD
		} else {
			binary = path.Base(ctr.Command[0])
		}
		if !slices.Contains(Binaries, binary) {
			c.errorf(o, "%s: command %q is none of Plein's binaries %v", where, ctr.Command, Binaries)
			binary = ""
		}
	}
	for _, ef := range ctr.EnvFrom {
		switch {
		case ef.ConfigMapRef != nil:
			c.needConfigMap(o, ef.ConfigMapRef.Name, "", ef.ConfigMapRef.Optional)
			if binary != "" {
				c.envFrom[ef.ConfigMapRef.Name] = append(c.envFrom[ef.ConfigMapRef.Name], binary)
			}
		case ef.SecretRef != nil:
			c.needSecret(o, ef.SecretRef.Name, "", ef.SecretRef.Optional)
		}
	}
	for _, e := range ctr.Env {
		if vf := e.ValueFrom; vf != nil {
			if r := vf.ConfigMapKeyRef; r != nil {
				c.needConfigMap(o, r.Name, r.Key, r.Optional)
			}
			if r := vf.SecretKeyRef; r != nil {
				c.needSecret(o, r.Name, r.Key, r.Optional)
			}
		}
		if binary != "" && c.settings != nil && !otherEnv[e.Name] && !c.settings[binary].Env[e.Name] {
			c.errorf(o, "%s: env %s is no setting of %s (%s -h)", where, e.Name, binary, binary)
		}
	}
}

// checkSharedConfig: every key of a ConfigMap loaded with envFrom is a
// setting of at least one binary that loads it.
func (c *checker) checkSharedConfig() {
	if c.settings == nil {
		return
	}
	for name, binaries := range c.envFrom {
		cm := c.configMaps[name]
		if cm == nil {
			continue
		}
		for key := range cm.Data {
			if !slices.ContainsFunc(binaries, func(b string) bool { return c.settings[b].Env[key] }) {
				c.errs = append(c.errs, fmt.Errorf("ConfigMap %s: %s is a setting of none of %v", name, key, binaries))
			}
		}
	}
}

func (c *checker) needConfigMap(o Object, name, key string, optional *bool) {
	if optional != nil && *optional {
		return
	}
	cm, ok := c.configMaps[name]
	if !ok {
		c.errorf(o, "ConfigMap %q: not in the base", name)
		return
	}
	if key == "" {
		return
	}
	if _, ok := cm.Data[key]; !ok {
		c.errorf(o, "ConfigMap %s has no key %q", name, key)
	}
}

func (c *checker) needSecret(o Object, name, key string, optional *bool) {
	if optional != nil && *optional {
		return
	}
	s, ok := c.secrets[name]
	if !ok {
		c.errorf(o, "Secret %q: not in the base", name)
		return
	}
	if key == "" {
		return
	}
	_, inData := s.Data[key]
	_, inString := s.StringData[key]
	if !inData && !inString {
		c.errorf(o, "Secret %s has no key %q", name, key)
	}
}
