package eval

import (
	"math"

	"github.com/incidentmap/incidentmap/geo"
)

// calibrationBins splits [0, 1] into equal confidence bins.
const calibrationBins = 5

// CalibrationBin says how often the resolved places whose confidence fell
// in [Low, High) were right: within 25 km of a gold toponym they overlap
// (161 km for coarse ones). A place overlapping no gold toponym is wrong;
// one overlapping only metonymic ones is left out.
type CalibrationBin struct {
	Low    float64 `json:"low"`
	High   float64 `json:"high"`
	Places int     `json:"places"`
	Right  int     `json:"right"`
	Share  float64 `json:"share_right"`
}

// calibrate adds the resolved places of one article to bins.
func calibrate(bins []CalibrationBin, a *Article, g *geo.Geoparse) {
	for i := range g.Places {
		t := &g.Places[i]
		if t.Place == nil {
			continue
		}
		right, literal, metonymic := false, false, false
		for k := range a.Toponyms {
			gt := &a.Toponyms[k]
			if overlapping(t, gt) == 0 {
				continue
			}
			if gt.Metonymic() {
				metonymic = true
				continue
			}
			literal = true
			limit := FineKm
			if gt.Coarse {
				limit = CoarseKm
			}
			right = right || DistanceKm(gt.Point(), t.Place.Point) <= limit
		}
		if !literal && metonymic {
			continue
		}
		b := min(int(t.Confidence*calibrationBins), calibrationBins-1)
		bins[b].Places++
		if right {
			bins[b].Right++
		}
	}
}

func newCalibration() []CalibrationBin {
	bins := make([]CalibrationBin, calibrationBins)
	for i := range bins {
		bins[i].Low, bins[i].High = float64(i)/calibrationBins, float64(i+1)/calibrationBins
	}
	return bins
}

func finishCalibration(bins []CalibrationBin) {
	for i := range bins {
		if bins[i].Places > 0 {
			bins[i].Share = math.Round(float64(bins[i].Right)/float64(bins[i].Places)*1000) / 1000
		}
	}
}

// IncidentCalibrationBin says how often the system incidents whose
// confidence fell in [Low, High) matched a gold incident.
type IncidentCalibrationBin struct {
	Low       float64 `json:"low"`
	High      float64 `json:"high"`
	Incidents int     `json:"incidents"`
	Matched   int     `json:"matched"`
	Share     float64 `json:"share_matched"`
}

// calibrateIncidents adds one article's system incidents to bins; sysOf
// is its matching, as matchIncidents returns it.
func calibrateIncidents(bins []IncidentCalibrationBin, sys []geo.Incident, sysOf []int) {
	matched := make([]bool, len(sys))
	for _, s := range sysOf {
		if s >= 0 {
			matched[s] = true
		}
	}
	for s := range sys {
		b := max(0, min(int(sys[s].Confidence*calibrationBins), calibrationBins-1))
		bins[b].Incidents++
		if matched[s] {
			bins[b].Matched++
		}
	}
}

func newIncidentCalibration() []IncidentCalibrationBin {
	bins := make([]IncidentCalibrationBin, calibrationBins)
	for i := range bins {
		bins[i].Low, bins[i].High = float64(i)/calibrationBins, float64(i+1)/calibrationBins
	}
	return bins
}

func finishIncidentCalibration(bins []IncidentCalibrationBin) {
	for i := range bins {
		if bins[i].Incidents > 0 {
			bins[i].Share = math.Round(float64(bins[i].Matched)/float64(bins[i].Incidents)*1000) / 1000
		}
	}
}
