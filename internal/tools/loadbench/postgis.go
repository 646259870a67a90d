package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// The PostGIS stand-in: tiles drawn by PostgreSQL itself, one SQL
// statement per request with ST_AsMVT, the way pg_tileserv serves them,
// with incidentmap's clustering rule (a 16×16 grid of clusters with
// their count and commonest sub-event type below zoom 8 and in tiles of
// more than 2,000 incidents, the incidents one by one otherwise, a
// buffer of 1/64 tile). It is what "tiles drawn by PostGIS" would cost,
// side by side with the in-memory index on the same database.

// postgisTileSQL draws tile ($1, $2, $3) of the incidents dated up to $4
// (NULL: every incident).
const postgisTileSQL = `
WITH env AS (
	SELECT ST_TileEnvelope($1, $2, $3) AS e, ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 1.0/64), 4326) AS b
), m AS (
	SELECT i.id, i.event_type, i.sub_event_type, i.date, i.place_text, i.place_name, i.place_name_ar,
		i.actor1, i.actor2, i.killed, i.injured, i.confidence, i.geo_precision, i.is_primary,
		ST_Transform(i.geom, 3857) AS g
	FROM incidents i, env
	WHERE i.geom && env.b AND ($4::date IS NULL OR i.date <= $4::date)
), inside AS (
	SELECT m.* FROM m, env WHERE ST_Intersects(m.g, env.e)
), n AS (SELECT count(*) AS c FROM inside),
cells AS (
	SELECT count(*) AS count, ST_Centroid(ST_Collect(g)) AS g,
		mode() WITHIN GROUP (ORDER BY sub_event_type) AS sub_event_type, min(id) AS one
	FROM inside, env
	GROUP BY floor((ST_X(g) - ST_XMin(env.e)) / (ST_XMax(env.e) - ST_XMin(env.e)) * 16),
		floor((ST_YMax(env.e) - ST_Y(g)) / (ST_YMax(env.e) - ST_YMin(env.e)) * 16)
), feats AS (
	SELECT ST_AsMVTGeom(c.g, env.e) AS geom, c.count, true AS cluster, c.sub_event_type,
		NULL::text AS id, NULL::text AS event_type, NULL::text AS date, NULL::text AS place,
		NULL::text AS actor1, NULL::text AS actor2, NULL::int AS killed
	FROM cells c, env, n WHERE $1 < 8 OR n.c > 2000
	UNION ALL
	SELECT ST_AsMVTGeom(m.g, env.e), 1, false, m.sub_event_type, m.id::text, m.event_type, m.date::text,
		m.place_text, m.actor1, m.actor2, m.killed
	FROM m, env, n WHERE $1 >= 8 AND n.c <= 2000
)
SELECT ST_AsMVT(feats, 'incidents', 4096, 'geom') FROM feats`

// postgisServer serves /tiles/incidents/{z}/{x}/{y}.mvt[?datetime=../D]
// from dsn until ctx ends, on a loopback port.
func postgisServer(ctx context.Context, dsn string, conns int32) (string, func(), error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return "", nil, err
	}
	cfg.MaxConns = conns
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return "", nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tiles/incidents/{z}/{x}/{y}", func(w http.ResponseWriter, r *http.Request) {
		z, err1 := strconv.Atoi(r.PathValue("z"))
		x, err2 := strconv.Atoi(r.PathValue("x"))
		y, err3 := strconv.Atoi(strings.TrimSuffix(r.PathValue("y"), ".mvt"))
		if err1 != nil || err2 != nil || err3 != nil {
			http.Error(w, "bad tile", http.StatusBadRequest)
			return
		}
		var to *time.Time
		if dt := r.URL.Query().Get("datetime"); dt != "" {
			_, end, _ := strings.Cut(dt, "/")
			t, err := time.Parse(time.DateOnly, end)
			if err != nil {
				http.Error(w, "bad datetime", http.StatusBadRequest)
				return
			}
			to = &t
		}
		var mvt []byte
		if err := pool.QueryRow(r.Context(), postgisTileSQL, z, x, y, to).Scan(&mvt); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.mapbox-vector-tile")
		_, _ = w.Write(mvt)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		pool.Close()
		return "", nil, err
	}
	hs := &http.Server{Handler: mux}
	go func() { _ = hs.Serve(ln) }()
	return fmt.Sprintf("http://%s", ln.Addr()), func() {
		_ = hs.Close()
		pool.Close()
	}, nil
}
