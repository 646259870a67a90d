// Package gazfetch downloads GeoNames' per-country dumps and their
// alternate names, and optionally OpenStreetMap extracts from a mirror in
// Geofabrik's layout, keeps them in a cache that a later run only
// revalidates (ETag, Last-Modified), checks what it received (length, zip
// CRCs, published MD5s, the PBF header), and builds a gazetteer index from
// them with internal/gazimport. It is the engine of
// `incidentmap gazetteer fetch`.
package gazfetch
