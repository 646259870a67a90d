package geoparse_test

import "testing"

// TestArmedGroupsNamedAfterPlaces: armed groups of every theatre whose
// names hold the country, city or camp they arose in are no places.
func TestArmedGroupsNamedAfterPlaces(t *testing.T) {
	for _, text := range []string{
		"وقال المتحدث باسم حركة تحرير السودان إن الهدنة انهارت",
		"اتهم الجيش الحركة الشعبية لتحرير السودان شمال بخرق الاتفاق",
		"استعاد مقاتلو مجلس شورى ثوار بنغازي مواقع سابقة",
		"أعلنت كتيبة جنين مسؤوليتها عن إطلاق النار على حاجز عسكري",
		"تبنت كتائب شهداء الأقصى الهجوم",
	} {
		t.Run(text, func(t *testing.T) {
			if gp := parse(t, text); len(gp.Places)+len(gp.Unresolved) > 0 {
				t.Errorf("want no place, got %v", names(gp))
			}
		})
	}
}
