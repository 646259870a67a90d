package gazfetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/gazimport"
)

// Options say what to fetch, from where, and where the index goes.
type Options struct {
	// Countries are ISO 3166-1 alpha-2 codes (see ParseCountries).
	Countries []string
	// OSM adds each country's OpenStreetMap extract.
	OSM bool
	// GeoNamesURL is the dump directory holding XX.zip and
	// alternatenames/XX.zip; default DefaultGeoNamesURL.
	GeoNamesURL string
	// OSMURL is the root of a mirror in Geofabrik's layout
	// (asia/syria-latest.osm.pbf and its .md5); default DefaultOSMURL.
	OSMURL string
	// CacheDir keeps the downloads between runs; required.
	CacheDir string
	// Out is the index file to write, replaced only when the whole fetch
	// and import succeed.
	Out string
	// Base and Coverage are passed to gazimport (usually the embedded
	// default, and the coverage of the command line).
	Base     []geo.Place
	Coverage geo.Coverage
	// Progress, when set, receives download and import progress.
	Progress io.Writer
	// ConnectTimeout bounds connecting (TCP and TLS); IdleTimeout how
	// long a response may go without a byte. Zero takes the defaults.
	ConnectTimeout, IdleTimeout time.Duration
	// Client replaces the HTTP client (its own timeouts then apply; the
	// idle timeout still does).
	Client *http.Client
}

// File says what happened to one source file.
type File struct {
	URL   string
	Path  string // in the cache
	Size  int64
	Fresh bool // downloaded by this run; false: revalidated, kept
}

// Result says what a fetch did.
type Result struct {
	Files []File
	// Downloaded counts the bytes this run downloaded.
	Downloaded int64
	// NoOSM lists the countries given with OSM on for which no
	// Geofabrik extract is known.
	NoOSM []string
	// NoMD5 lists the extracts whose mirror published no .md5.
	NoMD5 []string
	// NoAltNames lists the countries whose alternate names the source
	// did not have (404): their dumps were imported without them.
	NoAltNames []string
	Import     gazimport.Stats
}

// Fetch downloads what opts ask for into the cache (only what changed
// since the last run), checks it, and builds the index at opts.Out from
// it. On any error, or when ctx ends, opts.Out is left as it was and the
// cache keeps its last good copies; nothing half-written stays behind.
func Fetch(ctx context.Context, opts Options) (Result, error) {
	if len(opts.Countries) == 0 {
		return Result{}, fmt.Errorf("%w: none given", ErrUnknownCountry)
	}
	if opts.Out == "" {
		return Result{}, errors.New("gazfetch: no output file")
	}
	if opts.CacheDir == "" {
		return Result{}, errors.New("gazfetch: no cache directory")
	}
	if opts.GeoNamesURL == "" {
		opts.GeoNamesURL = DefaultGeoNamesURL
	}
	if opts.OSMURL == "" {
		opts.OSMURL = DefaultOSMURL
	}
	// A missing output directory would only show after the downloads.
	if fi, err := os.Stat(filepath.Dir(opts.Out)); err != nil || !fi.IsDir() {
		return Result{}, fmt.Errorf("gazfetch: output directory %s: does not exist", filepath.Dir(opts.Out))
	}
	p := newProgress(opts.Progress)
	d := newDownloader(opts.Client, opts.ConnectTimeout, opts.IdleTimeout, opts.CacheDir, p)

	var res Result
	var sources []string
	got := func(f file) {
		res.Files = append(res.Files, File{URL: f.URL, Path: f.Path, Size: f.Size, Fresh: f.Fresh})
		if f.Fresh {
			res.Downloaded += f.Size
		}
	}
	add := func(f file) {
		got(f)
		sources = append(sources, f.Path)
	}
	for _, cc := range opts.Countries {
		for _, g := range []struct {
			rel    string
			format gazimport.Format
		}{
			{cc + ".zip", gazimport.FormatGeoNames},
			// The dump's alternatenames column already holds every
			// Arabic-script spelling, untagged; the per-country
			// alternate names add the language (ar, not fa or ur) and
			// the preferred and historic flags that choose the Arabic
			// name a place is shown and ranked by.
			{"alternatenames/" + cc + ".zip", gazimport.FormatAlternateNames},
		} {
			u, err := join(opts.GeoNamesURL, g.rel)
			if err != nil {
				return res, err
			}
			f, err := d.get(ctx, request{url: u, label: g.rel, hint: "--geonames-url", check: checkZip(g.format)})
			if errors.Is(err, ErrNotFound) && g.format == gazimport.FormatAlternateNames {
				// A mirror without them still gives every Arabic
				// spelling, untagged: worse choices of the shown name,
				// not missing places.
				res.NoAltNames = append(res.NoAltNames, cc)
				p.line("%s: not found at %s; the dump's own Arabic spellings are used, untagged", g.rel, u)
				continue
			}
			if err != nil {
				return res, err
			}
			add(f)
		}
	}
	if opts.OSM {
		seen := map[string]bool{}
		for _, cc := range opts.Countries {
			region, ok := OSMRegion(cc)
			if !ok {
				res.NoOSM = append(res.NoOSM, cc)
				p.line("%s: no OpenStreetMap extract known for this country; GeoNames only", cc)
				continue
			}
			if seen[region] {
				continue // Israel and Palestine, the GCC states: one extract
			}
			seen[region] = true
			f, sum, err := fetchExtract(ctx, d, opts.OSMURL, region)
			if sum != nil {
				got(*sum)
			}
			if err != nil {
				return res, err
			}
			if sum == nil {
				res.NoMD5 = append(res.NoMD5, f.URL)
			}
			add(f)
		}
	}

	st, err := gazimport.Import(ctx, gazimport.Options{
		Out: opts.Out, Sources: sources, Base: opts.Base, Coverage: opts.Coverage, Progress: opts.Progress,
	})
	res.Import = st
	if err != nil {
		return res, err
	}
	return res, nil
}

// fetchExtract fetches a region's .md5 and then its extract, checked
// against it. sum is the .md5 file, nil when the mirror publishes none
// (the extract is then checked by its header only).
func fetchExtract(ctx context.Context, d *downloader, base, region string) (f file, sum *file, err error) {
	rel := region + "-latest.osm.pbf"
	u, err := join(base, rel)
	if err != nil {
		return file{}, nil, err
	}
	var want string
	sumFile, err := d.get(ctx, request{url: u + ".md5", label: rel + ".md5", hint: "--osm-url", check: checkMD5File})
	switch {
	case errors.Is(err, ErrNotFound):
		d.progress.line("%s: no .md5 published there; checking the extract by its header only", rel)
	case err != nil:
		return file{}, nil, err
	default:
		sum = &sumFile
		b, err := os.ReadFile(sumFile.Path)
		if err != nil {
			return file{}, sum, fmt.Errorf("gazfetch: cache: %w", err)
		}
		if want, err = parseMD5(b); err != nil {
			return file{}, sum, fmt.Errorf("gazfetch: %s: %w", sumFile.Path, err)
		}
	}
	r := request{url: u, label: rel, hint: "--osm-url", check: checkPBF(want)}
	f, err = d.get(ctx, r)
	if err != nil {
		return file{}, sum, err
	}
	if want != "" && f.MD5 != want {
		// Not modified, says the server, yet the published sum moved: the
		// cached copy is stale or damaged. Download it again, whole.
		r.force = true
		if f, err = d.get(ctx, r); err != nil {
			return file{}, sum, err
		}
	}
	return f, sum, nil
}
