package geo

import (
	"errors"
	"testing"
)

func TestParseCoverage(t *testing.T) {
	tests := []struct {
		in      string
		has     []string
		hasNot  []string
		wantErr bool
	}{
		{in: "default", has: []string{"SY", "SD", "SO", "LY", "PS", "YE", "TD", "ML"}, hasNot: []string{"FR", "US", "ET"}},
		{in: "sy, iq", has: []string{"SY", "IQ"}, hasNot: []string{"LB"}},
		{in: "default,ET", has: []string{"ET", "SD"}},
		{in: "", wantErr: true},
		{in: "SYR", wantErr: true},
		{in: "S1", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := ParseCoverage(tt.in)
			if tt.wantErr {
				if !errors.Is(err, ErrCoverage) {
					t.Fatalf("err = %v, want ErrCoverage", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, cc := range tt.has {
				if !c.Has(cc) {
					t.Errorf("%s not covered by %s", cc, c)
				}
			}
			for _, cc := range tt.hasNot {
				if c.Has(cc) {
					t.Errorf("%s covered by %s", cc, c)
				}
			}
			back, err := ParseCoverage(c.String())
			if err != nil || back.String() != c.String() {
				t.Errorf("round trip %q → %q (%v)", c.String(), back.String(), err)
			}
		})
	}
}
