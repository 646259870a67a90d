package eval

import (
	"io"
	"strings"
	"unicode/utf8"
)

// IncidentReport is the outcome of ScoreIncidents: incident precision and
// recall over the set, the group results, then each article's misses and
// false alarms. It marshals to JSON with stable snake_case names and may
// ride along in Report.Incidents.
type IncidentReport struct {
	Dir      string         `json:"dir"`
	Articles int            `json:"articles"`
	Scores   IncidentScores `json:"scores"`
	// Theatres are the scores per theatre, in code order.
	Theatres []TheatreIncidents `json:"theatres"`
	// Groups lists every group of the set; GroupsRight counts those
	// merged: every article's primary matched, all to one incident.
	Groups      []GroupReport `json:"groups"`
	GroupsRight int           `json:"groups_right"`
	// Calibration says how often the system's incidents matched a gold
	// one, by the confidence the extractor gave them.
	Calibration []IncidentCalibrationBin `json:"calibration"`
	// Attributes says how often matched incidents carry the gold's day,
	// actors and tolls.
	Attributes IncidentAttributes `json:"attributes"`
	PerArticle []ArticleIncidents `json:"per_article"`
}

// TheatreIncidents is the incident score of one theatre's articles and
// groups (a group belongs to the theatre of its first article).
type TheatreIncidents struct {
	Theatre     string         `json:"theatre"`
	Articles    int            `json:"articles"`
	Scores      IncidentScores `json:"scores"`
	Groups      int            `json:"groups"`
	GroupsRight int            `json:"groups_right"`
}

// IncidentScores counts matched, missed and false incidents.
type IncidentScores struct {
	Gold        int `json:"gold"`
	System      int `json:"system"`
	Matched     int `json:"matched"`
	Missed      int `json:"missed"`
	FalseAlarms int `json:"false_alarms"`
	// Precision is Matched / System, Recall Matched / Gold; each is 0
	// when its denominator is.
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// GroupReport says how many incidents the system keeps for a group's
// primary incident once all its articles are ingested.
type GroupReport struct {
	Group    string   `json:"group"`
	Articles []string `json:"articles"`
	// Primary describes the gold primary incident; NoPrimary is set when
	// no article of the group marks one.
	Primary   string `json:"primary"`
	NoPrimary bool   `json:"no_primary,omitempty"`
	Theatre   string `json:"theatre"`
	// Matched is how many articles had their primary incident matched;
	// Unmatched lists the others.
	Matched   int      `json:"matched"`
	Unmatched []string `json:"unmatched,omitempty"`
	// Clusters is how many incidents the group's articles merge into;
	// Kept is how many of them hold a matched primary.
	Clusters int `json:"clusters"`
	Kept     int `json:"kept"`
	// Merged: every primary matched, all in one incident.
	Merged bool `json:"merged"`
}

// ArticleIncidents is one article's incident score and what went wrong.
type ArticleIncidents struct {
	ID          string               `json:"id"`
	Scores      IncidentScores       `json:"scores"`
	Misses      []IncidentMiss       `json:"misses"`
	FalseAlarms []IncidentFalseAlarm `json:"false_alarms"`
}

// IncidentMiss is a gold incident no system incident matched.
type IncidentMiss struct {
	SubEventType string  `json:"sub_event_type"`
	Place        string  `json:"place"`
	Date         Date    `json:"date"`
	Lat          float64 `json:"lat"`
	Lon          float64 `json:"lon"`
	Primary      bool    `json:"primary"`
	Evidence     string  `json:"evidence"`
}

// IncidentFalseAlarm is a system incident that matched no gold incident.
type IncidentFalseAlarm struct {
	SubEventType string `json:"sub_event_type"`
	// Place is the name as the text writes it; PlaceName and PlaceID the
	// gazetteer place, empty when the name was not placed.
	Place      string  `json:"place"`
	PlaceName  string  `json:"place_name"`
	PlaceID    string  `json:"place_id"`
	Date       Date    `json:"date"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	Primary    bool    `json:"primary"`
	Confidence float64 `json:"confidence"`
	// Start and Evidence are the first evidence passage.
	Start    int    `json:"start"`
	Evidence string `json:"evidence"`
}

// add sums the counts of o into s; ratios are left for finish.
func (s *IncidentScores) add(o IncidentScores) {
	s.Gold += o.Gold
	s.System += o.System
	s.Matched += o.Matched
	s.Missed += o.Missed
	s.FalseAlarms += o.FalseAlarms
}

// finish computes the ratios from the counts.
func (s *IncidentScores) finish() {
	s.Precision = ratio(s.Matched, s.System)
	s.Recall = ratio(s.Matched, s.Gold)
	s.F1 = 0
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
}

// WriteText writes a readable summary of r: the scores, each group, then
// each article's misses and false alarms.
func (r *IncidentReport) WriteText(w io.Writer) error {
	p := &printer{w: w}
	r.writeText(p)
	return p.err
}

func (r *IncidentReport) writeText(p *printer) {
	s := &r.Scores
	p.printf("Incidents    P %.3f (%d/%d)  R %.3f (%d/%d)  F1 %.3f\n",
		s.Precision, s.Matched, s.System, s.Recall, s.Matched, s.Gold, s.F1)
	p.printf("Groups       %d/%d merged: every article's primary matched, all to one incident\n", r.GroupsRight, len(r.Groups))
	if len(r.Theatres) > 0 {
		p.printf("By theatre   %-4s %8s %18s %18s %7s %7s\n", "", "articles", "P", "R", "F1", "groups")
		for _, t := range r.Theatres {
			s := &t.Scores
			p.printf("             %-4s %8d %7.3f (%3d/%3d) %7.3f (%3d/%3d) %7.3f %4d/%d\n", theatreName(t.Theatre), t.Articles,
				s.Precision, s.Matched, s.System, s.Recall, s.Matched, s.Gold, s.F1, t.GroupsRight, t.Groups)
		}
	}
	at := &r.Attributes
	p.printf("Attributes   of %d matched incidents: date %d/%d (%d where the gold has none), actor1 %d/%d, actor2 %d/%d, killed %d/%d (%d unstated in the gold), injured %d/%d (%d)\n",
		at.Pairs, at.Date.Right, at.Date.Gold, at.Date.Spurious, at.Actor1.Right, at.Actor1.Gold, at.Actor2.Right, at.Actor2.Gold,
		at.Killed.Right, at.Killed.Gold, at.Killed.Spurious, at.Injured.Right, at.Injured.Gold, at.Injured.Spurious)
	p.printf("Confidence  ")
	for _, b := range r.Calibration {
		p.printf(" %.1f–%.1f: %d incidents, %.2f matched;", b.Low, b.High, b.Incidents, b.Share)
	}
	p.printf("\n")
	for _, g := range r.Groups {
		verdict := "ok"
		switch {
		case g.NoPrimary:
			verdict = "no gold primary"
		case g.Matched < len(g.Articles):
			verdict = "MISSED in " + strings.Join(g.Unmatched, " ")
		case g.Kept > 1:
			verdict = "SPLIT"
		}
		p.printf("  %-6s %-16s primaries matched %d/%d, in %d of %d merged incidents  %s  (%s)\n",
			g.Group, strings.Join(g.Articles, " "), g.Matched, len(g.Articles), g.Kept, g.Clusters, verdict, g.Primary)
	}
	for i := range r.PerArticle {
		a := &r.PerArticle[i]
		p.printf("\n%s  incidents P %d/%d  R %d/%d\n", a.ID, a.Scores.Matched, a.Scores.System, a.Scores.Matched, a.Scores.Gold)
		for _, m := range a.Misses {
			primary := ""
			if m.Primary {
				primary = " (primary)"
			}
			p.printf("  miss         %s at %s [%.3f,%.3f] %s%s: %s\n", m.SubEventType, m.Place, m.Lat, m.Lon, dateText(m.Date), primary, clip(m.Evidence, 90))
		}
		for _, f := range a.FalseAlarms {
			place := f.Place
			if f.PlaceName != "" {
				place += " (" + f.PlaceName + ")"
			}
			p.printf("  false alarm  %s at %s [%.3f,%.3f] %s conf %.2f: %s\n", f.SubEventType, place, f.Lat, f.Lon, dateText(f.Date), f.Confidence, clip(f.Evidence, 90))
		}
	}
}

// theatreName prints "-" for articles without a theatre.
func theatreName(code string) string {
	if code == "" {
		return "-"
	}
	return code
}

func dateText(d Date) string {
	if d.IsZero() {
		return "(no date)"
	}
	return d.String()
}

// clip shortens s to at most n code points.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
