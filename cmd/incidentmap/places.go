package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/config"
	"github.com/paulmach/orb"
)

const placesUsage = `usage:
  incidentmap places add [--db FILE] --name-ar NAME [--name NAME] [--names A,B] [--kind village] [--country SY] --lat LAT --lon LON
  incidentmap places list [--db FILE]
  incidentmap places remove [--db FILE] ID`

// places manages the local gazetteer layer, like POST/GET/DELETE /api/places.
func (e environment) places(args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, placesUsage)
		return errUsage
	}
	fs := flag.NewFlagSet("places "+args[0], flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	db := fs.String("db", defaultDB, "database `file`")
	gaz := addGazetteerFlags(fs)
	var p geo.Place
	var names, kind, lat, lon string
	if args[0] == "add" {
		fs.StringVar(&p.NameAr, "name-ar", "", "Arabic `name`")
		fs.StringVar(&p.Name, "name", "", "Latin `name`")
		fs.StringVar(&names, "names", "", "other spellings, comma-separated")
		fs.StringVar(&kind, "kind", string(geo.KindVillage), "kind of place")
		fs.StringVar(&p.CountryCode, "country", "", "ISO country `code`")
		fs.StringVar(&lat, "lat", "", "latitude")
		fs.StringVar(&lon, "lon", "", "longitude")
	}
	if err := config.Parse(fs, args[1:], e.getenv); err != nil {
		return errUsage
	}
	st, err := e.openDB(*db, args[0] == "list")
	if err != nil {
		return err
	}
	defer st.Close()
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	switch args[0] {
	case "list":
		places, err := st.LocalPlaces(e.ctx)
		if err != nil {
			return err
		}
		for _, p := range places {
			fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\t%.5f,%.5f\n", p.ID, p.NameAr, p.Name, p.Kind, p.Point.Lat(), p.Point.Lon())
		}
		return nil
	case "add":
		if err := fillPlace(&p, names, kind, lat, lon); err != nil {
			fmt.Fprintf(e.stderr, "incidentmap places add: %v\n%s\n", err, placesUsage)
			return errUsage
		}
		layer, err := e.openLayer(gaz, st)
		if err != nil {
			return err
		}
		added, err := layer.Add(e.ctx, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s\n", added.ID)
		return nil
	case "remove":
		if fs.NArg() != 1 {
			fmt.Fprintln(e.stderr, placesUsage)
			return errUsage
		}
		layer, err := e.openLayer(gaz, st)
		if err != nil {
			return err
		}
		return layer.Remove(e.ctx, fs.Arg(0))
	}
	fmt.Fprintln(e.stderr, placesUsage)
	return errUsage
}

func fillPlace(p *geo.Place, names, kind, lat, lon string) error {
	if strings.TrimSpace(p.NameAr) == "" && strings.TrimSpace(p.Name) == "" {
		return fmt.Errorf("need --name-ar or --name")
	}
	p.Kind = geo.Kind(kind)
	if !p.Kind.Valid() {
		return fmt.Errorf("--kind %q is not a kind of place", kind)
	}
	if names != "" {
		for _, n := range strings.Split(names, ",") {
			if n = strings.TrimSpace(n); n != "" {
				p.Names = append(p.Names, n)
			}
		}
	}
	la, err1 := strconv.ParseFloat(lat, 64)
	lo, err2 := strconv.ParseFloat(lon, 64)
	if err1 != nil || err2 != nil || la < -90 || la > 90 || lo < -180 || lo > 180 {
		return fmt.Errorf("need --lat in [-90, 90] and --lon in [-180, 180]")
	}
	p.Point = orb.Point{lo, la}
	p.CountryCode = strings.ToUpper(p.CountryCode)
	return nil
}
