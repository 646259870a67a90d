package geoparse_test

import "testing"

// TestArmedGroupsNamedAfterPlaces: armed groups of every theatre whose
// names hold the country, city or camp they arose in are no places.
func TestArmedGroupsNamedAfterPlaces(t *testing.T) {
	wantNoPlace(t,
		"صرح ناطق عسكري في حركة تحرير السودان بأن الهدنة انهارت",
		"اتهمت الحكومة مقاتلي الشعبية لتحرير السودان بخرق الاتفاق",
		"استعاد مقاتلو مجلس شورى ثوار بنغازي مواقع سابقة",
		"أعلنت كتيبة جنين مسؤوليتها عن إطلاق النار على حاجز عسكري",
		"تبنت كتائب شهداء الأقصى الهجوم",
	)
}
