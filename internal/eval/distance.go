package eval

import (
	"math"

	"github.com/paulmach/orb"
)

// EarthRadiusKm is the mean Earth radius (IUGG) the scores are computed
// with, so that numbers compare across tools.
const EarthRadiusKm = 6371.0088

// DistanceKm is the great-circle (haversine) distance between two points
// given as orb does, [lon, lat] in degrees.
func DistanceKm(a, b orb.Point) float64 {
	rad := math.Pi / 180
	lat1, lat2 := a.Lat()*rad, b.Lat()*rad
	dlat := lat2 - lat1
	dlon := (b.Lon() - a.Lon()) * rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) +
		math.Cos(lat1)*math.Cos(lat2)*math.Sin(dlon/2)*math.Sin(dlon/2)
	// Rounding can push h a hair above 1 for antipodes.
	h = math.Min(1, math.Max(0, h))
	return 2 * EarthRadiusKm * math.Asin(math.Sqrt(h))
}
