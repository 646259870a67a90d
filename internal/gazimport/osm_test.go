package gazimport

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

const extract = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="incidentmap test">
 <node id="1" version="1" lat="36.52" lon="40.74"><tag k="place" v="town"/><tag k="name" v="تل الورد"/></node>
 <node id="2" version="1" lat="37.05" lon="41.22"><tag k="place" v="village"/><tag k="name" v="Yeşilköy"/></node>
 <node id="3" version="1" lat="48.10" lon="11.50"><tag k="place" v="village"/><tag k="name" v="Grünwald"/><tag k="addr:country" v="DE"/></node>
 <node id="10" version="1" lat="36.00" lon="40.00"/>
 <node id="11" version="1" lat="36.00" lon="40.10"/>
 <node id="12" version="1" lat="36.10" lon="40.10"/>
 <way id="20" version="1">
  <nd ref="10"/><nd ref="11"/><nd ref="12"/><nd ref="10"/>
  <tag k="military" v="base"/><tag k="name:ar" v="معسكر الوادي"/>
 </way>
</osm>
`

func TestImportOSM(t *testing.T) {
	if _, err := exec.LookPath("osmium"); err != nil {
		t.Skip("osmium not on PATH (apt-get install osmium-tool)")
	}
	dir := t.TempDir()
	xml := writeFile(t, dir, "test.osm", extract)
	pbf := filepath.Join(dir, "test.osm.pbf")
	if b, err := exec.Command("osmium", "cat", xml, "-o", pbf).CombinedOutput(); err != nil {
		t.Fatalf("osmium: %v\n%s", err, b)
	}
	out := filepath.Join(dir, "index.tsv.gz")
	st, err := Import(context.Background(), Options{
		Out:     out,
		Sources: []string{pbf, writeFile(t, dir, "SY.txt", dumpLines()...)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Sources) != 2 || st.Sources[0].Format != FormatOSM || st.Sources[0].Rows != 7 || st.Sources[0].Kept != 3 {
		t.Errorf("stats = %+v", st.Sources)
	}
	got := readIndex(t, out)
	tests := []struct {
		id, nameAr, name string
		kept             bool
	}{
		{"osm:node/1", "تل الورد", "", true},
		{"osm:node/2", "", "Yeşilköy", true}, // no country tag: an extract's region counts
		{"osm:node/3", "", "", false},        // Latin only, tagged outside the countries
		{"osm:way/20", "معسكر الوادي", "", true},
		{"geonames:101", "تل البيت", "Tall Bayt", true},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			p, ok := got[tt.id]
			if ok != tt.kept {
				t.Fatalf("kept = %v, want %v", ok, tt.kept)
			}
			if ok && (p.NameAr != tt.nameAr || p.Name != tt.name) {
				t.Errorf("place = %+v", p)
			}
		})
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
}
