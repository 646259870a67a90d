// Package geo holds incidentmap's domain types: articles, places, the
// mentions of places in a text, and the results of geoparsing them. The
// packages under geo/ implement each step of the pipeline on these types;
// none of them logs, exits or touches HTTP.
package geo
