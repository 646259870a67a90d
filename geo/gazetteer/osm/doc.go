// Package osm reads OpenStreetMap extracts (.osm.pbf) into gazetteer
// places: settlements and neighbourhoods tagged place=*, and the named
// features incident reports mention (military bases, airports, oil and gas
// fields, dams, border crossings, bridges, peaks, rivers, camps).
//
// Nodes and ways are read; relations (multipolygon bases or city
// boundaries) are not, since nearly every such feature also has a node or
// way. A way's point is the centroid of its nodes, a river's the middle
// node of its longest way. OSM rarely says which country a feature is in,
// so CountryCode comes only from addr:country or is_in:country_code and is
// empty otherwise.
package osm
