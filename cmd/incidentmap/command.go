package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/incidentmap/incidentmap/internal/config"
	"github.com/incidentmap/incidentmap/internal/localgaz"
	"github.com/incidentmap/incidentmap/internal/store"
	"github.com/incidentmap/incidentmap/internal/store/engine"
)

// command is one subcommand: its flags, the positional arguments it
// takes, and the database and gazetteer it opens. Every subcommand
// parses its flags and opens its store through here.
type command struct {
	e    environment
	name string // "ingest", "places add"
	// args is the synopsis of the positional arguments ("PATH...").
	args string
	// about says what the command does, under the usage line.
	about string
	fs    *flag.FlagSet
	db    *string
	gaz   gazetteerFlags
	// laterChecks opens the store without its slow checks, which the
	// command runs itself (serve).
	laterChecks bool
}

// command starts a subcommand's flag set.
func (e environment) command(name, args, about string) *command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse reports errors itself
	return &command{e: e, name: name, args: args, about: about, fs: fs}
}

// withDB adds --db.
func (c *command) withDB() *command {
	c.db = c.fs.String("db", defaultDB, "database `file`")
	return c
}

// withGazetteer adds --gazetteer and --coverage.
func (c *command) withGazetteer() *command {
	c.gaz = addGazetteerFlags(c.fs)
	return c
}

// synopsis is the usage line.
func (c *command) synopsis() string {
	s := "usage: incidentmap " + c.name + " [flags]"
	if c.args != "" {
		s += " " + c.args
	}
	return s
}

// usage writes the usage line, what the command does and its flags.
func (c *command) usage(w io.Writer) {
	fmt.Fprintln(w, c.synopsis())
	if c.about != "" {
		fmt.Fprintf(w, "\n%s\n", c.about)
	}
	n := 0
	c.fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintf(w, "\nflags (each falls back to the environment variable %sNAME, e.g. --db to %s):\n", config.EnvPrefix, config.EnvName("db"))
	c.fs.SetOutput(w)
	c.fs.PrintDefaults()
	c.fs.SetOutput(io.Discard)
}

// parse reads the flags from args and the environment. --help prints
// the usage on stdout and returns errHelp (exit 0); a flag or variable
// that is wrong is reported, named with why, and gives errUsage.
func (c *command) parse(args []string) error {
	err := config.Parse(c.fs, args, c.e.getenv)
	if errors.Is(err, flag.ErrHelp) {
		c.usage(c.e.stdout)
		return errHelp
	}
	if err != nil {
		return c.fail("%v", err)
	}
	return nil
}

// fail reports a usage mistake with the usage line and returns
// errUsage (exit 2).
func (c *command) fail(format string, args ...any) error {
	fmt.Fprintf(c.e.stderr, "incidentmap %s: %s\n%s\n(incidentmap %s --help lists the flags)\n",
		c.name, fmt.Sprintf(format, args...), c.synopsis(), c.name)
	return errUsage
}

// openMode says whether a command may create the database.
type openMode int

const (
	// existing refuses a database that does not exist: a command that
	// reads (or edits) one given by mistake must not create it empty.
	existing openMode = iota
	// create makes the database when it does not exist (ingest, serve).
	create
)

// errNoDatabase: --db names no database, for a command that needs one.
var errNoDatabase = errors.New("no such database")

// openStore opens the --db database: the one place a command opens a
// store, so that the choice of engine has one home (store/engine: a
// postgres:// URL is PostgreSQL, anything else an SQLite file).
func (c *command) openStore(mode openMode) (store.Store, error) {
	path := *c.db
	if mode == existing && !engine.IsPostgres(path) {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s (give --db or %s the database that ingest or serve created)", errNoDatabase, path, config.EnvName("db"))
		}
	}
	return engine.Open(c.e.ctx, path, engine.Options{MustExist: mode == existing, LaterChecks: c.laterChecks})
}

// openLayer builds the gazetteer a command over a database resolves
// against: the base (embedded or --gazetteer) plus the database's local
// places.
func (c *command) openLayer(st store.Store) (*localgaz.Layer, error) {
	return c.e.openLayer(c.gaz, st)
}

// openStoreAndLayer opens the database and the gazetteer layer over it;
// the caller closes the store.
func (c *command) openStoreAndLayer(mode openMode) (store.Store, *localgaz.Layer, error) {
	st, err := c.openStore(mode)
	if err != nil {
		return nil, nil, err
	}
	layer, err := c.openLayer(st)
	if err != nil {
		_ = st.Close()
		return nil, nil, err
	}
	return st, layer, nil
}
