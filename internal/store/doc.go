// Package store keeps articles and what the pipeline derives from them in
// one SQLite file (modernc.org/sqlite, pure Go).
//
// Articles are the durable truth: they are stored once, keyed by a hash of
// their normalised title and text. Places, mentions, unresolved names,
// incidents and their sources are derived from the articles by a
// Processor and can be rebuilt at any time with Reprocess, so that a
// better geoparser or extractor reaches old articles too.
//
// Crash safety: the database runs in WAL mode and every article is
// ingested in one transaction together with everything derived from it.
// With synchronous=FULL (the default) the WAL is synced at every commit,
// so an acknowledged article survives a process kill and a power loss;
// Options.SyncNormal syncs only at checkpoints, which still survives a
// process kill (the commit is in the OS page cache) but may lose the
// last commits on power loss. The file is never left inconsistent.
package store
