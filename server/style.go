package server

import (
	"net/http"

	"github.com/labstack/echo/v5"
)

// typeStyle is how the web map draws a sub-event type
// (web/src/types.js, which TestStyleMatchesWebMap keeps this table
// equal to): a colour, and a shape for colour-blind readers.
type typeStyle struct {
	sub, color, shape string
}

// typeStyles are the web map's, in its order; other types are drawn in
// unknownColor.
var typeStyles = []typeStyle{
	{"Air/drone strike", "#c62828", "triangle"},
	{"Shelling/artillery/missile attack", "#ef6c00", "diamond"},
	{"Remote explosive/landmine/IED", "#6d4c41", "star"},
	{"Armed clash", "#6a1b9a", "square"},
	{"Attack", "#ad1457", "circle"},
	{"Disrupted weapons use", "#00838f", "ring"},
	{"Headquarters or base established", "#2e7d32", "pentagon"},
	{"Looting/property destruction", "#827717", "cross"},
	{"Other", "#546e7a", "hexagon"},
}

// unknownColor draws the types the table lacks.
const unknownColor = "#757575"

// tileStyle serves /tiles/incidents/style.json: a MapLibre GL / Mapbox
// GL style (version 8) for the vector tiles, so that MapLibre and QGIS
// users see clusters and incidents told apart and coloured by type
// without styling by hand. Clusters (cluster = true) are circles sized
// by count and coloured by their commonest sub-event type; incidents
// are smaller circles in their type's colour with a white edge. Tile
// URLs are absolute, as style readers need: on the base URL when one
// is configured, else on the host the request named.
func (s *Server) tileStyle(c *echo.Context) error {
	q, err := newQuery(c.QueryParams(), paramsTiles)
	if err != nil {
		return err
	}
	f, err := q.filter()
	if err != nil {
		return err
	}
	base := s.base
	if base == "" {
		scheme := "http"
		if c.Request().TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + c.Request().Host
		c.Response().Header().Add("Vary", "Host")
	}
	tiles := base + "/tiles/incidents/{z}/{x}/{y}.mvt"
	if v := f.encode(); len(v) > 0 {
		tiles += "?" + v.Encode()
	}
	ext, err := s.incidentExtent(c.Request().Context())
	if err != nil {
		return err
	}
	bounds, center := tileBounds(ext)
	// The colour of a feature's sub-event type (a cluster's commonest).
	color := []any{"match", []any{"get", "sub_event_type"}}
	for _, ts := range typeStyles {
		color = append(color, ts.sub, ts.color)
	}
	color = append(color, unknownColor)
	isCluster := []any{"==", []any{"get", "cluster"}, true}
	legend := make([]map[string]string, len(typeStyles))
	for i, ts := range typeStyles {
		legend[i] = map[string]string{"sub_event_type": ts.sub, "color": ts.color, "shape": ts.shape}
	}
	style := map[string]any{
		"version": 8,
		"name":    "incidentmap incidents",
		"metadata": map[string]any{
			"incidentmap:legend":        legend,
			"incidentmap:unknown-color": unknownColor,
		},
		"center": center[:2],
		"zoom":   center[2],
		"sources": map[string]any{
			tileLayer: map[string]any{
				"type":        "vector",
				"tiles":       []string{tiles},
				"minzoom":     0,
				"maxzoom":     MaxZoom,
				"bounds":      bounds,
				"attribution": "Incidents extracted by incidentmap from news reports",
			},
		},
		"layers": []any{
			map[string]any{
				"id": "incident-clusters", "type": "circle", "source": tileLayer, "source-layer": tileLayer,
				"filter": isCluster,
				"paint": map[string]any{
					"circle-color": color,
					"circle-radius": []any{"interpolate", []any{"linear"}, []any{"get", "count"},
						2, 7, 10, 11, 100, 17, 1000, 25, 10000, 34},
					"circle-opacity":      0.7,
					"circle-stroke-color": "#ffffff",
					"circle-stroke-width": 1.5,
				},
			},
			map[string]any{
				"id": "incidents", "type": "circle", "source": tileLayer, "source-layer": tileLayer,
				"filter": []any{"!=", []any{"get", "cluster"}, true},
				"paint": map[string]any{
					"circle-color": color,
					"circle-radius": []any{"interpolate", []any{"linear"}, []any{"zoom"},
						clusterBelowZoom, 4.5, MaxZoom, 8},
					"circle-stroke-color": "#ffffff",
					"circle-stroke-width": 1.2,
				},
			},
		},
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.JSON(http.StatusOK, style)
}
