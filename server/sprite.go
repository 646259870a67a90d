package server

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"math"
	"path"
	"strconv"
	"sync"

	"github.com/labstack/echo/v5"
)

// The style's sprite: one icon per sub-event type in the web map's
// colour and shape (web/src/types.js draws them as SVG on a 20×20 grid;
// the same outlines are rasterised here), white-edged, and one for the
// other types, at 1× (20 px) and 2× (40 px), as MapLibre asks for them.

// iconGrid is the side of the shapes' grid, in 1× pixels.
const iconGrid = 20

// shapes are the web map's outlines on the 20×20 grid (see SHAPES in
// web/src/types.js); circle and ring are drawn from their radius.
var shapes = map[string][][2]float64{
	"square":   {{3.5, 3.5}, {16.5, 3.5}, {16.5, 16.5}, {3.5, 16.5}},
	"triangle": {{10, 1.8}, {18.6, 17.2}, {1.4, 17.2}},
	"diamond":  {{10, 1}, {19, 10}, {10, 19}, {1, 10}},
	"star": {{10, 0.8}, {12.7, 6.8}, {19.2, 7.4}, {14.3, 11.7}, {15.7, 18.1}, {10, 14.8},
		{4.3, 18.1}, {5.7, 11.7}, {0.8, 7.4}, {7.3, 6.8}},
	"pentagon": {{10, 1.5}, {18.5, 7.7}, {15.3, 17.8}, {4.7, 17.8}, {1.5, 7.7}},
	"hexagon":  {{10, 1.3}, {17.5, 5.6}, {17.5, 14.4}, {10, 18.7}, {2.5, 14.4}, {2.5, 5.6}},
	"cross": {{4.5, 1.7}, {10, 7.2}, {15.5, 1.7}, {18.3, 4.5}, {12.8, 10}, {18.3, 15.5},
		{15.5, 18.3}, {10, 12.8}, {4.5, 18.3}, {1.7, 15.5}, {7.2, 10}, {1.7, 4.5}},
}

// spriteIcon is one icon of the sprite.
type spriteIcon struct {
	name, color, shape string
}

// spriteIcons are the icons: a type's is named after its layer id.
func spriteIcons() []spriteIcon {
	icons := make([]spriteIcon, 0, len(typeStyles)+1)
	for _, ts := range typeStyles {
		icons = append(icons, spriteIcon{styleID(ts.sub), ts.color, ts.shape})
	}
	return append(icons, spriteIcon{"other-types", unknownColor, "ring"})
}

// sprite is a rendered sprite: its PNG and its index.
type sprite struct {
	png, index []byte
}

// sprites renders the sprites once, at the first request.
type sprites struct {
	once  sync.Once
	byRes [2]sprite // 1× and 2×
	err   error
}

func (sp *sprites) get(ratio int) (sprite, error) {
	sp.once.Do(func() {
		for i := range sp.byRes {
			if sp.byRes[i], sp.err = renderSprite(i + 1); sp.err != nil {
				return
			}
		}
	})
	return sp.byRes[ratio-1], sp.err
}

// renderSprite draws the icons side by side at pixel ratio ratio.
func renderSprite(ratio int) (sprite, error) {
	icons := spriteIcons()
	side := iconGrid * ratio
	img := image.NewNRGBA(image.Rect(0, 0, side*len(icons), side))
	index := map[string]any{}
	for i, ic := range icons {
		drawIcon(img, i*side, ratio, ic)
		index[ic.name] = map[string]int{"x": i * side, "y": 0, "width": side, "height": side, "pixelRatio": ratio}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return sprite{}, err
	}
	js, err := json.Marshal(index)
	if err != nil {
		return sprite{}, err
	}
	return sprite{png: b.Bytes(), index: js}, nil
}

// drawIcon rasterises one icon at x0, with 4×4 samples a pixel: the
// shape in its colour inside a white edge (1.4 grid units wide), the
// ring as a hollow circle in its colour.
func drawIcon(img *image.NRGBA, x0, ratio int, ic spriteIcon) {
	fill := parseHex(ic.color)
	const n = 4
	scale := float64(ratio)
	for py := 0; py < iconGrid*ratio; py++ {
		for px := 0; px < iconGrid*ratio; px++ {
			var r, g, b, a float64
			for sy := 0; sy < n; sy++ {
				for sx := 0; sx < n; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/n) / scale
					y := (float64(py) + (float64(sy)+0.5)/n) / scale
					c, ok := sample(ic.shape, x, y, fill)
					if !ok {
						continue
					}
					r, g, b, a = r+float64(c.R), g+float64(c.G), b+float64(c.B), a+1
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(x0+px, py, color.NRGBA{uint8(r / a), uint8(g / a), uint8(b / a), uint8(255 * a / (n * n))})
		}
	}
}

// sample is the colour of a point of the grid, if the icon covers it.
func sample(shape string, x, y float64, fill color.NRGBA) (color.NRGBA, bool) {
	white := color.NRGBA{255, 255, 255, 255}
	const edge = 0.7 // half the white edge
	d := math.Hypot(x-10, y-10)
	switch shape {
	case "circle":
		if d <= 7 {
			return fill, true
		}
		return white, d <= 7+edge
	case "ring":
		switch {
		case d <= 4.25:
			return white, true
		case d <= 7.75:
			return fill, true
		}
		return white, d <= 7.75+edge
	}
	poly := shapes[shape]
	if inside(poly, x, y) {
		if distToEdges(poly, x, y) < edge {
			return white, true
		}
		return fill, true
	}
	return white, distToEdges(poly, x, y) < edge
}

// inside reports whether (x, y) lies in the polygon (even-odd rule).
func inside(poly [][2]float64, x, y float64) bool {
	in := false
	for i, j := 0, len(poly)-1; i < len(poly); j, i = i, i+1 {
		a, b := poly[i], poly[j]
		if (a[1] > y) != (b[1] > y) && x < (b[0]-a[0])*(y-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

// distToEdges is the distance from (x, y) to the polygon's outline.
func distToEdges(poly [][2]float64, x, y float64) float64 {
	best := math.Inf(1)
	for i, j := 0, len(poly)-1; i < len(poly); j, i = i, i+1 {
		a, b := poly[j], poly[i]
		dx, dy := b[0]-a[0], b[1]-a[1]
		t := ((x-a[0])*dx + (y-a[1])*dy) / (dx*dx + dy*dy)
		t = max(0, min(1, t))
		best = min(best, math.Hypot(x-(a[0]+t*dx), y-(a[1]+t*dy)))
	}
	return best
}

// parseHex reads #rrggbb.
func parseHex(s string) color.NRGBA {
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}

// tileSprite serves /tiles/incidents/sprite.{json,png} and their @2x
// variants (the style's "sprite"), rendered once.
func (s *Server) tileSprite(c *echo.Context) error {
	if err := noParams(c.QueryParams()); err != nil {
		return err
	}
	name := path.Base(c.Request().URL.Path)
	ratio, ext := 1, ""
	switch name {
	case "sprite.json", "sprite.png":
		ext = name[len("sprite"):]
	case "sprite@2x.json", "sprite@2x.png":
		ratio, ext = 2, name[len("sprite@2x"):]
	default:
		return echo.ErrNotFound
	}
	sp, err := s.sprites.get(ratio)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	if ext == ".png" {
		return c.Blob(200, "image/png", sp.png)
	}
	return c.Blob(200, echo.MIMEApplicationJSON, sp.index)
}
