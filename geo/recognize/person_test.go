package recognize

import (
	"slices"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/paulmach/orb"
)

// TestPersonNames: villages named like a given or a family name are no
// places inside a personal name (after a given name, before a family
// name, after a title, in a kunya, after a verb of saying), and are
// places after a cue, a preposition, a direction or in a list.
func TestPersonNames(t *testing.T) {
	village := func(id, name, cc string, x, y float64) geo.Place {
		return geo.Place{ID: id, NameAr: name, Kind: geo.KindVillage, CountryCode: cc, Point: orb.Point{x, y}}
	}
	places := []geo.Place{
		village("t:buthayna", "بثينة", "SY", 36.7, 32.9),
		village("t:shaban", "شعبان", "YE", 44.1, 14.3),
		village("t:haydar", "حيدر", "IQ", 41.5, 36.3),
		village("t:khalil", "خليل", "SY", 39.6, 35.7),
		village("t:sheikh-hasan", "الشيخ حسن", "SY", 36.7, 36.2),
		village("t:abu-hamza", "أبو حمزة", "IQ", 44.0, 33.0),
		village("t:faysal", "فيصل", "IQ", 44.2, 33.1),
		{ID: "t:amran", NameAr: "عمران", Kind: geo.KindCity, CountryCode: "YE", Point: orb.Point{43.9, 15.7}, Population: 90000},
		{ID: "t:daraa", NameAr: "درعا", Kind: geo.KindCity, CountryCode: "SY", Point: orb.Point{36.1, 32.6}, Population: 100000},
	}
	r := New(gazetteer.New(places), geo.DefaultCoverage(), testLexicon(t, ""))
	tests := []struct {
		name, text string
		want       []string
	}{
		{"given name before a family name", "قالت المستشارة بثينة شعبان إن المفاوضات متوقفة.", nil},
		{"family name after a given name", "التقى الوفد بالسيد عماد حيدر مساء أمس.", nil},
		{"given name after a title and before a family name", "صرح الوزير خليل حيدر بأن الجلسة تأجلت.", nil},
		{"family name after a title and an unlisted given name", "قال العميد سهيل شعبان إن الطريق فتح.", nil},
		{"a village after a title and a noun in construct", "قال قائد شرطة بثينة إن الطريق فتح.", []string{"بثينه"}},
		{"title head, given name, family name", "وقال الشيخ حسن شعبان إن الأهالي عادوا.", nil},
		{"given name after a conjunction", "التقى المبعوث وفيصل الأحمد في الفندق.", nil},
		{"given name before بن", "اعتقلت الدورية خليل بن مراد عند الحاجز.", nil},
		{"a kunya", "وأفاد أبو حمزة بأن الطريق مقطوع.", nil},
		{"the speaker after a verb of saying", "وقالت بثينة إن المنزل تهدم.", nil},
		{"a village after a cue", "قال مسؤول في بلدة بثينة إن القصف توقف.", []string{"بثينه"}},
		{"a village after a cue before a word", "قصفت المدفعية قرية خليل مساء أمس.", []string{"خليل"}},
		{"a village after a preposition", "نزحت العائلات من حيدر إلى المدينة.", []string{"حيدر"}},
		{"a village with ب", "سقطت قذيفة ببثينة فجرا.", []string{"بثينه"}},
		{"a village before a direction", "قصفت المدفعية بثينة شمال درعا.", []string{"بثينه near درعا", "درعا"}},
		{"a village in a list", "سقطت قذائف على حيدر وخليل.", []string{"حيدر", "خليل"}},
		{"a title head alone names a village", "سيطرت القوات على الشيخ حسن والقرى المحيطة.", []string{"شيخ حسن"}},
		{"a village after a given-name village and و", "قصفت الطائرات خليل وبثينة شعبان.", []string{"خليل"}},
		{"a city of a covered country before a word", "سيطر المسلحون على عمران عام 2014.", []string{"عمران"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := recognized(r, tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("%s: got %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}
