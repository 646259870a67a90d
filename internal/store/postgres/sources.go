package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/riverqueue/river"

	"github.com/incidentmap/incidentmap/internal/store"
)

const sourceColumns = `s.id, s.url, s.name, s.every_s, s.added, s.etag, s.last_modified, s.next_poll,
	s.last_poll, s.last_success, s.last_error, s.failures, s.polls, s.poll_failures,
	(SELECT count(*) FROM items i WHERE i.source_id = s.id),
	(SELECT count(*) FROM items i WHERE i.source_id = s.id AND i.state = 'done'),
	(SELECT count(*) FROM items i WHERE i.source_id = s.id AND i.state = 'new'),
	(SELECT count(*) FROM items i WHERE i.source_id = s.id AND i.state = 'duplicate'),
	(SELECT count(*) FROM items i WHERE i.source_id = s.id AND i.state = 'skipped'),
	(SELECT count(*) FROM items i WHERE i.source_id = s.id AND i.state = 'failed'),
	(SELECT count(DISTINCT x.incident_id) FROM items i JOIN incident_sources x ON x.article_id = i.article_id
		WHERE i.source_id = s.id AND i.state = 'done')`

func scanSource(row pgx.Row) (store.Source, error) {
	var src store.Source
	var every int64
	var lastPoll, lastOK *time.Time
	err := row.Scan(&src.ID, &src.URL, &src.Name, &every, &src.Added, &src.ETag, &src.LastModified, &src.NextPoll,
		&lastPoll, &lastOK, &src.LastError, &src.Failures, &src.Polls, &src.PollFailures,
		&src.Items, &src.Articles, &src.Waiting, &src.Duplicates, &src.Skipped, &src.Failed, &src.Incidents)
	if err != nil {
		return src, err
	}
	src.Every = time.Duration(every) * time.Second
	src.Added, src.NextPoll = src.Added.UTC(), src.NextPoll.UTC()
	if lastPoll != nil {
		src.LastPoll = lastPoll.UTC()
	}
	if lastOK != nil {
		src.LastSuccess = lastOK.UTC()
	}
	return src, nil
}

// AddSource follows a feed, due at once; a URL followed already is
// store.ErrExists.
func (s *Store) AddSource(ctx context.Context, src store.Source) (store.Source, error) {
	now := s.now().UTC().Truncate(time.Second)
	var id int64
	err := s.pool.QueryRow(ctx, `INSERT INTO sources (url, name, every_s, added, next_poll) VALUES ($1, $2, $3, $4, $4)
		RETURNING id`, src.URL, src.Name, int64(src.Every/time.Second), now).Scan(&id)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return store.Source{}, fmt.Errorf("%w: source %s", store.ErrExists, src.URL)
	}
	if err != nil {
		return store.Source{}, fmt.Errorf("store: add source: %w", err)
	}
	return s.Source(ctx, id)
}

// Sources lists the sources with their state and counts, by id.
func (s *Store) Sources(ctx context.Context) ([]store.Source, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+sourceColumns+` FROM sources s ORDER BY s.id`)
	if err != nil {
		return nil, fmt.Errorf("store: sources: %w", err)
	}
	defer rows.Close()
	var out []store.Source
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("store: sources: %w", err)
		}
		out = append(out, src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: sources: %w", err)
	}
	return out, nil
}

// Source returns one source, or store.ErrNotFound.
func (s *Store) Source(ctx context.Context, id int64) (store.Source, error) {
	src, err := scanSource(s.pool.QueryRow(ctx, `SELECT `+sourceColumns+` FROM sources s WHERE s.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Source{}, fmt.Errorf("%w: source %d", store.ErrNotFound, id)
	}
	if err != nil {
		return store.Source{}, fmt.Errorf("store: source: %w", err)
	}
	return src, nil
}

// RemoveSource stops following a source and forgets its items; the
// articles stay.
func (s *Store) RemoveSource(ctx context.Context, id int64) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM sources WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("store: remove source: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%w: source %d", store.ErrNotFound, id)
	}
	return nil
}

// DueSources lists the sources due at now.
func (s *Store) DueSources(ctx context.Context, now time.Time) ([]int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT id FROM sources WHERE next_poll <= $1 ORDER BY next_poll`, now)
	if err != nil {
		return nil, fmt.Errorf("store: due sources: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("store: due sources: %w", err)
	}
	return ids, nil
}

// RecordPoll saves a poll and its new items, each with its fetch job,
// in one transaction. The source's row is locked first, so that two
// workers recording polls of one source take turns.
func (s *Store) RecordPoll(ctx context.Context, id int64, p store.Poll, items []store.FeedItem) (int, error) {
	fresh := 0
	at := p.At.UTC()
	err := s.writeTx(ctx, func(tx pgx.Tx) error {
		fresh = 0
		var tag pgconn.CommandTag
		var err error
		switch {
		case p.Err != "":
			tag, err = tx.Exec(ctx, `UPDATE sources SET last_poll = $1, last_error = $2, failures = failures + 1, polls = polls + 1,
				poll_failures = poll_failures + 1, next_poll = $3 WHERE id = $4`, at, p.Err, p.NextPoll, id)
		case p.NotModified:
			tag, err = tx.Exec(ctx, `UPDATE sources SET last_poll = $1, last_success = $1, last_error = '', failures = 0,
				polls = polls + 1, next_poll = $2 WHERE id = $3`, at, p.NextPoll, id)
		default:
			tag, err = tx.Exec(ctx, `UPDATE sources SET last_poll = $1, last_success = $1, last_error = '', failures = 0,
				polls = polls + 1, etag = $2, last_modified = $3, next_poll = $4 WHERE id = $5`, at, p.ETag, p.LastModified, p.NextPoll, id)
		}
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: source %d", store.ErrNotFound, id)
		}
		var jobs []river.InsertManyParams
		for _, it := range items {
			state, note := store.ItemNew, ""
			var article *int64
			var other *int64
			err := tx.QueryRow(ctx, `SELECT article_id FROM items WHERE url = $1 AND source_id <> $2
				AND state IN ('new', 'done', 'duplicate') ORDER BY id LIMIT 1`, it.URL, id).Scan(&other)
			switch {
			case err == nil:
				state, article, note = store.ItemDuplicate, other, "same URL as an item of another source"
			case !errors.Is(err, pgx.ErrNoRows):
				return err
			default:
				var aid int64
				err := tx.QueryRow(ctx, `SELECT id FROM articles WHERE url = $1 ORDER BY id LIMIT 1`, it.URL).Scan(&aid)
				if err == nil {
					state, article, note = store.ItemDuplicate, &aid, "article stored before"
				} else if !errors.Is(err, pgx.ErrNoRows) {
					return err
				}
			}
			var iid int64
			err = tx.QueryRow(ctx, `INSERT INTO items (source_id, key, url, title, published, seen, state, article_id, note)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (source_id, key) DO NOTHING RETURNING id`,
				id, it.Key, it.URL, it.Title, nullTime(it.Published), at, string(state), article, note).Scan(&iid)
			if errors.Is(err, pgx.ErrNoRows) {
				continue // seen before
			}
			if err != nil {
				return err
			}
			fresh++
			if state == store.ItemNew {
				jobs = append(jobs, river.InsertManyParams{Args: store.FetchArgs{ItemID: iid}})
			}
		}
		if len(jobs) > 0 {
			if _, err := s.jobs.InsertManyFastTx(ctx, tx, jobs); err != nil {
				return fmt.Errorf("enqueue fetches: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return 0, err
		}
		return 0, fmt.Errorf("store: record poll: %w", err)
	}
	return fresh, nil
}

const itemColumns = `id, source_id, key, url, title, published, state, coalesce(article_id, 0), note`

func scanItem(row pgx.Row) (store.Item, error) {
	var it store.Item
	var published *time.Time
	var state string
	if err := row.Scan(&it.ID, &it.SourceID, &it.Key, &it.URL, &it.Title, &published, &state, &it.ArticleID, &it.Note); err != nil {
		return it, err
	}
	it.State = store.ItemState(state)
	if published != nil {
		it.Published = published.UTC()
	}
	return it, nil
}

// Item returns one item, or store.ErrNotFound.
func (s *Store) Item(ctx context.Context, id int64) (store.Item, error) {
	it, err := scanItem(s.pool.QueryRow(ctx, `SELECT `+itemColumns+` FROM items WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return it, fmt.Errorf("%w: item %d", store.ErrNotFound, id)
	}
	if err != nil {
		return it, fmt.Errorf("store: item: %w", err)
	}
	return it, nil
}

// Items lists a source's items (every source's for 0), newest first.
func (s *Store) Items(ctx context.Context, source int64, limit int) ([]store.Item, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+itemColumns+` FROM items WHERE $1 = 0 OR source_id = $1 ORDER BY id DESC LIMIT $2`,
		source, limit)
	if err != nil {
		return nil, fmt.Errorf("store: items: %w", err)
	}
	defer rows.Close()
	var out []store.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, fmt.Errorf("store: items: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// FinishItem records what became of an item.
func (s *Store) FinishItem(ctx context.Context, id int64, state store.ItemState, article int64, note string) error {
	var a *int64
	if article > 0 {
		a = &article
	}
	if _, err := s.pool.Exec(ctx, `UPDATE items SET state = $1, article_id = $2, note = $3 WHERE id = $4`, string(state), a, note, id); err != nil {
		return fmt.Errorf("store: finish item: %w", err)
	}
	return nil
}

// ArticleByURL finds a stored article by its URL.
func (s *Store) ArticleByURL(ctx context.Context, url string) (int64, bool, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `SELECT id FROM articles WHERE url = $1 ORDER BY id LIMIT 1`, url).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: article by url: %w", err)
	}
	return id, true, nil
}

// NearDuplicate finds a stored article whose text is a near copy of
// text: candidates share a band of its signature, and the closest at
// store.NearDuplicateSimilarity or above wins.
func (s *Store) NearDuplicate(ctx context.Context, text string) (int64, bool, error) {
	sig := store.Sign(text)
	keys := sig.BandKeys()
	if len(keys) == 0 {
		return 0, false, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.minhash FROM articles a WHERE a.id IN
		(SELECT DISTINCT article_id FROM article_bands WHERE band_key = ANY($1) LIMIT 50)`, keys)
	if err != nil {
		return 0, false, fmt.Errorf("store: near duplicate: %w", err)
	}
	defer rows.Close()
	best, bestSim := int64(0), 0.0
	for rows.Next() {
		var id int64
		var b []byte
		if err := rows.Scan(&id, &b); err != nil {
			return 0, false, fmt.Errorf("store: near duplicate: %w", err)
		}
		if sim := sig.Similarity(store.SignatureFrom(b)); sim > bestSim || sim == bestSim && id < best {
			best, bestSim = id, sim
		}
	}
	if err := rows.Err(); err != nil {
		return 0, false, fmt.Errorf("store: near duplicate: %w", err)
	}
	return best, bestSim >= store.NearDuplicateSimilarity, nil
}

// RequeueItems gives a fresh fetch job to every item still to fetch
// whose job is not waiting on the queue.
func (s *Store) RequeueItems(ctx context.Context) (int, error) {
	n := 0
	err := s.writeTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT i.id FROM items i WHERE i.state = 'new' AND NOT EXISTS (
			SELECT 1 FROM river_job j WHERE j.kind = $1 AND j.state IN ('available', 'scheduled', 'retryable', 'pending')
			AND (j.args->>'item_id')::bigint = i.id) FOR UPDATE OF i SKIP LOCKED`, store.FetchArgs{}.Kind())
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil || len(ids) == 0 {
			n = 0
			return err
		}
		jobs := make([]river.InsertManyParams, len(ids))
		for i, id := range ids {
			jobs[i] = river.InsertManyParams{Args: store.FetchArgs{ItemID: id}}
		}
		n = len(ids)
		_, err = s.jobs.InsertManyFastTx(ctx, tx, jobs)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: requeue items: %w", err)
	}
	return n, nil
}
