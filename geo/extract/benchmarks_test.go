package extract_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
)

// benchArticles reads the dev set's articles from ../shared when present,
// else the sample article we wrote.
func benchArticles(b *testing.B) []string {
	files, _ := filepath.Glob("../../../shared/eval/dev/articles/*.txt")
	if len(files) == 0 {
		files = []string{filepath.Join("testdata", "sample.txt")}
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

// BenchmarkGeoparseExtract measures articles per second through the
// geoparser and the extractor on one goroutine.
func BenchmarkGeoparseExtract(b *testing.B) {
	p := embeddedParser(b)
	texts := benchArticles(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		text := texts[i%len(texts)]
		gp, err := p.Geoparse(ctx, text, thursday)
		if err != nil {
			b.Fatal(err)
		}
		extractor.Incidents(context.Background(), text, thursday, gp)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkExtract measures the extractor alone, on geoparses made
// beforehand.
func BenchmarkExtract(b *testing.B) {
	p := embeddedParser(b)
	texts := benchArticles(b)
	gps := make([]geo.Geoparse, len(texts))
	for i, text := range texts {
		gp, err := p.Geoparse(context.Background(), text, thursday)
		if err != nil {
			b.Fatal(err)
		}
		gps[i] = gp
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := i % len(texts)
		extractor.Incidents(context.Background(), texts[k], thursday, gps[k])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
