package geo

import "time"

// Article is one news report: the durable input of the pipeline.
type Article struct {
	ID        string
	Title     string
	Text      string // the body, without the title
	URL       string
	Outlet    string
	Published time.Time // zero when unknown
}

// Span is a half-open range [Start, End) of Unicode code points.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Mention is one occurrence of a place name in a text, proclitics included.
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Toponym is a place named in a text: every mention of it, and the
// gazetteer place it resolves to (nil when it cannot be placed).
type Toponym struct {
	Place      *Place
	Mentions   []Mention
	Confidence float64 // in [0, 1]: the chance that Place is right
	// Cue is the cue word that introduced the name ("حقل", "بلدة"), if any.
	Cue string
	// Container is the place the text puts it in or near ("X بريف Y"),
	// nil when the text states none; Near says it is only near it. An
	// unresolved name with a container is located by it: at the
	// container's own point, never at a point made up.
	Container *Place
	Near      bool
}

// Geoparse is what the geoparser finds in one text.
type Geoparse struct {
	Places     []Toponym // resolved, one per distinct place
	Unresolved []Toponym // recognised as place names but not placed
}

// FullText is the text the pipeline reads and every offset counts in:
// the headline on the first line, then the body.
func (a Article) FullText() string {
	if a.Title == "" {
		return a.Text
	}
	return a.Title + "\n" + a.Text
}
