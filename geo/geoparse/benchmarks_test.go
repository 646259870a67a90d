package geoparse_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
	"github.com/incidentmap/incidentmap/geo/geoparse"
)

// devArticles reads the dev set's articles from ../shared when present,
// else the sample article we wrote.
func devArticles(b *testing.B) []string {
	files, _ := filepath.Glob("../../../shared/eval/dev/articles/*.txt")
	if len(files) == 0 {
		files = []string{"testdata/sample.txt"}
	}
	var texts []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	return texts
}

// BenchmarkGeoparse measures articles per second on one goroutine.
func BenchmarkGeoparse(b *testing.B) {
	places, err := embedded.Places()
	if err != nil {
		b.Fatal(err)
	}
	p := geoparse.New(gazetteer.New(places), geoparse.Options{})
	texts := devArticles(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := p.Geoparse(ctx, texts[i%len(texts)], time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkLoadEmbedded measures reading and indexing the embedded
// gazetteer; heap-MB is the live heap after loading.
func BenchmarkLoadEmbedded(b *testing.B) {
	b.ReportAllocs()
	var g *gazetteer.Gazetteer
	for b.Loop() {
		places, err := embedded.Places()
		if err != nil {
			b.Fatal(err)
		}
		g = gazetteer.New(places)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
	b.ReportMetric(float64(g.Len()), "places")
}
