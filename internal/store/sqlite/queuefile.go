package sqlite

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strconv"
)

// The queue's own file. River's tables live in a second database file,
// PATH-queue beside PATH, attached to every connection as the schema
// "queue" (river's SQLite driver takes an attached database as its
// schema). Why: river commits every few seconds even when there is no
// work (its leader election renews a lease), and in WAL mode any commit
// to a file makes every other connection on that file empty its page
// cache and unmap its memory map at its next read. With the queue in
// the store's file, every reader of items pages refaulted the pages it
// needed after each lease renewal; commits to the queue file leave the
// store file's readers alone.
//
// What it costs: a transaction writing both files (an article and its
// processing job; derived rows and the job's completion) is atomic in
// each file but not over both, as SQLite's WAL mode does not make a
// transaction over attached files atomic. SQLite commits the main file
// first, so a crash in between leaves either an article whose job is
// missing, which Work's first pass (ProcessPending, at every worker's
// start) processes, or a job whose article is already done, which a
// worker completes without change. Nothing acknowledged is lost.
const queueSchema = "queue"

// QueuePath is the queue file of the store at path.
func QueuePath(path string) string { return path + "-queue" }

// queuePragmas set the queue file's journal. Its commits are not synced
// (synchronous=NORMAL whatever the store's level): a commit survives a
// process crash all the same (it is in the OS's page cache), and what
// a power loss could take from the queue is rebuilt by every process's
// start after it (the articles' processing, by ProcessPending; the
// items to fetch, by RequeueItems; polls, by their schedule). So
// enqueuing costs no sync beside the store's own.
func queuePragmas() []string {
	return []string{
		"PRAGMA " + queueSchema + ".journal_mode = WAL",
		"PRAGMA " + queueSchema + ".synchronous = NORMAL",
		"PRAGMA " + queueSchema + ".journal_size_limit = " + strconv.Itoa(walLimit),
	}
}

// queueAttacher opens the store's connections with the queue file
// attached (SQLite's ATTACH is per connection, and the pool opens
// connections as it needs them).
type queueAttacher struct {
	driver.Connector
	path    string
	pragmas []string
}

// Connect opens a connection and attaches the queue file to it.
func (a queueAttacher) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := a.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	ex, ok := conn.(driver.ExecerContext)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("attach queue: the driver's connection cannot execute statements")
	}
	if _, err := ex.ExecContext(ctx, "ATTACH DATABASE ? AS "+queueSchema, []driver.NamedValue{{Ordinal: 1, Value: a.path}}); err != nil {
		conn.Close()
		return nil, fmt.Errorf("attach queue %s: %w", a.path, err)
	}
	for _, p := range a.pragmas {
		if _, err := ex.ExecContext(ctx, p, nil); err != nil {
			conn.Close()
			return nil, fmt.Errorf("queue file %s: %s: %w", a.path, p, err)
		}
	}
	return conn, nil
}
