package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/lexicon"
)

// TestCommittedTable checks the committed geo/lexicon/data/commonwords.tsv
// on names whose status is known: make lexicon-check verifies that it is
// exactly what the generator makes.
func TestCommittedTable(t *testing.T) {
	l, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	verbs, nouns := l.Forms(classVerb), l.Forms(classNoun)
	for _, class := range [][]string{verbs, nouns} {
		if len(class) < 100 || !slices.IsSorted(class) {
			t.Fatalf("%d forms, sorted %v; want over 100, sorted", len(class), slices.IsSorted(class))
		}
		for _, f := range class {
			if k, _ := gazetteer.Key(f); k != f || strings.Contains(f, " ") {
				t.Fatalf("%q is not a single-word key", f)
			}
		}
	}
	tests := []struct {
		name        string
		verb, noun  bool
		description string
	}{
		{"تدمر", true, false, "Palmyra: destroys"},
		{"صور", true, true, "Tyre: pictures, he depicted"},
		{"مسقط", false, true, "Muscat: place of falling"},
		{"البيض", true, true, "El Bayadh: eggs, he laid"},
		{"الخضراء", false, true, "green"},
		{"تركية", false, true, "Turkish"},
		{"معسكر", false, true, "Mascara: camp"},
		{"سيرت", true, false, "Siirt: she dispatched"},
		{"دمشق", false, false, "Damascus: a proper noun only"},
		{"بغداد", false, false, "Baghdad: a proper noun only"},
		{"تونس", false, false, "Tunis: a proper noun only"},
		{"أنقرة", false, false, "Ankara: listed by mistake among adjectives"},
		{"درعا", false, false, "Daraa: only a dual or an accusative"},
		{"سلقين", false, false, "Salqin: only a dual"},
	}
	for _, tt := range tests {
		t.Run(tt.description, func(t *testing.T) {
			k, _ := gazetteer.Key(tt.name)
			if _, got := slices.BinarySearch(verbs, k); got != tt.verb {
				t.Errorf("%s in word.verb = %v, want %v", tt.name, got, tt.verb)
			}
			if _, got := slices.BinarySearch(nouns, k); got != tt.noun {
				t.Errorf("%s in word.noun = %v, want %v", tt.name, got, tt.noun)
			}
		})
	}
}
