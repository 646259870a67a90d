package eval

import (
	"context"
	"fmt"

	"github.com/incidentmap/incidentmap/geo"
)

// Score runs p on every article of set, the whole file as text, and scores
// what it finds as FORMAT.md defines:
//
//   - A system place (one geo.Toponym, resolved or not) matches a gold
//     toponym when any of its mentions overlaps any gold occurrence.
//   - Literal gold toponyms that some system place matches count towards
//     recall; the rest are misses. System places overlapping a literal
//     gold toponym are true positives, those overlapping only metonymic
//     ones are ignored, the rest are false alarms. Precision, recall and
//     F1 are micro-averaged over all articles.
//   - Each matched literal gold toponym is resolved by the system place
//     overlapping it with the most mentions (the first on a tie, Places
//     before Unresolved); its error is the haversine distance between the
//     two points. An unresolved place fails every threshold and is left
//     out of the mean and median.
//
// Incidents are scored by ScoreIncidents, whose report may be attached to
// Report.Incidents.
func Score(ctx context.Context, set *Set, p Geoparser) (*Report, error) {
	rep := &Report{
		Dir:         set.Dir,
		Articles:    len(set.Articles),
		PerArticle:  make([]ArticleReport, 0, len(set.Articles)),
		Calibration: newCalibration(),
	}
	var allErrs []float64
	theatres := map[string]*TheatreReport{}
	theatreErrs := map[string][]float64{}
	for i := range set.Articles {
		a := &set.Articles[i]
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("eval: score: %w", err)
		}
		g, err := p.Geoparse(ctx, a.Text, a.Published.Time)
		if err != nil {
			return nil, fmt.Errorf("eval: geoparse %s: %w", a.ID, err)
		}
		ar, errs := scoreToponyms(a, &g)
		calibrate(rep.Calibration, a, &g)
		rep.Recognition.add(ar.Recognition)
		rep.Resolution.add(ar.Resolution)
		allErrs = append(allErrs, errs...)
		th := theatres[a.Theatre]
		if th == nil {
			th = &TheatreReport{Theatre: a.Theatre}
			theatres[a.Theatre] = th
		}
		th.Articles++
		th.Recognition.add(ar.Recognition)
		th.Resolution.add(ar.Resolution)
		theatreErrs[th.Theatre] = append(theatreErrs[th.Theatre], errs...)
		rep.PerArticle = append(rep.PerArticle, ar)
	}
	rep.Recognition.finish()
	rep.Resolution.finish(allErrs)
	rep.Theatres = make([]TheatreReport, 0, len(theatres))
	for _, code := range sortedCodes(theatres) {
		th := theatres[code]
		th.Recognition.finish()
		th.Resolution.finish(theatreErrs[code])
		rep.Theatres = append(rep.Theatres, *th)
	}
	finishCalibration(rep.Calibration)
	return rep, nil
}

// systemPlace is one toponym the system reported, resolved or not.
type systemPlace struct {
	t        *geo.Toponym
	resolved bool
}

// systemPlaces lists Places then Unresolved: that order breaks ties. A
// Place entry without a Place counts as unresolved.
func systemPlaces(g *geo.Geoparse) []systemPlace {
	out := make([]systemPlace, 0, len(g.Places)+len(g.Unresolved))
	for i := range g.Places {
		out = append(out, systemPlace{t: &g.Places[i], resolved: g.Places[i].Place != nil})
	}
	for i := range g.Unresolved {
		out = append(out, systemPlace{t: &g.Unresolved[i]})
	}
	return out
}

// overlapping counts the mentions of t that overlap an occurrence of gold.
func overlapping(t *geo.Toponym, gold *Toponym) int {
	n := 0
	for _, m := range t.Mentions {
		for _, o := range gold.Occurrences {
			if overlaps(m.Start, m.End, o.Start, o.End) {
				n++
				break
			}
		}
	}
	return n
}

// scoreToponyms scores one article's recognition and resolution and
// returns the errors in km of its resolved matches.
func scoreToponyms(a *Article, g *geo.Geoparse) (ArticleReport, []float64) {
	ar := ArticleReport{
		ID:               a.ID,
		Misses:           []Miss{},
		FalseAlarms:      []FalseAlarm{},
		WrongResolutions: []WrongResolution{},
	}
	sys := systemPlaces(g)
	rec, res := &ar.Recognition, &ar.Resolution

	// counts[s][k]: mentions of system place s overlapping gold toponym k.
	counts := make([][]int, len(sys))
	for s := range sys {
		counts[s] = make([]int, len(a.Toponyms))
		literal, metonymic := false, false
		for k := range a.Toponyms {
			c := overlapping(sys[s].t, &a.Toponyms[k])
			counts[s][k] = c
			switch {
			case c == 0:
			case a.Toponyms[k].Metonymic():
				metonymic = true
			default:
				literal = true
			}
		}
		rec.System++
		switch {
		case literal:
			rec.TruePositives++
		case metonymic:
			rec.Ignored++
		default:
			rec.FalseAlarms++
			ar.FalseAlarms = append(ar.FalseAlarms, falseAlarm(sys[s]))
		}
	}

	var errs []float64
	for k := range a.Toponyms {
		gt := &a.Toponyms[k]
		if gt.Metonymic() {
			rec.Metonymic++
			continue
		}
		rec.Gold++
		best := -1
		for s := range sys {
			if counts[s][k] > 0 && (best < 0 || counts[s][k] > counts[best][k]) {
				best = s
			}
		}
		if best < 0 {
			rec.Missed++
			ar.Misses = append(ar.Misses, miss(gt))
			continue
		}
		rec.Matched++
		res.Matched++
		limit := FineKm
		if gt.Coarse {
			limit = CoarseKm
		} else {
			res.NotCoarse++
		}
		sp := sys[best]
		if !sp.resolved {
			res.Unresolved++
			ar.WrongResolutions = append(ar.WrongResolutions, wrong(gt, sp, limit, 0))
			continue
		}
		res.Resolved++
		d := DistanceKm(gt.Point(), sp.t.Place.Point)
		errs = append(errs, d)
		if d <= CoarseKm {
			res.Within161++
		}
		if !gt.Coarse && d <= FineKm {
			res.Within25++
		}
		if d > limit {
			ar.WrongResolutions = append(ar.WrongResolutions, wrong(gt, sp, limit, d))
		}
	}
	rec.finish()
	res.finish(append([]float64(nil), errs...))
	return ar, errs
}

func miss(gt *Toponym) Miss {
	m := Miss{Text: gt.Text, Name: gt.Name, Kind: gt.Kind}
	if len(gt.Occurrences) > 0 {
		m.Start, m.End = gt.Occurrences[0].Start, gt.Occurrences[0].End
	}
	return m
}

func falseAlarm(sp systemPlace) FalseAlarm {
	fa := FalseAlarm{Mentions: len(sp.t.Mentions)}
	if len(sp.t.Mentions) > 0 {
		m := sp.t.Mentions[0]
		fa.Text, fa.Start, fa.End = m.Text, m.Start, m.End
	}
	if sp.resolved {
		fa.PlaceName, fa.PlaceID = placeName(sp.t.Place), sp.t.Place.ID
	}
	return fa
}

func wrong(gt *Toponym, sp systemPlace, limit, d float64) WrongResolution {
	w := WrongResolution{
		GoldText:   gt.Text,
		GoldName:   gt.Name,
		Coarse:     gt.Coarse,
		LimitKm:    limit,
		Unresolved: !sp.resolved,
		DistanceKm: roundKm(d),
	}
	// The mention that overlaps the gold name says most about the mistake.
	for _, m := range sp.t.Mentions {
		if overlapping(&geo.Toponym{Mentions: []geo.Mention{m}}, gt) > 0 {
			w.SystemText = m.Text
			break
		}
	}
	if sp.resolved {
		w.SystemName, w.SystemID = placeName(sp.t.Place), sp.t.Place.ID
	}
	return w
}

// placeName prefers the primary name, falling back to the Arabic one.
func placeName(p *geo.Place) string {
	if p.Name != "" {
		return p.Name
	}
	return p.NameAr
}
