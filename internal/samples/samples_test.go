package samples

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestArticles(t *testing.T) {
	arts, err := Articles()
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) < 8 || len(arts) > 12 {
		t.Fatalf("%d samples, want 8 to 12", len(arts))
	}
	seen := map[string]bool{}
	for i, a := range arts {
		t.Run(a.URL, func(t *testing.T) {
			switch {
			case a.Outlet != Outlet:
				t.Errorf("article %d: outlet %q, want %q", i, a.Outlet, Outlet)
			case !strings.HasPrefix(a.URL, "https://example.org/incidentmap-samples/"):
				t.Errorf("article %d: url %q is not under example.org", i, a.URL)
			case a.Published.IsZero():
				t.Errorf("article %d: no publication date", i)
			case !utf8.ValidString(a.Title + a.Text):
				t.Errorf("article %d: invalid UTF-8", i)
			case seen[a.Title]:
				t.Errorf("article %d: title repeated", i)
			}
			seen[a.Title] = true
		})
	}
}
