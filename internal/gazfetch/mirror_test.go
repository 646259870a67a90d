package gazfetch

import (
	"archive/zip"
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// mirror is a test server in the layout of GeoNames' dump directory
// (/dump/SY.zip, /dump/alternatenames/SY.zip) and of Geofabrik
// (/osm/asia/syria-latest.osm.pbf and .md5). It answers conditional
// requests by ETag, and counts what it sends.
type mirror struct {
	t     testing.TB
	srv   *httptest.Server
	mu    sync.Mutex
	files map[string][]byte
	// requests counts every request, bodies the 200 answers, by path.
	requests, bodies map[string]int
	// stall, for a path: send the headers and half the body, then
	// nothing until the client gives up.
	stall map[string]bool
	// short, for a path: promise the whole body, send half and hang up.
	short map[string]bool
	// silent, for a path: send no headers until the client gives up.
	silent map[string]bool
}

func newMirror(t testing.TB) *mirror {
	m := &mirror{t: t, files: map[string][]byte{}, requests: map[string]int{}, bodies: map[string]int{},
		stall: map[string]bool{}, short: map[string]bool{}, silent: map[string]bool{}}
	m.srv = httptest.NewServer(http.HandlerFunc(m.serve))
	t.Cleanup(m.srv.Close)
	return m
}

func (m *mirror) geonamesURL() string { return m.srv.URL + "/dump/" }
func (m *mirror) osmURL() string      { return m.srv.URL + "/osm" } // no final slash: join adds it

func (m *mirror) put(path string, b []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[path] = b
}

func (m *mirror) counts() (requests, bodies int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, n := range m.requests {
		requests += n
	}
	for _, n := range m.bodies {
		bodies += n
	}
	return
}

func (m *mirror) serve(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	m.requests[r.URL.Path]++
	b, ok := m.files[r.URL.Path]
	stall, short, silent := m.stall[r.URL.Path], m.short[r.URL.Path], m.silent[r.URL.Path]
	m.mu.Unlock()
	if silent {
		<-r.Context().Done()
		return
	}
	if r.UserAgent() != UserAgent {
		http.Error(w, "who are you?", http.StatusForbidden)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	sum := md5.Sum(b)
	etag := `"` + hex.EncodeToString(sum[:]) + `"`
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	m.mu.Lock()
	m.bodies[r.URL.Path]++
	m.mu.Unlock()
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat))
	w.Header().Set("Content-Length", fmt.Sprint(len(b)))
	switch {
	case stall:
		w.Write(b[:len(b)/2])
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	case short:
		w.Write(b[:len(b)/2])
		// Returning with less than Content-Length closes the connection.
	default:
		w.Write(b)
	}
}

// The test country "SY": GeoNames rows we made up, in the dump's 19
// columns. 9900101 has its Arabic name only in the dump's alternates;
// 9900102's comes from the alternate names, tagged ar, with a Persian
// spelling beside it in the dump; 9900103 is Latin only.
func dumpRows(extra ...string) []string {
	return append([]string{
		geoRow(9900101, "Khirbat al Ward", []string{"Khirbet el Ward", "خربة الورد"}, 36.11, 38.93),
		geoRow(9900102, "Tall Shamsin", []string{"تل شمسین"}, 36.42, 40.21),
		geoRow(9900103, "Mazraat Qandil", nil, 35.87, 39.04),
	}, extra...)
}

func geoRow(id int, name string, alts []string, lat, lon float64) string {
	return strings.Join([]string{
		fmt.Sprint(id), name, name, strings.Join(alts, ","), fmt.Sprint(lat), fmt.Sprint(lon), "P", "PPL", "SY", "",
		"04", "", "", "", "0", "", "310", "Asia/Damascus", "2026-10-01",
	}, "\t")
}

// altRows are alternateNamesV2 lines for the rows above.
func altRows() []string {
	return []string{
		"7700001\t9900102\tar\tتل شمسين\t1\t\t\t\t\t",
		"7700002\t9900102\ten\tTell Shamsin\t\t\t\t\t\t",
	}
}

// zipOf makes a zip holding name with the lines, and a readme as GeoNames
// ships.
func zipOf(t testing.TB, name string, lines []string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range []struct{ name, body string }{{"readme.txt", "test data\n"}, {name, strings.Join(lines, "\n") + "\n"}} {
		w, err := zw.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// extractXML is an OSM extract we wrote: a village with an Arabic name
// that GeoNames lacks.
const extractXML = `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="incidentmap test">
 <node id="501" version="1" lat="36.31" lon="38.77"><tag k="place" v="village"/><tag k="name" v="عين السنديان"/></node>
 <node id="502" version="1" lat="36.02" lon="39.12"><tag k="place" v="hamlet"/><tag k="name:ar" v="مزرعة الكرمة"/></node>
</osm>
`

// pbfOf converts an OSM XML text to PBF with osmium, skipping the test
// when osmium is not installed.
func pbfOf(t testing.TB, xml string) []byte {
	t.Helper()
	if _, err := exec.LookPath("osmium"); err != nil {
		t.Skip("osmium not on PATH (apt-get install osmium-tool)")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "x.osm"), filepath.Join(dir, "x.osm.pbf")
	if err := os.WriteFile(in, []byte(xml), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command("osmium", "cat", in, "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("osmium: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func md5File(b []byte, name string) []byte {
	sum := md5.Sum(b)
	return []byte(hex.EncodeToString(sum[:]) + "  " + name + "\n")
}

// putGeoNames serves the test country's dump and alternate names.
func (m *mirror) putGeoNames(rows []string) {
	m.put("/dump/SY.zip", zipOf(m.t, "SY.txt", rows))
	m.put("/dump/alternatenames/SY.zip", zipOf(m.t, "SY.txt", altRows()))
}
