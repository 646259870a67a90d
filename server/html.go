package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"sort"

	"github.com/labstack/echo/v5"
)

// pageStyle is the one stylesheet of the API's HTML pages, inline so a
// page is one request; the CSP admits it by its hash and nothing else.
const pageStyle = `
body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:70rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:start;vertical-align:top}
th{background:#f4f4f4}code{font-size:90%}nav a{margin-inline-end:1rem}.muted{color:#666}
`

// pageCSP is the Content-Security-Policy of the API's HTML pages: no
// script at all, the one inline stylesheet, links and nothing else, so
// that a value from an article that slipped past escaping could still
// run nothing.
var pageCSP = func() string {
	sum := sha256.Sum256([]byte(pageStyle))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}()

// newPages parses the HTML views of the API's resources: plain
// server-rendered pages for a person exploring the API, not the web map.
// Their links start with base, as the JSON's do.
func newPages(base string) *template.Template {
	return template.Must(template.New("").Funcs(template.FuncMap{
		"props": sortedProps,
		"value": showValue,
		"base":  func() string { return base },
		"style": func() template.CSS { return template.CSS(pageStyle) },
	}).Parse(`
{{define "head"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.}} · incidentmap</title>
<style>{{style}}</style></head><body>
<nav><a href="{{base}}/?f=html">API</a><a href="{{base}}/collections?f=html">Collections</a><a href="{{base}}/conformance?f=html">Conformance</a><a href="{{base}}/">Map</a></nav>
<h1>{{.}}</h1>{{end}}
{{define "foot"}}</body></html>{{end}}
{{define "links"}}<ul>{{range .}}<li><a href="{{.Href}}">{{if .Title}}{{.Title}}{{else}}{{.Rel}}{{end}}</a> <span class="muted">({{.Rel}}{{if .Type}}, {{.Type}}{{end}})</span></li>{{end}}</ul>{{end}}

{{define "landing"}}{{template "head" .title}}<p>{{.description}}</p>{{template "links" .links}}{{template "foot"}}{{end}}

{{define "conformance"}}{{template "head" "Conformance"}}<ul>{{range .conformsTo}}<li><code>{{.}}</code></li>{{end}}</ul>{{template "foot"}}{{end}}

{{define "collections"}}{{template "head" "Collections"}}
{{range .collections}}<h2><a href="{{base}}/collections/{{.id}}?f=html">{{.title}}</a></h2><p>{{.description}}</p>{{end}}
{{template "foot"}}{{end}}

{{define "collection"}}{{template "head" .title}}<p>{{.description}}</p>{{template "links" .links}}{{template "foot"}}{{end}}

{{define "items"}}{{template "head" .title}}
<p>{{index .fc.ExtraMembers "numberReturned"}} of {{index .fc.ExtraMembers "numberMatched"}} features.</p>
{{template "links" .links}}
<table><tr><th>id</th><th>point</th><th>properties</th></tr>
{{range .fc.Features}}<tr><td>{{value .ID}}</td><td>{{value .Geometry}}</td><td dir="auto">{{range props .Properties}}<b>{{.Key}}</b>: {{.Value}}<br>{{end}}</td></tr>{{end}}
</table>{{template "foot"}}{{end}}

{{define "item"}}{{template "head" (printf "Feature %v" (value .feature.ID))}}
{{template "links" .links}}
<p>Point: {{value .feature.Geometry}}</p>
<table>{{range props .feature.Properties}}<tr><th>{{.Key}}</th><td dir="auto">{{.Value}}</td></tr>{{end}}</table>
{{template "foot"}}{{end}}
`))
}

// prop is one property for display.
type prop struct{ Key, Value string }

// sortedProps lists properties by name, values shown as text.
func sortedProps(m map[string]any) []prop {
	out := make([]prop, 0, len(m))
	for k, v := range m {
		out = append(out, prop{k, showValue(v)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// showValue writes a value for a person: nil as empty, the rest as Go
// prints it.
func showValue(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// html renders a page; the template is fixed, so an error here is a bug.
func (s *Server) html(c *echo.Context, page string, data any) error {
	var b bytes.Buffer
	if err := s.pages.ExecuteTemplate(&b, page, data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	c.Response().Header().Set("Content-Security-Policy", pageCSP)
	return c.HTMLBlob(http.StatusOK, b.Bytes())
}
