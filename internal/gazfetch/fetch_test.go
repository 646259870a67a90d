package gazfetch

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
)

// readIndex reads an index file back into places by ID.
func readIndex(t testing.TB, path string) map[string]geo.Place {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	places, err := embedded.AppendTable(nil, f, true)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]geo.Place{}
	for _, p := range places {
		byID[p.ID] = p
	}
	return byID
}

// setup returns a mirror serving the test country and options that fetch
// it into a fresh cache.
func setup(t *testing.T, osm bool) (*mirror, Options) {
	t.Helper()
	m := newMirror(t)
	m.putGeoNames(dumpRows())
	if osm {
		pbf := pbfOf(t, extractXML)
		m.put("/osm/asia/syria-latest.osm.pbf", pbf)
		m.put("/osm/asia/syria-latest.osm.pbf.md5", md5File(pbf, "syria-latest.osm.pbf"))
	}
	dir := t.TempDir()
	return m, Options{
		Countries: []string{"SY"}, OSM: osm,
		GeoNamesURL: m.geonamesURL(), OSMURL: m.osmURL(),
		CacheDir: filepath.Join(dir, "cache"), Out: filepath.Join(dir, "sy.gaz.gz"),
		IdleTimeout: 5 * time.Second,
	}
}

// leftovers lists temporary files left in dir.
func leftovers(t *testing.T, dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && (strings.Contains(d.Name(), ".part-") || strings.Contains(d.Name(), ".tmp-") || strings.Contains(d.Name(), ".meta-")) {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestFetch(t *testing.T) {
	m, opts := setup(t, true)
	var progress bytes.Buffer
	opts.Progress = &progress
	res, err := Fetch(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 4 || res.Downloaded == 0 {
		t.Errorf("files %+v, %d bytes", res.Files, res.Downloaded)
	}
	got := readIndex(t, opts.Out)
	for _, tt := range []struct{ id, nameAr string }{
		{"geonames:9900101", "خربة الورد"},
		{"geonames:9900102", "تل شمسين"}, // the alternate names' ar beats the dump's Persian spelling
		{"geonames:9900103", ""},         // Latin only, kept in the coverage
		{"osm:node/501", "عين السنديان"},
		{"osm:node/502", "مزرعة الكرمة"},
	} {
		p, ok := got[tt.id]
		if !ok || p.NameAr != tt.nameAr {
			t.Errorf("%s: %+v (present %v), want Arabic name %q", tt.id, p, ok, tt.nameAr)
		}
	}
	for _, want := range []string{"SY.zip: ", "alternatenames/SY.zip: ", "asia/syria-latest.osm.pbf: ", "downloaded"} {
		if !strings.Contains(progress.String(), want) {
			t.Errorf("progress lacks %q:\n%s", want, progress.String())
		}
	}

	t.Run("second fetch downloads nothing", func(t *testing.T) {
		_, before := m.counts()
		progress.Reset()
		res, err := Fetch(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		if _, after := m.counts(); after != before || res.Downloaded != 0 {
			t.Errorf("bodies sent %d → %d, %d bytes downloaded; want none", before, after, res.Downloaded)
		}
		for _, f := range res.Files {
			if f.Fresh {
				t.Errorf("%s downloaded again", f.URL)
			}
		}
		if !strings.Contains(progress.String(), "not modified") {
			t.Errorf("progress: %s", progress.String())
		}
		if _, ok := readIndex(t, opts.Out)["geonames:9900101"]; !ok {
			t.Error("index rebuilt without the cached dump")
		}
	})

	t.Run("a changed file is downloaded again", func(t *testing.T) {
		m.putGeoNames(dumpRows(geoRow(9900104, "Dayr Sunbul", []string{"دير سنبل"}, 35.7, 38.6)))
		res, err := Fetch(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		var fresh []string
		for _, f := range res.Files {
			if f.Fresh {
				fresh = append(fresh, strings.TrimPrefix(f.URL, m.srv.URL))
			}
		}
		// The alternate names were put again unchanged: same ETag.
		if strings.Join(fresh, " ") != "/dump/SY.zip" {
			t.Errorf("downloaded %v, want only /dump/SY.zip", fresh)
		}
		if p := readIndex(t, opts.Out)["geonames:9900104"]; p.NameAr != "دير سنبل" {
			t.Errorf("new row not in the index: %+v", p)
		}
	})

	t.Run("an extract whose published MD5 moved is downloaded again and refused", func(t *testing.T) {
		pbf, _ := os.ReadFile(res.Files[3].Path)
		// The server still says 304 for the extract (same ETag), but
		// its .md5 now names other bytes: the cached copy cannot be it.
		m.put("/osm/asia/syria-latest.osm.pbf.md5", md5File(append(pbf[:len(pbf):len(pbf)], 0), "syria-latest.osm.pbf"))
		_, err := Fetch(context.Background(), opts)
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "MD5") {
			t.Fatalf("err = %v, want an MD5 mismatch", err)
		}
		m.put("/osm/asia/syria-latest.osm.pbf.md5", md5File(pbf, "syria-latest.osm.pbf"))
	})
	if l := leftovers(t, filepath.Dir(opts.Out)); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

// TestFetchFailures: each failure names its cause, leaves the index and
// the cache as they were, and no temporary file.
func TestFetchFailures(t *testing.T) {
	tests := []struct {
		name    string
		break_  func(m *mirror, opts *Options)
		wantErr error
		wantIn  []string
	}{
		{
			name:    "404",
			break_:  func(m *mirror, opts *Options) { opts.Countries = []string{"SY", "XK"} },
			wantErr: ErrNotFound,
			wantIn:  []string{"/dump/XK.zip", "404", "--geonames-url"},
		},
		{
			name: "truncated zip",
			break_: func(m *mirror, opts *Options) {
				z := zipOf(t, "SY.txt", dumpRows(geoRow(9900105, "Jubb Rumman", []string{"جب رمان"}, 35.5, 38.1)))
				m.put("/dump/SY.zip", z[:len(z)*2/3])
			},
			wantErr: ErrCorrupt,
			wantIn:  []string{"/dump/SY.zip", "zip"},
		},
		{
			name: "body shorter than its Content-Length",
			break_: func(m *mirror, opts *Options) {
				m.putGeoNames(dumpRows(geoRow(9900106, "Umm Tuwaynah", []string{"أم توينة"}, 35.4, 38.2)))
				m.short["/dump/SY.zip"] = true
			},
			wantErr: ErrCorrupt,
			wantIn:  []string{"/dump/SY.zip"},
		},
		{
			name: "a page instead of a zip",
			break_: func(m *mirror, opts *Options) {
				m.put("/dump/alternatenames/SY.zip", []byte("<html>maintenance</html>"))
			},
			wantErr: ErrCorrupt,
			wantIn:  []string{"alternatenames/SY.zip"},
		},
		{
			name: "stall",
			break_: func(m *mirror, opts *Options) {
				m.putGeoNames(dumpRows(geoRow(9900107, "Tall Aswad", []string{"تل أسود"}, 35.3, 38.3)))
				m.stall["/dump/SY.zip"] = true
				opts.IdleTimeout = 300 * time.Millisecond
			},
			wantErr: ErrStalled,
			wantIn:  []string{"/dump/SY.zip", "300ms", "--idle-timeout"},
		},
		{
			name: "no answer",
			break_: func(m *mirror, opts *Options) {
				m.silent["/dump/alternatenames/SY.zip"] = true
				opts.IdleTimeout = 300 * time.Millisecond
			},
			wantErr: ErrStalled,
			wantIn:  []string{"/dump/alternatenames/SY.zip", "no answer for 300ms"},
		},
		{
			name:    "offline",
			break_:  func(m *mirror, opts *Options) { m.srv.Close() },
			wantErr: ErrUnreachable,
			wantIn:  []string{"cannot reach 127.0.0.1:", "offline? use --geonames-url"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, opts := setup(t, false)
			if _, err := Fetch(context.Background(), opts); err != nil {
				t.Fatal(err)
			}
			index, _ := os.ReadFile(opts.Out)
			cached, _ := os.ReadFile(filepath.Join(cacheHost(t, opts.CacheDir), "dump", "SY.zip"))
			tt.break_(m, &opts)
			start := time.Now()
			_, err := Fetch(context.Background(), opts)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			for _, w := range tt.wantIn {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			t.Logf("%v (%v)", err, time.Since(start))
			if d := time.Since(start); d > 4*time.Second {
				t.Errorf("took %v", d)
			}
			if b, _ := os.ReadFile(opts.Out); !bytes.Equal(b, index) {
				t.Error("the index was changed")
			}
			if b, _ := os.ReadFile(filepath.Join(cacheHost(t, opts.CacheDir), "dump", "SY.zip")); !bytes.Equal(b, cached) {
				t.Error("the cached dump was changed")
			}
			if l := leftovers(t, filepath.Dir(opts.Out)); len(l) > 0 {
				t.Errorf("temporary files left: %v", l)
			}
		})
	}
}

// cacheHost is the cache directory of the test server's host.
func cacheHost(t *testing.T, dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Fatalf("cache %s: %v, %d hosts", dir, err, len(entries))
	}
	return filepath.Join(dir, entries[0].Name())
}

func TestFetchCancelled(t *testing.T) {
	m, opts := setup(t, false)
	m.stall["/dump/SY.zip"] = true
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	_, err := Fetch(ctx, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, err := os.Stat(opts.Out); !errors.Is(err, os.ErrNotExist) {
		t.Error("an index was written")
	}
	if l := leftovers(t, filepath.Dir(opts.Out)); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

func TestFetchWithoutAlternateNames(t *testing.T) {
	m, opts := setup(t, false)
	delete(m.files, "/dump/alternatenames/SY.zip")
	res, err := Fetch(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.NoAltNames) != 1 || len(res.Files) != 1 {
		t.Errorf("NoAltNames %v, files %+v", res.NoAltNames, res.Files)
	}
	// The dump's own untagged spelling stands in for the tagged one.
	if p := readIndex(t, opts.Out)["geonames:9900102"]; p.NameAr != "تل شمسین" {
		t.Errorf("place %+v", p)
	}
}

func TestFetchWithoutMD5(t *testing.T) {
	m, opts := setup(t, true)
	delete(m.files, "/osm/asia/syria-latest.osm.pbf.md5")
	res, err := Fetch(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.NoMD5) != 1 {
		t.Errorf("NoMD5 = %v", res.NoMD5)
	}
	t.Run("not a PBF", func(t *testing.T) {
		m.put("/osm/asia/syria-latest.osm.pbf", []byte("<html>not here</html>"))
		if _, err := Fetch(context.Background(), opts); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "PBF") {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestFetchLastModified: a server that gives no ETag, only Last-Modified
// (a plain file server), is revalidated with If-Modified-Since.
func TestFetchLastModified(t *testing.T) {
	dir := t.TempDir()
	files := filepath.Join(dir, "files")
	os.MkdirAll(filepath.Join(files, "alternatenames"), 0o755)
	os.WriteFile(filepath.Join(files, "SY.zip"), zipOf(t, "SY.txt", dumpRows()), 0o644)
	os.WriteFile(filepath.Join(files, "alternatenames", "SY.zip"), zipOf(t, "SY.txt", altRows()), 0o644)
	var conditional, bodies int
	fileServer := http.FileServer(http.Dir(files))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") != "" {
			t.Errorf("If-None-Match sent without an ETag")
		}
		if r.Header.Get("If-Modified-Since") != "" {
			conditional++
		}
		rec := &statusRecorder{ResponseWriter: w}
		fileServer.ServeHTTP(rec, r)
		if rec.status == http.StatusOK {
			bodies++
		}
	}))
	defer srv.Close()
	opts := Options{Countries: []string{"SY"}, GeoNamesURL: srv.URL, CacheDir: filepath.Join(dir, "cache"), Out: filepath.Join(dir, "sy.gaz.gz")}
	for i := range 2 {
		res, err := Fetch(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 && (res.Downloaded != 0 || bodies != 2 || conditional != 2) {
			t.Errorf("second run: %d bytes, %d bodies, %d conditional requests in all", res.Downloaded, bodies, conditional)
		}
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}
