package server

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v5"
)

// MIMEOpenAPI is the media type of the API description.
const MIMEOpenAPI = "application/vnd.oai.openapi+json;version=3.0"

// openAPI serves /api, the OpenAPI 3.0 description the landing page's
// service-desc link points to. It lists the routes and parameters; the
// response bodies are described by the OGC standards and the README.
func (s *Server) openAPI(c *echo.Context) error {
	if err := noParams(c.QueryParams()); err != nil {
		return err
	}
	body, err := json.Marshal(openAPIDoc(baseURL(c)))
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, MIMEOpenAPI, body)
}

func openAPIDoc(base string) map[string]any {
	param := func(name, in, desc string, schema map[string]any, required bool) map[string]any {
		return map[string]any{"name": name, "in": in, "description": desc, "required": required, "schema": schema, "style": "form", "explode": false}
	}
	problemResponse := map[string]any{
		"description": "An RFC 7807 problem document",
		"content":     map[string]any{MIMEProblem: map[string]any{}},
	}
	str := map[string]any{"type": "string"}
	integer := func(lo, hi, def int) map[string]any {
		return map[string]any{"type": "integer", "minimum": lo, "maximum": hi, "default": def}
	}
	f := param("f", "query", "Representation: json or html", map[string]any{"type": "string", "enum": []string{"json", "html"}}, false)
	bbox := param("bbox", "query", "minLon,minLat,maxLon,maxLat in CRS84", map[string]any{"type": "array", "minItems": 4, "maxItems": 6, "items": map[string]any{"type": "number"}}, false)
	datetime := param("datetime", "query", "An RFC 3339 date or date-time, or an interval start/end with .. for an open end; incidents are dated by UTC day", str, false)
	filters := []any{
		datetime,
		param("type", "query", "ACLED event type or sub-event type, e.g. Air/drone strike", str, false),
		param("actor", "query", "Part of Actor1 or Actor2, e.g. US forces", str, false),
		param("q", "query", "Words that must occur in the place names or evidence (Arabic, proclitics ignored)", str, false),
	}
	paging := []any{
		param("limit", "query", "Page size", integer(1, MaxLimit, DefaultLimit), false),
		param("offset", "query", "Matches to skip", integer(0, MaxOffset, 0), false),
	}
	collID := param("collectionId", "path", "incidents or places", map[string]any{"type": "string", "enum": []string{collIncidents, collPlaces}}, true)
	get := func(summary string, params []any, types ...string) map[string]any {
		content := map[string]any{}
		for _, t := range types {
			content[t] = map[string]any{}
		}
		return map[string]any{"get": map[string]any{
			"summary": summary, "parameters": params,
			"responses": map[string]any{"200": map[string]any{"description": "OK", "content": content}, "default": problemResponse},
		}}
	}
	post := func(summary string, types ...string) map[string]any {
		content := map[string]any{}
		for _, t := range types {
			content[t] = map[string]any{}
		}
		return map[string]any{
			"summary": summary, "security": []any{map[string]any{"bearer": []string{}}},
			"requestBody": map[string]any{"required": true, "content": content},
			"responses":   map[string]any{"200": map[string]any{"description": "OK"}, "201": map[string]any{"description": "Created"}, "default": problemResponse},
		}
	}
	jsonHTML := []string{echo.MIMEApplicationJSON, echo.MIMETextHTML}
	items := append(append(append([]any{collID, f, bbox}, filters...), paging...), param("bbox-crs", "query", "Only CRS84", str, false))
	paths := map[string]any{
		"/":                           get("Landing page", []any{f}, jsonHTML...),
		"/api":                        get("This API description", nil, MIMEOpenAPI),
		"/conformance":                get("Conformance classes", []any{f}, jsonHTML...),
		"/collections":                get("Collections", []any{f}, jsonHTML...),
		"/collections/{collectionId}": get("One collection", []any{collID, f}, jsonHTML...),
		"/collections/{collectionId}/items": get("Features of a collection (places take only f, bbox, q, limit, offset)",
			items, MIMEGeoJSON, echo.MIMETextHTML),
		"/collections/{collectionId}/items/{featureId}": get("One feature",
			[]any{collID, param("featureId", "path", "Feature id", str, true), f}, MIMEGeoJSON, echo.MIMETextHTML),
		"/collections/incidents/histogram": get("Incidents per day, week or month (bins chosen by the span unless bin is given), for a time chart",
			append(append([]any{bbox, param("bbox-crs", "query", "Only CRS84", str, false)}, filters...), param("bin", "query", "Bin width; by default day up to 400 days, week up to 5 years, month beyond", map[string]any{"type": "string", "enum": binWidths}, false)),
			echo.MIMEApplicationJSON),
		"/tiles/incidents.json": get("TileJSON 3.0 of the incident tiles", filters, echo.MIMEApplicationJSON),
		"/tiles/incidents/{z}/{x}/{y}.mvt": get("A vector tile: layer incidents, grid clusters with count at low zoom", append([]any{
			param("z", "path", "Zoom", integer(0, MaxZoom, 0), true),
			param("x", "path", "Column", map[string]any{"type": "integer", "minimum": 0}, true),
			param("y", "path", "Row", map[string]any{"type": "integer", "minimum": 0}, true),
		}, filters...), MIMEMVT),
		"/api/articles":   map[string]any{"post": post("Store and process an article (Bearer token)", echo.MIMEApplicationJSON, echo.MIMETextPlain)},
		"/api/geoparse":   map[string]any{"post": post("Geoparse a text without storing it", echo.MIMEApplicationJSON, echo.MIMETextPlain)},
		"/api/unresolved": get("Names found but not placed", []any{param("limit", "query", "How many", integer(1, MaxLimit, DefaultLimit), false)}, echo.MIMEApplicationJSON),
		"/api/places": map[string]any{
			"get":  get("The local gazetteer", nil, echo.MIMEApplicationJSON)["get"],
			"post": post("Add a local place (Bearer token)", echo.MIMEApplicationJSON),
		},
		"/api/places/{id}": map[string]any{"delete": map[string]any{
			"summary": "Remove a local place (Bearer token)", "security": []any{map[string]any{"bearer": []string{}}},
			"parameters": []any{param("id", "path", "Place id", str, true)},
			"responses":  map[string]any{"204": map[string]any{"description": "Removed"}, "default": problemResponse},
		}},
		"/healthz": get("Liveness", nil, echo.MIMEApplicationJSON),
		"/readyz":  get("Readiness: the store answers", nil, echo.MIMEApplicationJSON),
		"/metrics": get("Prometheus metrics", nil, "text/plain"),
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title": "incidentmap", "version": "1",
			"description": "OGC API - Features (Part 1) over armed incidents extracted from Arabic news, vector tiles, and ingestion. Errors are RFC 7807 problem documents.",
		},
		"servers": []any{map[string]any{"url": base}},
		"paths":   paths,
		"components": map[string]any{"securitySchemes": map[string]any{
			"bearer": map[string]any{"type": "http", "scheme": "bearer"},
		}},
	}
}
