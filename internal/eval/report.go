package eval

import (
	"math"
	"sort"

	"github.com/incidentmap/incidentmap/geo"
)

// The distance thresholds of FORMAT.md: 161 km (100 miles) for every
// matched toponym, 25 km for those that are not coarse.
const (
	CoarseKm = 161.0
	FineKm   = 25.0
)

// Report is the outcome of Score: the totals over the whole set, then one
// entry per article. It marshals to JSON with stable snake_case names.
type Report struct {
	Dir         string      `json:"dir"`
	Articles    int         `json:"articles"`
	Recognition Recognition `json:"recognition"`
	Resolution  Resolution  `json:"resolution"`
	// Theatres are the same scores per theatre (the articles' country
	// code, "" for articles without one), in code order.
	Theatres   []TheatreReport `json:"theatres"`
	PerArticle []ArticleReport `json:"per_article"`
	// Calibration: how often resolved places are right, by confidence.
	Calibration []CalibrationBin `json:"calibration"`
	// Incidents is the incident score, when ScoreIncidents was run and
	// its result attached; nil otherwise.
	Incidents *IncidentReport `json:"incidents,omitempty"`
}

// Recognition counts how well the system finds place names. Metonymic gold
// toponyms count neither way: they are not in Gold, and a system place
// that overlaps only metonymic ones is Ignored rather than a false alarm.
type Recognition struct {
	// Gold is the number of literal gold toponyms, Matched + Missed.
	Gold    int `json:"gold"`
	Matched int `json:"matched"`
	Missed  int `json:"missed"`
	// Metonymic is the number of gold toponyms left out of scoring.
	Metonymic int `json:"metonymic"`
	// System is the number of system places, resolved or not:
	// TruePositives + FalseAlarms + Ignored.
	System        int `json:"system"`
	TruePositives int `json:"true_positives"`
	FalseAlarms   int `json:"false_alarms"`
	Ignored       int `json:"ignored"`
	// Precision is TruePositives / (TruePositives + FalseAlarms), Recall
	// is Matched / Gold; each is 0 when its denominator is.
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// Resolution measures the points given to matched gold toponyms. A matched
// toponym the system left unresolved fails every threshold and is left
// out of the mean and median.
type Resolution struct {
	// Matched is the number of matched literal gold toponyms, Resolved +
	// Unresolved: the denominator of ShareWithin161.
	Matched    int `json:"matched"`
	Resolved   int `json:"resolved"`
	Unresolved int `json:"unresolved"`
	Within161  int `json:"within_161km"`
	// NotCoarse is how many matched toponyms are not coarse: the
	// denominator of ShareWithin25.
	NotCoarse      int     `json:"not_coarse"`
	Within25       int     `json:"within_25km"`
	ShareWithin161 float64 `json:"share_within_161km"`
	ShareWithin25  float64 `json:"share_within_25km"`
	// MeanKm and MedianKm are over the Resolved toponyms, to the metre;
	// 0 when none.
	MeanKm   float64 `json:"mean_km"`
	MedianKm float64 `json:"median_km"`
}

// TheatreReport is the recognition and resolution score of the articles
// of one theatre.
type TheatreReport struct {
	Theatre     string      `json:"theatre"`
	Articles    int         `json:"articles"`
	Recognition Recognition `json:"recognition"`
	Resolution  Resolution  `json:"resolution"`
}

// ArticleReport is the score of one article and what went wrong in it.
type ArticleReport struct {
	ID               string            `json:"id"`
	Recognition      Recognition       `json:"recognition"`
	Resolution       Resolution        `json:"resolution"`
	Misses           []Miss            `json:"misses"`
	FalseAlarms      []FalseAlarm      `json:"false_alarms"`
	WrongResolutions []WrongResolution `json:"wrong_resolutions"`
}

// Miss is a literal gold toponym no system place overlaps.
type Miss struct {
	Text string   `json:"text"`
	Name string   `json:"name"`
	Kind geo.Kind `json:"kind"`
	// Start and End are its first occurrence.
	Start int `json:"start"`
	End   int `json:"end"`
}

// FalseAlarm is a system place that overlaps no gold toponym.
type FalseAlarm struct {
	// Text, Start and End are its first mention.
	Text     string `json:"text"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Mentions int    `json:"mentions"`
	// PlaceName and PlaceID are empty when the place was not resolved.
	PlaceName string `json:"place_name"`
	PlaceID   string `json:"place_id"`
}

// WrongResolution is a matched gold toponym whose system point lies beyond
// its threshold (LimitKm: 25 km, or 161 km when coarse) or that the system
// left unresolved.
type WrongResolution struct {
	GoldText   string  `json:"gold_text"`
	GoldName   string  `json:"gold_name"`
	Coarse     bool    `json:"coarse"`
	LimitKm    float64 `json:"limit_km"`
	SystemText string  `json:"system_text"`
	SystemName string  `json:"system_name"`
	SystemID   string  `json:"system_id"`
	Unresolved bool    `json:"unresolved"`
	// DistanceKm is rounded to the metre, 0 when Unresolved.
	DistanceKm float64 `json:"distance_km"`
}

// add sums the counts of o into r; ratios are left for finish.
func (r *Recognition) add(o Recognition) {
	r.Gold += o.Gold
	r.Matched += o.Matched
	r.Missed += o.Missed
	r.Metonymic += o.Metonymic
	r.System += o.System
	r.TruePositives += o.TruePositives
	r.FalseAlarms += o.FalseAlarms
	r.Ignored += o.Ignored
}

// finish computes the ratios from the counts.
func (r *Recognition) finish() {
	r.Precision = ratio(r.TruePositives, r.TruePositives+r.FalseAlarms)
	r.Recall = ratio(r.Matched, r.Gold)
	r.F1 = 0
	if r.Precision+r.Recall > 0 {
		r.F1 = 2 * r.Precision * r.Recall / (r.Precision + r.Recall)
	}
}

// add sums the counts of o into r; ratios are left for finish.
func (r *Resolution) add(o Resolution) {
	r.Matched += o.Matched
	r.Resolved += o.Resolved
	r.Unresolved += o.Unresolved
	r.Within161 += o.Within161
	r.NotCoarse += o.NotCoarse
	r.Within25 += o.Within25
}

// finish computes the shares from the counts and the mean and median from
// the errors of the resolved toponyms (sorted in place).
func (r *Resolution) finish(errorsKm []float64) {
	r.ShareWithin161 = ratio(r.Within161, r.Matched)
	r.ShareWithin25 = ratio(r.Within25, r.NotCoarse)
	r.MeanKm, r.MedianKm = 0, 0
	n := len(errorsKm)
	if n == 0 {
		return
	}
	sum := 0.0
	for _, d := range errorsKm {
		sum += d
	}
	r.MeanKm = roundKm(sum / float64(n))
	sort.Float64s(errorsKm)
	if n%2 == 1 {
		r.MedianKm = roundKm(errorsKm[n/2])
	} else {
		r.MedianKm = roundKm((errorsKm[n/2-1] + errorsKm[n/2]) / 2)
	}
}

// roundKm rounds to the metre: finer digits are noise that would differ
// between platforms (fused multiply-add) and only clutter the JSON.
func roundKm(km float64) float64 { return math.Round(km*1000) / 1000 }

func ratio(num, den int) float64 {
	if den == 0 {
		return 0
	}
	return float64(num) / float64(den)
}
