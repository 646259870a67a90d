package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/extract"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/gazetteer/embedded"
	"github.com/incidentmap/incidentmap/geo/geoparse"
	"github.com/paulmach/orb/geojson"
)

func TestPostArticle(t *testing.T) { forEngines(t, testPostArticle) }

func testPostArticle(t *testing.T, e testEngine) {
	s, fs := testServer(t, e, nil, nil)
	auth := "Bearer s3cret"
	tests := []struct {
		name, ctype, body, query string
		status                   int
		existed                  bool
		sub                      string
	}{
		{"json", "application/json", `{"title":"غارة على الرقة","text":"استهدفت غارة جوية موقعا في الرقة.","url":"https://example.org/a","source":"test","published":"2024-05-01"}`, "", 201, false, "Air/drone strike"},
		{"same json again", "application/json", `{"title":"غارة على الرقة","text":"استهدفت غارة جوية موقعا في الرقة.","url":"https://example.org/a","source":"test","published":"2024-05-01"}`, "", 200, true, "Air/drone strike"},
		{"text/plain", "text/plain; charset=utf-8", "قصف على الرقة\nقصفت المدفعية أطراف الرقة صباح اليوم.", "?published=2024-05-02T08:00:00Z&source=test", 201, false, "Shelling/artillery/missile attack"},
		{"text/plain with BOM", "text/plain", "\ufeffاشتباكات في الرقة\nاندلعت اشتباكات في الرقة.", "", 201, false, "Armed clash"},
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
			if err != nil || len(incs.Features) != 1 || incs.Features[0].Properties["sub_event_type"] != tt.sub {
				t.Errorf("incidents %s (%v)", got.Incidents, err)
			}
			if got.Counts["incidents"] != 1 || got.Counts["places"] != 1 {
				t.Errorf("counts %v", got.Counts)
			}
		})
	}
	if st, err := fs.Store.Stats(t.Context()); err != nil || st.Articles != 3 || st.Incidents != 3 {
		t.Errorf("stored %+v, want 3 articles and 3 incidents (%v)", st, err)
	}
	if inc, _ := fs.Store.Incident(t.Context(), "2"); inc.Date.Format("2006-01-02") != "2024-05-02" {
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
	s, fs := testServer(t, engines[0], nil, func(o *Options) { o.Geoparser = parser; o.Extractor = extract.New() })
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
	if st, _ := fs.Store.Stats(t.Context()); st.Articles != 0 {
		t.Error("geoparse stored an article")
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestLocalPlaces(t *testing.T) {
	s, _ := sharedServer(t, engines[0], 250, func(o *Options) { o.LocalPlaces = &fakeLocal{} })
	auth := map[string]string{"Authorization": "Bearer s3cret", "Content-Type": "application/json"}
	resp := do(t, s, req{method: "POST", target: "/api/places", header: auth,
		body: `{"name":"Kafr Ruman","name_ar":"كفررمان","kind":"village","country":"lb","lat":33.37,"lon":35.5}`})
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Location") != "http://example.com/api/places/local:1" {
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

func TestUnresolved(t *testing.T) { forEngines(t, testUnresolved) }

func testUnresolved(t *testing.T, e testEngine) {
	s, fs := testServer(t, e, nil, nil)
	// Five names, the i-th mentioned 5-i times in one article.
	names := []string{"كنصفرة", "البارة", "احسم", "مرعيان", "بليون"}
	var gp geo.Geoparse
	text := ""
	for i, name := range names {
		var ms []geo.Mention
		for range 5 - i {
			start := len([]rune(text)) + len([]rune("قرية "))
			text += "قرية " + name + ". "
			ms = append(ms, geo.Mention{Start: start, End: start + len([]rune(name)), Text: name})
		}
		gp.Unresolved = append(gp.Unresolved, geo.Toponym{Mentions: ms, Cue: "قرية"})
	}
	if _, err := fs.Store.Ingest(t.Context(), geo.Article{Title: "أسماء", Text: text}, titled{"أسماء": {gp: gp}}); err != nil {
		t.Fatal(err)
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
		len(got.Names) != 2 || got.Names[0].Name != "كنصفرة" || got.Names[1].Name != "البارة" || len(got.Names[0].Examples) == 0 {
		t.Fatalf("%d %+v %v", resp.StatusCode, got, err)
	}
}
