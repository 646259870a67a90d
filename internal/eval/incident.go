package eval

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/merge"
)

// IncidentExtractor is what ScoreIncidents measures besides the
// geoparser: it finds the incidents of a text given its geoparse.
type IncidentExtractor interface {
	Incidents(ctx context.Context, text string, published time.Time, gp geo.Geoparse) ([]geo.Incident, error)
}

// ScoreIncidents geoparses and extracts every article of set and scores
// the incidents as FORMAT.md defines:
//
//   - A system incident matches a gold incident when their sub-event
//     types are equal, the system point lies within 25 km of the gold
//     point (161 km when the gold place is coarse: its toponym in the
//     article is coarse, or, when the place names no toponym, the gold
//     geo_precision is 3) and, where both have a date, the dates differ
//     by at most one day.
//   - Matching is one-to-one within an article (a maximum matching,
//     closest pairs tried first); matched gold incidents count towards
//     recall, matched system incidents towards precision; both are
//     micro-averaged over all articles.
//   - For each group, the articles are ingested in set order: their
//     incidents are clustered greedily with merge.Same (an incident joins
//     the first cluster holding an incident it is the same as). The group
//     is merged when every article's primary gold incident is matched (by
//     the article's one-to-one matching) and all those system incidents
//     lie in one cluster.
//   - The scores are also given per theatre.
func ScoreIncidents(ctx context.Context, set *Set, p Geoparser, x IncidentExtractor) (*IncidentReport, error) {
	rep := &IncidentReport{
		Dir:         set.Dir,
		Articles:    len(set.Articles),
		PerArticle:  make([]ArticleIncidents, 0, len(set.Articles)),
		Groups:      []GroupReport{},
		Calibration: newIncidentCalibration(),
	}
	system := make([][]geo.Incident, len(set.Articles))
	sysOf := make([][]int, len(set.Articles))
	theatres := map[string]*TheatreIncidents{}
	for i := range set.Articles {
		a := &set.Articles[i]
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("eval: score incidents: %w", err)
		}
		g, err := p.Geoparse(ctx, a.Text, a.Published.Time)
		if err != nil {
			return nil, fmt.Errorf("eval: geoparse %s: %w", a.ID, err)
		}
		if system[i], err = x.Incidents(ctx, a.Text, a.Published.Time, g); err != nil {
			return nil, fmt.Errorf("eval: incidents of %s: %w", a.ID, err)
		}
		sysOf[i] = matchIncidents(a, system[i])
		for g, s := range sysOf[i] {
			if s >= 0 {
				rep.Attributes.addPair(&a.Incidents[g], &system[i][s])
			}
		}
		calibrateIncidents(rep.Calibration, system[i], sysOf[i])
		ar := scoreArticleIncidents(a, system[i], sysOf[i])
		rep.Scores.add(ar.Scores)
		th := theatres[a.Theatre]
		if th == nil {
			th = &TheatreIncidents{Theatre: a.Theatre}
			theatres[a.Theatre] = th
		}
		th.Articles++
		th.Scores.add(ar.Scores)
		rep.PerArticle = append(rep.PerArticle, ar)
	}
	rep.Scores.finish()
	rep.Attributes.finish()
	finishIncidentCalibration(rep.Calibration)
	rep.Groups = scoreGroups(set, system, sysOf)
	for _, g := range rep.Groups {
		th := theatres[g.Theatre]
		th.Groups++
		if g.Merged {
			rep.GroupsRight++
			th.GroupsRight++
		}
	}
	rep.Theatres = make([]TheatreIncidents, 0, len(theatres))
	for _, code := range sortedCodes(theatres) {
		th := theatres[code]
		th.Scores.finish()
		rep.Theatres = append(rep.Theatres, *th)
	}
	return rep, nil
}

// incidentMatches reports whether system incident s matches gold
// incident g of article a, and the distance between them.
func incidentMatches(a *Article, g *Incident, s *geo.Incident) (bool, float64) {
	if g.SubEventType != s.SubEventType {
		return false, 0
	}
	d := DistanceKm(g.Point(), s.Point)
	if d > incidentLimitKm(a, g) {
		return false, d
	}
	if !g.Date.IsZero() && !s.Date.IsZero() {
		if days := math.Abs(g.Date.Sub(s.Date).Hours()) / 24; days > 1 {
			return false, d
		}
	}
	return true, d
}

// incidentLimitKm is 161 km when the gold incident's place is coarse,
// else 25 km. The place is looked up among the article's toponyms; a place
// that names none is coarse when its precision is 3.
func incidentLimitKm(a *Article, g *Incident) float64 {
	if t := a.Toponym(g.Place); t != nil {
		if t.Coarse {
			return CoarseKm
		}
		return FineKm
	}
	if g.GeoPrecision == 3 {
		return CoarseKm
	}
	return FineKm
}

// edge is a possible match of gold incident g with system incident s.
type edge struct {
	g, s int
	km   float64
}

// matchIncidents returns a maximum one-to-one matching between gold and
// system incidents as sysOf[g] (-1 when unmatched). Augmenting paths try
// the closest candidates first, so the matching is deterministic and
// prefers near pairs.
func matchIncidents(a *Article, sys []geo.Incident) []int {
	adj := make([][]edge, len(a.Incidents))
	for g := range a.Incidents {
		for s := range sys {
			if ok, d := incidentMatches(a, &a.Incidents[g], &sys[s]); ok {
				adj[g] = append(adj[g], edge{g: g, s: s, km: d})
			}
		}
		sort.SliceStable(adj[g], func(i, j int) bool { return adj[g][i].km < adj[g][j].km })
	}
	sysOf := make([]int, len(a.Incidents))
	goldOf := make([]int, len(sys))
	for i := range sysOf {
		sysOf[i] = -1
	}
	for i := range goldOf {
		goldOf[i] = -1
	}
	var try func(g int, seen []bool) bool
	try = func(g int, seen []bool) bool {
		for _, e := range adj[g] {
			if seen[e.s] {
				continue
			}
			seen[e.s] = true
			if goldOf[e.s] < 0 || try(goldOf[e.s], seen) {
				goldOf[e.s], sysOf[g] = g, e.s
				return true
			}
		}
		return false
	}
	for g := range a.Incidents {
		try(g, make([]bool, len(sys)))
	}
	return sysOf
}

// scoreArticleIncidents scores one article's system incidents.
// sysOf is the article's matching, as matchIncidents returns it.
func scoreArticleIncidents(a *Article, sys []geo.Incident, sysOf []int) ArticleIncidents {
	ar := ArticleIncidents{ID: a.ID, Misses: []IncidentMiss{}, FalseAlarms: []IncidentFalseAlarm{}}
	used := make([]bool, len(sys))
	sc := &ar.Scores
	sc.Gold, sc.System = len(a.Incidents), len(sys)
	for g, s := range sysOf {
		if s >= 0 {
			used[s] = true
			sc.Matched++
			continue
		}
		gi := &a.Incidents[g]
		ar.Misses = append(ar.Misses, IncidentMiss{
			SubEventType: gi.SubEventType, Place: gi.Place, Date: gi.Date,
			Lat: gi.Lat, Lon: gi.Lon, Primary: gi.Primary, Evidence: gi.Evidence,
		})
	}
	sc.Missed = sc.Gold - sc.Matched
	for s := range sys {
		if used[s] {
			continue
		}
		si := &sys[s]
		fa := IncidentFalseAlarm{
			SubEventType: si.SubEventType, Place: si.PlaceText, Date: Date{si.Date},
			Lat: roundDeg(si.Point.Lat()), Lon: roundDeg(si.Point.Lon()), Primary: si.Primary,
			Confidence: si.Confidence,
		}
		if si.Place != nil {
			fa.PlaceName, fa.PlaceID = placeName(si.Place), si.Place.ID
		}
		if len(si.Evidence) > 0 {
			fa.Start, fa.Evidence = si.Evidence[0].Start, si.Evidence[0].Text
		}
		ar.FalseAlarms = append(ar.FalseAlarms, fa)
	}
	sc.FalseAlarms = sc.System - sc.Matched
	sc.finish()
	return ar
}

// scoreGroups simulates ingesting each group's articles and checks that
// every article's primary incident was matched, and all of them to one
// merged incident.
func scoreGroups(set *Set, system [][]geo.Incident, sysOf [][]int) []GroupReport {
	var order []string
	members := map[string][]int{}
	for i := range set.Articles {
		g := set.Articles[i].Group
		if g == "" {
			continue
		}
		if _, ok := members[g]; !ok {
			order = append(order, g)
		}
		members[g] = append(members[g], i)
	}
	out := []GroupReport{}
	for _, name := range order {
		gr := GroupReport{Group: name, Articles: []string{}, Theatre: set.Articles[members[name][0]].Theatre}
		var clusters [][]*geo.Incident
		var primaries []*geo.Incident // the system incidents matched to primaries
		primaryArticles := 0
		for _, i := range members[name] {
			a := &set.Articles[i]
			gr.Articles = append(gr.Articles, a.ID)
			for k := range a.Incidents {
				if !a.Incidents[k].Primary {
					continue
				}
				primaryArticles++
				if gr.Primary == "" {
					gold := &a.Incidents[k]
					gr.Primary = fmt.Sprintf("%s at %s", gold.SubEventType, gold.Place)
					if !gold.Date.IsZero() {
						gr.Primary += " on " + gold.Date.String()
					}
				}
				if s := sysOf[i][k]; s >= 0 {
					gr.Matched++
					primaries = append(primaries, &system[i][s])
				} else {
					gr.Unmatched = append(gr.Unmatched, a.ID)
				}
				break
			}
			for k := range system[i] {
				clusters = cluster(clusters, &system[i][k])
			}
		}
		gr.Clusters = len(clusters)
		if primaryArticles == 0 {
			gr.NoPrimary = true
			out = append(out, gr)
			continue
		}
		for _, c := range clusters {
			if holdsAny(c, primaries) {
				gr.Kept++
			}
		}
		gr.Merged = gr.Matched == len(members[name]) && gr.Kept == 1
		out = append(out, gr)
	}
	return out
}

// holdsAny reports whether cluster c holds one of incs.
func holdsAny(c []*geo.Incident, incs []*geo.Incident) bool {
	for _, in := range c {
		for _, p := range incs {
			if in == p {
				return true
			}
		}
	}
	return false
}

// cluster adds in to the first cluster holding an incident merge.Same
// says it is, or to a new cluster.
func cluster(clusters [][]*geo.Incident, in *geo.Incident) [][]*geo.Incident {
	for c := range clusters {
		for _, other := range clusters[c] {
			if merge.Same(other, in) {
				clusters[c] = append(clusters[c], in)
				return clusters
			}
		}
	}
	return append(clusters, []*geo.Incident{in})
}

func roundDeg(v float64) float64 { return math.Round(v*1e5) / 1e5 }
