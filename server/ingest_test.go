package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/paulmach/orb/geojson"
)

func TestPostArticle(t *testing.T) {
	s, ms := testServer(t, nil, nil)
	auth := "Bearer s3cret"
	tests := []struct {
		name, ctype, body, query string
		status                   int
		existed                  bool
	}{
		{"json", "application/json", `{"title":"غارة على الرقة","text":"استهدفت غارة جوية موقعا في الرقة.","url":"https://example.org/a","source":"test","published":"2024-05-01"}`, "", 201, false},
		{"same json again", "application/json", `{"title":"غارة على الرقة","text":"استهدفت غارة جوية موقعا في الرقة.","url":"https://example.org/a","source":"test","published":"2024-05-01"}`, "", 200, true},
		{"text/plain", "text/plain; charset=utf-8", "قصف على الرقة\nقصفت المدفعية أطراف الرقة صباح اليوم.", "?published=2024-05-02T08:00:00Z&source=test", 201, false},
		{"text/plain with BOM", "text/plain", "\ufeffاشتباكات في الرقة\nاندلعت اشتباكات في الرقة.", "", 201, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := do(t, s, req{method: "POST", target: "/api/articles" + tt.query, body: tt.body,
				header: map[string]string{"Authorization": auth, "Content-Type": tt.ctype}})
			b := body(t, resp)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, b)
			}
			var got struct {
				ArticleID string          `json:"article_id"`
				Existed   bool            `json:"existed"`
				Counts    map[string]int  `json:"counts"`
				Places    json.RawMessage `json:"places"`
				Incidents json.RawMessage `json:"incidents"`
			}
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if got.ArticleID == "" || got.Existed != tt.existed {
				t.Errorf("article %q existed %v", got.ArticleID, got.Existed)
			}
			places, err := geojson.UnmarshalFeatureCollection(got.Places)
			if err != nil || len(places.Features) != 1 || places.Features[0].Properties["source_id"] != "test:raqqa" {
				t.Errorf("places %s (%v)", got.Places, err)
			}
			incs, err := geojson.UnmarshalFeatureCollection(got.Incidents)
			if err != nil || len(incs.Features) != 1 || incs.Features[0].Properties["sub_event_type"] != "Air/drone strike" {
				t.Errorf("incidents %s (%v)", got.Incidents, err)
			}
			if got.Counts["incidents"] != 1 || got.Counts["places"] != 1 {
				t.Errorf("counts %v", got.Counts)
			}
		})
	}
	if n := len(ms.articles); n != 3 {
		t.Errorf("%d articles stored, want 3", n)
	}
	if got, _ := ms.Incidents(t.Context(), storeQuery{}); got.Total != 3 {
		t.Errorf("%d incidents stored, want 3", got.Total)
	}
	if inc, _ := ms.Incident(t.Context(), "2"); inc.Date.Format("2006-01-02") != "2024-05-02" {
		t.Errorf("published from the query not applied: %v", inc.Date)
	}
	m := string(body(t, do(t, s, req{target: "/metrics"})))
	for _, want := range []string{
		`incidentmap_ingest_articles_total{result="new"} 3`,
		`incidentmap_ingest_articles_total{result="existed"} 1`,
		`incidentmap_ingest_incidents_total{result="new"} 3`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// loadParser builds the real geoparser on the embedded gazetteer once.
var loadParser = sync.OnceValues(func() (*geoparse.Parser, error) {
	places, err := embedded.Places()
	if err != nil {
		return nil, err
	}
	return geoparse.New(gazetteer.New(places), geoparse.Options{}), nil
})

func TestPostGeoparse(t *testing.T) {
	parser, err := loadParser()
	if err != nil {
		t.Fatal(err)
	}
	s, ms := testServer(t, nil, func(o *Options) { o.Geoparser = parser; o.Extractor = extract.New() })
	text := "غارة جوية على مدينة الميادين\nاستهدفت غارة جوية فجر اليوم موقعا عسكريا في مدينة الميادين بريف دير الزور الشرقي، ما أدى إلى مقتل ثلاثة عناصر."
	tests := []struct {
		name, ctype, body, query string
	}{
		{"json", "application/json", `{"text":` + quote(text) + `,"published":"2024-03-10"}`, ""},
		{"text/plain", "text/plain", text, "?published=2024-03-10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := do(t, s, req{method: "POST", target: "/api/geoparse" + tt.query, body: tt.body,
				header: map[string]string{"Content-Type": tt.ctype}})
			b := body(t, resp)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, b)
			}
			if ct := resp.Header.Get("Content-Type"); ct != MIMEGeoJSON {
				t.Errorf("Content-Type %q", ct)
			}
			fc, err := geojson.UnmarshalFeatureCollection(b)
			if err != nil {
				t.Fatal(err)
			}
			names := map[string]bool{}
			for _, f := range fc.Features {
				names[f.Properties.MustString("source_id", "")] = true
			}
			if !names["geonames:173480"] || !names["geonames:170794"] {
				t.Errorf("places %v, want al-Mayadin and Deir ez-Zor", names)
			}
			var extra struct {
				Incidents *geojson.FeatureCollection `json:"incidents"`
			}
			if err := json.Unmarshal(b, &extra); err != nil || extra.Incidents == nil {
				t.Fatalf("no incidents member: %v", err)
			}
		})
	}
	if len(ms.articles) != 0 {
		t.Error("geoparse stored an article")
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestLocalPlaces(t *testing.T) {
	s, _ := testServer(t, nil, func(o *Options) { o.LocalPlaces = &fakeLocal{} })
	auth := map[string]string{"Authorization": "Bearer s3cret", "Content-Type": "application/json"}
	resp := do(t, s, req{method: "POST", target: "/api/places", header: auth,
		body: `{"name":"Kafr Ruman","name_ar":"كفررمان","kind":"village","country":"lb","lat":33.37,"lon":35.5}`})
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Location") != "/api/places/local:1" {
		t.Fatalf("add: %d %s %s", resp.StatusCode, resp.Header.Get("Location"), body(t, resp))
	}
	var added placeJSON
	if err := json.Unmarshal(body(t, resp), &added); err != nil || added.ID != "local:1" || added.Country != "LB" || *added.Lat != 33.37 {
		t.Fatalf("added %+v %v", added, err)
	}
	var list struct{ Places []placeJSON }
	if err := json.Unmarshal(body(t, do(t, s, req{target: "/api/places"})), &list); err != nil || len(list.Places) != 1 {
		t.Fatalf("list %+v %v", list, err)
	}
	if resp := do(t, s, req{method: "DELETE", target: "/api/places/local:1", header: auth}); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("remove: %d", resp.StatusCode)
	}
	if resp := do(t, s, req{method: "DELETE", target: "/api/places/local:1", header: auth}); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("remove again: %d", resp.StatusCode)
	}
}

func TestUnresolved(t *testing.T) {
	s, ms := testServer(t, nil, nil)
	ms.names = make([]storeUnresolved, 5)
	for i := range ms.names {
		ms.names[i] = storeUnresolved{Name: "كنصفرة", Cue: "بلدة", Mentions: 5 - i, Articles: 1}
	}
	var got struct {
		NumberMatched, NumberReturned int
		Names                         []struct {
			Name     string
			Examples []string
		}
	}
	resp := do(t, s, req{target: "/api/unresolved?limit=2"})
	if err := json.Unmarshal(body(t, resp), &got); err != nil || got.NumberMatched != 5 || got.NumberReturned != 2 ||
		len(got.Names) != 2 || got.Names[0].Name != "كنصفرة" || got.Names[0].Examples == nil {
		t.Fatalf("%d %+v %v", resp.StatusCode, got, err)
	}
}
