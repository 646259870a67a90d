package gazetteer

import "github.com/incidentmap/incidentmap/geo"

// Merge returns p, a later row for the same place as old, completed with
// what old knew: the union of their names, and old's fields wherever p
// leaves them empty. A sparse row (a GeoNames dump with no admin codes or
// population, an OSM node) refines a place without erasing it.
func Merge(old, p geo.Place) geo.Place {
	if p.NameAr == "" {
		p.NameAr = old.NameAr
	}
	if p.Name == "" {
		p.Name = old.Name
	}
	if p.Population == 0 {
		p.Population = old.Population
	}
	if p.CountryCode == "" {
		p.CountryCode, p.Admin1, p.Admin2 = old.CountryCode, old.Admin1, old.Admin2
	}
	if p.Admin1 == "" {
		p.Admin1 = old.Admin1
	}
	if p.FeatureCode == "" {
		p.FeatureCode = old.FeatureCode
	}
	if p.GeonameID == 0 {
		p.GeonameID = old.GeonameID
	}
	seen := make(map[string]bool, len(p.Names)+len(old.Names)+2)
	seen[p.Name], seen[p.NameAr] = true, true
	names := make([]string, 0, len(p.Names)+len(old.Names)+2)
	for _, group := range [][]string{p.Names, {old.Name, old.NameAr}, old.Names} {
		for _, n := range group {
			if n != "" && !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	p.Names = names
	if len(p.Names) == 0 {
		p.Names = nil
	}
	return p
}
