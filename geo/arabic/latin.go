package arabic

// foldLatin strips the diacritics of Latin letters used in romanised
// Arabic names (Ḩ, ţ, ā, ‘) so that GeoNames names fold to plain ASCII.
func foldLatin(r rune) rune {
	switch {
	case r >= 'À' && r <= 'Å', r >= 'à' && r <= 'å', r == 'ā', r == 'Ā', r == 'ă', r == 'Ă', r == 'ą', r == 'Ą', r == 'ạ', r == 'Ạ':
		return 'a'
	case r == 'Ç', r == 'ç', r == 'ć', r == 'Ć', r == 'č', r == 'Č':
		return 'c'
	case r == 'ḍ', r == 'Ḍ', r == 'ḑ', r == 'Ḑ', r == 'ď', r == 'Ď', r == 'đ', r == 'Đ', r == 'ḏ', r == 'Ḏ':
		return 'd'
	case r >= 'È' && r <= 'Ë', r >= 'è' && r <= 'ë', r == 'ē', r == 'Ē', r == 'ė', r == 'ę', r == 'ě', r == 'ẹ', r == 'Ẹ':
		return 'e'
	case r == 'ğ', r == 'Ğ', r == 'ġ', r == 'Ġ', r == 'ǧ', r == 'Ǧ':
		return 'g'
	case r == 'ḥ', r == 'Ḥ', r == 'ḩ', r == 'Ḩ', r == 'ḫ', r == 'Ḫ', r == 'ħ', r == 'Ħ':
		return 'h'
	case r >= 'Ì' && r <= 'Ï', r >= 'ì' && r <= 'ï', r == 'ī', r == 'Ī', r == 'ı', r == 'İ', r == 'ị', r == 'Ị':
		return 'i'
	case r == 'ķ', r == 'Ķ', r == 'ḳ', r == 'Ḳ':
		return 'k'
	case r == 'ł', r == 'Ł', r == 'ļ', r == 'Ļ':
		return 'l'
	case r == 'ñ', r == 'Ñ', r == 'ń', r == 'ň', r == 'ņ':
		return 'n'
	case r >= 'Ò' && r <= 'Ö', r >= 'ò' && r <= 'ö', r == 'ø', r == 'Ø', r == 'ō', r == 'Ō', r == 'ọ', r == 'Ọ':
		return 'o'
	case r == 'ř', r == 'Ř', r == 'ṛ', r == 'Ṛ':
		return 'r'
	case r == 'ś', r == 'Ś', r == 'š', r == 'Š', r == 'ş', r == 'Ş', r == 'ṣ', r == 'Ṣ', r == 'ș', r == 'Ș':
		return 's'
	case r == 'ţ', r == 'Ţ', r == 'ṭ', r == 'Ṭ', r == 'ť', r == 'Ť', r == 'ț', r == 'Ț', r == 'ṯ', r == 'Ṯ':
		return 't'
	case r >= 'Ù' && r <= 'Ü', r >= 'ù' && r <= 'ü', r == 'ū', r == 'Ū', r == 'ů', r == 'ụ', r == 'Ụ':
		return 'u'
	case r == 'ý', r == 'Ý', r == 'ÿ', r == 'ŷ':
		return 'y'
	case r == 'ź', r == 'Ź', r == 'ž', r == 'Ž', r == 'ż', r == 'Ż', r == 'ẓ', r == 'Ẓ', r == 'ẕ':
		return 'z'
	case r == 'ß':
		return 's'
	}
	return r
}
