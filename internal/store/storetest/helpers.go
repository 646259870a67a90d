package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

// Test places: real towns, approximate points.
var (
	raqqa    = &geo.Place{ID: "test:raqqa", Name: "Ar Raqqah", NameAr: "الرقة", Kind: geo.KindCity, CountryCode: "SY", Point: orb.Point{39.01, 35.95}, Population: 200000}
	tabqa    = &geo.Place{ID: "test:tabqa", Name: "Ath Thawrah", NameAr: "الطبقة", Kind: geo.KindTown, CountryCode: "SY", Point: orb.Point{38.55, 35.84}}
	mansoura = &geo.Place{ID: "test:mansoura", Name: "Al Mansurah", NameAr: "المنصورة", Kind: geo.KindVillage, CountryCode: "SY", Point: orb.Point{39.03, 35.96}} // ~2 km from raqqa
	deir     = &geo.Place{ID: "test:deir", Name: "Deir ez-Zor", NameAr: "دير الزور", Kind: geo.KindCity, CountryCode: "SY", Point: orb.Point{40.14, 35.33}}
	idlib    = &geo.Place{ID: "test:idlib", Name: "Idlib", NameAr: "إدلب", Kind: geo.KindCity, CountryCode: "SY", Point: orb.Point{36.63, 35.93}}
	baghdad  = &geo.Place{ID: "test:baghdad", Name: "Baghdad", NameAr: "بغداد", Kind: geo.KindCity, CountryCode: "IQ", Point: orb.Point{44.40, 33.34}}
	sanaa    = &geo.Place{ID: "test:sanaa", Name: "Sanaa", NameAr: "صنعاء", Kind: geo.KindCity, CountryCode: "YE", Point: orb.Point{44.21, 15.35}}
	tyre     = &geo.Place{ID: "test:tyre", Name: "Tyre", NameAr: "صور", Kind: geo.KindCity, CountryCode: "LB", Point: orb.Point{35.20, 33.27}}
)

var knownPlaces = []*geo.Place{raqqa, tabqa, mansoura, deir, idlib, baghdad, sanaa, tyre}

const (
	airstrike  = "Air/drone strike"
	shelling   = "Shelling/artillery/missile attack"
	armedClash = "Armed clash"
	explosions = "Explosions/Remote violence"
	battles    = "Battles"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr(n int) *int { return &n }

// procFunc adapts a function to store.Processor.
type procFunc func(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error)

func (f procFunc) Process(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
	return f(ctx, art)
}

// scripted returns the incidents listed for an article's title and, as
// places, their places mentioned at the incident's evidence. It counts
// its calls.
type scripted struct {
	byTitle map[string][]geo.Incident
	calls   atomic.Int64
}

func (s *scripted) Process(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
	s.calls.Add(1)
	incs := s.byTitle[art.Title]
	var gp geo.Geoparse
	seen := map[string]int{}
	text := []rune(art.FullText())
	for i := range incs {
		p := incs[i].Place
		if p == nil {
			continue
		}
		start := strings.Index(string(text), p.NameAr)
		m := geo.Mention{Start: 0, End: 0, Text: p.NameAr}
		if start >= 0 {
			start = len([]rune(string(text)[:start]))
			m.Start, m.End = start, start+len([]rune(p.NameAr))
		}
		if j, ok := seen[p.ID]; ok {
			gp.Places[j].Mentions = append(gp.Places[j].Mentions, m)
			continue
		}
		seen[p.ID] = len(gp.Places)
		gp.Places = append(gp.Places, geo.Toponym{Place: p, Mentions: []geo.Mention{m}, Confidence: 0.9})
	}
	return gp, append([]geo.Incident(nil), incs...), nil
}

// report builds an incident at p on date d ("" for unknown) with its
// evidence sentence.
func report(sub string, p *geo.Place, d string, evidence string) geo.Incident {
	inc := geo.Incident{
		EventType: eventOf(sub), SubEventType: sub, Place: p, PlaceText: p.NameAr, Point: p.Point,
		GeoPrecision: 1, Confidence: 0.6,
		Evidence: []geo.Evidence{{Start: 0, End: len([]rune(evidence)), Text: evidence}},
	}
	if d != "" {
		inc.Date, inc.DatePrecision = day(d), 1
	}
	return inc
}

func eventOf(sub string) string {
	if sub == armedClash {
		return battles
	}
	return explosions
}

// Synthetic derives places, unresolved names and incidents from an
// article's content hash alone: a deterministic stand-in for the real
// pipeline in crash tests and benchmarks.
type Synthetic struct{}

// Process implements store.Processor.
func (Synthetic) Process(ctx context.Context, art geo.Article) (geo.Geoparse, []geo.Incident, error) {
	return syntheticResult(art)
}

func syntheticResult(art geo.Article) (geo.Geoparse, []geo.Incident, error) {
	h := sha256.Sum256([]byte(art.Title + "\n" + art.Text))
	r := func(i int) int { return int(binary.LittleEndian.Uint16(h[2*i:])) }
	n := len([]rune(art.FullText()))
	var gp geo.Geoparse
	nPlaces := 1 + r(0)%3
	for i := range nPlaces {
		p := knownPlaces[(r(1)+i)%len(knownPlaces)]
		start := r(2+i) % max(n-5, 1)
		gp.Places = append(gp.Places, geo.Toponym{Place: p, Confidence: 0.8,
			Mentions: []geo.Mention{{Start: start, End: min(start+5, n), Text: p.NameAr}}})
	}
	if r(5)%2 == 0 {
		start := r(6) % max(n-4, 1)
		gp.Unresolved = append(gp.Unresolved, geo.Toponym{Cue: "قرية",
			Mentions: []geo.Mention{{Start: start, End: min(start+4, n), Text: fmt.Sprintf("تل %d", r(7)%5)}}})
	}
	subs := []string{airstrike, shelling, armedClash}
	var incs []geo.Incident
	for i := range 1 + r(8)%2 {
		p := gp.Places[i%len(gp.Places)].Place
		d := art.Published
		if d.IsZero() {
			d = day("2024-03-01")
		}
		inc := geo.Incident{
			EventType: eventOf(subs[r(9+i)%3]), SubEventType: subs[r(9+i)%3],
			Place: p, PlaceText: p.NameAr, Point: p.Point, GeoPrecision: 1,
			Date: d.AddDate(0, 0, -(r(11+i) % 2)).Truncate(24 * time.Hour), DatePrecision: 1,
			Actor1: "Unidentified", Killed: ptr(r(13+i) % 7), Confidence: 0.5,
			Evidence: []geo.Evidence{{Start: 0, End: min(20, n), Text: string([]rune(art.FullText())[:min(20, n)])}},
		}
		incs = append(incs, inc)
	}
	return gp, incs, nil
}

// sentences are Arabic filler the tests write their articles from.
var sentences = []string{
	"قصفت طائرات مسيرة مواقع في ريف المدينة صباح اليوم.",
	"أفاد مصدر محلي بسقوط قتلى وجرحى بين المدنيين.",
	"اندلعت اشتباكات عنيفة بين الطرفين على أطراف البلدة.",
	"استهدفت قذائف مدفعية أحياء سكنية في المدينة.",
	"قالت مصادر طبية إن الحصيلة مرشحة للارتفاع.",
	"انفجرت عبوة ناسفة بسيارة عسكرية على الطريق العام.",
}

// SyntheticArticle is the i-th article of a deterministic stream.
func SyntheticArticle(i int) geo.Article {
	var b strings.Builder
	for j := range 3 {
		b.WriteString(sentences[(i+j)%len(sentences)])
		b.WriteByte(' ')
	}
	fmt.Fprintf(&b, "(تقرير رقم %d)", i)
	return geo.Article{
		Title:     fmt.Sprintf("تقرير ميداني %d", i),
		Text:      b.String(),
		URL:       fmt.Sprintf("https://example.org/%d", i),
		Outlet:    []string{"وكالة أ", "صحيفة ب", "قناة ج"}[i%3],
		Published: day("2024-01-01").AddDate(0, 0, i%90),
	}
}
