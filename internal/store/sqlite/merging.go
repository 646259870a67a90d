package sqlite

import (
	"context"
	"fmt"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/merge"
	"github.com/incidentmap/incidentmap/internal/store"
)

// Merge candidates come from the R*Tree: the same sub-event type within
// store.MergeBox of the point and, for a dated report, within
// ±merge.MaxDays or undated. merge.Same has the last word.
const (
	candidatesDated = `SELECT ` + incidentColumns + incidentFrom + `
		WHERE i.sub_event_type = ?1 AND i.id IN (
			SELECT id FROM incidents_rtree WHERE min_lon <= ?3 AND max_lon >= ?2
				AND min_lat <= ?5 AND max_lat >= ?4 AND min_day <= ?7 AND max_day >= ?6
			UNION ALL
			SELECT id FROM incidents_rtree WHERE min_lon <= ?3 AND max_lon >= ?2
				AND min_lat <= ?5 AND max_lat >= ?4 AND max_day <= ?8)`
	candidatesUndated = `SELECT ` + incidentColumns + incidentFrom + `
		WHERE i.sub_event_type = ?1 AND i.id IN (
			SELECT id FROM incidents_rtree WHERE min_lon <= ?3 AND max_lon >= ?2
				AND min_lat <= ?5 AND max_lat >= ?4)`
)

// mergeTarget finds the stored incident that inc reports again, if any:
// among those merge.Same accepts, the one store.BetterTarget prefers.
// SQLite has one writer, and this runs in the write transaction: no
// other report can be merging at the same time.
func (d *deriver) mergeTarget(ctx context.Context, inc *geo.Incident) (geo.Incident, bool, error) {
	b := store.MergeBox(inc.Point)
	box := []any{inc.SubEventType, micro(b.Min.Lon()), micro(b.Max.Lon()), micro(b.Min.Lat()), micro(b.Max.Lat())}
	query := candidatesUndated
	if !inc.Date.IsZero() {
		day := dayNumber(inc.Date)
		query = candidatesDated
		box = append(box, day-merge.MaxDays, day+merge.MaxDays, noDay)
	}
	rows, err := d.query(ctx, query, box...)
	if err != nil {
		return geo.Incident{}, false, fmt.Errorf("merge candidates: %w", err)
	}
	defer rows.Close()
	var best geo.Incident
	var bestID int64
	found := false
	for rows.Next() {
		c, id, err := scanIncident(rows)
		if err != nil {
			return geo.Incident{}, false, err
		}
		if !merge.Same(&c, inc) {
			continue
		}
		if !found || store.BetterTarget(inc, &c, id, &best, bestID) {
			best, bestID, found = c, id, true
		}
	}
	if err := rows.Err(); err != nil {
		return geo.Incident{}, false, fmt.Errorf("merge candidates: %w", err)
	}
	return best, found, nil
}
