package eval

import (
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
)

func TestIncidentAttributes(t *testing.T) {
	n := func(v int) *int { return &v }
	day := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	var at IncidentAttributes
	// right day, attacker and toll; the target missed
	at.addPair(&Incident{Date: Date{day}, Actor1: "Israel", Actor2: "Hezbollah", Killed: n(2)},
		&geo.Incident{Date: day, Actor1: "Israel", Killed: n(2)})
	// a day and a toll the gold does not state; the wrong attacker
	at.addPair(&Incident{Actor1: "Houthis"}, &geo.Incident{Date: day, Actor1: "Unidentified", Killed: n(1)})
	at.finish()
	for _, tc := range []struct {
		name                  string
		got                   AttributeScore
		gold, right, spurious int
	}{
		{"date", at.Date, 1, 1, 1},
		{"actor1", at.Actor1, 2, 1, 0},
		{"actor2", at.Actor2, 1, 0, 0},
		{"killed", at.Killed, 1, 1, 1},
		{"injured", at.Injured, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got.Gold != tc.gold || tc.got.Right != tc.right || tc.got.Spurious != tc.spurious {
				t.Errorf("gold %d right %d spurious %d, want %d %d %d", tc.got.Gold, tc.got.Right, tc.got.Spurious, tc.gold, tc.right, tc.spurious)
			}
		})
	}
	if at.Pairs != 2 || at.Actor1.Share != 0.5 {
		t.Errorf("pairs %d, actor1 share %.2f", at.Pairs, at.Actor1.Share)
	}
}
