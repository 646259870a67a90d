// Package eval measures incidentmap against a gold set in the format of
// shared/eval/FORMAT.md: Load reads a set (gold.jsonl plus the article
// files), Score runs a Geoparser over every article and computes the
// recognition and resolution scores exactly as FORMAT.md defines them, and
// the resulting Report prints as text or marshals as JSON.
//
// ScoreIncidents scores incident extraction the same way (incident.go):
// matching by sub-event type, distance and day, and the number of
// incidents each group's primary is kept as once its articles are merged.
// Its IncidentReport prints on its own or attached to Report.Incidents.
package eval
