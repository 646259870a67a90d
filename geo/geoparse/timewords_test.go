package geoparse_test

import "testing"

// TestTimeWordsHeadNoName: a month or a weekday is no head of a village
// name ("كفر X", "خربة X" are): "نيسان المنصرم" is last April, not a
// place the gazetteer lacks.
func TestTimeWordsHeadNoName(t *testing.T) {
	wantNoPlace(t,
		"وفي مطلع نيسان المنصرم قصفت مسيرات موقعا عسكريا",
		"وكان الجيش قد أعلن في أكتوبر المنصرم انسحابه",
		"وعادت الهدنة لتنهار في شباط الفائت بعد أسابيع",
	)
}
