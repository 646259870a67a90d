package main

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/arabic"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
)

// nameForms maps the key of every single-word Arabic name of the places
// (gazetteer.Key: folded, without the article) to the spellings hunspell
// is asked about: each name as written, without diacritics nor article,
// and the spellings a writer who drops hamzas and dots may have meant
// (ابيض → أبيض، جبله → جبلة، مصطفي → مصطفى), since the dictionary is
// strict where the folded key is not. It also returns the most populous
// place of each key, to show in reviews.
func nameForms(places []geo.Place) (forms map[string][]string, largest map[string]*geo.Place) {
	out := map[string][]string{}
	largest = map[string]*geo.Place{}
	var p *geo.Place
	add := func(name string) {
		if !arabic.HasArabic(name) {
			return
		}
		key, article := gazetteer.Key(name)
		if key == "" || strings.Contains(key, " ") {
			return
		}
		w := written(name)
		if article {
			w = strings.TrimPrefix(w, "ال")
		}
		if !onlyArabicLetters(w) || utf8.RuneCountInString(w) < 2 {
			return
		}
		if q := largest[key]; q == nil || p.Population > q.Population {
			largest[key] = p
		}
		for _, v := range spellings(w) {
			if !slices.Contains(out[key], v) {
				out[key] = append(out[key], v)
			}
		}
	}
	for i := range places {
		p = &places[i]
		add(p.NameAr)
		add(p.Name)
		for _, n := range p.Names {
			add(n)
		}
	}
	for k := range out {
		slices.Sort(out[k])
	}
	return out, largest
}

// written returns a name as written, without diacritics, tatweel,
// apostrophes or surrounding space, with alef wasla as a plain alef and
// the letters of other languages' alphabets as the Arabic letters the
// recognizer folds them to.
func written(name string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case arabic.IsDiacritic(r), r == '\'', r == '’', r == 'ʼ', r == '\u200e', r == '\u200f', r == '\u200c', r == '\u200d':
			return -1
		case r == 'ٱ':
			return 'ا'
		}
		// Persian, Kurdish and Maghrebi letters of names in the Arabic
		// letter they are matched as (چولة is read as جولة)
		switch r {
		case 'ک', 'گ':
			return 'ك'
		case 'ڨ':
			return 'ق'
		case 'ڤ':
			return 'ف'
		case 'چ':
			return 'ج'
		case 'پ':
			return 'ب'
		case 'ژ':
			return 'ز'
		case 'ی', 'ې', 'ے':
			return 'ي'
		case 'ۀ', 'ہ', 'ە':
			return 'ه'
		}
		return r
	}, name))
}

// spellings returns w and the spellings it may stand for when hamzas and
// final dots were dropped: a bare initial alef as أ، إ or آ; a final ه as
// ة; a final ي as ى.
func spellings(w string) []string {
	out := []string{w}
	if rest, ok := strings.CutPrefix(w, "ا"); ok {
		out = append(out, "أ"+rest, "إ"+rest, "آ"+rest)
	}
	for _, s := range out {
		switch {
		case strings.HasSuffix(s, "ه"):
			out = append(out, strings.TrimSuffix(s, "ه")+"ة")
		case strings.HasSuffix(s, "ي"):
			out = append(out, strings.TrimSuffix(s, "ي")+"ى")
		}
	}
	return out
}

// onlyArabicLetters reports whether w is made of the letters of the
// Arabic alphabet proper (ء to ي): Persian or Urdu letters, digits and
// punctuation are no words of an Arabic dictionary.
func onlyArabicLetters(w string) bool {
	for _, r := range w {
		if r < 'ء' || r > 'ي' || r == 'ـ' {
			return false
		}
	}
	return w != ""
}
