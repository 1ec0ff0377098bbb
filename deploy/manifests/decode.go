// Package manifests reads Plein's deployment files the way the machines
// that run them would, and checks what those machines would only find out
// at run time: the Kubernetes base (deploy/kubernetes) decoded strictly into
// the k8s.io/api types with its cross-references resolved, the systemd
// units (deploy/systemd) hardened and naming settings the binaries have,
// and the container build (deploy/container) covering every module and
// binary. Its tests run in scripts/test.
package manifests

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// Object is one decoded manifest: its typed value (a pointer to a
// k8s.io/api struct), and where it came from.
type Object struct {
	File  string
	Kind  string
	Name  string
	Value any
}

// kinds maps apiVersion and kind to a new value of the type the API
// server would decode them into. A kind missing here is an error: the
// check must learn it before the base may use it.
var kinds = map[string]func() any{
	"v1/ConfigMap":                       func() any { return new(corev1.ConfigMap) },
	"v1/Secret":                          func() any { return new(corev1.Secret) },
	"v1/Service":                         func() any { return new(corev1.Service) },
	"apps/v1/StatefulSet":                func() any { return new(appsv1.StatefulSet) },
	"apps/v1/Deployment":                 func() any { return new(appsv1.Deployment) },
	"networking.k8s.io/v1/NetworkPolicy": func() any { return new(networkingv1.NetworkPolicy) },
	"policy/v1/PodDisruptionBudget":      func() any { return new(policyv1.PodDisruptionBudget) },
}

// Decode reads every YAML document of data into its k8s.io/api type.
// Decoding is strict: a field the type does not have, a field given twice
// or a value of the wrong type is an error, as `kubectl apply
// --validate=strict` would report it.
func Decode(file string, data []byte) ([]Object, error) {
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	var objs []Object
	for i := 1; ; i++ {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return objs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: document %d: %w", file, i, err)
		}
		if len(bytes.TrimSpace(stripComments(doc))) == 0 {
			continue
		}
		var tm metav1.TypeMeta
		if err := yaml.Unmarshal(doc, &tm); err != nil {
			return nil, fmt.Errorf("%s: document %d: %w", file, i, err)
		}
		newValue, ok := kinds[tm.APIVersion+"/"+tm.Kind]
		if !ok {
			return nil, fmt.Errorf("%s: document %d: apiVersion %q kind %q is not one the check knows",
				file, i, tm.APIVersion, tm.Kind)
		}
		v := newValue()
		if err := yaml.UnmarshalStrict(doc, v); err != nil {
			return nil, fmt.Errorf("%s: document %d (%s): %w", file, i, tm.Kind, err)
		}
		name := v.(metav1.Object).GetName()
		if name == "" {
			return nil, fmt.Errorf("%s: document %d (%s): no metadata.name", file, i, tm.Kind)
		}
		objs = append(objs, Object{File: file, Kind: tm.Kind, Name: name, Value: v})
	}
}

// stripComments drops the lines of doc that hold only a comment, so that
// a document of comments alone counts as empty.
func stripComments(doc []byte) []byte {
	var out []byte
	for line := range bytes.Lines(doc) {
		if t := bytes.TrimSpace(line); len(t) > 0 && t[0] == '#' {
			continue
		}
		out = append(out, line...)
	}
	return out
}
