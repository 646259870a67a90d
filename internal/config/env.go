// Package config gives every command-line flag an environment fallback:
// flag --api-token reads INCIDENTMAP_API_TOKEN when not given. Its
// errors say which flag or variable is wrong and why.
package config

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
)

// EnvPrefix is the prefix of the environment variables read.
const EnvPrefix = "INCIDENTMAP_"

// EnvName returns the environment variable behind a flag name.
func EnvName(flagName string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Parse parses args into fs, after setting each flag that the command line
// does not give from its environment variable (getenv, usually os.Getenv).
// A value a flag cannot take is an error naming the variable or the flag,
// the value, and what the flag wants ("INCIDENTMAP_PUBLIC_READS="maybe":
// want true or false (the variable of --public-reads)").
func Parse(fs *flag.FlagSet, args []string, getenv func(string) string) error {
	if getenv == nil {
		getenv = os.Getenv
	}
	// The flags' values are wrapped while parsing only: flag's
	// PrintDefaults builds zero values of their types.
	fs.VisitAll(func(f *flag.Flag) { f.Value = explained{f.Value} })
	defer fs.VisitAll(func(f *flag.Flag) {
		if e, ok := f.Value.(explained); ok {
			f.Value = e.Value
		}
	})
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if v := getenv(EnvName(f.Name)); v != "" && err == nil {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s=%q: %w (the variable of --%s)", EnvName(f.Name), v, e, f.Name)
			}
		}
	})
	if err != nil {
		return err
	}
	return fs.Parse(args)
}

// explained wraps a flag's value so that a value it refuses is explained
// by what it wants, not flag's bare "parse error".
type explained struct{ flag.Value }

// Set sets the value or says what it wants.
func (e explained) Set(s string) error {
	err := e.Value.Set(s)
	if err == nil {
		return nil
	}
	g, ok := e.Value.(flag.Getter)
	if !ok {
		return err
	}
	var want string
	switch g.Get().(type) {
	case bool:
		want = "want true or false"
	case int, int64, uint, uint64:
		want = "want an integer"
	case float64:
		want = "want a number"
	case time.Duration:
		want = "want a duration such as 30s or 5m"
	default:
		return err
	}
	if strings.Contains(err.Error(), "out of range") {
		return fmt.Errorf("out of range; %s", want)
	}
	return fmt.Errorf("%s", want)
}

// IsBoolFlag keeps boolean flags usable as "--flag" alone.
func (e explained) IsBoolFlag() bool {
	b, ok := e.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// Get passes the flag's value through.
func (e explained) Get() any {
	if g, ok := e.Value.(flag.Getter); ok {
		return g.Get()
	}
	return nil
}
