package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/acled"
	"github.com/incidentmap/incidentmap/internal/store/sqlite"
	"github.com/paulmach/orb"
)

// TestSubcommandHelp: SUB --help prints the usage, with the positional
// arguments, on stdout and exits 0.
func TestSubcommandHelp(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"geoparse"}, "usage: incidentmap geoparse [flags] FILE..."},
		{[]string{"eval"}, "usage: incidentmap eval [flags]"},
		{[]string{"gazetteer", "import"}, "usage: incidentmap gazetteer import [flags] SOURCE..."},
		{[]string{"gazetteer"}, "usage: incidentmap gazetteer import [flags] SOURCE..."},
		{[]string{"gazetteer", "fetch"}, "usage: incidentmap gazetteer fetch [flags] COUNTRY..."},
		{[]string{"ingest"}, "usage: incidentmap ingest [flags] PATH..."},
		{[]string{"incidents"}, "usage: incidentmap incidents [flags]"},
		{[]string{"reprocess"}, "usage: incidentmap reprocess [flags]"},
		{[]string{"places", "add"}, "usage: incidentmap places add [flags]"},
		{[]string{"places", "list"}, "usage: incidentmap places list [flags]"},
		{[]string{"places", "remove"}, "usage: incidentmap places remove [flags] ID"},
		{[]string{"places"}, "incidentmap places remove [flags] ID"},
		{[]string{"serve"}, "usage: incidentmap serve [flags]"},
		{[]string{"sources"}, "incidentmap sources import [--db FILE] FILE"},
		{[]string{"sources", "add"}, "usage: incidentmap sources add [flags] URL"},
		{[]string{"sources", "list"}, "usage: incidentmap sources list [flags]"},
		{[]string{"sources", "remove"}, "usage: incidentmap sources remove [flags] ID"},
		{[]string{"sources", "import"}, "usage: incidentmap sources import [flags] FILE"},
		{[]string{"follow"}, "usage: incidentmap follow [flags]"},
	}
	for _, tt := range tests {
		for _, help := range []string{"--help", "-h"} {
			args := append(append([]string{}, tt.args...), help)
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				code, out, stderr := cli(t, "", args...)
				if code != 0 {
					t.Fatalf("exit %d, want 0: %s", code, stderr)
				}
				if !strings.Contains(out, tt.want) || strings.Contains(out, "panic") {
					t.Errorf("stdout lacks %q (or panics):\n%s", tt.want, out)
				}
				if stderr != "" {
					t.Errorf("stderr: %s", stderr)
				}
			})
		}
	}
	// A real mistake is still exit 2, with the usage line on stderr.
	code, _, stderr := cli(t, "", "places", "remove", "--db", filepath.Join(t.TempDir(), "x.db"))
	if code != 2 || !strings.Contains(stderr, "usage: incidentmap places remove [flags] ID") {
		t.Errorf("places remove without ID: exit %d, %s", code, stderr)
	}
}

// TestMissingDatabaseRefused: commands that read or edit a database
// refuse one that does not exist instead of creating it empty.
func TestMissingDatabaseRefused(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "typo.db")
	for _, args := range [][]string{
		{"incidents", "--db", typo},
		{"reprocess", "--db", typo},
		{"places", "list", "--db", typo},
		{"places", "remove", "--db", typo, "local:1"},
		{"places", "add", "--db", typo, "--name-ar", "قرية", "--lat", "35", "--lon", "38"},
	} {
		code, out, stderr := cli(t, "", args...)
		if code != 1 || out != "" || !strings.Contains(stderr, "no such database") || !strings.Contains(stderr, "typo.db") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
		if _, err := os.Stat(typo); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%v created %s", args, typo)
		}
	}
}

// TestTypeChecked: --type must be a type of the taxonomy; the error
// lists them.
func TestTypeChecked(t *testing.T) {
	db := seededDB(t, 3)
	code, _, stderr := cli(t, "", "incidents", "--db", db, "--type", "Airstrike")
	if code != 2 || !strings.Contains(stderr, `"Airstrike"`) || !strings.Contains(stderr, "Air/drone strike") || !strings.Contains(stderr, "Battles") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	code, out, stderr := cli(t, "", "incidents", "--db", db, "--type", "air/DRONE strike")
	if code != 0 || !strings.Contains(out, `"numberReturned":3`) {
		t.Errorf("a type in another case: exit %d: %s %s", code, out, stderr)
	}
}

// gridProcessor makes n incidents per article, 0.2° apart so that none
// merges with another.
type gridProcessor struct{ n int }

func (p gridProcessor) Process(_ context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
	incs := make([]geo.Incident, p.n)
	for i := range incs {
		pt := orb.Point{36 + float64(i%50)*0.2, 30 + float64(i/50)*0.2}
		incs[i] = geo.Incident{EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike", Point: pt,
			PlaceText: fmt.Sprintf("مكان %d", i), GeoPrecision: 1, Date: art.Published, DatePrecision: 1,
			Evidence: []geo.Evidence{{Start: 0, End: 3, Text: "نص"}}, Confidence: 0.5}
	}
	return geo.Geoparse{}, incs, nil
}

// seededDB is a database holding n incidents.
func seededDB(t *testing.T, n int) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "seeded.db")
	st, err := sqlite.Open(t.Context(), db, sqlite.Options{SyncNormal: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	art := geo.Article{Title: "عنوان", Text: "نص", Published: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}
	res, err := st.Ingest(t.Context(), art, gridProcessor{n})
	if err != nil || res.Incidents != n {
		t.Fatalf("seed: %v, %d incidents", err, res.Incidents)
	}
	return db
}

// TestIncidentsPrintsAll: incidents prints every match by default, and
// says on stderr when --limit cut the list (issue 9).
func TestIncidentsPrintsAll(t *testing.T) {
	db := seededDB(t, 250)
	var fc struct {
		Type           string            `json:"type"`
		Features       []json.RawMessage `json:"features"`
		NumberMatched  int               `json:"numberMatched"`
		NumberReturned int               `json:"numberReturned"`
		Attribution    string            `json:"attribution"`
	}
	code, out, stderr := cli(t, "", "incidents", "--db", db)
	if code != 0 || json.Unmarshal([]byte(out), &fc) != nil {
		t.Fatalf("exit %d: %.300s %s", code, out, stderr)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != 250 || fc.NumberMatched != 250 || fc.NumberReturned != 250 || fc.Attribution == "" || stderr != "" {
		t.Errorf("%d features, matched %d, returned %d, stderr %q", len(fc.Features), fc.NumberMatched, fc.NumberReturned, stderr)
	}
	code, out, stderr = cli(t, "", "incidents", "--db", db, "--limit", "100", "--offset", "20")
	if code != 0 || json.Unmarshal([]byte(out), &fc) != nil {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if len(fc.Features) != 100 || fc.NumberReturned != 100 || !strings.Contains(stderr, "printed 100 of the 230 matches") {
		t.Errorf("--limit 100: %d features, stderr %q", len(fc.Features), stderr)
	}
}

// TestIncidentsCSV: --format csv prints every match as ACLED-style CSV
// (a byte order mark, the header, a row an incident), --limit still
// said on stderr; an unknown format is a usage error.
func TestIncidentsCSV(t *testing.T) {
	db := seededDB(t, 250)
	code, out, stderr := cli(t, "", "incidents", "--db", db, "--format", "csv")
	data, bom := strings.CutPrefix(out, acled.BOM)
	if code != 0 || !bom {
		t.Fatalf("exit %d, byte order mark %v: %.300s %s", code, bom, out, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 251 || !slices.Equal(rows[0], acled.Columns) || stderr != "" {
		t.Fatalf("%d rows, header %q, stderr %q", len(rows), rows[0], stderr)
	}
	seen := map[string]bool{}
	id := slices.Index(acled.Columns, "id")
	for _, r := range rows[1:] {
		seen[r[id]] = true
		if r[slices.Index(acled.Columns, "event_date")] != "2024-03-01" || r[slices.Index(acled.Columns, "notes")] == "" {
			t.Errorf("row %q", r)
		}
	}
	if len(seen) != 250 {
		t.Errorf("%d distinct incidents", len(seen))
	}
	code, out, stderr = cli(t, "", "incidents", "--db", db, "--format", "csv", "--limit", "10")
	if rows, err := csv.NewReader(strings.NewReader(out)).ReadAll(); code != 0 || err != nil || len(rows) != 11 || !strings.Contains(stderr, "printed 10 of the 250") {
		t.Errorf("--limit 10: exit %d, %d rows, %v, stderr %q", code, len(rows), err, stderr)
	}
	if code, _, stderr := cli(t, "", "incidents", "--db", db, "--format", "xlsx"); code != 2 || !strings.Contains(stderr, "--format") {
		t.Errorf("--format xlsx: exit %d: %s", code, stderr)
	}
}

// TestIngestStdinAndDates: ingest - reads standard input, as geoparse -
// does; --published dates a .txt article, front matter dates another.
func TestIngestStdinAndDates(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "im.db")
	today := "غارة على البوكمال\nقصفت طائرات مجهولة صباح اليوم مواقع في مدينة البوكمال شرقي دير الزور."
	code, out, stderr := cli(t, today, "ingest", "--db", db, "--published", "2025-03-04", "-")
	if code != 0 || !strings.Contains(out, "1 new") {
		t.Fatalf("ingest -: exit %d: %s %s", code, out, stderr)
	}
	fm := writeFile(t, dir, "fm.txt", "---\npublished: 2024-07-08\nsource: وكالة أ\n---\nقصف على إدلب\nقصفت قوات النظام بالمدفعية أطراف مدينة إدلب صباح اليوم.")
	if code, out, stderr := cli(t, "", "ingest", "--db", db, "--published", "2025-03-04", fm); code != 0 || !strings.Contains(out, "1 new") {
		t.Fatalf("ingest front matter: exit %d: %s %s", code, out, stderr)
	}
	_, out, _ = cli(t, "", "incidents", "--db", db)
	for _, want := range []string{`"date":"2025-03-04"`, `"date":"2024-07-08"`} {
		if !strings.Contains(out, want) {
			t.Errorf("no incident with %s: %.500s", want, out)
		}
	}
	if code, _, stderr := cli(t, "", "ingest", "--db", db, "--published", "soon", fm); code != 2 || !strings.Contains(stderr, "--published") {
		t.Errorf("bad --published: exit %d: %s", code, stderr)
	}
}

// TestConfigErrorsNamed: a wrong flag or variable is named, with why,
// not "bad usage".
func TestConfigErrorsNamed(t *testing.T) {
	t.Setenv("INCIDENTMAP_PUBLIC_READS", "maybe")
	code, _, stderr := cli(t, "", "serve", "--db", filepath.Join(t.TempDir(), "x.db"))
	if code != 2 || !strings.Contains(stderr, `INCIDENTMAP_PUBLIC_READS="maybe"`) || !strings.Contains(stderr, "want true or false") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	t.Setenv("INCIDENTMAP_PUBLIC_READS", "")
	t.Setenv("INCIDENTMAP_CORS_ORIGINS", "dash.example.org")
	code, _, stderr = cli(t, "", "serve", "--db", filepath.Join(t.TempDir(), "x.db"))
	if code != 2 || !strings.Contains(stderr, "--cors-origins") || !strings.Contains(stderr, "scheme://host") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	t.Setenv("INCIDENTMAP_CORS_ORIGINS", "")
	code, _, stderr = cli(t, "", "incidents", "--limit", "ten")
	if code != 2 || !strings.Contains(stderr, "limit") || !strings.Contains(stderr, "want an integer") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// TestParseLinkHosts: --link-hosts auto trusts this machine's names and
// addresses, never a stranger's; * any; none no host; else the list.
func TestParseLinkHosts(t *testing.T) {
	auto := parseLinkHosts("auto")
	for _, h := range []string{"localhost", "127.0.0.1", "::1"} {
		if !slices.Contains(auto, h) {
			t.Errorf("auto lacks %s: %v", h, auto)
		}
	}
	if slices.Contains(auto, "evil.example") || slices.Contains(auto, "*") {
		t.Errorf("auto trusts too much: %v", auto)
	}
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"*", []string{"*"}},
		{"none", []string{""}},
		{" maps.example.org , 10.0.0.5 ", []string{"maps.example.org", "10.0.0.5"}},
	} {
		if got := parseLinkHosts(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("parseLinkHosts(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
