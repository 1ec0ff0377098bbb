package manifests_test

import (
	"strings"
	"testing"

	"plein.dev/manifests"
)

const service = `apiVersion: v1
kind: Service
metadata:
  name: events
spec:
  selector:
    app.kubernetes.io/name: events
  ports:
    - name: grpc
      port: 7001
`

// TestDecodeIsStrict: the check can fail. A manifest the API server would
// reject (or silently mangle) does not decode.
func TestDecodeIsStrict(t *testing.T) {
	if _, err := manifests.Decode("ok.yaml", []byte("# a comment\n---\n"+service)); err != nil {
		t.Fatalf("a valid Service: %v", err)
	}
	for _, tc := range []struct{ name, doc, want string }{
		{"unknown field", strings.Replace(service, "  ports:", "  portz:", 1), `unknown field "portz"`},
		{"misspelt nested field", strings.Replace(service, "      port: 7001", "      prot: 7001", 1), `unknown field "prot"`},
		{"field twice", service + "  type: ClusterIP\n  type: NodePort\n", "already set"},
		{"wrong type", strings.Replace(service, "port: 7001", "port: seven", 1), "cannot unmarshal"},
		{"unknown kind", strings.Replace(service, "kind: Service", "kind: Servce", 1), "not one the check knows"},
		{"no name", strings.Replace(service, "  name: events\n", "  labels: {}\n", 1), "no metadata.name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := manifests.Decode("broken.yaml", []byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}
