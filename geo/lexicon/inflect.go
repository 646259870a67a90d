package lexicon

import (
	"fmt"
	"strings"
)

// Inflect returns the forms a row stands for: the form itself, and when
// spec asks for it the inflections of its first word (the rest of a
// phrase is kept as written). Specs:
//
//	""            the form only
//	"verb"        a verb given in the perfect, third person masculine
//	              singular: its perfect and imperfect persons, with object
//	              pronouns (قصف → قصفت قصفوا يقصف تقصف يقصفون قصفها ...)
//	"verb:STEM"   the same, with the imperfect stem given where it cannot be
//	              derived (أصاب → verb:صيب gives يصيب)
//	"noun"        a noun: its accusative, dual and possessive forms
//	              (غارة → غارتين غارتها ...)
//	"nisba"       a nisba adjective ending in ي: feminine, accusative,
//	              plurals and duals (إسرائيلي → إسرائيلية إسرائيليين ...)
//
// Without vowels an Arabic passive is written as its active (قُصف is
// قصف), so a verb's forms cover its passive too.
func Inflect(form, spec string) ([]string, error) {
	forms, err := inflectTagged(form, spec)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(forms))
	for i, f := range forms {
		out[i] = f.text
	}
	return out, nil
}

// Tense says which part of a verb's paradigm a form is: reports tell past
// events in the perfect, habits and threats in the imperfect (a headline
// uses it for news too).
type Tense uint8

// The tenses of forms; forms that are no verb have none.
const (
	NoTense Tense = iota
	Perfect
	Imperfect
)

type tagged struct {
	text  string
	tense Tense
}

func inflectTagged(form, spec string) ([]tagged, error) {
	first, rest, _ := strings.Cut(form, " ")
	if rest != "" {
		rest = " " + rest
	}
	var words []tagged
	kind, arg, _ := strings.Cut(spec, ":")
	switch kind {
	case "", "-":
		return []tagged{{text: form}}, nil
	case "verb":
		words = verbForms(first, arg)
	case "noun":
		if arg != "" {
			return nil, fmt.Errorf("noun takes no argument (%q)", spec)
		}
		words = plain(nounForms(first))
	case "nisba":
		if !strings.HasSuffix(first, "ي") {
			return nil, fmt.Errorf("nisba %q does not end in ي", first)
		}
		words = plain(nisbaForms(first))
	default:
		return nil, fmt.Errorf("unknown inflection %q", spec)
	}
	out := make([]tagged, 0, len(words))
	seen := make(map[string]bool, len(words))
	for _, w := range words {
		if w.text == "" || seen[w.text] {
			continue
		}
		seen[w.text] = true
		out = append(out, tagged{w.text + rest, w.tense})
	}
	return out, nil
}

func plain(ws []string) []tagged {
	out := make([]tagged, len(ws))
	for i, w := range ws {
		out[i] = tagged{text: w}
	}
	return out
}

// objects are the attached object and possessive pronouns that reports
// use with verbs and nouns of attack (استهدفها، غاراته، قصفهم).
var objects = []string{"ه", "ها", "هم", "هما"}

// verbForms conjugates a perfect stem s; imp is the imperfect stem, or ""
// to derive it.
func verbForms(s, imp string) []tagged {
	var out []tagged
	tense := Perfect
	add := func(ws ...string) {
		for _, w := range ws {
			out = append(out, tagged{w, tense})
		}
	}
	withObjects := func(base string) {
		for _, o := range objects {
			add(base + o)
		}
	}
	if r, ok := strings.CutSuffix(s, "ى"); ok {
		// defective (ألقى، تصدى): the ى gives way to ت، وا، يا
		add(s, r+"ت", r+"وا", r+"يا", r+"تا", r+"ينا", r+"اه", r+"اها", r+"اهم", r+"تها", r+"ته")
	} else {
		add(s, s+"ت", s+"وا", s+"ا", s+"تا", s+"ن", s+"نا", s+"تم")
		withObjects(s)
		withObjects(s + "ت")
		withObjects(s + "و")
		withObjects(s + "نا")
	}
	if imp == "" {
		imp = imperfectStem(s)
	}
	tense = Imperfect
	// No first person singular: "I strike" is rare in reports, and its
	// spelling is another verb's perfect or passive ("أصيب" was injured,
	// not "I hit"; "أسقط" downed, not "I fall").
	for _, p := range []string{"ي", "ت", "ن"} {
		add(p + imp)
	}
	plural := imp
	if r, ok := strings.CutSuffix(imp, "ى"); ok {
		plural = r
	} else if r, ok := strings.CutSuffix(imp, "ي"); ok && len(imp) > len("ي")*2 {
		plural = r
	}
	for _, p := range []string{"ي", "ت"} {
		add(p+plural+"ون", p+plural+"وا", p+imp+"ان")
		if !strings.HasSuffix(imp, "ى") {
			withObjects(p + imp)
		}
	}
	add("ي" + imp + "ن")
	return out
}

// imperfectStem derives the imperfect stem of a perfect stem: the
// prosthetic alif of forms VII, VIII and X and the hamza of form IV fall
// (استهدف → ستهدف, أطلق → طلق); forms I, II, III, V and VI keep their
// letters (قصف، هاجم، تبادل).
func imperfectStem(s string) string {
	switch {
	case strings.HasPrefix(s, "ا") && len([]rune(s)) >= 5:
		return strings.TrimPrefix(s, "ا")
	case strings.HasPrefix(s, "أ") && len([]rune(s)) == 4:
		return strings.TrimPrefix(s, "أ")
	}
	return s
}

// nounForms inflects a noun: accusative and dual where the ending allows,
// and the possessive pronouns.
func nounForms(s string) []string {
	out := []string{s}
	switch {
	case strings.HasSuffix(s, "ة"):
		t := strings.TrimSuffix(s, "ة") + "ت"
		out = append(out, t+"ان", t+"ين", t+"ي")
		for _, o := range objects {
			out = append(out, t+o)
		}
	case strings.HasSuffix(s, "ات") || strings.HasSuffix(s, "ون") || strings.HasSuffix(s, "ين"):
		// a plural: only possessives (غاراتها)
		base := s
		if r, ok := strings.CutSuffix(s, "ون"); ok {
			base = r + "و" // مقاتلوه
		}
		for _, o := range objects {
			out = append(out, base+o)
		}
	case strings.HasSuffix(s, "ى") || strings.HasSuffix(s, "ا"):
		r := strings.TrimSuffix(strings.TrimSuffix(s, "ى"), "ا")
		for _, o := range objects {
			out = append(out, r+"ا"+o)
		}
	default:
		out = append(out, s+"ا", s+"ان", s+"ين", s+"ي")
		for _, o := range objects {
			out = append(out, s+o)
		}
	}
	return out
}

// nisbaForms inflects a nisba adjective s (ending in ي).
func nisbaForms(s string) []string {
	return []string{s, s + "ة", s + "ا", s + "ين", s + "ون", s + "ان", s + "تين", s + "تان", s + "ات"}
}
