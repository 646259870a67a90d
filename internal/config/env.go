// Package config gives every command-line flag an environment fallback:
// flag --api-token reads INCIDENTMAP_API_TOKEN when not given.
package config

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

// EnvPrefix is the prefix of the environment variables read.
const EnvPrefix = "INCIDENTMAP_"

// EnvName returns the environment variable behind a flag name.
func EnvName(flagName string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Parse parses args into fs, after setting each flag that the command line
// does not give from its environment variable (getenv, usually os.Getenv).
func Parse(fs *flag.FlagSet, args []string, getenv func(string) string) error {
	if getenv == nil {
		getenv = os.Getenv
	}
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if v := getenv(EnvName(f.Name)); v != "" && err == nil {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s=%q: %w", EnvName(f.Name), v, e)
			}
		}
	})
	if err != nil {
		return err
	}
	return fs.Parse(args)
}
