package main

import (
	"errors"
	"flag"
	"fmt"
	"github.com/incidentmap/incidentmap/internal/store/engine"
	"time"

	"github.com/incidentmap/incidentmap/internal/config"
	"github.com/incidentmap/incidentmap/internal/store"
)

const migrateStoreUsage = "usage: incidentmap migrate-store --from FILE.db --to postgres://... [--gazetteer FILE]"

// migrateBatch is how many articles migrate-store reads at a time.
const migrateBatch = 256

// migrateStore copies a store into another, typically an SQLite file
// into PostgreSQL: the local places, then every article, oldest first.
// Articles and local places are the truth; everything derived is rebuilt
// in the destination by the pipeline, as reprocess would. Run again, it
// copies only what the destination lacks.
func (e environment) migrateStore(args []string) error {
	fs := flag.NewFlagSet("migrate-store", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	from := fs.String("from", "", "source database (`FILE` or URL); must exist")
	to := fs.String("to", "", "destination database (`URL` or FILE); created or brought up to date")
	gaz := addGazetteerFlags(fs)
	if err := config.Parse(fs, args, e.getenv); err != nil {
		return errUsage
	}
	if *from == "" || *to == "" || fs.NArg() != 0 {
		fmt.Fprintln(e.stderr, migrateStoreUsage)
		return errUsage
	}
	if *from == *to {
		return errors.New("--from and --to name the same database")
	}
	src, err := engine.Open(e.ctx, *from, engine.Options{MustExist: true})
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := engine.Open(e.ctx, *to, engine.Options{})
	if err != nil {
		return err
	}
	defer dst.Close()
	// Local places first, so that the pipeline resolves against them.
	have := map[string]bool{}
	existing, err := dst.LocalPlaces(e.ctx)
	if err != nil {
		return err
	}
	for _, p := range existing {
		have[placeKey(p.NameAr, p.Name, p.Point.Lon(), p.Point.Lat())] = true
	}
	local, err := src.LocalPlaces(e.ctx)
	if err != nil {
		return err
	}
	copied := 0
	for _, p := range local {
		if have[placeKey(p.NameAr, p.Name, p.Point.Lon(), p.Point.Lat())] {
			continue
		}
		p.ID = ""
		if _, err := dst.AddLocalPlace(e.ctx, p); err != nil {
			return fmt.Errorf("local place %s: %w", p.NameAr, err)
		}
		copied++
	}
	layer, err := e.openLayer(gaz, dst)
	if err != nil {
		return err
	}
	st, err := src.Stats(e.ctx)
	if err != nil {
		return err
	}
	var res struct{ articles, added, existed, failed int }
	last, after := time.Now(), ""
	for {
		batch, err := src.Articles(e.ctx, after, migrateBatch)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			break
		}
		for _, a := range batch {
			after = a.ID
			a.ID = ""
			r, err := dst.Ingest(e.ctx, a, layer)
			switch {
			case errors.Is(err, store.ErrInvalidArticle) || errors.Is(err, store.ErrProcess):
				res.failed++
				fmt.Fprintf(e.stderr, "incidentmap migrate-store: article %s: %v\n", after, err)
			case err != nil:
				return fmt.Errorf("article %s: %w", after, err)
			case r.Existed:
				res.existed++
			default:
				res.added++
			}
			res.articles++
		}
		if now := time.Now(); now.Sub(last) >= 5*time.Second {
			last = now
			fmt.Fprintf(e.stderr, "migrate-store: %d of %d articles\n", res.articles, st.Articles)
		}
	}
	fmt.Fprintf(e.stdout, "migrate-store: %d local places copied, %d articles: %d copied, %d already there, %d failed\n",
		copied, res.articles, res.added, res.existed, res.failed)
	if res.failed > 0 {
		return errReported
	}
	return nil
}

// placeKey tells a local place already copied.
func placeKey(nameAr, name string, lon, lat float64) string {
	return fmt.Sprintf("%s|%s|%.6f|%.6f", nameAr, name, lon, lat)
}
