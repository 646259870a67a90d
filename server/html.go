package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/labstack/echo/v5"
	"github.com/paulmach/orb"
)

// pageStyle is the one stylesheet of the API's HTML pages, inline so a
// page is one request; the CSP admits it by its hash and nothing else.
// Its colours keep a contrast of at least 4.5:1 (WCAG AA).
const pageStyle = `
body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:70rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:start;vertical-align:top}
th{background:#f4f4f4}code{font-size:90%}nav a{margin-inline-end:1rem}.muted{color:#595959}
blockquote{margin:.2rem 0;padding-inline-start:.6rem;border-inline-start:3px solid #ccc}ul.plain{margin:0;padding-inline-start:1.1rem}
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
// Their links start with base, as the JSON's do. Each page has a title,
// its language and direction, a banner with the navigation and a main
// landmark; values from articles are marked dir=auto (or Arabic), so
// that Arabic text reads right to left inside the English page.
func newPages(base string) *template.Template {
	return template.Must(template.New("").Funcs(template.FuncMap{
		"props":    shownProps,
		"value":    showValue,
		"point":    showPoint,
		"itemHref": itemHref,
		"base":     func() string { return base },
		"style":    func() template.CSS { return template.CSS(pageStyle) },
	}).Parse(`
{{define "head"}}<!doctype html>
<html lang="en" dir="ltr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.}} · incidentmap</title>
<link rel="icon" href="{{base}}/favicon.svg" type="image/svg+xml">
<style>{{style}}</style></head><body>
<header><nav aria-label="API"><a href="{{base}}/?f=html">API</a><a href="{{base}}/collections?f=html">Collections</a><a href="{{base}}/conformance?f=html">Conformance</a><a href="{{base}}/api?f=html">Operations</a><a href="{{base}}/">Map</a></nav></header>
<main>
<h1>{{.}}</h1>{{end}}
{{define "foot"}}</main></body></html>{{end}}
{{define "links"}}<h2>Links</h2><ul>{{range .}}<li><a href="{{.Href}}">{{if .Title}}{{.Title}}{{else}}{{.Rel}}{{end}}</a> <span class="muted">({{.Rel}}{{if .Type}}, {{.Type}}{{end}})</span></li>{{end}}</ul>{{end}}
{{define "shown"}}{{if .Sources}}<ul class="plain">{{range .Sources}}<li>{{if .Href}}<a href="{{.Href}}" rel="noopener noreferrer nofollow" dir="auto">{{.Title}}</a>{{else}}<span dir="auto">{{.Title}}</span>{{end}}{{with .Outlet}} · <span dir="auto">{{.}}</span>{{end}}{{with .Published}} · <time datetime="{{.}}">{{.}}</time>{{end}}{{range .Quotes}}<blockquote lang="ar" dir="rtl">{{.}}</blockquote>{{end}}</li>{{end}}</ul>{{else if .Quotes}}{{range .Quotes}}<blockquote lang="ar" dir="rtl">{{.}}</blockquote>{{end}}{{else}}<span dir="auto">{{.Text}}</span>{{end}}{{end}}

{{define "landing"}}{{template "head" .title}}<p>{{.description}}</p>{{template "links" .links}}{{template "foot"}}{{end}}

{{define "conformance"}}{{template "head" "Conformance"}}<ul>{{range .conformsTo}}<li><code>{{.}}</code></li>{{end}}</ul>{{template "foot"}}{{end}}

{{define "collections"}}{{template "head" "Collections"}}
{{range .collections}}<h2><a href="{{base}}/collections/{{.id}}?f=html">{{.title}}</a></h2><p>{{.description}}</p>{{end}}
{{template "foot"}}{{end}}

{{define "collection"}}{{template "head" .title}}<p>{{.description}}</p>{{template "links" .links}}{{template "foot"}}{{end}}

{{define "items"}}{{template "head" .title}}
<p>{{index .fc.ExtraMembers "numberReturned"}}{{with index .fc.ExtraMembers "numberMatched"}} of {{.}}{{end}} features.</p>
{{template "links" .links}}
<table><caption>{{.title}}</caption><thead><tr><th scope="col">id</th><th scope="col">point (lon, lat)</th><th scope="col">properties</th></tr></thead><tbody>
{{$links := .links}}{{range .fc.Features}}<tr><td><a href="{{itemHref $links .ID}}">{{value .ID}}</a></td><td>{{point .Geometry}}</td><td>{{range props .Properties}}<div><b>{{.Key}}</b>: {{template "shown" .Value}}</div>{{end}}</td></tr>{{end}}
</tbody></table>{{template "foot"}}{{end}}

{{define "item"}}{{template "head" (printf "Feature %v" (value .feature.ID))}}
<p>Point (lon, lat): {{point .feature.Geometry}}</p>
<table><caption>Properties</caption><tbody>{{range props .feature.Properties}}<tr><th scope="row">{{.Key}}</th><td>{{template "shown" .Value}}</td></tr>{{end}}</tbody></table>
{{template "links" .links}}
{{template "foot"}}{{end}}

{{define "api"}}{{template "head" "Operations"}}
<p>{{.description}} The machine-readable description: <a href="{{base}}/api?f=json">OpenAPI 3.0 (JSON)</a>.</p>
<table><caption>Operations of this server</caption><thead><tr><th scope="col">Method</th><th scope="col">Path</th><th scope="col">What</th><th scope="col">Token</th><th scope="col">Parameters</th></tr></thead><tbody>
{{range .ops}}<tr><td><code>{{.Method}}</code></td><td><code>{{.Path}}</code></td><td>{{.Summary}}</td><td>{{if .Token}}needed{{else}}no{{end}}</td><td>{{if .Params}}<ul class="plain">{{range .Params}}<li><code>{{.Name}}</code> <span class="muted">({{.In}}, {{.Type}})</span>: {{.Doc}}</li>{{end}}</ul>{{end}}</td></tr>{{end}}
</tbody></table>{{template "foot"}}{{end}}
`))
}

// shown is a property's value, ready for the page: plain text, quoted
// evidence, or a list of sources with links.
type shown struct {
	Text    string
	Quotes  []string
	Sources []shownSource
}

// shownSource is one article reporting an incident.
type shownSource struct {
	// Href is the article's URL when it is http(s), else empty: a link
	// from an article is never a javascript: or data: URL.
	Href, Title, Outlet, Published string
	Quotes                         []string
}

// prop is one property for display.
type prop struct {
	Key   string
	Value shown
}

// flatProps are the flat copies of evidence and sources for clients
// that drop nested JSON (extract.Feature): the page shows the nested
// ones, as quotes and links, and not these (a URL there would be text,
// whatever its scheme).
var flatProps = map[string]bool{"evidence_text": true, "source_urls": true, "source_titles": true, "outlets": true, "n_sources": true}

// shownProps lists the properties that have a value, by name: nulls and
// empty values are left out.
func shownProps(m map[string]any) []prop {
	out := make([]prop, 0, len(m))
	for k, v := range m {
		if flatProps[k] {
			continue
		}
		s, ok := showProp(v)
		if !ok {
			continue
		}
		out = append(out, prop{k, s})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// showProp formats one value for a person: dates as YYYY-MM-DD, numbers
// as numbers, evidence as quotes, sources as links; false when there is
// nothing to show.
func showProp(v any) (shown, bool) {
	switch v := v.(type) {
	case nil:
		return shown{}, false
	case string:
		return shown{Text: v}, v != ""
	case *string:
		if v == nil || *v == "" {
			return shown{}, false
		}
		return shown{Text: *v}, true
	case time.Time:
		return shown{Text: showDate(v)}, !v.IsZero()
	case *time.Time:
		if v == nil || v.IsZero() {
			return shown{}, false
		}
		return shown{Text: showDate(*v)}, true
	case *int:
		if v == nil {
			return shown{}, false
		}
		return shown{Text: strconv.Itoa(*v)}, true
	case int:
		return shown{Text: strconv.Itoa(v)}, true
	case int64:
		return shown{Text: strconv.FormatInt(v, 10)}, true
	case float64:
		return shown{Text: strconv.FormatFloat(v, 'f', -1, 64)}, true
	case bool:
		return shown{Text: strconv.FormatBool(v)}, true
	case []geo.Evidence:
		q := quotes(v)
		return shown{Quotes: q}, len(q) > 0
	case []geo.Source:
		out := make([]shownSource, 0, len(v))
		for _, s := range v {
			ss := shownSource{Href: safeHref(s.URL), Title: s.Title, Outlet: s.Outlet, Quotes: quotes(s.Evidence)}
			if ss.Title == "" {
				ss.Title = s.URL
			}
			if ss.Title == "" {
				ss.Title = "article " + s.ArticleID
			}
			if s.Published != nil && !s.Published.IsZero() {
				ss.Published = showDate(*s.Published)
			}
			out = append(out, ss)
		}
		return shown{Sources: out}, len(out) > 0
	case []string:
		return shown{Text: strings.Join(v, ", ")}, len(v) > 0
	case fmt.Stringer:
		s := v.String()
		return shown{Text: s}, s != ""
	}
	// Anything else as JSON, never as Go prints it.
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" || string(b) == "[]" || string(b) == "{}" {
		return shown{}, false
	}
	return shown{Text: string(b)}, true
}

// showDate writes a date as YYYY-MM-DD (UTC).
func showDate(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// quotes are the evidence sentences.
func quotes(ev []geo.Evidence) []string {
	out := make([]string, 0, len(ev))
	for _, e := range ev {
		if t := strings.TrimSpace(e.Text); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// safeHref is u when it is an absolute http(s) URL, else "".
func safeHref(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}

// showValue writes an id for a person: nil as empty.
func showValue(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// showPoint writes a point as "lon, lat" to six decimals (about 0.1 m).
func showPoint(g orb.Geometry) string {
	p, ok := g.(orb.Point)
	if !ok {
		return ""
	}
	return strconv.FormatFloat(p[0], 'f', 6, 64) + ", " + strconv.FormatFloat(p[1], 'f', 6, 64)
}

// itemHref is the HTML page of the feature id on a page whose links are
// links: the self link's path, then the id.
func itemHref(links []Link, id any) string {
	for _, l := range links {
		if l.Rel != "self" {
			continue
		}
		path, _, _ := strings.Cut(l.Href, "?")
		return path + "/" + url.PathEscape(fmt.Sprint(id)) + "?f=html"
	}
	return ""
}

// apiOp is an operation on the /api page.
type apiOp struct {
	Method, Path, Summary string
	Token                 bool
	Params                []apiParam
}

type apiParam struct{ Name, In, Type, Doc string }

// apiPage is the data of the /api page: the operations of the document.
func apiPage(cfg docConfig) map[string]any {
	var ops []apiOp
	for _, o := range operations() {
		op := apiOp{Method: o.method, Path: o.path, Summary: o.summary, Token: cfg.needsToken(o.access)}
		if o.access == accessWrite && !cfg.writes {
			op.Summary += " (disabled on this server, which has no token)"
		}
		for _, p := range o.pathParams {
			op.Params = append(op.Params, apiParam{p.Name, "path", p.typeText(), p.Doc})
		}
		for _, p := range o.query {
			op.Params = append(op.Params, apiParam{p.Name, "query", p.typeText(), p.Doc})
		}
		ops = append(ops, op)
	}
	info := openAPIDoc(cfg)["info"].(map[string]any)
	return map[string]any{"ops": ops, "description": info["description"]}
}

// typeText describes a parameter's type and bounds in a few words.
func (p queryParam) typeText() string {
	switch p.Kind {
	case kindInteger:
		s := "integer from " + strconv.Itoa(p.Min)
		if p.Max > 0 {
			s += " to " + strconv.Itoa(p.Max)
		}
		if p.Capped {
			s += " (more is served as " + strconv.Itoa(p.Max) + ")"
		}
		return s
	case kindNumbers:
		return fmt.Sprintf("%d to %d comma-separated numbers", p.MinItems, p.MaxItems)
	}
	if len(p.Enum) > 0 && len(p.Enum) <= 8 {
		return "one of " + strings.Join(p.Enum, ", ")
	}
	if len(p.Enum) > 0 {
		return fmt.Sprintf("one of %d values", len(p.Enum))
	}
	return "string"
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
