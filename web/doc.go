// Package web serves the incidentmap web map: a Leaflet page bundled from
// npm packages by esbuild into dist/ (make web), embedded in the binary
// so that `go build` needs no node, and served with its configuration at
// /config.json. The server mounts it as server.Options.Web.
package web
