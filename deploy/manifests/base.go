package manifests

import (
	"fmt"
	"os"
	"path/filepath"

	"sigs.k8s.io/yaml"
)

// Kustomization is the part of kustomization.yaml the base uses. It is
// decoded strictly too: a generator or transformer added to the base is
// an error until this check learns what it does to the manifests.
type Kustomization struct {
	APIVersion string   `json:"apiVersion"`
	Kind       string   `json:"kind"`
	Resources  []string `json:"resources"`
	Images     []Image  `json:"images,omitempty"`
}

// Image is an entry of the kustomization's images: the image name the
// manifests use and what it becomes.
type Image struct {
	Name    string `json:"name"`
	NewName string `json:"newName,omitempty"`
	NewTag  string `json:"newTag,omitempty"`
	Digest  string `json:"digest,omitempty"`
}

// Base is a Kustomize base: its kustomization and every manifest its
// resources list, decoded.
type Base struct {
	Dir           string
	Kustomization Kustomization
	Objects       []Object
}

// LoadBase reads dir/kustomization.yaml and decodes every file it lists.
func LoadBase(dir string) (*Base, error) {
	data, err := os.ReadFile(filepath.Join(dir, "kustomization.yaml"))
	if err != nil {
		return nil, err
	}
	b := &Base{Dir: dir}
	if err := yaml.UnmarshalStrict(data, &b.Kustomization); err != nil {
		return nil, fmt.Errorf("kustomization.yaml: %w", err)
	}
	k := b.Kustomization
	if k.APIVersion != "kustomize.config.k8s.io/v1beta1" || k.Kind != "Kustomization" {
		return nil, fmt.Errorf("kustomization.yaml: apiVersion %q kind %q", k.APIVersion, k.Kind)
	}
	if len(k.Resources) == 0 {
		return nil, fmt.Errorf("kustomization.yaml: no resources")
	}
	for _, res := range k.Resources {
		data, err := os.ReadFile(filepath.Join(dir, res))
		if err != nil {
			return nil, fmt.Errorf("kustomization.yaml resource: %w", err)
		}
		objs, err := Decode(res, data)
		if err != nil {
			return nil, err
		}
		if len(objs) == 0 {
			return nil, fmt.Errorf("%s: no manifests", res)
		}
		b.Objects = append(b.Objects, objs...)
	}
	return b, nil
}
