// Package gazimport builds a gazetteer index file from GeoNames dumps,
// GeoNames alternate names and OpenStreetMap extracts, on top of the
// embedded default gazetteer. The index (a gzip'd gazetteer table) then
// replaces the embedded default. It is the engine of
// `incidentmap gazetteer import`.
package gazimport
