package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/incidentmap/incidentmap/geo/extract"
)

// loadOpenAPI fetches /api and loads it with kin-openapi.
func loadOpenAPI(t *testing.T, s http.Handler) *openapi3.T {
	t.Helper()
	resp := do(t, s, req{target: "/api"})
	if resp.StatusCode != 200 {
		t.Fatalf("GET /api: %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); ct != MIMEOpenAPI {
		t.Fatalf("Content-Type %q, want %q", ct, MIMEOpenAPI)
	}
	doc, err := openapi3.NewLoader().LoadFromData(body(t, resp))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestOpenAPIValid validates the served document against the OpenAPI 3.0
// rules (kin-openapi): schemas, parameters, responses, security.
func TestOpenAPIValid(t *testing.T) { forEngines(t, testOpenAPIValid) }

func testOpenAPIValid(t *testing.T, e testEngine) {
	for _, base := range []string{"", "https://maps.example.org/im"} {
		s, _ := sharedServer(t, e, 250, func(o *Options) { o.BaseURL = base })
		doc := loadOpenAPI(t, s)
		if err := doc.Validate(context.Background()); err != nil {
			t.Errorf("base %q: invalid OpenAPI document: %v", base, err)
		}
		if doc.OpenAPI != "3.0.3" {
			t.Errorf("openapi %q", doc.OpenAPI)
		}
		want := base
		if want == "" {
			want = "http://example.com" // httptest's Host
		}
		if len(doc.Servers) != 1 || doc.Servers[0].URL != want {
			t.Errorf("servers %v, want %s", doc.Servers, want)
		}
	}
}

// routeParam is an echo path parameter.
var routeParam = regexp.MustCompile(`:([A-Za-z]+)`)

// TestOpenAPIMatchesRoutes: every route the server answers is in the
// document with its method, and every documented operation is a route.
func TestOpenAPIMatchesRoutes(t *testing.T) { forEngines(t, testOpenAPIMatchesRoutes) }

func testOpenAPIMatchesRoutes(t *testing.T, e testEngine) {
	s, _ := sharedServer(t, e, 250, nil)
	doc := loadOpenAPI(t, s)
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	served := map[string]bool{}
	for _, r := range s.e.Router().Routes() {
		if r.Method == http.MethodHead {
			continue // HEAD is GET's, by RFC 9110
		}
		path := routeParam.ReplaceAllString(r.Path, "{$1}")
		if path == "/tiles/incidents/{z}/{x}/{y}" {
			path += ".mvt"
		}
		paths := []string{path}
		if strings.Contains(path, "{collectionId}") {
			paths = nil
			for _, ci := range collectionInfos {
				paths = append(paths, strings.Replace(path, "{collectionId}", ci.id, 1))
			}
		}
		for _, p := range paths {
			served[r.Method+" "+p] = true
		}
	}
	for op := range served {
		if !documented[op] {
			t.Errorf("%s is served but not documented", op)
		}
	}
	for op := range documented {
		if !served[op] {
			t.Errorf("%s is documented but not served", op)
		}
	}
}

// TestOpenAPIParamsAreTheHandlers': each operation accepts every query
// parameter the document lists for it (with the document's example), and
// refuses one it does not list, naming exactly the documented ones.
func TestOpenAPIParamsAreTheHandlers(t *testing.T) { forEngines(t, testOpenAPIParamsAreTheHandlers) }

func testOpenAPIParamsAreTheHandlers(t *testing.T, e testEngine) {
	parser, err := loadParser()
	if err != nil {
		t.Fatal(err)
	}
	incs := genIncidents(5)
	s, fs := testServer(t, e, incs, func(o *Options) {
		o.Geoparser = parser
		o.Extractor = extract.New()
		o.LocalPlaces = &fakeLocal{}
	})
	loadPlaces(t, fs.Store, 2)
	doc := loadOpenAPI(t, s)
	concrete := strings.NewReplacer("{featureId}", "1", "{z}", "1", "{x}", "1", "{y}", "0", "{id}", "local:1")
	bodies := map[string]string{
		"/api/articles": "عنوان\nقصفت طائرات مواقع في مدينة الرقة.",
		"/api/geoparse": "عنوان\nقصفت طائرات مواقع في مدينة الرقة.",
	}
	var paths []string
	for p := range doc.Paths.Map() {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	checked := 0
	for _, path := range paths {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			if method == http.MethodDelete || path == "/api/places" && method == http.MethodPost {
				continue // no query parameters, and the body decides
			}
			target := concrete.Replace(path)
			if strings.Contains(path, "/places/items/{featureId}") {
				target = strings.Replace(path, "{featureId}", "test:1", 1)
			}
			var documented []string
			for _, pr := range op.Parameters {
				if pr.Value.In == "query" {
					documented = append(documented, pr.Value.Name)
				}
			}
			send := func(query string) *http.Response {
				r := req{method: method, target: target + query, header: map[string]string{"Authorization": "Bearer s3cret"}}
				if b, ok := bodies[path]; ok {
					r.body = b
					r.header["Content-Type"] = "text/plain"
				}
				return do(t, s, r)
			}
			t.Run(method+" "+path, func(t *testing.T) {
				for _, pr := range op.Parameters {
					p := pr.Value
					if p.In != "query" {
						continue
					}
					value := fmt.Sprint(p.Example)
					if p.Name == "bbox" {
						value = "35,32,43,38"
					}
					q := "?" + url.Values{p.Name: {value}}.Encode()
					resp := send(q)
					if resp.StatusCode >= 400 {
						t.Errorf("documented %s%s: status %d: %s", target, q, resp.StatusCode, body(t, resp))
					}
					checked++
				}
				resp := send("?undocumented=1")
				if resp.StatusCode != http.StatusBadRequest {
					t.Fatalf("an undocumented parameter: status %d, want 400", resp.StatusCode)
				}
				p := decodeProblem(t, resp)
				got := slices.Clone(p.Allowed)
				sort.Strings(got)
				sort.Strings(documented)
				if !slices.Equal(got, documented) && !(len(got) == 0 && len(documented) == 0) {
					t.Errorf("the handler allows %v, the document lists %v", got, documented)
				}
			})
		}
	}
	if checked < 30 {
		t.Errorf("only %d documented parameters were tried", checked)
	}
}

// TestOpenAPIResponsesMatchSchemas: what each operation answers validates
// against the schema the document gives for its status and media type.
func TestOpenAPIResponsesMatchSchemas(t *testing.T) { forEngines(t, testOpenAPIResponsesMatchSchemas) }

func testOpenAPIResponsesMatchSchemas(t *testing.T, e testEngine) {
	parser, err := loadParser()
	if err != nil {
		t.Fatal(err)
	}
	st := e.open(t)
	load(t, st, genIncidents(30))
	loadPlaces(t, st, 3)
	src, _ := st.(SourceStore)
	s, _ := serverOver(t, st, func(o *Options) {
		o.Geoparser = parser
		o.Extractor = extract.New()
		o.LocalPlaces = &fakeLocal{}
		o.Sources = src
	})
	auth := map[string]string{"Authorization": "Bearer s3cret"}
	// Things for the lists to hold.
	if src != nil {
		do(t, s, req{method: "POST", target: "/api/sources", body: `{"url":"https://example.org/feed","name":"x"}`,
			header: map[string]string{"Authorization": "Bearer s3cret", "Content-Type": "application/json"}})
	}
	doc := loadOpenAPI(t, s)
	concrete := strings.NewReplacer("{featureId}", "1", "{z}", "1", "{x}", "1", "{y}", "0")
	text := "عنوان\nقصفت طائرات مواقع في مدينة الرقة وقتل ثلاثة مدنيين."
	checked := 0
	for _, o := range operations() {
		if o.method == http.MethodDelete || o.path == "/api/places" && o.method == http.MethodPost || o.path == "/api/sources" && o.method == http.MethodPost {
			continue // their answers are bodiless or covered by the lists
		}
		target := concrete.Replace(o.path)
		if strings.Contains(o.path, "/places/items/") {
			target = strings.Replace(o.path, "{featureId}", "test:1", 1)
		}
		r := req{method: o.method, target: target, header: map[string]string{"Accept": "application/json", "Authorization": auth["Authorization"]}}
		if o.method == http.MethodPost {
			r.header["Content-Type"] = "text/plain"
			r.body = text
		}
		t.Run(o.method+" "+o.path, func(t *testing.T) {
			resp := do(t, s, r)
			b := body(t, resp)
			ct, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
			op := doc.Paths.Find(o.path).GetOperation(o.method)
			rs := op.Responses.Status(resp.StatusCode)
			if rs == nil {
				t.Fatalf("status %d is not documented: %s", resp.StatusCode, b)
			}
			if resp.StatusCode >= 300 {
				t.Fatalf("status %d: %s", resp.StatusCode, b)
			}
			mt := rs.Value.Content.Get(ct)
			if mt == nil {
				mt = rs.Value.Content.Get(resp.Header.Get("Content-Type"))
			}
			if mt == nil {
				t.Fatalf("media type %q is not documented for %d", ct, resp.StatusCode)
			}
			if !strings.Contains(ct, "json") {
				return
			}
			var v any
			if err := json.Unmarshal(b, &v); err != nil {
				t.Fatal(err)
			}
			if err := mt.Schema.Value.VisitJSON(v); err != nil {
				t.Errorf("the answer does not match its schema: %v", err)
			}
			checked++
		})
	}
	// A problem matches the Problem schema.
	resp := do(t, s, req{target: "/collections/incidents/items?limit=0"})
	var v any
	if err := json.Unmarshal(body(t, resp), &v); err != nil {
		t.Fatal(err)
	}
	if err := doc.Components.Schemas["Problem"].Value.VisitJSON(v); err != nil {
		t.Errorf("a problem does not match the Problem schema: %v", err)
	}
	if checked < 15 {
		t.Errorf("only %d JSON answers checked", checked)
	}
}

// TestOpenAPISecurityIsTrue: an operation documented as needing the token
// refuses a request without it (401), and one documented as open does
// not, on a server with public reads and on one with private reads.
func TestOpenAPISecurityIsTrue(t *testing.T) { forEngines(t, testOpenAPISecurityIsTrue) }

func testOpenAPISecurityIsTrue(t *testing.T, e testEngine) {
	parser, err := loadParser()
	if err != nil {
		t.Fatal(err)
	}
	for _, private := range []bool{false, true} {
		s, _ := sharedServer(t, e, 250, func(o *Options) {
			o.PrivateReads = private
			o.Geoparser = parser
			o.LocalPlaces = &fakeLocal{}
		})
		doc := loadOpenAPI(t, s)
		concrete := strings.NewReplacer("{featureId}", "1", "{z}", "1", "{x}", "1", "{y}", "0", "{id}", "1")
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				needs := false
				if op.Security != nil {
					needs = true
					for _, req := range *op.Security {
						if len(req) == 0 {
							needs = false // anonymous is one of the choices
						}
					}
				}
				r := req{method: method, target: concrete.Replace(path), header: map[string]string{"Accept": "application/json"}}
				if method == http.MethodPost {
					r.header["Content-Type"] = "text/plain"
					r.body = "عنوان\nنص"
				}
				resp := do(t, s, r)
				if got := resp.StatusCode == http.StatusUnauthorized; got != needs {
					t.Errorf("private reads %v: %s %s: status %d without the token; documented as needing it: %v", private, method, path, resp.StatusCode, needs)
				}
			}
		}
	}
}
