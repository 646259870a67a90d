package osm

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
)

// testOSM is a small extract: tagged nodes, a military area, a river in
// two ways, a road on a bridge, an oil field and an industrial estate.
const testOSM = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="incidentmap test">
 <node id="1" version="1" lat="35.0145" lon="40.4520">
  <tag k="place" v="town"/><tag k="name" v="الميادين"/><tag k="name:en" v="Al Mayadin"/><tag k="population" v="44000"/>
 </node>
 <node id="2" version="1" lat="36.6950" lon="38.9500">
  <tag k="place" v="village"/><tag k="name" v="Akçakale"/>
 </node>
 <node id="3" version="1" lat="33.5100" lon="36.2900">
  <tag k="place" v="suburb"/><tag k="name:ar" v="حي البساتين"/>
 </node>
 <node id="4" version="1" lat="33.5200" lon="36.3000">
  <tag k="amenity" v="cafe"/><tag k="name" v="مقهى الزاوية"/>
 </node>
 <node id="5" version="1" lat="36.6300" lon="37.0800">
  <tag k="barrier" v="border_control"/><tag k="name:ar" v="معبر الحدود الشمالي"/>
 </node>
 <node id="100" version="1" lat="33.00" lon="38.00"/>
 <node id="101" version="1" lat="33.00" lon="38.02"/>
 <node id="102" version="1" lat="33.02" lon="38.02"/>
 <node id="103" version="1" lat="33.02" lon="38.00"/>
 <node id="200" version="1" lat="35.00" lon="40.00"/>
 <node id="201" version="1" lat="35.10" lon="40.10"/>
 <node id="202" version="1" lat="35.20" lon="40.20"/>
 <node id="203" version="1" lat="35.30" lon="40.30"/>
 <node id="204" version="1" lat="35.40" lon="40.40"/>
 <node id="205" version="1" lat="35.50" lon="40.50"/>
 <node id="206" version="1" lat="35.60" lon="40.60"/>
 <node id="300" version="1" lat="36.10" lon="37.10"/>
 <node id="301" version="1" lat="36.11" lon="37.11"/>
 <way id="10" version="1">
  <nd ref="100"/><nd ref="101"/><nd ref="102"/><nd ref="103"/><nd ref="100"/>
  <tag k="landuse" v="military"/><tag k="name:ar" v="القاعدة الصحراوية"/><tag k="name:en" v="Desert Base"/>
 </way>
 <way id="11" version="1">
  <nd ref="200"/><nd ref="201"/><nd ref="202"/>
  <tag k="waterway" v="river"/><tag k="name:ar" v="نهر الاختبار"/>
 </way>
 <way id="12" version="1">
  <nd ref="202"/><nd ref="203"/><nd ref="204"/><nd ref="205"/><nd ref="206"/>
  <tag k="waterway" v="river"/><tag k="name:ar" v="نهر الاختبار"/>
 </way>
 <way id="13" version="1">
  <nd ref="300"/><nd ref="301"/>
  <tag k="highway" v="primary"/><tag k="bridge" v="yes"/><tag k="name" v="طريق المطار"/>
 </way>
 <way id="14" version="1">
  <nd ref="300"/><nd ref="301"/>
  <tag k="highway" v="primary"/><tag k="bridge" v="yes"/><tag k="name" v="طريق المطار"/><tag k="bridge:name:ar" v="جسر الوادي"/>
 </way>
 <way id="15" version="1">
  <nd ref="100"/><nd ref="101"/><nd ref="102"/><nd ref="100"/>
  <tag k="landuse" v="industrial"/><tag k="name:ar" v="حقل النخلة"/>
 </way>
 <way id="16" version="1">
  <nd ref="100"/><nd ref="101"/><nd ref="102"/><nd ref="100"/>
  <tag k="landuse" v="industrial"/><tag k="name:ar" v="المنطقة الصناعية"/>
 </way>
 <way id="17" version="1">
  <nd ref="900"/><nd ref="901"/>
  <tag k="place" v="neighbourhood"/><tag k="name:ar" v="حي خارج المقتطف"/>
 </way>
</osm>
`

// toPBF converts OSM XML to .osm.pbf with osmium, skipping the test when
// osmium-tool is not installed. With addLocations the ways carry their
// nodes' coordinates, as osmium add-locations-to-ways writes them.
func toPBF(t testing.TB, xml string, addLocations bool) string {
	t.Helper()
	if _, err := exec.LookPath("osmium"); err != nil {
		t.Skip("osmium not on PATH (apt-get install osmium-tool)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.osm")
	out := filepath.Join(dir, "out.osm.pbf")
	if err := os.WriteFile(in, []byte(xml), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("osmium", "cat", in, "-o", out)
	if addLocations {
		cmd = exec.Command("osmium", "add-locations-to-ways", "--keep-untagged-nodes", "--ignore-missing-nodes", in, "-o", out)
	}
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, b)
	}
	return out
}

func TestRead(t *testing.T) {
	type want struct {
		kind     geo.Kind
		code     string
		nameAr   string
		lon, lat float64
	}
	arabicOnly := map[string]want{
		"osm:node/1": {geo.KindTown, "PPL", "الميادين", 40.4520, 35.0145},
		"osm:node/3": {geo.KindNeighborhood, "PPLX", "حي البساتين", 36.29, 33.51},
		"osm:node/5": {geo.KindCrossing, "PSTB", "معبر الحدود الشمالي", 37.08, 36.63},
		"osm:way/10": {geo.KindFacility, "MILB", "القاعدة الصحراوية", 38.01, 33.01},
		"osm:way/12": {geo.KindRiver, "STM", "نهر الاختبار", 40.40, 35.40},
		"osm:way/14": {geo.KindBridge, "BDG", "جسر الوادي", 37.105, 36.105},
		"osm:way/15": {geo.KindFacility, "OILF", "حقل النخلة", 38.01333333333333, 33.00666666666667},
	}
	withLatin := map[string]want{"osm:node/2": {geo.KindVillage, "PPL", "", 38.95, 36.695}}
	for k, v := range arabicOnly {
		withLatin[k] = v
	}
	tests := []struct {
		name         string
		addLocations bool
		procs        int
		keepLatin    func(string) bool
		want         map[string]want
	}{
		{"two passes", false, 1, nil, arabicOnly},
		{"two decoders", false, 2, nil, arabicOnly},
		{"locations on ways", true, 1, nil, arabicOnly},
		{"latin kept", false, 1, func(string) bool { return true }, withLatin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := toPBF(t, testOSM, tt.addLocations)
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var mu sync.Mutex
			calls := 0
			places, st, err := Read(context.Background(), f, Options{
				KeepLatin: tt.keepLatin, Procs: tt.procs,
				Progress: func(int64, int) { mu.Lock(); calls++; mu.Unlock() },
			})
			if err != nil {
				t.Fatal(err)
			}
			if calls == 0 {
				t.Error("Progress never called")
			}
			if st.Places != len(places) || st.Elements != 26 {
				t.Errorf("stats = %+v, want 26 elements and %d places", st, len(places))
			}
			got := map[string]geo.Place{}
			var ids []string
			for _, p := range places {
				got[p.ID] = p
				ids = append(ids, p.ID)
			}
			if len(got) != len(tt.want) {
				t.Errorf("got places %v, want %d", ids, len(tt.want))
			}
			for id, w := range tt.want {
				p, ok := got[id]
				if !ok {
					t.Errorf("%s missing", id)
					continue
				}
				if p.Kind != w.kind || p.FeatureCode != w.code || p.NameAr != w.nameAr || p.Source != Source ||
					math.Abs(p.Point.Lon()-w.lon) > 1e-6 || math.Abs(p.Point.Lat()-w.lat) > 1e-6 {
					t.Errorf("%s = %+v, want %+v", id, p, w)
				}
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	path := toPBF(t, testOSM, false)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"truncated", b[:len(b)*2/3]},
		{"not a pbf", []byte(strings.Repeat("not a pbf file\n", 20))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "bad.osm.pbf")
			os.WriteFile(p, tt.data, 0o644)
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, _, err := Read(context.Background(), f, Options{}); err == nil {
				t.Error("no error")
			} else if !strings.HasPrefix(err.Error(), "osm: ") {
				t.Errorf("error %q not wrapped", err)
			}
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		f, _ := os.Open(path)
		defer f.Close()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, _, err := Read(ctx, f, Options{}); err == nil {
			t.Error("no error")
		}
	})
}
