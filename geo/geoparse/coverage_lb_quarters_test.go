package geoparse_test

import "testing"

// Sentences we wrote ourselves that name quarters of Baalbek, Bint Jbeil,
// Zahle and Sidon (lb-bekaa-south-quarters.tsv): with their cue (حي، حارة،
// منطقة), their city, or bare where the name is no common word.
var coverageLBQuarters = []coverageCase{
	// Baalbek: a family name and a name other places bear, after a cue
	{"استهدفت غارة إسرائيلية منزلا في حي الشراونة في مدينة بعلبك فجر اليوم.", "الشراونة", 34.0125, 36.2069, 2},
	{"أغارت مسيرة على سيارة قرب حي رأس العين داخل بعلبك.", "رأس العين", 34.0003, 36.2186, 2},
	// Zahle: a common word after its cue, distinctive names bare
	{"قصفت مسيرة سيارة في حي المعلقة في زحلة وأصيب شخصان.", "المعلقة", 33.8431, 35.9208, 2},
	{"سقطت شظايا في حوش الأمراء وكرك نوح شرق زحلة.", "حوش الأمراء", 33.8361, 35.9000, 2},
	{"سقطت شظايا في حوش الأمراء وكرك نوح شرق زحلة.", "كرك نوح", 33.8500, 35.9264, 2},
	{"تفقد المحافظ الأضرار في حي الراسية بمدينة زحلة.", "الراسية", 33.8514, 35.8958, 2},
	// Bint Jbeil: hara names bare, a common word after its cue
	{"استهدف القصف منازل في حارة المغاير وحي المسلخ في مدينة بنت جبيل.", "حارة المغاير", 33.1183, 35.4281, 2},
	{"استهدف القصف منازل في حارة المغاير وحي المسلخ في مدينة بنت جبيل.", "المسلخ", 33.1219, 35.4492, 2},
	{"أصيب مواطن بقصف مدفعي طال ساحة بنت جبيل وحارة السدري.", "حارة السدري", 33.1147, 35.4353, 2},
	// Sidon: a distinctive name bare, a common word after its cue
	{"استهدفت مسيرة شقة في القياعة عند المدخل الشرقي لصيدا.", "القياعة", 33.5638, 35.3879, 2},
	{"انتشر الجيش في حي القناية بمدينة صيدا بعد الغارة.", "القناية", 33.5615, 35.3847, 2},
}

func TestCoverageLBQuarters(t *testing.T) { checkCoverage(t, coverageLBQuarters) }

// TestLBQuarterWordsNotPlaces: the quarters named by common words or a
// family name are no places without their cue.
func TestLBQuarterWordsNotPlaces(t *testing.T) {
	cases := []struct{ sentence, word string }{
		{"ما زالت القضايا المعلقة بين الطرفين دون حل منذ أشهر.", "المعلقة"},
		{"بقيت السفن الراسية في المرفأ بانتظار التفريغ.", "الراسية"},
		{"قال المحامي خالد الشراونة إن الجلسة تأجلت.", "الشراونة"},
		{"امتلأت البركة بمياه الأمطار وتجمع الناس في الساحة.", "البركة"},
		{"أغلقت البلدية المسلخ القديم لأسباب صحية.", "المسلخ"},
	}
	for _, c := range cases {
		t.Run(c.word, func(t *testing.T) {
			gp := parse(t, c.sentence)
			if tp := mentionOf(gp, c.word); tp != nil {
				t.Errorf("%q in %q taken as a place: %s", c.word, c.sentence, tp.Place.ID)
			}
		})
	}
}
