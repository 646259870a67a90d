package server

import (
	"bytes"
	"encoding/json"
	"flag"
	"image"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// styleGolden is the style the server gives for genIncidents(250) on a
// base URL: web/test/style.test.mjs validates it with MapLibre's style
// validator (@maplibre/maplibre-gl-style-spec), so the style served and
// the style validated are one.
var styleGolden = filepath.Join("testdata", "style.json")

// TestTileStyle: the style is the golden one, whatever the engine; its
// tiles are absolute (the base URL, else the request's host); filters
// carry into the tile URL.
func TestTileStyle(t *testing.T) { forEngines(t, testTileStyle) }

func testTileStyle(t *testing.T, e testEngine) {
	based, _ := sharedServer(t, e, 250, func(o *Options) { o.BaseURL = "https://maps.example.org/incidents/" })
	resp := do(t, based, req{target: "/tiles/incidents/style.json", header: map[string]string{"Host": "evil.example"}})
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var v any
	if err := json.Unmarshal(body(t, resp), &v); err != nil {
		t.Fatal(err)
	}
	got, _ := json.MarshalIndent(v, "", "  ")
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(styleGolden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(styleGolden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the style differs from %s; run go test -run TileStyle -update ./server/ and review the diff", styleGolden)
	}

	relative, _ := sharedServer(t, e, 250, nil)
	for _, tc := range []struct{ query, host, want string }{
		{"", "maps.example.net:8080", `"http://maps.example.net:8080/tiles/incidents/{z}/{x}/{y}.mvt"`},
		{"type=Armed+clash", "h.example", `"http://h.example/tiles/incidents/{z}/{x}/{y}.mvt?type=Armed+clash"`},
	} {
		resp := do(t, relative, req{target: "/tiles/incidents/style.json?" + tc.query, header: map[string]string{"Host": tc.host}})
		if b := body(t, resp); !bytes.Contains(b, []byte(tc.want)) {
			t.Errorf("%s: want tiles %s in %.400s", tc.query, tc.want, b)
		}
	}
}

// TestStyleMatchesWebMap: the style colours each type as the web map
// does (web/src/types.js).
func TestStyleMatchesWebMap(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "web", "src", "types.js"))
	if err != nil {
		t.Fatal(err)
	}
	entry := regexp.MustCompile(`(?m)^\s*'?([^':]+?)'?: \{ color: '(#[0-9a-f]{6})', shape: '(\w+)' \},$`)
	var web []typeStyle
	for _, m := range entry.FindAllStringSubmatch(string(src), -1) {
		web = append(web, typeStyle{m[1], m[2], m[3]})
	}
	if len(web) != len(typeStyles) {
		t.Fatalf("web/src/types.js has %d styles %v, the server %d", len(web), web, len(typeStyles))
	}
	for i := range web {
		if web[i] != typeStyles[i] {
			t.Errorf("web map %v, server %v", web[i], typeStyles[i])
		}
	}
	if !strings.Contains(string(src), "const UNKNOWN = { color: '"+unknownColor+"'") {
		t.Errorf("the web map's colour of other types is not %s", unknownColor)
	}
}

// TestTileSprite: the sprite holds an icon for every icon the style
// names, at 1× and 2×, inside its image, and every type's shape is one
// the sprite draws.
func TestTileSprite(t *testing.T) {
	s, _ := sharedServer(t, engines[0], 250, nil)
	for _, ratio := range []string{"", "@2x"} {
		resp := do(t, s, req{target: "/tiles/incidents/sprite" + ratio + ".png"})
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("png: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		img, err := png.Decode(bytes.NewReader(body(t, resp)))
		if err != nil {
			t.Fatal(err)
		}
		var index map[string]struct{ X, Y, Width, Height, PixelRatio int }
		if err := json.Unmarshal(body(t, do(t, s, req{target: "/tiles/incidents/sprite" + ratio + ".json"})), &index); err != nil {
			t.Fatal(err)
		}
		for _, l := range styleLayers() {
			layout, _ := l.(map[string]any)["layout"].(map[string]any)
			name, ok := layout["icon-image"].(string)
			if !ok {
				continue
			}
			ic, ok := index[name]
			if !ok {
				t.Errorf("%s: no icon %q", ratio, name)
				continue
			}
			r := image.Rect(ic.X, ic.Y, ic.X+ic.Width, ic.Y+ic.Height)
			if !r.In(img.Bounds()) || ic.Width != iconGrid*max(1, ic.PixelRatio) {
				t.Errorf("%s: icon %q at %v, image %v", ratio, name, r, img.Bounds())
			}
			// Its centre is painted.
			if _, _, _, a := img.At(r.Min.X+r.Dx()/2, r.Min.Y+r.Dy()/2).RGBA(); a == 0 {
				t.Errorf("%s: icon %q is empty at its centre", ratio, name)
			}
		}
	}
	for _, ts := range typeStyles {
		if _, ok := shapes[ts.shape]; !ok && ts.shape != "circle" && ts.shape != "ring" {
			t.Errorf("%s: the sprite does not draw a %s", ts.sub, ts.shape)
		}
	}
	if resp := do(t, s, req{target: "/tiles/incidents/sprite@3x.png"}); resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusNotFound {
		t.Errorf("sprite@3x: %d", resp.StatusCode)
	}
}
