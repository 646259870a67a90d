package config

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

// TestParseErrorsNameTheCulprit: a value a flag cannot take names the
// variable or flag, the value and what is wanted.
func TestParseErrorsNameTheCulprit(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want []string
	}{
		{"bool from the environment", map[string]string{"INCIDENTMAP_PUBLIC_READS": "maybe"}, nil,
			[]string{"INCIDENTMAP_PUBLIC_READS", `"maybe"`, "want true or false", "--public-reads"}},
		{"int from the environment", map[string]string{"INCIDENTMAP_LIMIT": "ten"}, nil,
			[]string{"INCIDENTMAP_LIMIT", `"ten"`, "want an integer"}},
		{"duration from the environment", map[string]string{"INCIDENTMAP_WAIT": "soon"}, nil,
			[]string{"INCIDENTMAP_WAIT", "want a duration"}},
		{"bool on the command line", nil, []string{"--public-reads=maybe"}, []string{"public-reads", `"maybe"`, "want true or false"}},
		{"int on the command line", nil, []string{"--limit", "99999999999999999999"}, []string{"limit", "out of range"}},
		{"unknown flag", nil, []string{"--nope"}, []string{"nope"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			fs.Bool("public-reads", true, "")
			fs.Int("limit", 0, "")
			fs.Duration("wait", time.Second, "")
			err := Parse(fs, tt.args, func(k string) string { return tt.env[k] })
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
		})
	}
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	pr := fs.Bool("public-reads", false, "")
	n := fs.Int("limit", 0, "")
	if err := Parse(fs, []string{"--public-reads", "--limit", "3"}, func(k string) string { return "" }); err != nil || !*pr || *n != 3 {
		t.Errorf("valid flags: %v %v %v", err, *pr, *n)
	}
}

// TestPrintDefaultsAfterParse: the flag set prints its defaults after
// Parse as before it.
func TestPrintDefaultsAfterParse(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.String("db", "incidentmap.db", "database `file`")
	fs.Bool("quiet", false, "no progress")
	var before, after strings.Builder
	fs.SetOutput(&before)
	fs.PrintDefaults()
	if err := Parse(fs, nil, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	fs.SetOutput(&after)
	fs.PrintDefaults()
	if before.String() != after.String() || !strings.Contains(after.String(), "incidentmap.db") {
		t.Errorf("before:\n%s\nafter:\n%s", before.String(), after.String())
	}
}
