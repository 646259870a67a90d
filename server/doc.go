// Package server is incidentmap's HTTP service: OGC API - Features (Part 1
// Core, GeoJSON, HTML) over the stored incidents and the places articles
// name, Mapbox vector tiles with TileJSON, ingestion and geoparsing APIs,
// health probes and Prometheus metrics, on echo v5.
//
// Every route is registered in routes.go; query parameters are parsed into
// bounds-checked structs in params.go, and unknown ones are refused; every
// error is an RFC 7807 problem document (problem.go), and the text of an
// internal error reaches the log, never the client. Writes need a bearer
// token; reads are public unless Options.PrivateReads.
package server
