package geo

import (
	"time"

	"github.com/paulmach/orb"
)

// Incident is one event an article reports as happening: one sub-event
// type at one place on one day, as ACLED counts them.
type Incident struct {
	// ID is assigned by the store; empty before the incident is stored.
	ID string
	// EventType and SubEventType follow ACLED's taxonomy, e.g.
	// "Explosions/Remote violence" / "Air/drone strike".
	EventType    string
	SubEventType string
	// Place is where it happened: the most specific toponym tied to the
	// event in the text. PlaceText is that toponym as the gold format
	// writes it (without proclitics).
	Place     *Place
	PlaceText string
	Point     orb.Point
	// GeoPrecision is ACLED's: 1 the place itself, 2 near a place or part
	// of a region, 3 a province or larger.
	GeoPrecision int
	// Date is the day it happened (UTC midnight), zero when the text does
	// not allow it. DatePrecision is ACLED's time precision: 1 the day,
	// 2 the week, 3 the month; 0 when Date is zero.
	Date          time.Time
	DatePrecision int
	// Actor1 acted against Actor2; normalised labels ("US forces",
	// "Iran-backed militias", "Unidentified"), empty when unknown.
	Actor1, Actor2 string
	// Killed and Injured are the numbers the text states, nil otherwise.
	Killed, Injured *int
	// Evidence holds the sentence(s) the incident came from.
	Evidence []Evidence
	// Confidence in [0, 1] that the incident is real and well placed.
	Confidence float64
	// Primary marks the incident the headline is about.
	Primary bool
	// Sources lists the articles that report it, once stored and merged.
	Sources []Source
}

// Evidence is a passage of an article, with code-point offsets into the
// article's whole text (headline included).
type Evidence struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Source is one article's report of an incident.
type Source struct {
	ArticleID string     `json:"article_id"`
	URL       string     `json:"url,omitempty"`
	Title     string     `json:"title,omitempty"`
	Outlet    string     `json:"outlet,omitempty"`
	Published *time.Time `json:"published,omitempty"`
	Evidence  []Evidence `json:"evidence"`
}
