package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// The stylesheet, the scripts and the icon.
//
//go:embed static
var staticFS embed.FS

// assets serves the static files under names that carry a hash of their
// content (plein.3f2a9c01.css), so that browsers may keep them for a year
// and still see every change.
type assets struct {
	byName   map[string]string // plein.css -> plein.3f2a9c01.css
	byHashed map[string]asset
}

type asset struct {
	contentType string
	body        []byte
}

func newAssets() (*assets, error) {
	a := &assets{byName: map[string]string{}, byHashed: map[string]asset{}}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("assets: %w", err)
	}
	for _, e := range entries {
		body, err := fs.ReadFile(staticFS, "static/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("assets: %w", err)
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:4]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			return nil, fmt.Errorf("assets: no content type for %s", e.Name())
		}
		a.byName[e.Name()] = hashed
		a.byHashed[hashed] = asset{contentType: ct, body: body}
	}
	return a, nil
}

// url returns the path of a static file by its plain name.
func (a *assets) url(name string) (string, error) {
	h, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return "/static/" + h, nil
}

func (a *assets) serve(w http.ResponseWriter, r *http.Request) {
	f, ok := a.byHashed[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(f.body) // the client may be gone; nothing to do then
}
