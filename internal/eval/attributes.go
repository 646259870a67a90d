package eval

import (
	"github.com/incidentmap/incidentmap/geo"
)

// IncidentAttributes measures, over the matched pairs of incidents, the
// fields matching does not look at: whether the system gives the gold's
// day, attacker, target and tolls. A field counts where the gold states
// it (Gold) and is right where the system says the same (Right); Spurious
// counts a date or a toll the system states where the gold has none.
type IncidentAttributes struct {
	Pairs   int            `json:"pairs"`
	Date    AttributeScore `json:"date"`
	Actor1  AttributeScore `json:"actor1"`
	Actor2  AttributeScore `json:"actor2"`
	Killed  AttributeScore `json:"killed"`
	Injured AttributeScore `json:"injured"`
}

// AttributeScore is the agreement on one field.
type AttributeScore struct {
	Gold     int     `json:"gold"`
	Right    int     `json:"right"`
	Spurious int     `json:"spurious"`
	Share    float64 `json:"share"` // Right / Gold
}

func (a *AttributeScore) add(gold, system, same bool) {
	switch {
	case gold:
		a.Gold++
		if system && same {
			a.Right++
		}
	case system:
		a.Spurious++
	}
}

func (a *AttributeScore) finish() {
	a.Share = 0
	if a.Gold > 0 {
		a.Share = float64(a.Right) / float64(a.Gold)
	}
}

// addPair counts one matched pair.
func (r *IncidentAttributes) addPair(g *Incident, s *geo.Incident) {
	r.Pairs++
	r.Date.add(!g.Date.IsZero(), !s.Date.IsZero(), g.Date.Format("2006-01-02") == s.Date.Format("2006-01-02"))
	r.Actor1.add(g.Actor1 != "", s.Actor1 != "", g.Actor1 == s.Actor1)
	r.Actor2.add(g.Actor2 != "", s.Actor2 != "", g.Actor2 == s.Actor2)
	r.Killed.add(g.Killed != nil, s.Killed != nil, g.Killed != nil && s.Killed != nil && *g.Killed == *s.Killed)
	r.Injured.add(g.Injured != nil, s.Injured != nil, g.Injured != nil && s.Injured != nil && *g.Injured == *s.Injured)
}

func (r *IncidentAttributes) finish() {
	for _, a := range []*AttributeScore{&r.Date, &r.Actor1, &r.Actor2, &r.Killed, &r.Injured} {
		a.finish()
	}
}
