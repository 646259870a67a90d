package geoparse_test

import "testing"

// TestPersonNamesAreNoPlaces: villages of the embedded gazetteer named
// like given and family names (Buthaynah, Shaykh Hasan) are no places
// inside a personal name, and stay places after a cue, a preposition or
// with a direction.
func TestPersonNamesAreNoPlaces(t *testing.T) {
	wantNoPlace(t,
		"قالت المستشارة بثينة شعبان إن المفاوضات متوقفة",
		"وصرحت بثينة شعبان للصحفيين بأن الجولة انتهت",
		"وقال الشيخ حسن سلمان إن الأهالي غادروا منازلهم",
		"قالت بثينة إن البيت تهدم",
	)
	tests := []struct {
		name, text, want string
	}{
		{"after a cue", "قال مسؤول في بلدة بثينة إن القصف توقف", "بثينة"},
		{"with a direction", "قصفت المدفعية بثينة شمال درعا", "بثينة"},
		{"with a preposition", "سقطت قذيفة ببثينة فجر اليوم", "ببثينة"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if p := found(parse(t, tc.text), tc.want); p == nil || p.Place.Name != "Buthaynah" {
				t.Errorf("%q: want %q as Buthaynah, got %v", tc.text, tc.want, names(parse(t, tc.text)))
			}
		})
	}
}
