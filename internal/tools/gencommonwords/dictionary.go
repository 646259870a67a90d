package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ErrLayout is returned when ar.dic or ar.aff is not laid out as the
// Ayaspell dictionary this generator was written against: the sections it
// splits on are missing, so its output would silently mean something else.
var ErrLayout = errors.New("unexpected hunspell-ar layout")

// Section markers of Ayaspell's ar.dic. The file is a concatenation of
// source files, each announced by its name between two lines of colons;
// inside names.dic, comment lines ('#') head the sections.
const (
	colonLine   = "::::::::::::::"
	fileNames   = "names.dic"
	fileVerbs   = "verb.huns.dic"
	markProper  = "#القارات"        // continents, then countries, capitals, people's names
	markCommon  = "####الأسماء####" // common nouns, verbal nouns, participles, adjectives, nisbas...
	markCredits = "#####"           // the authors' credits closing names.dic
)

const digits = "0123456789"

// dictionaries are the word lists the generator asks hunspell about,
// cut out of ar.dic: the lines of two .dic files sharing ar.aff.
type dictionaries struct {
	nouns []string // stopwords, tools, and names.dic without proper nouns
	verbs []string // verb.huns.dic
	// dropped counts the entries of the common sections left out as
	// proper nouns; names the words of the proper-noun sections.
	dropped, names int
}

// split cuts ar.dic into the dictionaries. Proper nouns are left out of
// nouns. Names.dic opens with continents, countries, capitals and
// people's names: those entries are left out, but for the nisba
// adjectives listed among them (تركي). The common sections that follow
// also list proper nouns, to derive their nisbas (دمشق for دمشقي) or by
// oversight, and some names are common words as well (مسقط "place of
// falling", خرطوم "trunk"); an entry there is left out when its flags
// make it a proper noun (see properFlags), or when it spells one of the
// names listed first without inflecting for the dual, the dictionary's
// mark of a countable noun or adjective: مسقط/76 has its dual (مسقطان),
// أنقرة/61 and برتغال/… only the article and pronouns. The authors'
// credits closing names.dic are left out too.
func split(dic []byte, aliases [][]string) (dictionaries, error) {
	var d dictionaries
	var file string
	seen := map[string]bool{}
	names := map[string]bool{} // the words of the proper-noun sections
	part := ""                 // within names.dic: "proper", "common" or "credits"
	sc := bufio.NewScanner(bytes.NewReader(dic))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for first := true; sc.Scan(); first = false {
		line := strings.TrimRight(sc.Text(), "\r")
		trim := strings.TrimSpace(line)
		if first && strings.Trim(strings.Fields(trim + " 0")[0], digits) == "" {
			continue // the word count heading the file
		}
		if trim == colonLine {
			continue
		}
		if strings.HasSuffix(trim, ".dic") && !strings.ContainsAny(trim, "/\t ") {
			file, part = trim, ""
			seen[file] = true
			continue
		}
		if file == fileNames {
			switch {
			case strings.HasPrefix(trim, markProper):
				part = "proper"
			case trim == markCommon:
				part = "common"
			case trim == markCredits && part == "common":
				part = "credits"
			}
			seen[part] = true
		}
		if trim == "" || strings.HasPrefix(trim, "#") || strings.Trim(trim, digits) == "" || part == "credits" {
			continue
		}
		if file == "" {
			return d, fmt.Errorf("%w: words before the first file heading", ErrLayout)
		}
		if file == fileVerbs {
			d.verbs = append(d.verbs, line)
			continue
		}
		word, flags, err := entry(line, aliases)
		if err != nil {
			return d, err
		}
		switch {
		case part == "proper" && strings.HasSuffix(word, "ي") && hasFlag(flags, "BB"):
			// a nisba adjective (تركي، تركية), no name
		case part == "proper":
			names[word] = true
			continue
		case part == "common" && (properFlags(flags) || names[word] && !hasFlag(flags, dualFlags...)):
			d.dropped++
			continue
		}
		d.nouns = append(d.nouns, line)
	}
	if err := sc.Err(); err != nil {
		return d, err
	}
	for _, m := range []string{fileNames, fileVerbs, "proper", "common", "credits"} {
		if !seen[m] {
			return d, fmt.Errorf("%w: ar.dic has no %q section", ErrLayout, m)
		}
	}
	d.names = len(names)
	return d, nil
}

// entry returns the word of a dictionary line and its flags, aliases
// resolved.
func entry(line string, aliases [][]string) (string, []string, error) {
	word, _, _ := strings.Cut(line, "\t")
	word, flags, ok := strings.Cut(word, "/")
	if !ok {
		return word, nil, nil
	}
	n, err := strconv.Atoi(flags)
	if err != nil {
		var set []string // flags written out, not aliased
		for i := 0; i+1 < len(flags); i += 2 {
			set = append(set, flags[i:i+2])
		}
		return word, set, nil
	}
	if n < 1 || n > len(aliases) {
		return word, nil, fmt.Errorf("%w: flag alias %d of %q is not in ar.aff", ErrLayout, n, line)
	}
	return word, aliases[n-1], nil
}

// hasFlag reports whether flags hold one of names.
func hasFlag(flags []string, names ...string) bool {
	for _, f := range flags {
		if slices.Contains(names, f) {
			return true
		}
	}
	return false
}

// properFlags reports whether an entry's flags are a proper noun's: no
// possessive pronoun (AC, AD, BC, BD) nor feminine (BA, BB), and a nisba
// (L*, M*, N*) or no article (AA), as Ayaspell flags دمشق، تونس،
// إسكندرية and the months where it lists the common nouns. Loanwords
// (سينما) and participles (مفكر) take the article and no nisba; a
// common noun spelt like a proper one has its own line (صفر/69 beside
// صفر/102), so dropping the proper line keeps it.
func properFlags(flags []string) bool {
	if len(flags) == 0 || hasFlag(flags, "AC", "AD", "BC", "BD", "BA", "BB") {
		return false
	}
	return hasFlag(flags, nisbaFlags...) || !hasFlag(flags, "AA")
}

var (
	nisbaFlags = []string{"LA", "LB", "LC", "MA", "MB", "MC", "NA", "NB", "NC", "ND"}
	dualFlags  = []string{"CA", "CB", "CC", "CD", "DA", "DB", "DC", "DD"}
)

// affix is what the generator reads of ar.aff: the flag aliases (AF) and
// the names of prefix classes (PFX), whose readings put a clitic before
// the word.
type affix struct {
	aliases  [][]string // AF n (1-based) → its two-letter flags
	prefixes map[string]bool
}

// parseAffix reads the flag aliases and the prefix classes of ar.aff,
// which uses long (two-character) flags.
func parseAffix(aff []byte) (affix, error) {
	a := affix{prefixes: map[string]bool{}}
	long := false
	sc := bufio.NewScanner(bytes.NewReader(aff))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	header := true
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "FLAG":
			long = f[1] == "long"
		case "AF":
			if header { // "AF 511": the number of aliases
				header = false
				continue
			}
			s := f[1]
			if len(s)%2 != 0 {
				return a, fmt.Errorf("%w: AF %q is not a list of two-character flags", ErrLayout, s)
			}
			var set []string
			for i := 0; i+1 < len(s); i += 2 {
				set = append(set, s[i:i+2])
			}
			a.aliases = append(a.aliases, set)
		case "PFX":
			a.prefixes[f[1]] = true
		}
	}
	if err := sc.Err(); err != nil {
		return a, err
	}
	if !long || len(a.aliases) == 0 || len(a.prefixes) == 0 {
		return a, fmt.Errorf("%w: ar.aff has no long flags, flag aliases or prefixes", ErrLayout)
	}
	return a, nil
}

// dicFile renders dictionary lines as a .dic file: the count, then the lines.
func dicFile(lines []string) []byte {
	var b bytes.Buffer
	fmt.Fprintln(&b, len(lines))
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.Bytes()
}
