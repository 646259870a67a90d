// Package geonames reads GeoNames downloads (the 19-column dumps such as
// allCountries.txt, SY.txt or cities500.txt, and alternateNamesV2.txt) and
// turns their rows into gazetteer places. It streams: nothing is kept
// beyond the row being read, so a 12-million-row dump costs no more memory
// than the places the caller keeps.
package geonames
