// Package recognize finds the place names in an Arabic text: it matches
// token n-grams, read with and without their proclitics, against the
// gazetteer's names, uses cue words (مدينة، قرية، حقل، معبر ...) as
// evidence and to catch names the gazetteer lacks, and rejects what is not
// a place here: demonyms, organisations and media named after places,
// people's names, months, weekdays and common words.
package recognize
