package gazimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer/geonames"
	"github.com/incidentmap/incidentmap/geo/gazetteer/osm"
)

// ErrNoSources is returned when Options name no source to import.
var ErrNoSources = errors.New("gazimport: no sources")

// checkEvery is how many rows pass between looks at the context and the
// clock: often enough to stop and report promptly, rarely enough to cost
// nothing.
const checkEvery = 4096

// Options say what to import and where to write the index.
type Options struct {
	// Out is the index file to write (a gzip'd gazetteer table). It is
	// replaced atomically, and only when the whole import succeeds.
	Out string
	// Sources are the files to import: GeoNames dumps (allCountries,
	// SY.txt, their .zip), alternate names (alternateNamesV2.txt, .zip)
	// and OSM extracts (*.osm.pbf). Formats are detected by content.
	Sources []string
	// Base are the places the sources add to, usually the embedded default.
	Base []geo.Place
	// Coverage holds the countries whose places are kept even without an
	// Arabic name, with their Latin names; the zero value means
	// geo.DefaultCoverage(). OSM places of unknown country count as in
	// it, since an extract is chosen for its region.
	Coverage geo.Coverage
	// Progress, when set, receives a progress line at most twice a second.
	Progress io.Writer
}

// SourceStats say what one source gave.
type SourceStats struct {
	Path   string
	Format Format
	Rows   int64 // rows read (OSM: nodes and ways)
	Kept   int   // places kept (alternate names: Arabic-script names kept)
}

// Stats say what an import did.
type Stats struct {
	Sources []SourceStats // in the order they were read
	Places  int           // places written to the index
}

// source is a source file with its detected format.
type source struct {
	path   string
	format Format
}

// Import reads the sources on top of Base and writes the merged index to
// Out. Alternate-names files are read first, whatever their place in
// Sources, so that their names reach the rows of every dump: they are
// buffered by geonameid, Arabic-script names only, a small fraction of
// them. Dumps and extracts are streamed; only kept places stay in memory.
// A place with the ID of an earlier one replaces it but keeps the union
// of their names.
func Import(ctx context.Context, opts Options) (Stats, error) {
	if len(opts.Sources) == 0 {
		return Stats{}, ErrNoSources
	}
	if opts.Out == "" {
		return Stats{}, errors.New("gazimport: no output file")
	}
	countries := map[string]bool{}
	cov := opts.Coverage
	if cov.Len() == 0 {
		cov = geo.DefaultCoverage()
	}
	for _, c := range cov.Countries() {
		countries[c] = true
	}
	var alts, others []source
	for _, path := range opts.Sources {
		f, err := Detect(path)
		if err != nil {
			return Stats{}, err
		}
		if f == FormatAlternateNames {
			alts = append(alts, source{path, f})
		} else {
			others = append(others, source{path, f})
		}
	}

	imp := &importer{
		ctx:       ctx,
		countries: countries,
		ix:        newIndex(opts.Base),
		alts:      map[int64][]geonames.AltName{},
		progress:  newProgress(opts.Progress),
	}
	var st Stats
	for _, src := range append(alts, others...) {
		var ss SourceStats
		var err error
		switch src.format {
		case FormatAlternateNames:
			ss, err = imp.readAltNames(src.path)
		case FormatGeoNames:
			ss, err = imp.readDump(src.path)
		case FormatOSM:
			ss, err = imp.readOSM(src.path)
		}
		if err != nil {
			return st, err
		}
		st.Sources = append(st.Sources, ss)
	}
	imp.applyAltNames()
	if err := writeIndex(opts.Out, imp.ix.places); err != nil {
		return st, err
	}
	st.Places = len(imp.ix.places)
	return st, nil
}

// importer is the state of one Import.
type importer struct {
	ctx       context.Context
	countries map[string]bool
	ix        *index
	alts      map[int64][]geonames.AltName // Arabic-script alternates by geonameid
	fromDump  []bool                       // by index position: made from a dump row, alts applied
	progress  *progress
}

func (imp *importer) readAltNames(path string) (SourceStats, error) {
	f, err := geonames.Open(path)
	if err != nil {
		return SourceStats{}, err
	}
	defer f.Close()
	ss := SourceStats{Path: path, Format: FormatAlternateNames}
	rd := geonames.NewAltNamesReader(f)
	for n := 0; ; n++ {
		if n%checkEvery == 0 {
			if err := imp.ctx.Err(); err != nil {
				return ss, err
			}
			imp.progress.update(f.Name, int64(rd.Line()), "rows", ss.Kept, "Arabic names", false)
		}
		a, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return ss, fmt.Errorf("%s: %w", path, err)
		}
		imp.alts[a.GeonameID] = append(imp.alts[a.GeonameID], a)
		ss.Kept++
	}
	ss.Rows = int64(rd.Line())
	imp.progress.update(f.Name, ss.Rows, "rows", ss.Kept, "Arabic names", true)
	return ss, nil
}

func (imp *importer) readDump(path string) (SourceStats, error) {
	f, err := geonames.Open(path)
	if err != nil {
		return SourceStats{}, err
	}
	defer f.Close()
	ss := SourceStats{Path: path, Format: FormatGeoNames}
	rd := geonames.NewReader(f)
	for {
		if ss.Rows%checkEvery == 0 {
			if err := imp.ctx.Err(); err != nil {
				return ss, err
			}
			imp.progress.update(f.Name, ss.Rows, "rows", ss.Kept, "places", false)
		}
		row, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return ss, fmt.Errorf("%s: %w", path, err)
		}
		ss.Rows++
		row.AltNames = imp.alts[row.GeonameID]
		p, ok := geonames.Place(row, imp.countries[row.CountryCode])
		if !ok {
			continue
		}
		i := imp.ix.put(p)
		for len(imp.fromDump) <= i {
			imp.fromDump = append(imp.fromDump, false)
		}
		imp.fromDump[i] = true
		ss.Kept++
	}
	imp.progress.update(f.Name, ss.Rows, "rows", ss.Kept, "places", true)
	return ss, nil
}

func (imp *importer) readOSM(path string) (SourceStats, error) {
	f, err := os.Open(path)
	if err != nil {
		return SourceStats{}, fmt.Errorf("gazimport: %w", err)
	}
	defer f.Close()
	name := filepath.Base(path)
	places, st, err := osm.Read(imp.ctx, f, osm.Options{
		KeepLatin: func(country string) bool { return country == "" || imp.countries[country] },
		Progress: func(elements int64, kept int) {
			imp.progress.update(name, elements, "elements", kept, "places", false)
		},
		Procs: runtime.GOMAXPROCS(0),
	})
	if err != nil {
		return SourceStats{}, fmt.Errorf("%s: %w", path, err)
	}
	for _, p := range places {
		imp.ix.put(p)
	}
	imp.progress.update(name, st.Elements, "elements", st.Places, "places", true)
	return SourceStats{Path: path, Format: FormatOSM, Rows: st.Elements, Kept: st.Places}, nil
}

// applyAltNames gives the buffered alternate names to the places that did
// not come from a dump row in this import (those had them already): the
// base places, which the alternate names may be the only source for.
func (imp *importer) applyAltNames() {
	if len(imp.alts) == 0 {
		return
	}
	for i := range imp.ix.places {
		p := imp.ix.places[i]
		if p.GeonameID == 0 || i < len(imp.fromDump) && imp.fromDump[i] {
			continue
		}
		if alts := imp.alts[p.GeonameID]; len(alts) > 0 {
			geonames.AddAltNames(p, alts)
		}
	}
}
