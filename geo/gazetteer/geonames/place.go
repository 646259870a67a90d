package geonames

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/paulmach/orb"
)

// Source is the Source of places made by Place; callers that know the
// exact download (a dated dump, a pinned package) overwrite it.
const Source = "GeoNames (CC BY 4.0)"

// Place turns a dump row into a gazetteer place. NameAr is the best
// Arabic-script name (see bestArabic) and Names every other Arabic-script
// spelling; with keepLatin, Names also gets the ASCII name and the Latin
// alternates (codes, URLs and numbers left out), which lets Arabic text be
// matched against places GeoNames only knows by a Latin name. It returns
// false when the row has no Arabic-script name and keepLatin is false, or
// no name at all.
func Place(row Row, keepLatin bool) (geo.Place, bool) {
	cands := arabicCandidates(row)
	name := row.Name
	if name == "" {
		name = row.ASCIIName
	}
	if len(cands) == 0 && (!keepLatin || name == "") {
		return geo.Place{}, false
	}
	p := geo.Place{
		ID:          "geonames:" + strconv.FormatInt(row.GeonameID, 10),
		GeonameID:   row.GeonameID,
		Name:        strings.Clone(trimName(name)),
		Kind:        gazetteer.KindOf(row.Class, row.Code, row.Population),
		FeatureCode: strings.Clone(row.Code),
		CountryCode: strings.Clone(row.CountryCode),
		Admin1:      strings.Clone(row.Admin1),
		Admin2:      strings.Clone(row.Admin2),
		Point:       orb.Point{row.Lon, row.Lat},
		Population:  row.Population,
		Source:      Source,
	}
	seen := map[string]bool{p.Name: true}
	if len(cands) > 0 {
		latin := latinName(row)
		p.NameAr = strings.Clone(bestArabic(cands, latin, romanisesArabic(latin, row.CountryCode)))
		seen[p.NameAr] = true
	}
	for _, c := range cands {
		if !seen[c.name] {
			seen[c.name] = true
			p.Names = append(p.Names, strings.Clone(c.name))
		}
	}
	if keepLatin {
		p.Names = appendLatin(p.Names, p.Name, row)
	}
	return p, true
}

// trimName removes the direction marks (LRM, RLM, embeddings) that
// GeoNames alternates sometimes carry, and the stray punctuation they come
// with ("أم بطين\u200e;"): a name kept with them would not match the same
// name in a text.
func trimName(n string) string {
	if strings.ContainsFunc(n, isBidiControl) {
		n = strings.Map(func(r rune) rune {
			if isBidiControl(r) {
				return -1
			}
			return r
		}, n)
	}
	n = strings.TrimFunc(n, func(r rune) bool { return unicode.IsSpace(r) || r == ';' || r == ',' })
	if strings.HasSuffix(n, ")") && !strings.Contains(n, "(") {
		n = strings.TrimSpace(strings.TrimSuffix(n, ")"))
	}
	return n
}

func isBidiControl(r rune) bool {
	return r == 0x200E || r == 0x200F || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x061C
}

// latinName is the row's name to compare Arabic spellings with.
func latinName(row Row) string {
	if IsLatinScript(row.Name) {
		return row.Name
	}
	return row.ASCIIName
}

// arabicCandidates lists the Arabic-script spellings of a row: the tagged
// AltNames first, then the dump's own alternates (and its name, rarely
// Arabic) that the AltNames do not already hold.
func arabicCandidates(row Row) []candidate {
	var cands []candidate
	for _, a := range row.AltNames {
		if n := trimName(a.Name); IsArabicScript(n) {
			cands = append(cands, candidate{name: n, lang: a.Lang, preferred: a.Preferred, historic: a.Historic})
		}
	}
	add := func(n string) {
		n = trimName(n)
		if n == "" || !IsArabicScript(n) {
			return
		}
		for _, c := range cands {
			if c.name == n {
				return
			}
		}
		cands = append(cands, candidate{name: n})
	}
	add(row.Name)
	for _, n := range row.AlternateNames {
		add(n)
	}
	return cands
}

// appendLatin appends the row's ASCII name and Latin alternates to names,
// skipping name and spellings that differ from an earlier one only by case.
func appendLatin(names []string, name string, row Row) []string {
	seen := map[string]bool{strings.ToLower(name): true}
	add := func(n string) {
		n = trimName(n)
		k := strings.ToLower(n)
		if seen[k] || !IsLatinScript(n) || codeLike(n) {
			return
		}
		seen[k] = true
		names = append(names, strings.Clone(n))
	}
	add(row.ASCIIName)
	for _, n := range row.AlternateNames {
		add(n)
	}
	return names
}

// codeLike reports whether a Latin alternate is a code (IATA "DAM", ICAO
// "OSDI", "SY-DI"), a URL or holds digits: none of them is a name that a
// text would use.
func codeLike(s string) bool {
	if strings.Contains(s, "://") || strings.HasPrefix(strings.ToLower(s), "www.") || strings.ContainsAny(s, "/@") {
		return true
	}
	if strings.IndexFunc(s, unicode.IsDigit) >= 0 {
		return true
	}
	if len([]rune(s)) < 2 {
		return true
	}
	if len(s) <= 5 && !strings.ContainsRune(s, ' ') {
		upper := strings.IndexFunc(s, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r == '-') }) < 0
		return upper
	}
	return false
}

// AddAltNames adds the Arabic-script names of alts to a place that is not
// made from a dump row (the embedded default, an earlier index). It keeps
// the place's NameAr when it has one and otherwise chooses it as Place
// does. It reports whether the place changed.
func AddAltNames(p *geo.Place, alts []AltName) bool {
	seen := map[string]bool{p.Name: true, p.NameAr: true}
	for _, n := range p.Names {
		seen[n] = true
	}
	var cands []candidate
	for _, a := range alts {
		if n := trimName(a.Name); IsArabicScript(n) {
			cands = append(cands, candidate{name: n, lang: a.Lang, preferred: a.Preferred, historic: a.Historic})
		}
	}
	if len(cands) == 0 {
		return false
	}
	changed := false
	if p.NameAr == "" {
		p.NameAr = strings.Clone(bestArabic(cands, p.Name, romanisesArabic(p.Name, p.CountryCode)))
		seen[p.NameAr] = true
		changed = true
	}
	for _, c := range cands {
		if !seen[c.name] {
			seen[c.name] = true
			p.Names = append(p.Names, strings.Clone(c.name))
			changed = true
		}
	}
	return changed
}
