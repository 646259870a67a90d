package eval

import (
	"fmt"
	"io"
)

// WriteText writes a readable summary of r, then each article's counts
// and what went wrong in it: misses, false alarms, wrong resolutions; and
// the incident section when r.Incidents is set.
func (r *Report) WriteText(w io.Writer) error {
	p := &printer{w: w}
	dir := r.Dir
	if dir == "" {
		dir = "(unnamed)"
	}
	p.printf("Gold set %s: %d articles\n", dir, r.Articles)
	rec, res := &r.Recognition, &r.Resolution
	p.printf("Recognition  P %.3f (%d/%d)  R %.3f (%d/%d)  F1 %.3f\n",
		rec.Precision, rec.TruePositives, rec.TruePositives+rec.FalseAlarms,
		rec.Recall, rec.Matched, rec.Gold, rec.F1)
	p.printf("             %d system places: %d true, %d false alarms, %d on metonymic names only (ignored); %d metonymic gold names not scored\n",
		rec.System, rec.TruePositives, rec.FalseAlarms, rec.Ignored, rec.Metonymic)
	p.printf("Resolution   within 161 km %.3f (%d/%d matched)  within 25 km %.3f (%d/%d not coarse)\n",
		res.ShareWithin161, res.Within161, res.Matched, res.ShareWithin25, res.Within25, res.NotCoarse)
	p.printf("             error mean %.1f km, median %.1f km over %d resolved; %d matched left unresolved\n",
		res.MeanKm, res.MedianKm, res.Resolved, res.Unresolved)
	if len(r.Calibration) > 0 {
		p.printf("Confidence   ")
		for _, b := range r.Calibration {
			p.printf(" %.1f–%.1f: %d places, %.2f right;", b.Low, b.High, b.Places, b.Share)
		}
		p.printf("\n")
	}
	if len(r.Theatres) > 0 {
		p.printf("By theatre   %-4s %8s %18s %18s %7s %18s %18s\n", "", "articles", "P", "R", "F1", "within 161 km", "within 25 km")
		for _, t := range r.Theatres {
			rc, rs := &t.Recognition, &t.Resolution
			p.printf("             %-4s %8d %7.3f (%3d/%3d) %7.3f (%3d/%3d) %7.3f %7.3f (%3d/%3d) %7.3f (%3d/%3d)\n", theatreName(t.Theatre), t.Articles,
				rc.Precision, rc.TruePositives, rc.TruePositives+rc.FalseAlarms, rc.Recall, rc.Matched, rc.Gold, rc.F1,
				rs.ShareWithin161, rs.Within161, rs.Matched, rs.ShareWithin25, rs.Within25, rs.NotCoarse)
		}
	}
	for i := range r.PerArticle {
		a := &r.PerArticle[i]
		ar, as := &a.Recognition, &a.Resolution
		p.printf("\n%s  P %d/%d  R %d/%d  161km %d/%d  25km %d/%d\n", a.ID,
			ar.TruePositives, ar.TruePositives+ar.FalseAlarms, ar.Matched, ar.Gold,
			as.Within161, as.Matched, as.Within25, as.NotCoarse)
		for _, m := range a.Misses {
			p.printf("  miss         %s [%s] at %d  (%s)\n", m.Text, m.Kind, m.Start, m.Name)
		}
		for _, f := range a.FalseAlarms {
			place := "unresolved"
			if f.PlaceID != "" {
				place = fmt.Sprintf("%s (%s)", f.PlaceName, f.PlaceID)
			}
			p.printf("  false alarm  %s at %d -> %s\n", f.Text, f.Start, place)
		}
		for _, wr := range a.WrongResolutions {
			if wr.Unresolved {
				p.printf("  unresolved   %s: gold %s, system gave no place\n", wr.GoldText, wr.GoldName)
				continue
			}
			p.printf("  wrong        %s: gold %s, system %s (%s): %.1f km > %.0f km\n",
				wr.GoldText, wr.GoldName, wr.SystemName, wr.SystemID, wr.DistanceKm, wr.LimitKm)
		}
	}
	if r.Incidents != nil {
		p.printf("\n")
		r.Incidents.writeText(p)
	}
	return p.err
}

// printer keeps the first write error so that WriteText reads straight.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format, args...)
}
