package osm

import (
	"strconv"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer/geonames"
	"github.com/paulmach/orb"
	osmapi "github.com/paulmach/osm"
)

// Source is the Source of every place read from OpenStreetMap.
const Source = "OpenStreetMap contributors (ODbL)"

// arabicKeys are the tags that may hold Arabic-script names, best first:
// name:ar is the Arabic name; name is the local one, Arabic in Arab
// countries; the others are variants worth matching.
var arabicKeys = []string{
	"name:ar", "name", "official_name:ar", "alt_name:ar",
	"old_name:ar", "short_name:ar", "official_name", "alt_name", "old_name",
}

// latinKeys are the tags that may hold Latin-script names, best first.
var latinKeys = []string{
	"name:en", "name", "int_name", "official_name:en", "alt_name:en",
	"old_name:en", "official_name", "alt_name", "old_name",
}

// The names of a bridge that is part of a road are in bridge:name*, its
// name* tags being the road's.
var (
	bridgeArabicKeys = []string{"bridge:name:ar", "bridge:name"}
	bridgeLatinKeys  = []string{"bridge:name:en", "bridge:name"}
)

// Place turns a tagged element into a gazetteer place at pt, and false
// when Classify rejects it or it has no name worth keeping: Arabic-script
// names are always kept; a place without one is kept, with its Latin
// names, only when keepLatin (nil: never) says so for its country.
func Place(id string, tags osmapi.Tags, pt orb.Point, keepLatin func(country string) bool) (geo.Place, bool) {
	f, ok := Classify(tags)
	if !ok {
		return geo.Place{}, false
	}
	country := Country(tags)
	latin := keepLatin != nil && keepLatin(country)
	arKeys, latKeys, nameKey := arabicKeys, latinKeys, "name"
	if f.Code == "BDG" && (tags.Find("bridge:name") != "" || tags.Find("bridge:name:ar") != "") {
		arKeys, latKeys, nameKey = bridgeArabicKeys, bridgeLatinKeys, "bridge:name"
	}
	arabic := tagValues(tags, arKeys, geonames.IsArabicScript)
	latins := tagValues(tags, latKeys, geonames.IsLatinScript)
	if len(arabic) == 0 && (!latin || len(latins) == 0) {
		return geo.Place{}, false
	}
	p := geo.Place{
		ID:          id,
		Kind:        f.Kind,
		FeatureCode: f.Code,
		CountryCode: country,
		Point:       pt,
		Population:  Population(tags),
		Source:      Source,
	}
	if len(arabic) > 0 {
		p.NameAr, arabic = arabic[0], arabic[1:]
	}
	switch {
	case len(latins) > 0:
		p.Name, latins = latins[0], latins[1:]
	case !geonames.IsArabicScript(tags.Find(nameKey)):
		p.Name = strings.TrimSpace(tags.Find(nameKey)) // neither Arabic nor Latin, e.g. Armenian
	}
	seen := map[string]bool{p.Name: true, p.NameAr: true}
	add := func(names []string) {
		for _, n := range names {
			if !seen[n] {
				seen[n] = true
				p.Names = append(p.Names, n)
			}
		}
	}
	add(arabic)
	if latin {
		add(latins)
	}
	return p, true
}

// tagValues returns the distinct values of keys, split at ';' as OSM lists
// them, that script accepts, in the order of keys.
func tagValues(tags osmapi.Tags, keys []string, script func(string) bool) []string {
	var out []string
	for _, k := range keys {
		v := tags.Find(k)
		if v == "" {
			continue
		}
	values:
		for _, n := range strings.Split(v, ";") {
			n = strings.TrimSpace(n)
			if n == "" || !script(n) {
				continue
			}
			for _, o := range out {
				if o == n {
					continue values
				}
			}
			out = append(out, n)
		}
	}
	return out
}

// Country returns the ISO 3166-1 alpha-2 code an element is tagged with
// (addr:country, is_in:country_code), or "" when it has none, as most
// OSM elements do.
func Country(tags osmapi.Tags) string {
	for _, k := range []string{"addr:country", "is_in:country_code"} {
		v := strings.ToUpper(strings.TrimSpace(tags.Find(k)))
		if len(v) == 2 && v[0] >= 'A' && v[0] <= 'Z' && v[1] >= 'A' && v[1] <= 'Z' {
			return v
		}
	}
	return ""
}

// Population returns the population tag when it is a whole number
// (thousands separators allowed), else 0.
func Population(tags osmapi.Tags) int64 {
	v := strings.NewReplacer(",", "", " ", "", "\u00a0", "").Replace(tags.Find("population"))
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
