package main

import (
	"encoding/json"
	"flag"
	"fmt"

	"github.com/incidentmap/incidentmap/geo/extract"

	"github.com/incidentmap/incidentmap/internal/config"
	"github.com/incidentmap/incidentmap/internal/eval"
)

func (e environment) eval(args []string) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	gaz := addGazetteerFlags(fs)
	gold := fs.String("gold", "", "gold set `dir` (articles/ and gold.jsonl)")
	asJSON := fs.Bool("json", false, "write the report as JSON")
	if err := config.Parse(fs, args, e.getenv); err != nil {
		return errUsage
	}
	if *gold == "" {
		fmt.Fprintln(e.stderr, "usage: incidentmap eval --gold DIR [--json]")
		return errUsage
	}
	set, err := eval.Load(*gold)
	if err != nil {
		return err
	}
	parser, err := gaz.parser()
	if err != nil {
		return err
	}
	rep, err := eval.Score(e.ctx, set, parser)
	if err != nil {
		return err
	}
	if rep.Incidents, err = eval.ScoreIncidents(e.ctx, set, parser, extract.New()); err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(rep)
	}
	return rep.WriteText(e.stdout)
}
