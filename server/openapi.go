package server

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"
)

// MIMEOpenAPI is the media type of the API description.
const MIMEOpenAPI = "application/vnd.oai.openapi+json;version=3.0"

// openAPI serves /api, the OpenAPI 3.0 description the landing page's
// service-desc link points to (and, for a browser or f=html, a page
// listing the same operations: its service-doc).
func (s *Server) openAPI(c *echo.Context) error {
	f, err := formatOnly(c.QueryParams())
	if err != nil {
		return err
	}
	cfg := s.docConfig()
	html := wantsHTML(c, f)
	cfg.base = s.docBase(c, html) // servers: absolute, as the JSON's links
	if html {
		return s.html(c, "api", apiPage(cfg))
	}
	body, err := json.Marshal(openAPIDoc(cfg))
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, MIMEOpenAPI, body)
}

// docConfig is what of the server's configuration the document states:
// its links, and which operations need the token.
type docConfig struct {
	base string
	// private: reads need the token too.
	private bool
	// writes: the server has a token, so writes can be made at all.
	writes bool
}

func (s *Server) docConfig() docConfig {
	return docConfig{base: s.base, private: s.private, writes: s.token != ""}
}

// access is who may call an operation, as the middleware on its route
// decides (routes.go): the document's security follows from it and the
// server's configuration.
type access int

const (
	// accessOpen: anyone, always (the probes, this document).
	accessOpen access = iota
	// accessRead: anyone, unless the server runs with private reads
	// (requireRead).
	accessRead
	// accessWrite: the token, and never on a server without one
	// (requireWrite).
	accessWrite
)

// needsToken reports whether the operation needs the bearer token.
func (cfg docConfig) needsToken(a access) bool {
	return a == accessWrite || a == accessRead && cfg.private
}

// The path parameters, as the handlers parse them.
var (
	pathFeatureID = queryParam{Name: "featureId", Doc: "The feature's id"}
	pathPlaceID   = queryParam{Name: "id", Doc: "The local place's id (local:N)"}
	pathSourceID  = queryParam{Name: "id", Doc: "The source's id", Kind: kindInteger, Min: 1, Default: 1}
	pathZ         = queryParam{Name: "z", Doc: "Zoom", Kind: kindInteger, Min: 0, Max: MaxZoom}
	pathX         = queryParam{Name: "x", Doc: "Column, from 0 to 2^z-1, digits only", Kind: kindInteger, Min: 0}
	pathY         = queryParam{Name: "y", Doc: "Row, from 0 to 2^z-1, digits only", Kind: kindInteger, Min: 0}
)

// operation is one documented operation.
type operation struct {
	method, path, id, summary string
	access                    access
	query                     []queryParam
	pathParams                []queryParam
	// body maps the request body's media types to its schema.
	body map[string]string
	// ok are the success answers: status, description, and media type
	// to schema name ("" for a string, "binary" for bytes).
	ok []answer
	// notFound: a 404 for an id or collection that does not exist.
	notFound bool
}

type answer struct {
	status  int
	desc    string
	content map[string]string
}

// operations lists every operation the routes serve; TestOpenAPIMatchesRoutes
// checks that the two lists are the same.
func operations() []operation {
	jsonOK := func(desc, schema string) []answer {
		return []answer{{200, desc, map[string]string{echo.MIMEApplicationJSON: schema}}}
	}
	jsonHTML := func(desc, schema string) []answer {
		return []answer{{200, desc, map[string]string{echo.MIMEApplicationJSON: schema, echo.MIMETextHTML: ""}}}
	}
	ops := []operation{
		{method: "GET", path: "/", id: "getLandingPage", summary: "Landing page (the web map for browsers)", access: accessRead,
			query: paramsFormat, ok: jsonHTML("The landing page", "LandingPage")},
		{method: "GET", path: "/api", id: "getAPI", summary: "This API description (OpenAPI 3.0), or the page listing its operations", access: accessOpen,
			query: paramsFormat, ok: []answer{{200, "The API description", map[string]string{MIMEOpenAPI: "object", echo.MIMETextHTML: ""}}}},
		{method: "GET", path: "/conformance", id: "getConformance", summary: "Conformance classes", access: accessRead,
			query: paramsFormat, ok: jsonHTML("The conformance classes", "Conformance")},
		{method: "GET", path: "/collections", id: "getCollections", summary: "Collections", access: accessRead,
			query: paramsFormat, ok: jsonHTML("The collections", "Collections")},
		{method: "GET", path: "/collections/incidents/histogram", id: "getIncidentHistogram",
			summary: "Incidents per day, week or month (bins chosen by the span unless bin is given), for a time chart", access: accessRead,
			query: paramsHistogram, ok: jsonOK("The counts", "Histogram")},
		{method: "GET", path: "/tiles/incidents.json", id: "getTileJSON", summary: "TileJSON 3.0 of the incident tiles; the filters are passed on to the tile URLs", access: accessRead,
			query: paramsTiles, ok: jsonOK("The TileJSON", "TileJSON")},
		{method: "GET", path: "/tiles/incidents/style.json", id: "getTileStyle", summary: "A MapLibre GL / Mapbox GL style (v8) for the tiles: colours and shapes by sub-event type, clusters sized by count; the filters are passed on to the tile URLs", access: accessRead,
			query: paramsTiles, ok: jsonOK("The style", "object")},
		{method: "GET", path: "/tiles/incidents/sprite.json", id: "getTileSpriteIndex", summary: "The style's sprite: where each icon lies in the image (1x)", access: accessRead,
			query: paramsNone, ok: jsonOK("The sprite index", "object")},
		{method: "GET", path: "/tiles/incidents/sprite.png", id: "getTileSpriteImage", summary: "The style's sprite: the icons (1x)", access: accessRead,
			query: paramsNone, ok: []answer{{200, "The sprite image", map[string]string{"image/png": "binary"}}}},
		{method: "GET", path: "/tiles/incidents/sprite@2x.json", id: "getTileSpriteIndex2x", summary: "The style's sprite: where each icon lies in the image (2x)", access: accessRead,
			query: paramsNone, ok: jsonOK("The sprite index", "object")},
		{method: "GET", path: "/tiles/incidents/sprite@2x.png", id: "getTileSpriteImage2x", summary: "The style's sprite: the icons (2x)", access: accessRead,
			query: paramsNone, ok: []answer{{200, "The sprite image", map[string]string{"image/png": "binary"}}}},
		{method: "GET", path: "/tiles/incidents/{z}/{x}/{y}.mvt", id: "getTile", summary: "A vector tile: layer incidents, grid clusters with count at low zoom and in dense tiles", access: accessRead,
			query: paramsTiles, pathParams: []queryParam{pathZ, pathX, pathY}, ok: []answer{{200, "The tile (Mapbox Vector Tile)", map[string]string{MIMEMVT: "binary"}}}},
		{method: "POST", path: "/api/articles", id: "postArticle", summary: "Store and process an article; query parameters only with text/plain", access: accessWrite,
			query: paramsArticle, body: map[string]string{echo.MIMEApplicationJSON: "ArticleInput", echo.MIMETextPlain: ""},
			ok: []answer{{200, "Stored before: what it holds", map[string]string{echo.MIMEApplicationJSON: "ArticleResult"}},
				{201, "Stored and processed", map[string]string{echo.MIMEApplicationJSON: "ArticleResult"}}}},
		{method: "POST", path: "/api/geoparse", id: "geoparse", summary: "Geoparse a text without storing it (with its incidents); published in the query only with text/plain", access: accessRead,
			query: paramsGeoparse, body: map[string]string{echo.MIMEApplicationJSON: "GeoparseInput", echo.MIMETextPlain: ""},
			ok: []answer{{200, "The places as GeoJSON, the incidents in the member incidents", map[string]string{MIMEGeoJSON: "GeoparseResult"}}}},
		{method: "GET", path: "/api/unresolved", id: "getUnresolved", summary: "Names found but not placed, most frequent first", access: accessRead,
			query: paramsUnresolved, ok: jsonOK("The names", "Unresolved")},
		{method: "GET", path: "/api/places", id: "getLocalPlaces", summary: "The local gazetteer", access: accessRead,
			query: paramsNone, ok: jsonOK("The local places", "LocalPlaces")},
		{method: "POST", path: "/api/places", id: "addLocalPlace", summary: "Add a local place", access: accessWrite,
			query: paramsNone, body: map[string]string{echo.MIMEApplicationJSON: "LocalPlace"},
			ok: []answer{{201, "Added", map[string]string{echo.MIMEApplicationJSON: "LocalPlace"}}}},
		{method: "DELETE", path: "/api/places/{id}", id: "removeLocalPlace", summary: "Remove a local place", access: accessWrite,
			query: paramsNone, pathParams: []queryParam{pathPlaceID}, ok: []answer{{204, "Removed", nil}}, notFound: true},
		{method: "GET", path: "/api/sources", id: "getSources", summary: "The news feeds followed, with their state and counts", access: accessRead,
			query: paramsNone, ok: jsonOK("The sources", "Sources")},
		{method: "POST", path: "/api/sources", id: "addSource", summary: "Follow a feed", access: accessWrite,
			query: paramsNone, body: map[string]string{echo.MIMEApplicationJSON: "SourceInput"},
			ok: []answer{{201, "Followed", map[string]string{echo.MIMEApplicationJSON: "Source"}}}},
		{method: "DELETE", path: "/api/sources/{id}", id: "removeSource", summary: "Stop following a feed", access: accessWrite,
			query: paramsNone, pathParams: []queryParam{pathSourceID}, ok: []answer{{204, "Removed", nil}}, notFound: true},
		{method: "GET", path: "/api/changes", id: "getChanges", summary: "A version that moves whenever the incidents change: poll it to refresh an open map", access: accessRead,
			query: paramsNone, ok: jsonOK("The version", "Changes")},
		{method: "GET", path: "/healthz", id: "getHealth", summary: "Liveness", access: accessOpen,
			query: paramsNone, ok: jsonOK("Alive", "Status")},
		{method: "GET", path: "/readyz", id: "getReady", summary: "Readiness: the store answers", access: accessOpen,
			query: paramsNone, ok: jsonOK("Ready", "Status")},
		{method: "GET", path: "/metrics", id: "getMetrics", summary: "Prometheus metrics", access: accessRead,
			query: paramsNone, ok: []answer{{200, "The metrics in Prometheus' text format", map[string]string{"text/plain": ""}}}},
	}
	// Each collection has its own paths, so that each lists exactly the
	// parameters its handler takes and the schema of its features.
	for _, ci := range collectionInfos {
		itemParams, fc, f := paramsItems, "IncidentCollection", "IncidentFeature"
		page := map[string]string{MIMEGeoJSON: fc, echo.MIMETextHTML: "", "text/csv": ""} // CSV: internal/acled
		if ci.id == collPlaces {
			itemParams, fc, f = paramsPlaces, "PlaceCollection", "PlaceFeature"
			page = map[string]string{MIMEGeoJSON: fc, echo.MIMETextHTML: ""}
		}
		name := strings.ToUpper(ci.id[:1]) + ci.id[1:]
		p := "/collections/" + ci.id
		ops = append(ops,
			operation{method: "GET", path: p, id: "getCollection" + name, summary: ci.title + ": the collection", access: accessRead,
				query: paramsFormat, ok: jsonHTML("The collection", "Collection")},
			operation{method: "GET", path: p + "/items", id: "getItems" + name, summary: ci.title + ": a page of features", access: accessRead,
				query: itemParams, ok: []answer{{200, "A page of features", page}}},
			operation{method: "GET", path: p + "/items/{featureId}", id: "getItem" + name, summary: ci.title + ": one feature", access: accessRead,
				query: paramsItem, pathParams: []queryParam{pathFeatureID}, notFound: true,
				ok: []answer{{200, "The feature", map[string]string{MIMEGeoJSON: f, echo.MIMETextHTML: ""}}}},
		)
	}
	return ops
}

// openAPIParams describes an operation's parameters: the very
// definitions its handler checks requests against (params.go), so that
// every parameter a handler takes is documented with its bounds and none
// is documented that a handler refuses.
func openAPIParams(query, path []queryParam) []any {
	out := make([]any, 0, len(path)+len(query))
	for _, p := range path {
		out = append(out, map[string]any{"name": p.Name, "in": "path", "required": true, "description": p.Doc, "schema": p.schema()})
	}
	for _, q := range query {
		d := map[string]any{"name": q.Name, "in": "query", "required": false, "description": q.Doc, "schema": q.schema()}
		switch {
		case q.Kind == kindNumbers:
			// bbox=1,2,3,4: one comma-separated value.
			d["style"], d["explode"] = "form", false
			var ex []float64
			for _, f := range strings.Split(q.Example, ",") {
				n, _ := strconv.ParseFloat(f, 64)
				ex = append(ex, n)
			}
			d["example"] = ex
		case q.Kind == kindInteger:
			n, _ := strconv.Atoi(q.Example)
			d["example"] = n
		default:
			d["example"] = q.Example
		}
		out = append(out, d)
	}
	return out
}

// problemResponse is a response of problem documents.
func problemResponse(desc string) map[string]any {
	return map[string]any{"description": desc, "content": map[string]any{MIMEProblem: map[string]any{"schema": ref("Problem")}}}
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

// contentOf describes media types by their schema names.
func contentOf(m map[string]string) map[string]any {
	out := map[string]any{}
	for mt, schema := range m {
		switch schema {
		case "":
			out[mt] = map[string]any{"schema": map[string]any{"type": "string"}}
		case "binary":
			out[mt] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
		case "object":
			out[mt] = map[string]any{"schema": map[string]any{"type": "object"}}
		default:
			out[mt] = map[string]any{"schema": ref(schema)}
		}
	}
	return out
}

// security is an operation's security requirement in cfg: the bearer
// token, or none ({}: anonymous).
func (cfg docConfig) security(a access) []any {
	if cfg.needsToken(a) {
		return []any{map[string]any{"bearer": []string{}}}
	}
	return []any{map[string]any{}}
}

// describe turns an operation into its OpenAPI operation object.
func (cfg docConfig) describe(o operation) map[string]any {
	responses := map[string]any{}
	for _, a := range o.ok {
		r := map[string]any{"description": a.desc}
		if len(a.content) > 0 {
			r["content"] = contentOf(a.content)
		}
		responses[strconv.Itoa(a.status)] = r
	}
	responses["400"] = problemResponse("A parameter or the body is not accepted (the problem's detail says which, and allowed lists what is)")
	summary := o.summary
	if cfg.needsToken(o.access) {
		responses["401"] = problemResponse("No token, or a wrong one: send Authorization: Bearer TOKEN")
		summary += " (Bearer token)"
	}
	if o.access == accessWrite {
		responses["403"] = problemResponse("Writes are disabled: the server has no API token")
		if !cfg.writes {
			summary += "; disabled on this server, which has no token"
		}
	}
	if o.notFound {
		responses["404"] = problemResponse("No such feature, collection or id")
	}
	responses["default"] = problemResponse("Another error: 405, 413, 415, 422, 503 (busy: see Retry-After), 500")
	op := map[string]any{
		"operationId": o.id,
		"summary":     summary,
		"parameters":  openAPIParams(o.query, o.pathParams),
		"responses":   responses,
		"security":    cfg.security(o.access),
	}
	if len(o.body) > 0 {
		op["requestBody"] = map[string]any{"required": true, "content": contentOf(o.body)}
	}
	return op
}

// openAPIDoc is the OpenAPI 3.0 document of a server configured as cfg.
func openAPIDoc(cfg docConfig) map[string]any {
	paths := map[string]any{}
	for _, o := range operations() {
		item, _ := paths[o.path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[o.path] = item
		}
		item[strings.ToLower(o.method)] = cfg.describe(o)
	}
	server := cfg.base
	if server == "" {
		server = "/"
	}
	access := "Reads are public; writes need the bearer token."
	if cfg.private {
		access = "Reads and writes need the bearer token (private reads); /healthz, /readyz and this document are open."
	}
	if !cfg.writes {
		access += " This server has no token: writes are refused."
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title": "incidentmap", "version": "1",
			"description": "OGC API - Features (Part 1: Core, GeoJSON, HTML) over armed incidents extracted from Arabic news reports, vector tiles, and ingestion. " +
				"Errors are RFC 7807 problem documents. " + access,
		},
		"servers":  []any{map[string]any{"url": server}},
		"security": []any{map[string]any{}},
		"paths":    paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "description": "The server's API token (--api-token)"},
			},
			"schemas": openAPISchemas(),
		},
	}
}

// Schema helpers: OpenAPI 3.0 schemas as maps.
func obj(required []string, props map[string]any) map[string]any {
	m := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		m["required"] = required
	}
	return m
}
func arr(items any) map[string]any { return map[string]any{"type": "array", "items": items} }
func typ(t string) map[string]any  { return map[string]any{"type": t} }
func nullable(t string) map[string]any {
	return map[string]any{"type": t, "nullable": true}
}
func described(m map[string]any, d string) map[string]any { m["description"] = d; return m }

// openAPISchemas are the schemas of the bodies: what the handlers write
// (the tests validate real answers against them). Objects are open:
// members may be added.
func openAPISchemas() map[string]any {
	point := obj([]string{"type", "coordinates"}, map[string]any{
		"type":        map[string]any{"type": "string", "enum": []string{"Point"}},
		"coordinates": map[string]any{"type": "array", "minItems": 2, "maxItems": 3, "items": typ("number")},
	})
	evidence := obj([]string{"start", "end", "text"}, map[string]any{
		"start": described(typ("integer"), "Offset of the sentence in the article, in bytes"),
		"end":   typ("integer"), "text": typ("string"),
	})
	mention := obj([]string{"start", "end", "text"}, map[string]any{"start": typ("integer"), "end": typ("integer"), "text": typ("string")})
	feature := func(props string) map[string]any {
		return obj([]string{"type", "geometry", "properties"}, map[string]any{
			"type":       map[string]any{"type": "string", "enum": []string{"Feature"}},
			"id":         map[string]any{"oneOf": []any{typ("string"), typ("integer")}},
			"geometry":   ref("PointGeometry"),
			"properties": ref(props),
			"links":      arr(ref("Link")),
		})
	}
	collection := func(f string) map[string]any {
		return obj([]string{"type", "features"}, map[string]any{
			"type":           map[string]any{"type": "string", "enum": []string{"FeatureCollection"}},
			"features":       arr(ref(f)),
			"numberMatched":  described(map[string]any{"type": "integer", "minimum": 0}, "Left out when the store did not count (very many matches)"),
			"numberReturned": map[string]any{"type": "integer", "minimum": 0},
			"timeStamp":      map[string]any{"type": "string", "format": "date-time"},
			"links":          arr(ref("Link")),
			"attribution":    typ("string"),
		})
	}
	placeProps := map[string]any{
		"name": typ("string"), "name_ar": typ("string"), "source_id": typ("string"),
		"geonameid": nullable("integer"), "kind": typ("string"), "feature_code": typ("string"), "country_code": typ("string"),
	}
	countedPlace := map[string]any{"mentions": typ("integer"), "articles": typ("integer"), "incidents": typ("integer")}
	for k, v := range placeProps {
		countedPlace[k] = v
	}
	geoparsedPlace := map[string]any{"admin1": typ("string"), "population": typ("integer"), "confidence": typ("number"), "mentions": arr(mention)}
	for k, v := range placeProps {
		geoparsedPlace[k] = v
	}
	return map[string]any{
		"Problem": described(obj([]string{"type", "title", "status"}, map[string]any{
			"type": typ("string"), "title": typ("string"), "status": typ("integer"),
			"detail": typ("string"), "instance": typ("string"),
			"allowed": described(arr(typ("string")), "The accepted values (parameters, methods, media types) when one was not"),
		}), "An RFC 7807 problem document"),
		"Link": obj([]string{"href", "rel"}, map[string]any{
			"href": typ("string"), "rel": typ("string"), "type": typ("string"), "title": typ("string"),
		}),
		"LandingPage": obj([]string{"links"}, map[string]any{
			"title": typ("string"), "description": typ("string"), "attribution": typ("string"),
			"links":   arr(ref("Link")),
			"basemap": obj(nil, map[string]any{"url": typ("string"), "attribution": typ("string")}),
		}),
		"Conformance": obj([]string{"conformsTo"}, map[string]any{"conformsTo": arr(typ("string"))}),
		"Collection": obj([]string{"id", "links"}, map[string]any{
			"id": typ("string"), "title": typ("string"), "description": typ("string"),
			"itemType": typ("string"), "crs": arr(typ("string")), "storageCrs": typ("string"),
			"extent": obj(nil, map[string]any{
				"spatial": obj(nil, map[string]any{
					"bbox": arr(map[string]any{"type": "array", "minItems": 4, "maxItems": 6, "items": typ("number")}),
					"crs":  typ("string"),
				}),
				"temporal": obj(nil, map[string]any{
					"interval": arr(map[string]any{"type": "array", "minItems": 2, "maxItems": 2, "items": map[string]any{"type": "string", "nullable": true}}),
					"trs":      typ("string"),
				}),
			}),
			"links": arr(ref("Link")),
		}),
		"Collections": obj([]string{"links", "collections"}, map[string]any{
			"links": arr(ref("Link")), "collections": arr(ref("Collection")),
		}),
		"PointGeometry": point,
		"Evidence":      evidence,
		"IncidentSource": obj([]string{"article_id"}, map[string]any{
			"article_id": typ("string"), "url": typ("string"), "title": typ("string"), "outlet": typ("string"),
			"published": map[string]any{"type": "string", "format": "date-time"},
			"evidence":  arr(ref("Evidence")),
		}),
		"IncidentProperties": described(obj([]string{"event_type", "sub_event_type"}, map[string]any{
			"id":             typ("string"),
			"event_type":     described(typ("string"), "ACLED event type"),
			"sub_event_type": described(typ("string"), "ACLED sub-event type"),
			"place":          described(typ("string"), "The place as the text names it"),
			"place_name":     nullable("string"),
			"place_name_ar":  nullable("string"),
			"place_id":       nullable("string"),
			"geo_precision":  described(typ("integer"), "ACLED geo precision: 1 the place itself, 2 near it, 3 its region"),
			"date":           map[string]any{"type": "string", "format": "date", "nullable": true},
			"date_precision": described(typ("integer"), "ACLED time precision; 0 undated"),
			"actor1":         nullable("string"),
			"actor2":         nullable("string"),
			"killed":         map[string]any{"type": "integer", "minimum": 0, "nullable": true},
			"injured":        map[string]any{"type": "integer", "minimum": 0, "nullable": true},
			"evidence":       arr(ref("Evidence")),
			"confidence":     typ("number"),
			"primary":        typ("boolean"),
			"sources":        arr(ref("IncidentSource")),
			// Flat copies for clients that drop nested JSON (QGIS).
			"evidence_text": described(typ("string"), "The evidence passages, joined with a newline"),
			"source_urls":   described(nullable("string"), "The sources' URLs, one a line (null before the store sets sources)"),
			"source_titles": described(nullable("string"), "The sources' titles, one a line"),
			"outlets":       described(nullable("string"), "The sources' outlets, one a line"),
			"n_sources":     map[string]any{"type": "integer", "minimum": 0},
		}), "An incident; unknown values are null"),
		"IncidentFeature":    feature("IncidentProperties"),
		"IncidentCollection": collection("IncidentFeature"),
		"PlaceProperties":    obj([]string{"name", "source_id"}, countedPlace),
		"PlaceFeature":       feature("PlaceProperties"),
		"PlaceCollection":    collection("PlaceFeature"),
		"GeoparsedPlace":     obj([]string{"name", "source_id"}, geoparsedPlace),
		"GeoparsedFeature":   feature("GeoparsedPlace"),
		"GeoparseResult": obj([]string{"type", "features"}, map[string]any{
			"type":     map[string]any{"type": "string", "enum": []string{"FeatureCollection"}},
			"features": arr(ref("GeoparsedFeature")),
			"unresolved": arr(obj([]string{"text"}, map[string]any{
				"text": typ("string"), "cue": typ("string"), "mentions": arr(mention),
			})),
			"incidents":   ref("IncidentCollection"),
			"attribution": typ("string"),
		}),
		"GeoparseInput": obj([]string{"text"}, map[string]any{
			"text": typ("string"), "published": described(typ("string"), "YYYY-MM-DD or RFC 3339"),
		}),
		"ArticleInput": obj([]string{"text"}, map[string]any{
			"title": typ("string"), "text": typ("string"), "url": map[string]any{"type": "string", "format": "uri"},
			"source": typ("string"), "published": described(typ("string"), "YYYY-MM-DD or RFC 3339"),
		}),
		"ArticleResult": obj([]string{"article_id", "existed", "counts"}, map[string]any{
			"article_id": typ("string"), "existed": typ("boolean"),
			"counts": obj(nil, map[string]any{
				"places": typ("integer"), "unresolved": typ("integer"), "incidents": typ("integer"),
				"merged": typ("integer"), "skipped": typ("integer"),
			}),
			"places":    ref("GeoparseResult"),
			"incidents": ref("IncidentCollection"),
		}),
		"Histogram": obj([]string{"bin", "bins", "numberMatched"}, map[string]any{
			"bin": map[string]any{"type": "string", "enum": binWidths}, "start": typ("string"), "end": typ("string"),
			"bins": arr(obj([]string{"start", "end", "count"}, map[string]any{
				"start": typ("string"), "end": typ("string"), "count": typ("integer"),
			})),
			"numberMatched": typ("integer"), "undated": typ("integer"),
			"timeStamp": map[string]any{"type": "string", "format": "date-time"},
		}),
		"TileJSON": obj([]string{"tilejson", "tiles"}, map[string]any{
			"tilejson": typ("string"), "name": typ("string"), "description": typ("string"),
			"tiles": arr(typ("string")), "minzoom": typ("integer"), "maxzoom": typ("integer"),
			"bounds":      map[string]any{"type": "array", "minItems": 4, "maxItems": 4, "items": typ("number")},
			"center":      map[string]any{"type": "array", "minItems": 3, "maxItems": 3, "items": typ("number")},
			"attribution": typ("string"), "scheme": typ("string"),
			"vector_layers": arr(obj([]string{"id", "fields"}, map[string]any{
				"id": typ("string"), "description": typ("string"), "minzoom": typ("integer"), "maxzoom": typ("integer"),
				"fields": map[string]any{"type": "object", "additionalProperties": typ("string")},
			})),
		}),
		"Unresolved": obj([]string{"names"}, map[string]any{
			"numberMatched": typ("integer"), "numberReturned": typ("integer"),
			"names": arr(obj([]string{"name", "mentions", "articles"}, map[string]any{
				"name": typ("string"), "cue": typ("string"), "mentions": typ("integer"), "articles": typ("integer"),
				"examples": arr(typ("string")),
			})),
		}),
		"LocalPlace": obj([]string{"name", "lat", "lon"}, map[string]any{
			"id": described(typ("string"), "local:N, given by the server"), "name": typ("string"), "name_ar": typ("string"),
			"names": arr(typ("string")), "kind": typ("string"), "feature_code": typ("string"),
			"country": typ("string"), "admin1": typ("string"), "admin2": typ("string"),
			"lat":        map[string]any{"type": "number", "minimum": -90, "maximum": 90},
			"lon":        map[string]any{"type": "number", "minimum": -180, "maximum": 180},
			"population": typ("integer"), "source": typ("string"),
		}),
		"LocalPlaces": obj([]string{"places"}, map[string]any{"places": arr(ref("LocalPlace"))}),
		"Source": obj([]string{"id", "url"}, map[string]any{
			"id": typ("integer"), "url": typ("string"), "name": typ("string"), "every_seconds": typ("integer"),
			"status": typ("string"), "last_poll": map[string]any{"type": "string", "format": "date-time", "nullable": true},
			"last_success": map[string]any{"type": "string", "format": "date-time", "nullable": true},
			"last_error":   typ("string"), "failures": typ("integer"),
			"next_poll": map[string]any{"type": "string", "format": "date-time"},
			"polls":     typ("integer"), "poll_failures": typ("integer"), "items": typ("integer"), "articles": typ("integer"),
			"waiting": typ("integer"), "duplicates": typ("integer"), "skipped": typ("integer"), "failed": typ("integer"),
			"incidents": typ("integer"),
		}),
		"SourceInput": obj([]string{"url"}, map[string]any{
			"url": map[string]any{"type": "string", "format": "uri"}, "name": typ("string"),
			"every": described(typ("string"), "Poll interval such as 10m or 1h"),
		}),
		"Sources": obj([]string{"sources"}, map[string]any{"sources": arr(ref("Source"))}),
		"Changes": obj([]string{"version"}, map[string]any{"version": typ("string")}),
		"Status":  obj([]string{"status"}, map[string]any{"status": typ("string")}),
	}
}
