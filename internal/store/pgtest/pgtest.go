// Package pgtest starts a throwaway PostgreSQL cluster for tests: initdb
// and pg_ctl in a temporary directory, listening on a loopback port,
// with fsync off (nothing in it is worth keeping). Each test gets a
// fresh database of its own. Tests that need PostgreSQL skip when its
// binaries are missing, unless INCIDENTMAP_TEST_REQUIRE_POSTGRES is set
// (CI sets it); INCIDENTMAP_TEST_POSTGRES names a running server to use
// instead (a postgres:// URL of a role that may create databases).
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Environment variables the package reads.
const (
	// EnvURL names a running server to use instead of starting one.
	EnvURL = "INCIDENTMAP_TEST_POSTGRES"
	// EnvRequire makes a missing PostgreSQL a failure instead of a skip.
	EnvRequire = "INCIDENTMAP_TEST_REQUIRE_POSTGRES"
)

// ErrUnavailable: no PostgreSQL binaries on this machine.
var ErrUnavailable = errors.New("pgtest: PostgreSQL 15 binaries not found (apt-get install postgresql-15-postgis-3)")

// Cluster is a running server tests make databases in.
type Cluster struct {
	// URL is the admin connection, to the postgres database.
	URL  string
	dir  string
	bin  string
	sudo []string // runs the server's programs as its owner
	n    atomic.Int64
	err  error
	// template has PostGIS installed: creating the extension takes
	// seconds, copying a database that has it milliseconds.
	template sync.Once
	tmplErr  error
}

// templateName is the database fresh ones are copied from.
const templateName = "incidentmap_template"

func (c *Cluster) makeTemplate(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, c.URL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, templateName).Scan(&exists); err != nil || exists {
		return err
	}
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+templateName); err != nil {
		return err
	}
	u, _ := url.Parse(c.URL)
	u.Path = "/" + templateName
	tc, err := pgx.Connect(ctx, u.String())
	if err != nil {
		return err
	}
	defer tc.Close(ctx)
	_, err = tc.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS postgis`)
	return err
}

// binDir finds PostgreSQL 15's programs.
func binDir() (string, error) {
	for _, dir := range []string{os.Getenv("PG_BINDIR"), "/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"} {
		if dir == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", ErrUnavailable
}

// Start starts a cluster, or connects to the one EnvURL names. Stop it
// with Stop. Its error, if any, is also kept for Database, so that a
// TestMain can start it unconditionally and let each test skip or fail.
func Start() *Cluster {
	c := &Cluster{}
	if u := os.Getenv(EnvURL); u != "" {
		c.URL = u
		return c
	}
	c.err = c.start()
	return c
}

func (c *Cluster) start() error {
	bin, err := binDir()
	if err != nil {
		return err
	}
	c.bin = bin
	dir, err := os.MkdirTemp("", "incidentmap-pg-")
	if err != nil {
		return err
	}
	c.dir = dir
	// initdb refuses to run as root: run the server as the postgres
	// user Debian's package creates.
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("pgtest: running as root and no postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return err
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			return err
		}
		c.sudo = []string{"runuser", "-u", "postgres", "--"}
	}
	data := filepath.Join(dir, "data")
	if out, err := c.run(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
		return fmt.Errorf("pgtest: initdb: %v\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -c port=%d -c unix_socket_directories=%s -c fsync=off "+
		"-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=128MB", port, dir)
	if out, err := c.run(filepath.Join(bin, "pg_ctl"), "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		return fmt.Errorf("pgtest: pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	c.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	return nil
}

func (c *Cluster) run(name string, args ...string) ([]byte, error) {
	argv := append(append(append([]string(nil), c.sudo...), name), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = os.TempDir()
	return cmd.CombinedOutput()
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Stop stops the cluster it started and removes its files.
func (c *Cluster) Stop() {
	if c == nil || c.dir == "" {
		return
	}
	if c.err == nil {
		_, _ = c.run(filepath.Join(c.bin, "pg_ctl"), "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
	}
	os.RemoveAll(c.dir)
}

// Database creates a fresh database for t and returns its URL; it is
// dropped when t ends. Without PostgreSQL the test is skipped, or fails
// when EnvRequire is set.
func (c *Cluster) Database(t testing.TB) string {
	t.Helper()
	c.SkipUnavailable(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dsn, drop, err := c.NewDatabase(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return dsn
}

// SkipUnavailable skips t when there is no PostgreSQL (fails it when
// EnvRequire is set, or when the cluster failed to start).
func (c *Cluster) SkipUnavailable(t testing.TB) {
	t.Helper()
	if c != nil && c.err == nil {
		return
	}
	err := ErrUnavailable
	if c != nil {
		err = c.err
	}
	if os.Getenv(EnvRequire) != "" || !errors.Is(err, ErrUnavailable) {
		t.Fatal(err)
	}
	t.Skip(err)
}

// NewDatabase creates a fresh database with PostGIS and returns its URL
// and the function that drops it: for a database that outlives one
// test (the cluster's end removes it anyway).
func (c *Cluster) NewDatabase(ctx context.Context) (string, func(), error) {
	if c == nil || c.err != nil {
		if c == nil {
			return "", nil, ErrUnavailable
		}
		return "", nil, c.err
	}
	name := fmt.Sprintf("t%d_%d", os.Getpid(), c.n.Add(1))
	c.template.Do(func() { c.tmplErr = c.makeTemplate(ctx) })
	if c.tmplErr != nil {
		return "", nil, fmt.Errorf("pgtest: template database: %w", c.tmplErr)
	}
	conn, err := pgx.Connect(ctx, c.URL)
	if err != nil {
		return "", nil, err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE `+templateName); err != nil {
		return "", nil, err
	}
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, c.URL)
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		_, _ = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	}
	u, _ := url.Parse(c.URL)
	u.Path = "/" + name
	return u.String(), drop, nil
}

// Main runs a package's tests with a cluster started for them and
// stopped after; the crash test's children reuse their parent's through
// EnvURL. Use it from TestMain: os.Exit(pgtest.Main(m, &cluster)).
func Main(m *testing.M, c **Cluster) int {
	if os.Getenv("INCIDENTMAP_STORE_CRASH_DSN") != "" {
		return m.Run() // a crash test's child: its parent's database is given
	}
	*c = Start()
	code := m.Run()
	(*c).Stop()
	return code
}

// Dump returns the cluster's server log, for a failing test to show.
func (c *Cluster) Dump() string {
	if c == nil || c.dir == "" {
		return ""
	}
	b, _ := os.ReadFile(filepath.Join(c.dir, "log"))
	return strings.TrimSpace(string(b))
}
