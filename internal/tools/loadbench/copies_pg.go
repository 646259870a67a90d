package main

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// fillByCopiesPG makes the PostgreSQL store dsn, a copy of the store of
// the incidents it copies (created from it as a template), hold k times
// its incidents, as fillByCopies does for SQLite: the same copies (ids
// shifted by copyStride a copy, points moved by the same offsets, same
// days and sources), made in SQL. The copies' stored features are their
// original's with the id and the point rewritten, so that the format
// stays current and no feature is encoded again: through the store,
// nine million features took 14 minutes a million. The secondary
// indexes are dropped for the copy and built again after it, as a
// restore does. The tile snapshot is dropped: the first start reads
// every incident.
func fillByCopiesPG(ctx context.Context, dsn string, k int) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var maxID int64
	if err := conn.QueryRow(ctx, `SELECT max(id) FROM incidents`).Scan(&maxID); err != nil {
		return err
	}
	if maxID >= copyStride {
		return fmt.Errorf("ids up to %d, beyond the copies' stride of %d", maxID, copyStride)
	}
	rows, err := conn.Query(ctx, `SELECT indexname, indexdef FROM pg_indexes
		WHERE tablename IN ('incidents', 'incident_sources', 'incident_features') AND indexname NOT LIKE '%_pkey'`)
	if err != nil {
		return err
	}
	names, defs := []string{}, []string{}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return err
		}
		names, defs = append(names, pgx.Identifier{name}.Sanitize()), append(defs, def)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	// The offsets of copy k of incident id, in millionths of a degree,
	// as fillByCopies computes them.
	const offsets = `(SELECT k, ((i.id*7919 + k*104729) % 200001) - 100000 AS dlon,
		((i.id*104723 + k*7907) % 200001) - 100000 AS dlat FROM generate_series(1, $1::bigint) k) c`
	stride := fmt.Sprint(copyStride)
	steps := []string{
		`SET session_replication_role = replica`, // the copies' keys hold: skip the foreign key checks
		`SET maintenance_work_mem = '512MB'`,
		`DELETE FROM tile_snapshot`,
		`DROP INDEX ` + strings.Join(names, ", "),
		`INSERT INTO incidents (id, event_type, sub_event_type, place_id, place_name, place_name_ar, place_text, geom,
			geo_precision, date, date_precision, actor1, actor2, killed, injured, confidence, is_primary, search)
		SELECT i.id + c.k*` + stride + `, event_type, sub_event_type, place_id, place_name, place_name_ar, place_text,
			ST_SetSRID(ST_MakePoint(ST_X(geom) + c.dlon/1e6, ST_Y(geom) + c.dlat/1e6), 4326),
			geo_precision, date, date_precision, actor1, actor2, killed, injured, confidence, is_primary, search
		FROM incidents i CROSS JOIN LATERAL ` + offsets + ` WHERE i.id < ` + stride + ` ORDER BY c.k, i.id`,
		`INSERT INTO incident_sources (incident_id, article_id, evidence, reports)
		SELECT s.incident_id + k*` + stride + `, s.article_id, s.evidence, s.reports
		FROM incident_sources s CROSS JOIN generate_series(1, $1::bigint) k WHERE s.incident_id < ` + stride + ` ORDER BY k, s.incident_id`,
		`INSERT INTO incident_features (id, format, body)
		SELECT f.id + c.k*` + stride + `, f.format, convert_to(regexp_replace(regexp_replace(convert_from(f.body, 'UTF8'),
				'^\{"id":"[0-9]+"', '{"id":"' || (f.id + c.k*` + stride + `) || '"'),
				'"coordinates":\[[^]]*\]', '"coordinates":[' || round((ST_X(i.geom) + c.dlon/1e6)::numeric, 6) || ',' ||
					round((ST_Y(i.geom) + c.dlat/1e6)::numeric, 6) || ']'), 'UTF8')
		FROM incident_features f JOIN incidents i ON i.id = f.id CROSS JOIN LATERAL ` + offsets + `
		WHERE f.id < ` + stride + ` ORDER BY c.k, f.id`,
	}
	steps = append(steps, defs...)
	steps = append(steps,
		`SELECT setval('incidents_id_seq', (SELECT max(id) FROM incidents))`,
		`RESET session_replication_role`,
		`VACUUM ANALYZE incidents`, `VACUUM ANALYZE incident_sources`, `VACUUM ANALYZE incident_features`)
	start := time.Now()
	for _, q := range steps {
		t := time.Now()
		var args []any
		if strings.Contains(q, "$1") {
			args = []any{k - 1}
		}
		if _, err := conn.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("copies: %.60s: %w", q, err)
		}
		log.Printf("postgres: %.60s… %v", strings.Join(strings.Fields(q), " "), time.Since(t).Round(time.Second))
	}
	log.Printf("postgres: filled by copies in %v", time.Since(start).Round(time.Second))
	return nil
}
