package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/incidentmap/incidentmap/internal/follow"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/engine"
)

const sourcesUsage = `usage:
  incidentmap sources add [--db FILE] [--name NAME] [--every DURATION] URL
  incidentmap sources list [--db FILE]
  incidentmap sources remove [--db FILE] ID
  incidentmap sources import [--db FILE] FILE     (one URL a line, optionally a name after it, or OPML)
(incidentmap sources SUBCOMMAND --help lists the flags)`

// sources manages the feeds followed, like GET/POST/DELETE /api/sources.
func (e environment) sources(args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, sourcesUsage)
		return errUsage
	}
	switch args[0] {
	case "add":
		return e.sourcesAdd(args[1:])
	case "list":
		return e.sourcesList(args[1:])
	case "remove":
		return e.sourcesRemove(args[1:])
	case "import":
		return e.sourcesImport(args[1:])
	case "help", "--help", "-help", "-h":
		fmt.Fprintln(e.stdout, sourcesUsage)
		return errHelp
	}
	fmt.Fprintf(e.stderr, "incidentmap sources: unknown subcommand %q\n%s\n", args[0], sourcesUsage)
	return errUsage
}

func (e environment) sourcesAdd(args []string) error {
	c := e.command("sources add", "URL",
		"Follow a feed (RSS 2.0, Atom or RDF): serve and follow poll it. The database is created when missing.").withDB()
	name := c.fs.String("name", "", "the outlet's `name` (default: the feed's host)")
	every := c.fs.Duration("every", 0, "poll this source every `duration` (default: --poll-interval of serve and follow)")
	if err := c.parse(args); err != nil {
		return err
	}
	if c.fs.NArg() != 1 {
		return c.fail("want one URL")
	}
	u, err := follow.CheckURL(c.fs.Arg(0))
	if err != nil {
		return c.fail("%v", err)
	}
	// The bounds of POST /api/sources.
	if *every != 0 && (*every < time.Minute || *every > 7*24*time.Hour) {
		return c.fail("--every %v: from 1m to 168h", *every)
	}
	st, err := c.openStore(create)
	if err != nil {
		return err
	}
	defer st.Close()
	src, err := st.AddSource(e.ctx, store.Source{URL: u, Name: *name, Every: *every})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d\t%s\n", src.ID, src.URL)
	return nil
}

func (e environment) sourcesList(args []string) error {
	c := e.command("sources list", "",
		"List the sources: id, URL, name, items seen, articles ingested, incidents, last success, next poll, last error.").withDB()
	if err := c.parse(args); err != nil {
		return err
	}
	if c.fs.NArg() != 0 {
		return c.fail("unexpected argument %q", c.fs.Arg(0))
	}
	st, err := c.openStore(existing)
	if err != nil {
		return err
	}
	defer st.Close()
	srcs, err := st.Sources(e.ctx)
	if err != nil {
		return err
	}
	when := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.UTC().Format(time.RFC3339)
	}
	for _, s := range srcs {
		fmt.Fprintf(e.stdout, "%d\t%s\t%s\t%d items\t%d articles\t%d incidents\tok %s\tnext %s\t%s\n",
			s.ID, s.URL, s.Name, s.Items, s.Articles, s.Incidents, when(s.LastSuccess), when(s.NextPoll), s.LastError)
	}
	return nil
}

func (e environment) sourcesRemove(args []string) error {
	c := e.command("sources remove", "ID", "Stop following a source (its articles stay).").withDB()
	if err := c.parse(args); err != nil {
		return err
	}
	if c.fs.NArg() != 1 {
		return c.fail("want one ID")
	}
	id, err := strconv.ParseInt(c.fs.Arg(0), 10, 64)
	if err != nil || id <= 0 {
		return c.fail("ID %q: want a source id as sources list shows", c.fs.Arg(0))
	}
	st, err := c.openStore(existing)
	if err != nil {
		return err
	}
	defer st.Close()
	return st.RemoveSource(e.ctx, id)
}

func (e environment) sourcesImport(args []string) error {
	c := e.command("sources import", "FILE",
		"Follow every feed of FILE: one URL a line (a name may follow it; # starts a comment) or OPML, as feed readers\n"+
			"export. Feeds followed already are left as they are. The database is created when missing.").withDB()
	if err := c.parse(args); err != nil {
		return err
	}
	if c.fs.NArg() != 1 {
		return c.fail("want one FILE")
	}
	data, err := os.ReadFile(c.fs.Arg(0))
	if err != nil {
		return err
	}
	entries, err := follow.ParseSources(data)
	if err != nil {
		return fmt.Errorf("%s: %w", c.fs.Arg(0), err)
	}
	st, err := c.openStore(create)
	if err != nil {
		return err
	}
	defer st.Close()
	added, had := 0, 0
	for _, en := range entries {
		_, err := st.AddSource(e.ctx, store.Source{URL: en.URL, Name: en.Name})
		switch {
		case errors.Is(err, store.ErrExists):
			had++
		case err != nil:
			return err
		default:
			added++
		}
	}
	fmt.Fprintf(e.stdout, "sources import: %d added, %d followed already\n", added, had)
	return nil
}

// follow polls the sources and ingests their items, without the server.
func (e environment) follow(args []string) error {
	c := e.command("follow", "",
		"Follow the sources (sources add) without the HTTP server: poll each on its schedule, fetch new items' pages and\n"+
			"ingest them, and finish any work the queue holds. Stops on SIGINT or SIGTERM; work in flight is resumed by\n"+
			"the next follow or serve.").withDB().withGazetteer()
	interval := c.fs.Duration("poll-interval", follow.DefaultInterval, "poll each source every `duration` unless it sets its own")
	if err := c.parse(args); err != nil {
		return err
	}
	if c.fs.NArg() != 0 {
		return c.fail("unexpected argument %q", c.fs.Arg(0))
	}
	if *interval < 10*time.Second {
		return c.fail("--poll-interval %v: at least 10s", *interval)
	}
	st, layer, err := c.openStoreAndLayer(create)
	if err != nil {
		return err
	}
	defer st.Close()
	log := newLogger(e.stderr)
	go layer.Watch(e.ctx, 2*time.Second, func(err error) { log.Warn("gazetteer reload", "err", err) })
	if wt, ok := st.(engine.WALTrimmer); ok {
		go wt.TrimWAL(e.ctx, engine.WALTrimInterval, func(err error) { log.Warn("trimming the write-ahead log", "err", err) })
	}
	fl := follow.New(st, layer, follow.Options{Interval: *interval, Logger: log})
	opts := fl.WorkOptions()
	opts.Started = func() { log.Info("following", "db", st.Name(), "poll_interval", *interval) }
	if err := st.Work(e.ctx, layer, opts); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}
