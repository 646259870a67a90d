// Package geoparse runs the geoparser on one text: tokens, recognition,
// resolution, and the grouping of mentions into distinct places.
package geoparse
