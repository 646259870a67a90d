package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/labstack/echo/v5"
)

// BenchmarkItemsPage serves a page of 100 incidents with a box (the
// tile index finds them, SQLite reads them), the whole request.
func BenchmarkItemsPage(b *testing.B) {
	s, _ := sharedServer(b, engines[0], 2000, nil)
	target := "/collections/incidents/items?limit=100&bbox=35,31,45,39"
	if resp := do(b, s, req{target: target}); resp.StatusCode != http.StatusOK {
		b.Fatalf("status %d", resp.StatusCode)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		do(b, s, req{target: target})
	}
}

// BenchmarkFeatureWriter encodes a page of 100 stored-like incidents
// (two sources each) and writes them as the items page streams them
// (what a store does for features it has not stored): the encoding
// alone, per page, written to nowhere (a recorder's growing buffer
// would cost more than the encoding).
func BenchmarkFeatureWriter(b *testing.B) {
	incs := genIncidents(100)
	pub := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range incs {
		for k := range 2 {
			incs[i].Sources = append(incs[i].Sources, geo.Source{
				ArticleID: fmt.Sprint(i*2 + k), URL: fmt.Sprintf("https://news.example.org/a/%d", i*2+k),
				Title: "قصف على بلدة في ريف المحافظة", Outlet: "example outlet", Published: &pub,
				Evidence: incs[i].Evidence,
			})
		}
	}
	e := echo.New()
	b.ReportAllocs()
	for b.Loop() {
		c := e.NewContext(httptest.NewRequest(http.MethodGet, "/", nil), discardWriter{http.Header{}})
		fw := &featureWriter{c: c}
		var buf []byte
		for i := range incs {
			var err error
			if buf, err = extract.AppendFeature(buf[:0], &incs[i]); err != nil {
				b.Fatal(err)
			}
			if err := fw.writeFeature(buf); err != nil {
				b.Fatal(err)
			}
		}
		if err := fw.finish(len(incs), pub, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// discardWriter is a ResponseWriter that drops the body.
type discardWriter struct{ h http.Header }

func (w discardWriter) Header() http.Header         { return w.h }
func (w discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w discardWriter) WriteHeader(int)             {}
