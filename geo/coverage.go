package geo

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Coverage is the set of countries whose conflicts incidentmap follows:
// the countries Arabic-language conflict reporting is about. Inside it,
// small places are matched and resolved on equal terms, places GeoNames
// knows only by a Latin name are reached through their transliteration,
// and candidates get a prior over places elsewhere. Outside it only
// prominent places (countries, capitals, large cities) are matched. The
// zero Coverage holds nothing; main passes one value to every step.
type Coverage struct {
	codes []string // sorted ISO 3166-1 alpha-2 codes
}

// defaultCodes are the Levant, Iraq, the Arabian Peninsula, Egypt and the
// Maghreb, the Nile and the Horn, the Sahel, and Turkey and Iran, whose
// forces act in the region. Western Sahara is listed apart from Morocco
// as ISO and GeoNames list it.
func defaultCodes() []string {
	return []string{
		"SY", "LB", "JO", "PS", "IL", "IQ", // the Levant and Iraq
		"SA", "YE", "OM", "AE", "QA", "BH", "KW", // the Arabian Peninsula
		"EG", "LY", "TN", "DZ", "MA", "EH", "MR", // Egypt and the Maghreb
		"SD", "SS", "SO", "DJ", "TD", "ML", "NE", // the Nile, the Horn, the Sahel
		"TR", "IR", // their neighbours at war in the region
	}
}

// DefaultCoverage returns the countries incidentmap covers unless told
// otherwise.
func DefaultCoverage() Coverage {
	return NewCoverage(defaultCodes()...)
}

// NewCoverage returns the coverage of the given country codes.
func NewCoverage(codes ...string) Coverage {
	c := Coverage{codes: make([]string, 0, len(codes))}
	for _, cc := range codes {
		cc = strings.ToUpper(strings.TrimSpace(cc))
		if cc != "" && !slices.Contains(c.codes, cc) {
			c.codes = append(c.codes, cc)
		}
	}
	slices.Sort(c.codes)
	return c
}

// ErrCoverage is wrapped by ParseCoverage's errors.
var ErrCoverage = errors.New("coverage")

// ParseCoverage reads a comma-separated list of ISO 3166-1 alpha-2 codes
// ("SY,IQ,LB"). "default" stands for DefaultCoverage, and a list may add
// to it: "default,ER,ET".
func ParseCoverage(s string) (Coverage, error) {
	var codes []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		switch {
		case f == "":
			continue
		case strings.EqualFold(f, "default"):
			codes = append(codes, defaultCodes()...)
		case len(f) == 2 && isASCIILetter(f[0]) && isASCIILetter(f[1]):
			codes = append(codes, f)
		default:
			return Coverage{}, fmt.Errorf("%w: %q is not a two-letter country code", ErrCoverage, f)
		}
	}
	if len(codes) == 0 {
		return Coverage{}, fmt.Errorf("%w: no country given", ErrCoverage)
	}
	return NewCoverage(codes...), nil
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// Has reports whether country cc is covered.
func (c Coverage) Has(cc string) bool {
	_, ok := slices.BinarySearch(c.codes, cc)
	return ok
}

// Countries returns the covered country codes in order (a new slice).
func (c Coverage) Countries() []string { return slices.Clone(c.codes) }

// Len returns the number of covered countries.
func (c Coverage) Len() int { return len(c.codes) }

// String returns the codes joined by commas, as ParseCoverage reads them.
func (c Coverage) String() string { return strings.Join(c.codes, ",") }
