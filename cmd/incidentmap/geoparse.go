package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/incidentmap/incidentmap/internal/ingest"
)

func (e environment) geoparse(args []string) error {
	c := e.command("geoparse", "FILE...",
		"Print the places each article names as GeoJSON (or its incidents with --incidents); nothing is stored.\n"+
			"FILE is UTF-8 text, the headline on the first line; - reads standard input.").withGazetteer()
	published := c.fs.String("published", "", "publication `date` of the articles (YYYY-MM-DD or RFC 3339)")
	jsonl := c.fs.Bool("jsonl", false, "write one FeatureCollection per line instead of a JSON array")
	incidents := c.fs.Bool("incidents", false, "write the incidents of each article instead of its places (nothing is stored)")
	if err := c.parse(args); err != nil {
		return err
	}
	fs, gaz := c.fs, c.gaz
	if fs.NArg() == 0 {
		return c.fail("no FILE to read (- reads standard input)")
	}
	pub, err := ingest.ParseDate(*published) // as ingest --published reads it
	if err != nil {
		return c.fail("--published: %v", err)
	}
	// Read and check every input first, so a bad file yields an error and
	// no partial output.
	texts := make([]string, fs.NArg())
	failed := false
	for i, name := range fs.Args() {
		text, err := e.readInput(name)
		if err == nil {
			err = geoparse.Check(text)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "incidentmap geoparse: %s: %v\n", name, err)
			failed = true
		}
		texts[i] = text
	}
	if failed {
		return errReported
	}
	p, err := gaz.parser()
	if err != nil {
		return err
	}
	g := p.Gazetteer()
	x := extract.New()
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	var all []any
	for i, text := range texts {
		gp, err := p.Geoparse(e.ctx, text, pub)
		if err != nil {
			return fmt.Errorf("%s: %w", fs.Arg(i), err)
		}
		fc := geoparse.FeatureCollection(g, gp)
		if *incidents {
			incs, err := x.Incidents(e.ctx, text, pub, gp)
			if err != nil {
				return fmt.Errorf("%s: %w", fs.Arg(i), err)
			}
			fc = extract.FeatureCollection(incs)
		}
		switch {
		case *jsonl || len(texts) == 1:
			if err := enc.Encode(fc); err != nil {
				return err
			}
		default:
			all = append(all, fc)
		}
	}
	if all != nil {
		return enc.Encode(all)
	}
	return nil
}

// readInput reads a file, or standard input for "-".
func (e environment) readInput(name string) (string, error) {
	var b []byte
	var err error
	if name == "-" {
		b, err = io.ReadAll(e.stdin)
	} else {
		b, err = os.ReadFile(name)
	}
	if err != nil {
		return "", err
	}
	return string(b), nil
}
