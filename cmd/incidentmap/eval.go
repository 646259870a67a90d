package main

import (
	"encoding/json"

	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/internal/eval"
)

func (e environment) eval(args []string) error {
	c := e.command("eval", "",
		"Score the geoparser and the incident extractor on a gold set (see ../shared/eval/FORMAT.md).").withGazetteer()
	gold := c.fs.String("gold", "", "gold set `dir` (articles/ and gold.jsonl); required")
	asJSON := c.fs.Bool("json", false, "write the report as JSON")
	if err := c.parse(args); err != nil {
		return err
	}
	gaz := c.gaz
	if *gold == "" {
		return c.fail("need --gold DIR")
	}
	if c.fs.NArg() != 0 {
		return c.fail("unexpected argument %q", c.fs.Arg(0))
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
