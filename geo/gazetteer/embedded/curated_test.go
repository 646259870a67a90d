package embedded

import (
	"errors"
	"io"
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo/gazetteer"
)

// TestCuratedTables holds every curated row to the rules the README states:
// a source, an Arabic name, a valid kind, a country and a unique id.
func TestCuratedTables(t *testing.T) {
	files, err := fs.Glob(FS(), "data/curated/*.tsv")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, name := range files {
		t.Run(path.Base(name), func(t *testing.T) {
			f, err := FS().Open(name)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rd, err := gazetteer.NewReader(f)
			if err != nil {
				t.Fatal(err)
			}
			rows := 0
			for {
				p, err := rd.Read()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				rows++
				switch {
				case !strings.HasPrefix(p.ID, "curated:"):
					t.Errorf("%s: id must start with curated:", p.ID)
				case p.Source == "":
					t.Errorf("%s: no source", p.ID)
				case p.NameAr == "":
					t.Errorf("%s: no Arabic name", p.ID)
				case len(p.CountryCode) != 2 && p.Kind != "region" && p.Kind != "other" && p.Kind != "river" && p.Kind != "mountain":
					t.Errorf("%s: country %q", p.ID, p.CountryCode)
				case p.Point[0] == 0 && p.Point[1] == 0:
					t.Errorf("%s: no point", p.ID)
				}
				if other, dup := seen[p.ID]; dup {
					t.Errorf("%s: duplicate id (also in %s)", p.ID, other)
				}
				seen[p.ID] = name
			}
			if rows == 0 {
				t.Errorf("no rows")
			}
		})
	}
}
