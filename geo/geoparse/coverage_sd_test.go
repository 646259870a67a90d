package geoparse_test

import "testing"

// Sentences we wrote ourselves that name places of the curated Sudan,
// South Sudan and eastern Chad tables (sd-*.tsv): states, localities,
// towns, neighbourhoods, camps, military sites, bridges, dams, crossings,
// regions.
var coverageSD = []coverageCase{
	// states (sd-ss-states.tsv)
	{"أعلنت حكومة ولاية شمال دارفور حالة الطوارئ بعد هجمات جديدة.", "شمال دارفور", 13.6279, 25.3494, 161},
	{"وصلت قوافل الإغاثة إلى ولاية النيل الأبيض صباح اليوم.", "النيل الأبيض", 13.1809, 32.7400, 161},
	// localities (sd-localities.tsv)
	{"قال مسؤول في محلية كرينك إن القصف استمر حتى المساء.", "كرينك", 13.20, 22.70, 161},
	{"أفادت مصادر محلية بمقتل خمسة مدنيين في محلية أم رمتة.", "أم رمتة", 13.50, 32.40, 161},
	// towns (sd-towns.tsv)
	{"سيطرت قوات الدعم السريع على مدينة بابنوسة بعد حصار طويل.", "بابنوسة", 11.3306, 27.8096, 25},
	{"تعرضت مدينة الأبيض لقصف بالمسيرات فجر الأحد.", "الأبيض", 13.1842, 30.2167, 25},
	{"وصل النازحون إلى بلدة طويلة غرب الفاشر سيرا على الأقدام.", "طويلة", 13.5167, 24.8667, 25},
	{"شهدت مدينة الحصاحيصا في ولاية الجزيرة اشتباكات عنيفة.", "الحصاحيصا", 14.7526, 33.2984, 25},
	{"دخل الجيش مدينة سنجة عاصمة ولاية سنار بعد معارك.", "سنجة", 13.1483, 33.9312, 25},
	// neighbourhoods (sd-neighborhoods.tsv)
	{"سقطت قذائف على حي الصحافة جنوبي الخرطوم مساء أمس.", "الصحافة", 15.545, 32.545, 25},
	{"تجددت الاشتباكات في حي كافوري شمالي بحري.", "كافوري", 15.65, 32.57, 25},
	// camps (sd-td-camps.tsv)
	{"قصفت قوات الدعم السريع مخيم زمزم للنازحين جنوب الفاشر.", "زمزم", 13.4885, 25.3107, 25},
	{"فر المئات من معسكر أبوشوك نحو وسط المدينة.", "أبوشوك", 13.67, 25.335, 25},
	// military, airports, bridges, dams, crossings (sd-military-infra.tsv, sd-bridges-dams-crossings.tsv)
	{"أعلن الجيش فك الحصار عن سلاح المدرعات في الشجرة.", "سلاح المدرعات", 15.506, 32.506, 25},
	{"استهدفت مسيرة مطار بورتسودان الدولي فجر اليوم.", "مطار بورتسودان", 19.4336, 37.2341, 25},
	{"عبرت القوات جسر الحلفايا نحو أم درمان.", "جسر الحلفايا", 15.713, 32.517, 25},
	{"قالت الحكومة إن سد مروي لم يتضرر من الهجوم.", "سد مروي", 18.669, 32.05, 25},
	// regions (sd-regions.tsv)
	{"تشهد مناطق جبل مرة أمطارا غزيرة هذا الموسم.", "جبل مرة", 12.95, 24.27, 161},
}

func TestCoverageSD(t *testing.T) { checkCoverage(t, coverageSD) }

// pendingSD fail because of the matcher, not the rows: South Sudan and Chad
// are not yet treated as part of the region, so their states are not
// matched and Adré (Chad) loses to Idri (Libya) from GeoNames.
var pendingSD = []coverageCase{
	{"نزح آلاف المدنيين من ولاية جونقلي خلال الأسبوع الماضي.", "جونقلي", 6.2089, 31.5586, 161},
	{"استقبل مخيم أدري آلاف اللاجئين الفارين من غرب دارفور.", "أدري", 13.47, 22.19, 25},
	{"أعيد فتح معبر أدري أمام المساعدات الإنسانية.", "معبر أدري", 13.47, 22.22, 25},
}

func TestCoveragePendingSD(t *testing.T) {
	t.Skip("matcher: South Sudan and Chad places are not yet in the region the matcher favours")
	checkCoverage(t, pendingSD)
}
