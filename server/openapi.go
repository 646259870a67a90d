package server

import (
	"encoding/json"
	"net/http"
	"strconv"

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
	body, err := json.Marshal(openAPIDoc(s.base))
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, MIMEOpenAPI, body)
}

// The path parameters, described as the handlers parse them.
var (
	pathFeatureID = pathParam("featureId", "The feature's id", map[string]any{"type": "string"})
	pathPlaceID   = pathParam("id", "The local place's id (local:N)", map[string]any{"type": "string"})
	pathSourceID  = pathParam("id", "The source's id", map[string]any{"type": "integer", "minimum": 1})
	pathZ         = pathParam("z", "Zoom", map[string]any{"type": "integer", "minimum": 0, "maximum": MaxZoom})
	pathX         = pathParam("x", "Column, from 0 to 2^z-1, digits only", map[string]any{"type": "integer", "minimum": 0})
	pathY         = pathParam("y", "Row, from 0 to 2^z-1, digits only", map[string]any{"type": "integer", "minimum": 0})
)

func pathParam(name, doc string, schema map[string]any) map[string]any {
	return map[string]any{"name": name, "in": "path", "required": true, "description": doc, "schema": schema}
}

// openAPIParams describes query parameters: the very lists the handlers
// check requests against (params.go), so that every parameter a handler
// takes is documented with its bounds and none is documented that a
// handler refuses.
func openAPIParams(query []queryParam, path ...map[string]any) []any {
	out := make([]any, 0, len(path)+len(query))
	for _, p := range path {
		out = append(out, p)
	}
	for _, q := range query {
		d := map[string]any{"name": q.Name, "in": "query", "required": false, "description": q.Doc, "schema": q.Schema}
		if q.Array {
			// bbox=1,2,3,4: one comma-separated value.
			d["style"], d["explode"] = "form", false
		} else if n, err := strconv.Atoi(q.Example); err == nil && q.Schema["type"] == "integer" {
			d["example"] = n
		} else {
			d["example"] = q.Example
		}
		out = append(out, d)
	}
	return out
}

func openAPIDoc(base string) map[string]any {
	problem := map[string]any{
		"description": "An RFC 7807 problem document",
		"content":     map[string]any{MIMEProblem: map[string]any{}},
	}
	content := func(types ...string) map[string]any {
		m := map[string]any{}
		for _, t := range types {
			m[t] = map[string]any{}
		}
		return m
	}
	// op is one operation; GET's answer is 200 with the given types.
	op := func(summary string, params []any, types ...string) map[string]any {
		return map[string]any{
			"summary": summary, "parameters": params,
			"responses": map[string]any{"200": map[string]any{"description": "OK", "content": content(types...)}, "default": problem},
		}
	}
	bearer := []any{map[string]any{"bearer": []string{}}}
	post := func(summary string, params []any, body []string, ok map[string]any, secured bool) map[string]any {
		o := map[string]any{
			"summary": summary, "parameters": params,
			"requestBody": map[string]any{"required": true, "content": content(body...)},
			"responses":   ok,
		}
		if secured {
			o["security"] = bearer
		}
		return o
	}
	get := func(o map[string]any) map[string]any { return map[string]any{"get": o} }
	jsonHTML := []string{echo.MIMEApplicationJSON, echo.MIMETextHTML}
	geoHTML := []string{MIMEGeoJSON, echo.MIMETextHTML}
	jsonText := []string{echo.MIMEApplicationJSON, echo.MIMETextPlain}

	paths := map[string]any{
		"/":            get(op("Landing page (the web map for browsers)", openAPIParams(paramsFormat), jsonHTML...)),
		"/api":         get(op("This API description", openAPIParams(paramsNone), MIMEOpenAPI)),
		"/conformance": get(op("Conformance classes", openAPIParams(paramsFormat), jsonHTML...)),
		"/collections": get(op("Collections", openAPIParams(paramsFormat), jsonHTML...)),
		"/collections/incidents/histogram": get(op("Incidents per day, week or month (bins chosen by the span unless bin is given), for a time chart",
			openAPIParams(paramsHistogram), echo.MIMEApplicationJSON)),
		"/tiles/incidents.json": get(op("TileJSON 3.0 of the incident tiles; the filters are passed on to the tile URLs",
			openAPIParams(paramsTiles), echo.MIMEApplicationJSON)),
		"/tiles/incidents/{z}/{x}/{y}.mvt": get(op("A vector tile: layer incidents, grid clusters with count at low zoom and in dense tiles",
			openAPIParams(paramsTiles, pathZ, pathX, pathY), MIMEMVT)),
		"/api/articles": map[string]any{"post": post("Store and process an article (Bearer token); query parameters only with text/plain",
			openAPIParams(paramsArticle), jsonText,
			map[string]any{"200": map[string]any{"description": "Stored before"}, "201": map[string]any{"description": "Stored"}, "default": problem}, true)},
		"/api/geoparse": map[string]any{"post": post("Geoparse a text without storing it; published in the query only with text/plain",
			openAPIParams(paramsGeoparse), jsonText,
			map[string]any{"200": map[string]any{"description": "The places as GeoJSON", "content": content(MIMEGeoJSON)}, "default": problem}, false)},
		"/api/unresolved": get(op("Names found but not placed, most frequent first", openAPIParams(paramsUnresolved), echo.MIMEApplicationJSON)),
		"/api/places": map[string]any{
			"get": op("The local gazetteer", openAPIParams(paramsNone), echo.MIMEApplicationJSON),
			"post": post("Add a local place (Bearer token)", openAPIParams(paramsNone), []string{echo.MIMEApplicationJSON},
				map[string]any{"201": map[string]any{"description": "Added"}, "default": problem}, true),
		},
		"/api/places/{id}": map[string]any{"delete": map[string]any{
			"summary": "Remove a local place (Bearer token)", "security": bearer,
			"parameters": openAPIParams(paramsNone, pathPlaceID),
			"responses":  map[string]any{"204": map[string]any{"description": "Removed"}, "default": problem},
		}},
		"/api/sources": map[string]any{
			"get": op("The news feeds followed, with their state and counts", openAPIParams(paramsNone), echo.MIMEApplicationJSON),
			"post": post("Follow a feed: {url, name, every} (Bearer token)", openAPIParams(paramsNone), []string{echo.MIMEApplicationJSON},
				map[string]any{"201": map[string]any{"description": "Followed"}, "default": problem}, true),
		},
		"/api/sources/{id}": map[string]any{"delete": map[string]any{
			"summary": "Stop following a feed (Bearer token)", "security": bearer,
			"parameters": openAPIParams(paramsNone, pathSourceID),
			"responses":  map[string]any{"204": map[string]any{"description": "Removed"}, "default": problem},
		}},
		"/api/changes": get(op("A version that moves whenever the incidents change: poll it to refresh an open map", openAPIParams(paramsNone), echo.MIMEApplicationJSON)),
		"/healthz":     get(op("Liveness", openAPIParams(paramsNone), echo.MIMEApplicationJSON)),
		"/readyz":      get(op("Readiness: the store answers", openAPIParams(paramsNone), echo.MIMEApplicationJSON)),
		"/metrics":     get(op("Prometheus metrics", openAPIParams(paramsNone), "text/plain")),
	}
	// Each collection has its own paths, so that each lists exactly the
	// parameters its handler takes.
	for _, ci := range collectionInfos {
		itemParams := paramsItems
		if ci.id == collPlaces {
			itemParams = paramsPlaces
		}
		paths["/collections/"+ci.id] = get(op(ci.title+": the collection", openAPIParams(paramsFormat), jsonHTML...))
		paths["/collections/"+ci.id+"/items"] = get(op(ci.title+": a page of features", openAPIParams(itemParams), geoHTML...))
		paths["/collections/"+ci.id+"/items/{featureId}"] = get(op(ci.title+": one feature", openAPIParams(paramsItem, pathFeatureID), geoHTML...))
	}
	server := base
	if server == "" {
		server = "/"
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title": "incidentmap", "version": "1",
			"description": "OGC API - Features (Part 1) over armed incidents extracted from Arabic news, vector tiles, and ingestion. Errors are RFC 7807 problem documents.",
		},
		"servers": []any{map[string]any{"url": server}},
		"paths":   paths,
		"components": map[string]any{"securitySchemes": map[string]any{
			"bearer": map[string]any{"type": "http", "scheme": "bearer"},
		}},
	}
}
