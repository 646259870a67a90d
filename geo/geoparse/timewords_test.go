package geoparse_test

import "testing"

// TestTimeWordsHeadNoName: a month or a weekday is no head of a village
// name ("كفر X", "خربة X" are): "نيسان المنصرم" is last April, not a
// place the gazetteer lacks.
func TestTimeWordsHeadNoName(t *testing.T) {
	for _, text := range []string{
		"وفي مطلع نيسان المنصرم قصفت مسيرات موقعا عسكريا",
		"وكان الجيش قد أعلن في أكتوبر المنصرم انسحابه",
		"وعادت الهدنة لتنهار في شباط الفائت بعد أسابيع",
	} {
		t.Run(text, func(t *testing.T) {
			gp := parse(t, text)
			if len(gp.Places)+len(gp.Unresolved) > 0 {
				t.Errorf("want no place, got %v", names(gp))
			}
		})
	}
}
