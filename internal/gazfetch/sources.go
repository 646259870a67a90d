package gazfetch

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
)

// The default base URLs: GeoNames' dump directory and Geofabrik.
const (
	DefaultGeoNamesURL = "https://download.geonames.org/export/dump/"
	DefaultOSMURL      = "https://download.geofabrik.de/"
)

// ErrUnknownCountry is returned for a country argument that is neither an
// ISO 3166-1 alpha-2 code nor a preset.
var ErrUnknownCountry = errors.New("gazfetch: unknown country")

// Presets name sets of countries: "conflict" the theatres incidentmap
// follows, "region" the default coverage (geo.DefaultCoverage) around them.
func Presets() map[string][]string {
	return map[string][]string{
		"conflict": {"SY", "IQ", "LB", "YE", "SD", "PS", "LY", "SO"},
		"region":   geo.DefaultCoverage().Countries(),
	}
}

// ParseCountries reads country arguments: ISO codes ("SY", "iq"), codes
// separated by commas, and presets; it returns the codes in the order
// given, without repeats.
func ParseCountries(args []string) ([]string, error) {
	presets := Presets()
	var out []string
	add := func(cc string) {
		if !slices.Contains(out, cc) {
			out = append(out, cc)
		}
	}
	for _, arg := range args {
		for _, f := range strings.Split(arg, ",") {
			f = strings.TrimSpace(f)
			if f == "" {
				continue
			}
			if p, ok := presets[strings.ToLower(f)]; ok {
				for _, cc := range p {
					add(cc)
				}
				continue
			}
			cc := strings.ToUpper(f)
			if len(cc) != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' {
				return nil, fmt.Errorf("%w: %q (want ISO codes such as SY or IQ, or a preset: conflict, region)", ErrUnknownCountry, f)
			}
			add(cc)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: none given", ErrUnknownCountry)
	}
	return out, nil
}

// geofabrikRegions maps ISO codes to the region paths of Geofabrik's
// extracts. Geofabrik cuts some countries together: Israel and Palestine
// are one extract, and the six GCC states are another. Western Sahara has
// no extract of its own there and is left out.
var geofabrikRegions = map[string]string{
	"SY": "asia/syria", "LB": "asia/lebanon", "JO": "asia/jordan", "IQ": "asia/iraq",
	"PS": "asia/israel-and-palestine", "IL": "asia/israel-and-palestine",
	"YE": "asia/yemen", "IR": "asia/iran",
	"SA": "asia/gcc-states", "AE": "asia/gcc-states", "OM": "asia/gcc-states",
	"QA": "asia/gcc-states", "BH": "asia/gcc-states", "KW": "asia/gcc-states",
	"TR": "europe/turkey",
	"EG": "africa/egypt", "LY": "africa/libya", "TN": "africa/tunisia", "DZ": "africa/algeria",
	"MA": "africa/morocco", "MR": "africa/mauritania",
	"SD": "africa/sudan", "SS": "africa/south-sudan", "SO": "africa/somalia", "DJ": "africa/djibouti",
	"ER": "africa/eritrea", "ET": "africa/ethiopia", "KE": "africa/kenya",
	"TD": "africa/chad", "ML": "africa/mali", "NE": "africa/niger", "CY": "europe/cyprus",
}

// OSMRegion returns the Geofabrik region path of a country's extract
// ("asia/syria"), and false when none is known.
func OSMRegion(cc string) (string, bool) {
	r, ok := geofabrikRegions[strings.ToUpper(cc)]
	return r, ok
}

// join resolves a relative path against a base URL that may lack its
// final slash.
func join(base, rel string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("gazfetch: base URL %q: %w", base, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", fmt.Errorf("gazfetch: base URL %q: want http:// or https:// and a host", base)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.ResolveReference(&url.URL{Path: rel}).String(), nil
}
