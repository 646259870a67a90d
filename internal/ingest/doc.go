// Package ingest reads news articles from files and folders and stores
// them: .txt files (the headline on the first line, the body after),
// .json files (one object or an array of them) and .jsonl files (one
// object a line), objects being {"title", "text", "url", "source",
// "published"} with published as YYYY-MM-DD or RFC 3339.
//
// A file, array item or line that cannot be read is reported and skipped;
// the rest go on.
package ingest
