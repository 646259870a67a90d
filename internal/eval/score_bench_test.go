package eval

import (
	"context"
	"fmt"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
)

// BenchmarkScore scores 100 fixture articles, each with a full system
// answer, to keep the per-article matching cheap as gold sets grow.
func BenchmarkScore(b *testing.B) {
	set := &Set{}
	p := &fakeGeoparser{byText: map[string]geo.Geoparse{}}
	for i := range 100 {
		a := fixtureArticle(b, fmt.Sprintf("b%03d", i))
		a.Text += fmt.Sprintf(" %d", i) // distinct texts for the fake
		set.Articles = append(set.Articles, a)
		m := func(sub string, nth int) geo.Mention { return mention(b, a.Text, sub, nth) }
		p.byText[a.Text] = geo.Geoparse{
			Places: []geo.Toponym{
				top(place("g:1", "Deir ez-Zor", offset(ptDeir, 3)), m("بدير الزور", 0), m("دير الزور", 1)),
				top(place("g:2", "Albu Kamal", offset(ptBukamal, 30)), m("البوكمال", 0)),
				top(place("g:3", "Washington", ptWash), m("واشنطن", 0)),
				top(place("g:4", "Tayarat", ptDeir), m("طائرات", 0)),
			},
			Unresolved: []geo.Toponym{top(nil, m("سوريا", 0))},
		}
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		p.published = p.published[:0]
		if _, err := Score(ctx, set, p); err != nil {
			b.Fatal(err)
		}
	}
}
