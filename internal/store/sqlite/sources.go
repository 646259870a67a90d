package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

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

func scanSource(sc scanner) (store.Source, error) {
	var src store.Source
	var every int64
	var added, next string
	var lastPoll, lastOK sql.NullString
	err := sc.Scan(&src.ID, &src.URL, &src.Name, &every, &added, &src.ETag, &src.LastModified, &next,
		&lastPoll, &lastOK, &src.LastError, &src.Failures, &src.Polls, &src.PollFailures,
		&src.Items, &src.Articles, &src.Waiting, &src.Duplicates, &src.Skipped, &src.Failed, &src.Incidents)
	if err != nil {
		return src, err
	}
	src.Every = time.Duration(every) * time.Second
	src.Added, _ = time.Parse(timeLayout, added)
	src.NextPoll, _ = time.Parse(timeLayout, next)
	src.LastPoll, _ = parseTime(lastPoll)
	src.LastSuccess, _ = parseTime(lastOK)
	return src, nil
}

// AddSource follows a feed, due at once; a URL followed already is
// store.ErrExists.
func (s *Store) AddSource(ctx context.Context, src store.Source) (store.Source, error) {
	now := s.now().UTC().Format(timeLayout)
	var id int64
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sources WHERE url = ?`, src.URL).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%w: source %s", store.ErrExists, src.URL)
		}
		r, err := tx.ExecContext(ctx, `INSERT INTO sources (url, name, every_s, added, next_poll) VALUES (?, ?, ?, ?, ?)`,
			src.URL, src.Name, int64(src.Every/time.Second), now, now)
		if err != nil {
			return err
		}
		id, err = r.LastInsertId()
		return err
	})
	if err != nil {
		if errors.Is(err, store.ErrExists) {
			return store.Source{}, err
		}
		return store.Source{}, fmt.Errorf("store: add source: %w", err)
	}
	return s.Source(ctx, id)
}

// Sources lists the sources with their state and counts, by id.
func (s *Store) Sources(ctx context.Context) ([]store.Source, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+sourceColumns+` FROM sources s ORDER BY s.id`)
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
	src, err := scanSource(s.db.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM sources s WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
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
	var n int64
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `DELETE FROM sources WHERE id = ?`, id)
		if err != nil {
			return err
		}
		n, err = r.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("store: remove source: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("%w: source %d", store.ErrNotFound, id)
	}
	return nil
}

// DueSources lists the sources due at now.
func (s *Store) DueSources(ctx context.Context, now time.Time) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM sources WHERE next_poll <= ? ORDER BY next_poll`, now.UTC().Format(timeLayout))
	if err != nil {
		return nil, fmt.Errorf("store: due sources: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: due sources: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// RecordPoll saves a poll and its new items, each with its fetch job,
// in one transaction.
func (s *Store) RecordPoll(ctx context.Context, id int64, p store.Poll, items []store.FeedItem) (int, error) {
	fresh := 0
	at := p.At.UTC().Format(timeLayout)
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		fresh = 0
		var q string
		var args []any
		if p.Err != "" {
			q = `UPDATE sources SET last_poll = ?, last_error = ?, failures = failures + 1, polls = polls + 1,
				poll_failures = poll_failures + 1, next_poll = ? WHERE id = ?`
			args = []any{at, p.Err, p.NextPoll.UTC().Format(timeLayout), id}
		} else {
			q = `UPDATE sources SET last_poll = ?, last_success = ?, last_error = '', failures = 0, polls = polls + 1,
				etag = ?, last_modified = ?, next_poll = ? WHERE id = ?`
			args = []any{at, at, p.ETag, p.LastModified, p.NextPoll.UTC().Format(timeLayout), id}
			if p.NotModified {
				q = `UPDATE sources SET last_poll = ?, last_success = ?, last_error = '', failures = 0, polls = polls + 1,
					next_poll = ? WHERE id = ?`
				args = []any{at, at, p.NextPoll.UTC().Format(timeLayout), id}
			}
		}
		r, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: source %d", store.ErrNotFound, id)
		}
		var jobs []river.InsertManyParams
		for _, it := range items {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM items WHERE source_id = ? AND key = ?`, id, it.Key).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			state, article, note := store.ItemNew, sql.NullInt64{}, ""
			// The same page from another feed, or an article stored
			// from elsewhere: a duplicate, not fetched again.
			var other sql.NullInt64
			err := tx.QueryRowContext(ctx, `SELECT article_id FROM items WHERE url = ? AND source_id <> ? AND state IN ('new', 'done', 'duplicate')
				ORDER BY id LIMIT 1`, it.URL, id).Scan(&other)
			switch {
			case err == nil:
				state, article, note = store.ItemDuplicate, other, "same URL as an item of another source"
			case !errors.Is(err, sql.ErrNoRows):
				return err
			default:
				var aid int64
				err := tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE url = ? ORDER BY id LIMIT 1`, it.URL).Scan(&aid)
				if err == nil {
					state, article, note = store.ItemDuplicate, sql.NullInt64{Int64: aid, Valid: true}, "article stored before"
				} else if !errors.Is(err, sql.ErrNoRows) {
					return err
				}
			}
			r, err := tx.ExecContext(ctx, `INSERT INTO items (source_id, key, url, title, published, seen, state, article_id, note)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, it.Key, it.URL, it.Title, nullTime(it.Published), at, string(state), article, note)
			if err != nil {
				return err
			}
			fresh++
			if state == store.ItemNew {
				iid, err := r.LastInsertId()
				if err != nil {
					return err
				}
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

func scanItem(sc scanner) (store.Item, error) {
	var it store.Item
	var published sql.NullString
	var state string
	if err := sc.Scan(&it.ID, &it.SourceID, &it.Key, &it.URL, &it.Title, &published, &state, &it.ArticleID, &it.Note); err != nil {
		return it, err
	}
	it.State = store.ItemState(state)
	it.Published, _ = parseTime(published)
	return it, nil
}

// Item returns one item, or store.ErrNotFound.
func (s *Store) Item(ctx context.Context, id int64) (store.Item, error) {
	it, err := scanItem(s.db.QueryRowContext(ctx, `SELECT `+itemColumns+` FROM items WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return it, fmt.Errorf("%w: item %d", store.ErrNotFound, id)
	}
	if err != nil {
		return it, fmt.Errorf("store: item: %w", err)
	}
	return it, nil
}

// Items lists a source's items (every source's for 0), newest first.
func (s *Store) Items(ctx context.Context, source int64, limit int) ([]store.Item, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+itemColumns+` FROM items WHERE ? = 0 OR source_id = ? ORDER BY id DESC LIMIT ?`,
		source, source, limit)
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
	a := sql.NullInt64{Int64: article, Valid: article > 0}
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE items SET state = ?, article_id = ?, note = ? WHERE id = ?`, string(state), a, note, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: finish item: %w", err)
	}
	return nil
}

// ArticleByURL finds a stored article by its URL.
func (s *Store) ArticleByURL(ctx context.Context, url string) (int64, bool, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM articles WHERE url = ? ORDER BY id LIMIT 1`, url).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
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
	ph := strings.TrimSuffix(strings.Repeat("?,", len(keys)), ",")
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.minhash FROM articles a WHERE a.id IN
		(SELECT DISTINCT article_id FROM article_bands WHERE band_key IN (`+ph+`) LIMIT 50)`, args...)
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
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT i.id FROM items i WHERE i.state = 'new' AND NOT EXISTS (
			SELECT 1 FROM queue.river_job j WHERE j.kind = ? AND j.state IN ('available', 'scheduled', 'retryable', 'pending')
			AND json_extract(j.args, '$.item_id') = i.id)`, store.FetchArgs{}.Kind())
		if err != nil {
			return err
		}
		var jobs []river.InsertManyParams
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			jobs = append(jobs, river.InsertManyParams{Args: store.FetchArgs{ItemID: id}})
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(jobs) == 0 {
			return err
		}
		n = len(jobs)
		_, err = s.jobs.InsertManyFastTx(ctx, tx, jobs)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: requeue items: %w", err)
	}
	return n, nil
}
