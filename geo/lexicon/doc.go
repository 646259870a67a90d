// Package lexicon holds the word classes that recognition and incident
// extraction share: cue words and directions, organisations and outlets,
// function and news words, verbs and nouns of attack, actors, casualty
// and time words. They are data, not code: embedded tab-separated files
// under data/, one row per word or phrase, each labelled with the class it
// belongs to (documented in data/classes.tsv). Rows may ask for their
// inflected forms to be generated (a verb's conjugations, a noun's dual
// and possessives, a nisba adjective's feminine and plurals), so that a
// class is covered by its words, not by the forms some text happened to
// use.
package lexicon
