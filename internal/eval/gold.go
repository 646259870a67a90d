package eval

import (
	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

// Set is a loaded gold set: its articles in gold.jsonl order.
type Set struct {
	// Dir is the folder the set was loaded from, for reports.
	Dir      string
	Articles []Article
}

// Article is one line of gold.jsonl together with the text of its file.
type Article struct {
	ID   string `json:"id"`
	File string `json:"file"`
	// Published is the publication date; zero when the gold says null.
	Published Date `json:"published"`
	// Group names the articles that report the same incident; "" for null.
	Group string `json:"group"`
	// Theatre is the ISO 3166 code of the country where the article's
	// main incident happened; scores are also reported per theatre.
	Theatre   string     `json:"theatre"`
	Toponyms  []Toponym  `json:"toponyms"`
	Incidents []Incident `json:"incidents"`
	// Text is the whole file, headline included: occurrences index into it.
	Text string `json:"-"`
}

// Role says whether a toponym names a place or stands for its government
// or people.
type Role string

// The roles of FORMAT.md. Metonymic toponyms are neither required nor
// penalised.
const (
	RoleLiteral   Role = "literal"
	RoleMetonymic Role = "metonymic"
)

// Toponym is one distinct place named in a gold article.
type Toponym struct {
	// Text is the name without attached proclitics.
	Text string `json:"text"`
	// Variants are other spellings of the same place in the article.
	Variants    []string     `json:"variants,omitempty"`
	Occurrences []Occurrence `json:"occurrences"`
	Name        string       `json:"name"`
	Kind        geo.Kind     `json:"kind"`
	Role        Role         `json:"role"`
	// GeonameID is the GeoNames id, 0 when the gold says null.
	GeonameID int64   `json:"geonameid"`
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	// Coarse marks areas whose point is only representative: they are
	// scored at 161 km, never at 25 km.
	Coarse bool `json:"coarse"`
	// UncertainKm is not in FORMAT.md but the dev set carries it: how far
	// the annotator thinks the true point may lie. Loaded, not scored.
	UncertainKm float64 `json:"uncertain_km,omitempty"`
}

// Point returns the gold point as orb does: [lon, lat].
func (t *Toponym) Point() orb.Point { return orb.Point{t.Lon, t.Lat} }

// Metonymic reports whether the toponym is left out of scoring.
func (t *Toponym) Metonymic() bool { return t.Role == RoleMetonymic }

// Incident is one incident a gold article reports, ACLED style.
type Incident struct {
	// Primary marks the incident the headline is about.
	Primary      bool   `json:"primary"`
	EventType    string `json:"event_type"`
	SubEventType string `json:"sub_event_type"`
	// Date is zero when it cannot be worked out from the text.
	Date Date `json:"date"`
	// Place is the Text of the toponym where it happened.
	Place string  `json:"place"`
	Lat   float64 `json:"lat"`
	Lon   float64 `json:"lon"`
	// GeoPrecision is ACLED's code: 1 the place itself, 2 near it or part
	// of a region, 3 only a province or larger.
	GeoPrecision int `json:"geo_precision"`
	// Actor1 attacks Actor2; "" when the gold says null.
	Actor1 string `json:"actor1"`
	Actor2 string `json:"actor2"`
	// Killed and Injured are nil when the text states no number: zero
	// casualties and none stated are different facts.
	Killed   *int   `json:"killed"`
	Injured  *int   `json:"injured"`
	Evidence string `json:"evidence"`
}

// Point returns the incident point as orb does: [lon, lat].
func (in *Incident) Point() orb.Point { return orb.Point{in.Lon, in.Lat} }

// Toponym returns the gold toponym whose Text or one of whose Variants is
// name, or nil. Incident scoring needs it to learn whether an incident's
// place is coarse.
func (a *Article) Toponym(name string) *Toponym {
	for i := range a.Toponyms {
		t := &a.Toponyms[i]
		if t.Text == name {
			return t
		}
		for _, v := range t.Variants {
			if v == name {
				return t
			}
		}
	}
	return nil
}
