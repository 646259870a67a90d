// Package resolve chooses, for each recognised name, the gazetteer place
// it refers to. Candidates are ranked by evidence rather than a fixed
// table: the kind a cue word implies, containment stated in the text
// ("X في ريف Y"), the article's country focus, spatial coherence with the
// other places named, and the place's prominence (feature rank and
// population). Confidence is a softmax over these scores.
package resolve
