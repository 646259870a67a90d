package gazfetch

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// fakeStore holds unresolved names and records what ArticlesNaming is
// asked.
type fakeStore struct {
	names []store.UnresolvedName
	keys  []string
}

func (f *fakeStore) Unresolved(context.Context) ([]store.UnresolvedName, error) { return f.names, nil }
func (f *fakeStore) ArticlesNaming(_ context.Context, keys, _ []string) (int, error) {
	f.keys = keys
	return 2 * len(keys), nil
}

// fakeParser places every mention of the names it knows.
type fakeParser struct{ known []string }

func (f fakeParser) Geoparse(_ context.Context, text string, _ time.Time) (geo.Geoparse, error) {
	var g geo.Geoparse
	for _, k := range f.known {
		if i := strings.Index(text, k); i >= 0 {
			g.Places = append(g.Places, geo.Toponym{Place: &geo.Place{ID: "x"}, Mentions: []geo.Mention{{Start: i, End: i + len(k), Text: k}}})
		}
	}
	return g, nil
}

func TestNowPlaced(t *testing.T) {
	st := &fakeStore{names: []store.UnresolvedName{
		{Name: "خربة الورد", Key: store.UnresolvedKey("خربة الورد"), Examples: []string{"قصف على قرية خربة الورد صباحا."}},
		{Name: "تل شمسين", Key: store.UnresolvedKey("تل شمسين"), Cue: "بلدة"},
		{Name: "وادي النسيان", Key: store.UnresolvedKey("وادي النسيان"), Examples: []string{"اشتباكات في وادي النسيان."}},
	}}
	got, err := NowPlaced(context.Background(), st, fakeParser{known: []string{"خربة الورد", "تل شمسين"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Names, []string{"خربة الورد", "تل شمسين"}) || got.Unresolved != 3 || got.Articles != 4 {
		t.Errorf("got %+v", got)
	}
	if len(st.keys) != 2 {
		t.Errorf("ArticlesNaming asked for %q", st.keys)
	}
	none, err := NowPlaced(context.Background(), &fakeStore{}, fakeParser{})
	if err != nil || none.Articles != 0 || len(none.Names) != 0 {
		t.Errorf("empty store: %+v, %v", none, err)
	}
}
