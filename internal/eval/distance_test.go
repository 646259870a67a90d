package eval

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestDistanceKm(t *testing.T) {
	tests := []struct {
		name string
		a, b orb.Point
		want float64
	}{
		{"same point", orb.Point{40.14, 35.33}, orb.Point{40.14, 35.33}, 0},
		{"one degree on the equator", orb.Point{0, 0}, orb.Point{1, 0}, EarthRadiusKm * math.Pi / 180},
		{"one degree of latitude", orb.Point{36, 33}, orb.Point{36, 34}, EarthRadiusKm * math.Pi / 180},
		{"equator to pole", orb.Point{10, 0}, orb.Point{-50, 90}, EarthRadiusKm * math.Pi / 2},
		{"antipodes", orb.Point{0, 0}, orb.Point{180, 0}, EarthRadiusKm * math.Pi},
		{"across the antimeridian", orb.Point{179.5, 0}, orb.Point{-179.5, 0}, EarthRadiusKm * math.Pi / 180},
		// Reference computed independently (Python, same radius).
		{"Damascus to Aleppo", orb.Point{36.29128, 33.5102}, orb.Point{37.16117, 36.20124}, 309.57419535040316},
		{"Deir ez-Zor to Albu Kamal", orb.Point{40.14084, 35.33588}, orb.Point{40.91854, 34.45226}, 121.17973199868621},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, d := range []float64{DistanceKm(tt.a, tt.b), DistanceKm(tt.b, tt.a)} {
				if math.Abs(d-tt.want) > 1e-6 {
					t.Errorf("DistanceKm = %.9f, want %.9f", d, tt.want)
				}
			}
		})
	}
}
