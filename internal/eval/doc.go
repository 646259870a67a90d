// Package eval measures incidentmap against a gold set in the format of
// shared/eval/FORMAT.md: Load reads a set (gold.jsonl plus the article
// files), Score runs a Geoparser over every article and computes the
// recognition and resolution scores exactly as FORMAT.md defines them, and
// the resulting Report prints as text or marshals as JSON.
//
// Incident scoring is not implemented yet: the gold Incident type is loaded
// so that it can be added alongside Score (see score.go).
package eval
