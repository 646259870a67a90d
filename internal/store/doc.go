// Package store is the contract between incidentmap's consumers (the
// server, ingestion, the local gazetteer, the commands) and its storage
// engines: the types, errors and limits they share, the rules that do
// not depend on an engine (an article's identity, its checks, the search
// body, how reports of one incident merge), and Store, what every engine
// provides.
//
// Engines live in their own packages: store/sqlite (one file, the
// embedded default) and store/postgres (PostgreSQL with PostGIS, for
// several servers and workers on one database). store/engine opens the
// one a --db value names, and store/storetest is the conformance suite
// every engine passes.
//
// Articles are the durable truth: they are stored once, keyed by
// ContentHash of their title and text. Places, mentions, unresolved
// names, incidents and their sources are derived from the articles by a
// Processor and can be rebuilt at any time with Reprocess, so that a
// better geoparser or extractor reaches old articles too. An article and
// everything derived from it are written in one transaction.
package store
