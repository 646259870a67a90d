// Command pgscratch runs a throwaway PostgreSQL cluster (as the Go tests
// do, internal/store/pgtest) for tests written in other languages: the
// web map's end-to-end tests run the server on it. Each line read on
// standard input asks for a fresh database with PostGIS, whose URL is
// printed on a line of standard output; at the end of input the cluster
// is stopped and its files removed. Without PostgreSQL it prints
// "unavailable: REASON" and exits 3.
//
//	go run ./internal/tools/pgscratch
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/incidentmap/incidentmap/internal/store/pgtest"
)

func main() {
	c := pgtest.Start()
	defer c.Stop()
	// A signal stops the cluster as the end of input does.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		c.Stop()
		os.Exit(1)
	}()
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		dsn, _, err := c.NewDatabase(ctx)
		cancel()
		if errors.Is(err, pgtest.ErrUnavailable) {
			fmt.Printf("unavailable: %v\n", err)
			c.Stop()
			os.Exit(3)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "pgscratch:", err)
			c.Stop()
			os.Exit(1)
		}
		fmt.Println(dsn)
	}
}
