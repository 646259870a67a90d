// Package arabic normalises and tokenises Arabic text for matching while
// keeping every token tied to its code-point span in the original text.
//
// Normalisation strips diacritics and tatweel, unifies alef forms (أ إ آ ٱ → ا),
// ى → ي, converts Arabic-Indic and Persian digits, and maps curly quotes and
// guillemets to ASCII. Folding goes further, for matching only: ة → ه,
// ؤ → و, ئ → ي, Persian ی/ک → ي/ك, Latin to lower case.
package arabic
