package email

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"plein.dev/notifications/internal/domain"
)

// render writes the blocks of c as plain text and as HTML. The plain text
// is what the HTML says, link addresses written out.
func render(c domain.Content) (text, html string, err error) {
	var t strings.Builder
	for _, b := range c.Blocks {
		switch {
		case b.Link != nil:
			fmt.Fprintf(&t, "%s:\n%s\n\n", b.Link.Label, b.Link.URL)
		case len(b.Facts) > 0:
			if b.Text != "" {
				t.WriteString(b.Text + "\n")
			}
			for _, f := range b.Facts {
				fmt.Fprintf(&t, "%s: %s\n", f.Label, f.Value)
			}
			t.WriteString("\n")
		case b.QR:
			// The paragraph before states the code.
		default:
			t.WriteString(b.Text)
			t.WriteString("\n\n")
		}
	}
	var h bytes.Buffer
	if err := page.Execute(&h, struct {
		domain.Content
		QRSource template.URL
	}{c, template.URL("cid:" + qrID)}); err != nil {
		return "", "", fmt.Errorf("write html: %w", err)
	}
	return strings.TrimRight(t.String(), "\n") + "\n", h.String(), nil
}

// page is the HTML part: plain markup with inline styles, which mail
// programs keep.
var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"lines": func(s string) []string { return strings.Split(s, "\n") },
}).Parse(`<!DOCTYPE html>
<html lang="{{.Language}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Subject}}</title>
</head>
<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;background:#ffffff">
<div style="max-width:600px">
{{- range .Blocks}}
{{- if .Link}}
<p><a href="{{.Link.URL}}" style="display:inline-block;padding:10px 16px;background:#154273;color:#ffffff;text-decoration:none;border-radius:4px">{{.Link.Label}}</a></p>
{{- else if .Facts}}
{{- if .Text}}
<p style="margin-bottom:4px"><strong>{{.Text}}</strong></p>
{{- end}}
<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">
{{- range .Facts}}
<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 16px 2px 0;font-weight:bold">{{.Label}}</th><td style="padding:2px 0">{{if .URL}}<a href="{{.URL}}">{{.Value}}</a>{{else}}{{.Value}}{{end}}</td></tr>
{{- end}}
</table>
{{- else if .QR}}
<p><img src="{{$.QRSource}}" width="200" height="200" alt="QR-code {{$.CheckInCode}}"></p>
{{- else}}
<p>{{range $i, $l := lines .Text}}{{if $i}}<br>{{end}}{{$l}}{{end}}</p>
{{- end}}
{{- end}}
</div>
</body>
</html>
`))
