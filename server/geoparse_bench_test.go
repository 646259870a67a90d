package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo/extract"
)

// benchSentences are sentences we wrote in the style of the reports:
// places, cue words, triggers, actors and casualties.
var benchSentences = []string{
	"قصفت طائرات مسيرة مواقع عسكرية في مدينة الميادين بريف دير الزور الشرقي صباح اليوم، ما أدى إلى مقتل ثلاثة عناصر.",
	"واستهدفت المدفعية أطراف بلدة كفرنبل في ريف إدلب الجنوبي بعدة قذائف دون وقوع إصابات.",
	"ودارت اشتباكات بين قوات سوريا الديمقراطية ومسلحين قرب حقل العمر النفطي شرقي نهر الفرات.",
	"وأعلنت وزارة الدفاع اعتراض صاروخين أطلقا باتجاه قاعدة عين الأسد في محافظة الأنبار غربي العراق.",
	"وانفجرت عبوة ناسفة بسيارة عسكرية على الطريق بين البوكمال والقائم، ما أسفر عن إصابة جنديين.",
	"وشنت مقاتلات حربية غارات على مخيم في محيط مدينة صعدة شمالي اليمن أمس.",
}

// benchBody is about n bytes of article text: the sentences above in
// turn, or, with noPunct, the same words without sentence punctuation,
// which made the whole body one "sentence" (issue 12).
func benchBody(n int, noPunct bool) string {
	var b strings.Builder
	b.WriteString("عنوان: غارات وقصف في سوريا والعراق\n")
	for i := 0; b.Len() < n; i++ {
		s := benchSentences[i%len(benchSentences)]
		if noPunct {
			s = strings.NewReplacer(".", "", "،", "").Replace(s)
		}
		b.WriteString(s)
		b.WriteString(" ")
		if !noPunct && i%4 == 3 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// BenchmarkGeoparseBody measures POST /api/geoparse with the real
// geoparser and extractor at 10 KB, 100 KB and 1 MB bodies: time,
// allocated bytes and the size of the answer per request. The body
// limit is raised to 2 MiB for the benchmark only.
//
//	go test -run XXX -bench GeoparseBody -benchtime 3x -count 3 ./server/
func BenchmarkGeoparseBody(b *testing.B) {
	parser, err := loadParser()
	if err != nil {
		b.Fatal(err)
	}
	s, _ := testServer(b, engines[0], nil, func(o *Options) {
		o.Geoparser, o.Extractor = parser, extract.New()
		o.Limits.MaxGeoparseBytes = 2 << 20
	})
	for _, kind := range []struct {
		name    string
		noPunct bool
	}{{"sentences", false}, {"no-punctuation", true}} {
		for _, size := range []struct {
			name string
			n    int
		}{{"10KB", 10_000}, {"100KB", 100_000}, {"1MB", 1_000_000}} {
			text := benchBody(size.n, kind.noPunct)
			b.Run(kind.name+"/"+size.name, func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(text)))
				var respBytes int
				for b.Loop() {
					r := httptest.NewRequest("POST", "/api/geoparse", strings.NewReader(text))
					r.Header.Set("Content-Type", "text/plain")
					w := httptest.NewRecorder()
					s.ServeHTTP(w, r)
					if w.Code != http.StatusOK {
						b.Fatalf("status %d: %.200s", w.Code, w.Body.String())
					}
					respBytes = w.Body.Len()
				}
				b.ReportMetric(float64(respBytes), "resp-B")
			})
		}
	}
}
