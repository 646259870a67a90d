package extract_test

import (
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo/extract"
)

// TestReporterPlace: sources on the spot said to be in a place ("نقلت
// مصادر محلية مطلعة في X أن", "قال مراسلنا في X إن", "أفاد ناشطون في X بأن")
// report what happened there, when the reported clause names no place of
// its own; a place the clause names wins, and a speaker who is no source
// on the spot gives no place.
func TestReporterPlace(t *testing.T) {
	// the lead names another place, so that a guess among the article's
	// places would not find the reporter's
	const lead = "[untitled]\nعقدت اللجنة الأمنية اجتماعا في مدينة درعا يوم الأحد لبحث الأوضاع.\n"
	cases := []struct {
		name, text, sub, place string
	}{
		{"local sources, indefinite, نقلت أن", "ونقلت مصادر محلية مطلعة في بلدة طفس أن دورية للأمن اعتقلت أربعة شبان على حاجز.", extract.SubArrests, "طفس"},
		{"the sources, definite, أفادت بأن", "وأفادت المصادر الأهلية في مدينة جاسم بأن مسلحين مجهولين اغتالوا مختار الحي برصاص مباشر.", extract.SubAttack, "جاسم"},
		{"a source, مصدر, أكد أن", "وأكد مصدر ميداني في مدينة نوى أن طائرة مسيرة قصفت سيارة عسكرية عند أطرافها.", extract.SubAirStrike, "نوى"},
		{"our reporter, قال إن", "وقال مراسلنا في مدينة مأرب إن طائرة مسيرة قصفت تجمعا للقوات الحكومية فجر اليوم.", extract.SubAirStrike, "مأرب"},
		{"the reporter, المراسل, نقل أن", "ونقل المراسل في مدينة الفاشر أن قذائف مدفعية سقطت على سوق شعبي.", extract.SubShelling, "الفاشر"},
		{"eyewitnesses, شهود عيان, أكد أن", "وأكد شهود عيان في مدينة الجنينة أن مسلحين على دراجات نارية هاجموا منازل المواطنين وأحرقوها.", extract.SubAttack, "الجنينة"},
		{"the witnesses, الشهود, ذكر أن", "وذكر الشهود في مدينة نابلس أن مستوطنين هاجموا منازل المواطنين بالحجارة.", extract.SubAttack, "نابلس"},
		{"activists, ناشطون, أفاد بأن", "وأفاد ناشطون في بلدة الصنمين بأن قوات الأمن داهمت منازل واعتقلت ثلاثة شبان.", extract.SubArrests, "الصنمين"},
		{"the activists, الناشطون, قال إن", "وقال الناشطون في مدينة إنخل إن عبوة ناسفة انفجرت بسيارة عسكرية.", extract.SubIED, "إنخل"},
		{"residents, سكان, قال إن", "وقال سكان في مدينة الرمادي إن انفجار عبوة ناسفة استهدف دورية للشرطة.", extract.SubIED, "الرمادي"},
		{"the residents, الأهالي, أكد أن", "وأكد الأهالي في مدينة سرت أن طائرة مسيرة مجهولة قصفت مزرعة قرب الطريق.", extract.SubAirStrike, "سرت"},
		{"an official, مسؤول محلي, قال إن", "وقال مسؤول محلي في مدينة بيدوا إن مسلحين من حركة الشباب هاجموا قاعدة عسكرية.", extract.SubArmedClash, "بيدوا"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, lead+tc.text, thursday)
			for _, in := range ins {
				if in.SubEventType == tc.sub && strings.HasSuffix(in.PlaceText, tc.place) && in.GeoPrecision < 3 {
					return
				}
			}
			t.Errorf("want %s at %s, where the sources are:%s", tc.sub, tc.place, describe(ins))
		})
	}
	t.Run("the reported clause names its own place", func(t *testing.T) {
		ins := incidents(t, lead+"وأوردت مصادر محلية مطلعة في مدينة درعا أن دورية للأمن اعتقلت أربعة شبان في بلدة طفس.", thursday)
		for _, in := range ins {
			if in.SubEventType == extract.SubArrests && !strings.HasSuffix(in.PlaceText, "طفس") {
				t.Errorf("an arrest at %s, not at the place the clause names:%s", in.PlaceText, describe(ins))
			}
		}
	})
	t.Run("a speaker who is no source on the spot", func(t *testing.T) {
		ins := incidents(t, "[untitled]\nوقالت النائبة في مدينة طرابلس إن مسلحين اختطفوا ناشطا حقوقيا.", thursday)
		for _, in := range ins {
			if strings.HasSuffix(in.PlaceText, "طرابلس") && in.GeoPrecision < 3 {
				t.Errorf("placed where the speaker is:%s", describe(ins))
			}
		}
	})
}

// TestVesselSeized: a vessel boarded or seized at sea is property taken
// by force, which ACLED codes Looting/property destruction (not territory
// taken, nor people), at the sea or coast named; the port it was taken
// to afterwards is no place of the event. Its crew taken is an abduction.
func TestVesselSeized(t *testing.T) {
	cases := []struct {
		name, text, place string
	}{
		{"سيطر على سفينة في البحر", "[untitled]\nوسيطرت قوات تابعة للجماعة مساء السبت على سفينة شحن ترفع علم بنما في البحر الأحمر.", "البحر الأحمر"},
		{"احتجز ناقلة نفط قبالة الساحل", "[untitled]\nواحتجزت زوارق مسلحة فجر الاثنين ناقلة نفط أجنبية في خليج عدن.", "خليج عدن"},
		{"صعد إلى متن سفينة قبالة سواحل بلد", "[untitled]\nوصعد مسلحون ملثمون إلى متن سفينة تجارية قبالة سواحل الصومال.", "الصومال"},
		{"استولى عليه: the vessel named before", "[untitled]\nوهاجم قراصنة يوم الخميس قارب صيد يمنيا في خليج عدن واستولوا عليه.", "خليج عدن"},
		{"اختطف سفينة", "[untitled]\nواختطف مسلحون مجهولون سفينة صيد إيرانية في خليج عدن صباح الأربعاء.", "خليج عدن"},
		{"a noun of seizing, الاستيلاء على", "[untitled]\nوأعلنت البحرية الاستيلاء على سفينة شحن محملة بالوقود في البحر الأحمر بعد ملاحقتها.", "البحر الأحمر"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, thursday)
			for _, in := range ins {
				if in.SubEventType == extract.SubLooting && strings.HasSuffix(in.PlaceText, tc.place) {
					return
				}
			}
			t.Errorf("want a vessel seized at %s:%s", tc.place, describe(ins))
		})
	}
	t.Run("the port it was taken to", func(t *testing.T) {
		ins := incidents(t, "[untitled]\nوسيطرت قوات تابعة للجماعة على سفينة شحن في البحر الأحمر واقتادتها إلى ميناء الصليف.", thursday)
		for _, in := range ins {
			if strings.HasSuffix(in.PlaceText, "الصليف") {
				t.Errorf("an event at the port the vessel was taken to:%s", describe(ins))
			}
		}
	})
	t.Run("its crew taken", func(t *testing.T) {
		ins := incidents(t, "[untitled]\nواختطف مسلحون مجهولون طاقم سفينة صيد في خليج عدن.", thursday)
		if len(ins) == 0 || ins[0].SubEventType != extract.SubAbduction {
			t.Errorf("want the crew abducted:%s", describe(ins))
		}
	})
	t.Run("a town taken stays territory", func(t *testing.T) {
		ins := incidents(t, "[untitled]\nوسيطرت قوات الدعم السريع الأحد على مدينة الفاشر بعد معارك عنيفة.", thursday)
		for _, in := range ins {
			if in.SubEventType == extract.SubLooting {
				t.Errorf("a town taken as a vessel seized:%s", describe(ins))
			}
		}
	})
}

// TestHouthiVoice: the Houthis call their forces by the Yemeni state's
// names ("القوات المسلحة اليمنية", "القوة الصاروخية"); in an article that
// carries their voice (their spokesman, their movement's or Sanaa
// government's names) those names are the Houthis'. The government's own
// names stay the government's, as does the army that fights the Houthis
// named as such, and the state's names in an article in no Houthi voice.
func TestHouthiVoice(t *testing.T) {
	const gov = "Yemeni government forces"
	cases := []struct {
		name, text, actor1 string
	}{
		{"their spokesman, القوات المسلحة اليمنية", "[untitled]\nوقال العميد يحيى سريع في بيان مصور إن القوات المسلحة اليمنية استهدفت سفينة تجارية في البحر الأحمر بصاروخ باليستي.", extract.ActorHouthis},
		{"أنصار الله, القوة الصاروخية", "[untitled]\nوأعلنت جماعة أنصار الله مساء الثلاثاء أن القوة الصاروخية قصفت مدينة إيلات بصاروخ فرط صوتي.", extract.ActorHouthis},
		{"Sanaa government, سلاح الجو المسير", "[untitled]\nوذكرت وسائل إعلام حكومة صنعاء أن سلاح الجو المسير هاجم مطار مأرب بعدة طائرات مسيرة.", extract.ActorHouthis},
		{"the spokesman of the Houthis, القوات البحرية", "[untitled]\nوذكر المتحدث باسم الحوثيين أن القوات البحرية استهدفت ناقلة نفط في خليج عدن بزوارق مسيرة.", extract.ActorHouthis},
		{"the government's own name in their voice", "[untitled]\nوقال يحيى سريع إن قوات الحكومة الشرعية قصفت قرى في مديرية حيس بالمدفعية.", gov},
		{"the national army in their voice", "[untitled]\nوزعمت قناة المسيرة أن الجيش الوطني اليمني قصف منازل في مدينة صعدة بالمدفعية.", gov},
		{"the army fighting the Houthis named as such", "[untitled]\nونفى يحيى سريع صحة تلك الأنباء.\nوفي محافظة مأرب اشتبكت القوات المسلحة اليمنية مع عناصر الحوثيين في مديرية صرواح.", gov},
		{"no Houthi voice in the article", "[untitled]\nوقصفت القوات المسلحة اليمنية بالمدفعية مواقع في مدينة مأرب.", gov},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ins := incidents(t, tc.text, thursday)
			if len(ins) == 0 {
				t.Fatalf("no incident")
			}
			for _, in := range ins {
				if in.Actor1 != tc.actor1 {
					t.Errorf("actor1 %q, want %q:%s", in.Actor1, tc.actor1, describe(ins))
				}
			}
		})
	}
}
