package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

const placesUsage = `usage:
  incidentmap places add [flags] --name-ar NAME --lat LAT --lon LON
  incidentmap places list [flags]
  incidentmap places remove [flags] ID
(incidentmap places SUBCOMMAND --help lists the flags)`

// places manages the local gazetteer layer, like POST/GET/DELETE /api/places.
func (e environment) places(args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, placesUsage)
		return errUsage
	}
	switch args[0] {
	case "add":
		return e.placesAdd(args[1:])
	case "list":
		return e.placesList(args[1:])
	case "remove":
		return e.placesRemove(args[1:])
	case "help", "--help", "-help", "-h":
		fmt.Fprintln(e.stdout, placesUsage)
		return errHelp
	}
	fmt.Fprintf(e.stderr, "incidentmap places: unknown subcommand %q\n%s\n", args[0], placesUsage)
	return errUsage
}

func (e environment) placesAdd(args []string) error {
	c := e.command("places add", "",
		"Add a place to the database's local gazetteer layer and reprocess the stored articles that name it.").withDB().withGazetteer()
	var p geo.Place
	var names, kind, lat, lon string
	c.fs.StringVar(&p.NameAr, "name-ar", "", "Arabic `name`")
	c.fs.StringVar(&p.Name, "name", "", "Latin `name`")
	c.fs.StringVar(&names, "names", "", "other spellings, comma-separated")
	c.fs.StringVar(&kind, "kind", string(geo.KindVillage), "kind of place")
	c.fs.StringVar(&p.CountryCode, "country", "", "ISO country `code`")
	c.fs.StringVar(&lat, "lat", "", "latitude")
	c.fs.StringVar(&lon, "lon", "", "longitude")
	if err := c.parse(args); err != nil {
		return err
	}
	if c.fs.NArg() != 0 {
		return c.fail("unexpected argument %q", c.fs.Arg(0))
	}
	if err := fillPlace(&p, names, kind, lat, lon); err != nil {
		return c.fail("%v", err)
	}
	st, layer, err := c.openStoreAndLayer(existing)
	if err != nil {
		return err
	}
	defer st.Close()
	added, err := layer.Add(e.ctx, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s\n", added.ID)
	return nil
}

func (e environment) placesList(args []string) error {
	c := e.command("places list", "", "List the local places: id, Arabic name, name, kind, lat,lon.").withDB()
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
	places, err := st.LocalPlaces(e.ctx)
	if err != nil {
		return err
	}
	for _, p := range places {
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\t%.5f,%.5f\n", p.ID, p.NameAr, p.Name, p.Kind, p.Point.Lat(), p.Point.Lon())
	}
	return nil
}

func (e environment) placesRemove(args []string) error {
	c := e.command("places remove", "ID",
		"Remove a local place (local:N, as places list shows) and reprocess the stored articles that named it.").withDB().withGazetteer()
	if err := c.parse(args); err != nil {
		return err
	}
	if c.fs.NArg() != 1 {
		return c.fail("want one ID")
	}
	st, layer, err := c.openStoreAndLayer(existing)
	if err != nil {
		return err
	}
	defer st.Close()
	return layer.Remove(e.ctx, c.fs.Arg(0))
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
