package extract_test

import (
	"testing"

	"github.com/incidentmap/incidentmap/geo/extract"
)

// TestRepelledGroundAttackIsBattle: a ground force's attack of no stated
// means that the sentence tells fought off (تصدى، صد) was a battle, told
// once whichever side each clause names; one not fought off stays the
// force's usual means.
func TestRepelledGroundAttackIsBattle(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		sub        string
		actor2     string
	}{
		{"repelled by the army", "[untitled]\nوذكر شاهد أن قوات الدعم السريع شنت هجوما على مدينة بابنوسة فجر الخميس، وأن الجيش تصدى للهجوم وكبدها خسائر.",
			extract.SubArmedClash, "Sudanese Armed Forces"},
		{"driven back by the garrison", "[untitled]\nهاجمت قوات الدعم السريع مدينة الفاشر صباح الخميس بينما تمكنت قوات الجيش من صد الهجوم.",
			extract.SubArmedClash, "Sudanese Armed Forces"},
		{"no one fought it off", "[untitled]\nشنت قوات الدعم السريع هجوما على مدينة بابنوسة صباح الخميس.",
			extract.SubShelling, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins := one(t, tc.text, thursday, babanusa, fasher)
			if len(ins) != 1 || ins[0].SubEventType != tc.sub {
				t.Fatalf("want one %s:%s", tc.sub, describe(ins))
			}
			if tc.actor2 != "" && ins[0].Actor2 != tc.actor2 {
				t.Errorf("actor2 %q, want %q:%s", ins[0].Actor2, tc.actor2, describe(ins))
			}
		})
	}
}
