package server

import (
	"net/http"
	"strconv"
	"strings"

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
// without styling by hand (see styleLayers). Tile URLs are absolute, as
// style readers need: on the base URL when one is configured, else on
// the host the request named.
func (s *Server) tileStyle(c *echo.Context) error {
	tiles, bounds, center, err := s.tileSet(c)
	if err != nil {
		return err
	}
	base := s.linkBase(c)
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
		"sprite": base + "/tiles/incidents/sprite",
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
		"layers": styleLayers(),
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.JSON(http.StatusOK, style)
}

// clusterBands are the cluster sizes drawn: counts from each bound (to
// the next), and the circle's radius in pixels.
var clusterBands = []struct {
	from, radius int
}{{2, 8}, {10, 12}, {100, 17}, {1000, 24}, {10000, 32}}

// styleLayers are the style's layers: clusters (cluster = true) as
// translucent circles sized by count band and coloured by their
// commonest sub-event type, under the incidents as their type's icon
// (the web map's colour and shape, from the style's sprite). Each layer has one constant
// colour and radius and a filter, rather than data-driven paint: QGIS's
// converter (3.22) drops "match" and count-driven "interpolate" paint
// but reads filters, so one style serves MapLibre and QGIS alike.
func styleLayers() []any {
	isCluster := []any{"==", []any{"get", "cluster"}, true}
	notCluster := []any{"!=", []any{"get", "cluster"}, true}
	subs := make([]any, len(typeStyles))
	for i, ts := range typeStyles {
		subs[i] = ts.sub
	}
	type kind struct {
		id, color string
		filter    any
	}
	kinds := make([]kind, 0, len(typeStyles)+1)
	for _, ts := range typeStyles {
		kinds = append(kinds, kind{styleID(ts.sub), ts.color, []any{"==", []any{"get", "sub_event_type"}, ts.sub}})
	}
	// Any other type (or none): not one of the above.
	kinds = append(kinds, kind{"other-types", unknownColor, []any{"match", []any{"get", "sub_event_type"}, subs, false, true}})

	var layers []any
	for b, band := range clusterBands {
		count := []any{"all", []any{">=", []any{"get", "count"}, band.from}}
		if b+1 < len(clusterBands) {
			count = append(count, []any{"<", []any{"get", "count"}, clusterBands[b+1].from})
		}
		for _, k := range kinds {
			layers = append(layers, map[string]any{
				"id": "clusters-" + strconv.Itoa(band.from) + "-" + k.id, "type": "circle",
				"source": tileLayer, "source-layer": tileLayer,
				"filter": []any{"all", isCluster, count, k.filter},
				"paint": map[string]any{
					"circle-color":        k.color,
					"circle-radius":       band.radius,
					"circle-opacity":      0.75,
					"circle-stroke-color": "#ffffff",
					"circle-stroke-width": 1.5,
				},
			})
		}
	}
	for _, k := range kinds {
		layers = append(layers, map[string]any{
			"id": "incidents-" + k.id, "type": "symbol",
			"source": tileLayer, "source-layer": tileLayer,
			"filter": []any{"all", notCluster, k.filter},
			"layout": map[string]any{
				"icon-image":            k.id, // the sprite's icon of the type (sprite.go)
				"icon-size":             0.8,
				"icon-allow-overlap":    true,
				"icon-ignore-placement": true,
			},
		})
	}
	return layers
}

// styleID makes a layer id of a type: "Air/drone strike" gives
// "air-drone-strike".
func styleID(sub string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(sub) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}
