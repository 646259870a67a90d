package geoparse_test

import "testing"

// TestSideOfContainer: a direction adjective after the container ("بريف
// حلب الشمالي") says on which side of it the name lies: of two villages
// of one name in the province, the one on that side.
func TestSideOfContainer(t *testing.T) {
	for _, tt := range []struct{ text, id string }{
		{"استهدفت المدفعية قرية الشيخ عيسى بريف حلب الشمالي", "curated:sy-vil-172684"},
		{"استهدفت المدفعية قرية الشيخ عيسى بريف حلب الجنوبي", "curated:sy-vil-7887800"},
	} {
		t.Run(tt.text, func(t *testing.T) {
			gp := parse(t, tt.text)
			if p := found(gp, "الشيخ عيسى"); p == nil || p.Place.ID != tt.id {
				t.Errorf("want %s: %v", tt.id, names(gp))
			}
		})
	}
}

// TestOneSenseAcrossFittingCues: a mention whose cue fits the place a
// later mention's container fixes ("قرى X" then "قرية X بريف Y") is that
// place too.
func TestOneSenseAcrossFittingCues(t *testing.T) {
	gp := parse(t, "طال القصف قرى الشيخ عيسى. وفي اليوم التالي تجدد القصف على قرية الشيخ عيسى بريف حلب الشمالي")
	for _, p := range gp.Places {
		for _, m := range p.Mentions {
			if m.Text == "الشيخ عيسى" && p.Place.ID != "curated:sy-vil-172684" {
				t.Errorf("mention at %d → %s", m.Start, p.Place.ID)
			}
		}
	}
}

// TestShortNameOtherSide: a short name of a place whose full name ends in
// a direction adjective ("الضفة" for "الضفة الغربية") followed by another
// side's adjective names something else (a river's east bank).
func TestShortNameOtherSide(t *testing.T) {
	gp := parse(t, "عبرت الآليات إلى الضفة الشرقية للنهر قبل الفجر")
	for _, p := range gp.Places {
		if p.Place.ID == "curated:a1-ps-west-bank" {
			t.Errorf("the east bank taken for the West Bank: %v", names(gp))
		}
	}
	if p := found(parse(t, "اقتحمت القوات بلدات عدة في الضفة فجر اليوم"), "الضفة"); p == nil || p.Place.ID != "curated:a1-ps-west-bank" {
		t.Errorf("the short name alone is still the West Bank")
	}
}
