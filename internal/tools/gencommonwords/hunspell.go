package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
)

// reading is one analysis hunspell gives of a word: its morphological
// fields (st:stem, po:verb, is:pst, fl:AB ...) and, for verbs, bare
// morphemes such as و or س standing for a proclitic.
type reading []string

// stem returns the reading's st: field.
func (r reading) stem() string {
	for _, f := range r {
		if s, ok := strings.CutPrefix(f, "st:"); ok {
			return s
		}
	}
	return ""
}

// clitic reports whether the reading puts a proclitic before the stem
// (و، ف، ب، ل، ك، س، the interrogative أ): a field of a prefix class
// (fl:nj) or a bare morpheme. The article is no clitic here: the words
// asked about are written without it.
func (r reading) clitic(prefixes map[string]bool) bool {
	for _, f := range r {
		if !strings.Contains(f, ":") {
			return true
		}
		if fl, ok := strings.CutPrefix(f, "fl:"); ok && prefixes[fl] {
			return true
		}
	}
	return false
}

// plain reports whether the reading takes word, as written, for a word
// as one meets it on its own: a noun or adjective as the dictionary lists
// it, with the article, as a feminine or a sound feminine plural; a verb
// in a form of the third person (see plainVerb). Forms a suffix derives
// do not count otherwise: a possessive pronoun (آباده "his آباد"), a
// dual (سلقين "two chards"), a case ending (درعا "a shield",
// accusative), a masculine plural (عجلون), a nisba made from any noun
// (زعفرانية). They are rare on their own, and they are how foreign
// names and the -iyya and -in towns of the region come to match.
func (r reading) plain(word string, verb bool) bool {
	if verb {
		return r.plainVerb(word)
	}
	for _, f := range r {
		fl, ok := strings.CutPrefix(f, "fl:")
		if !ok {
			continue
		}
		end, ok := nounEndings[fl]
		if !ok || !strings.HasSuffix(word, end) {
			return false
		}
	}
	return true
}

// nounEndings are the suffix classes of ar.aff a plain noun reading may
// use, with the ending that keeps it plain ("": any).
var nounEndings = map[string]string{
	"AA": "", "AB": "", // the word, with or without the article
	"BA": "", "BB": "", // and its feminine
	"HA": "ات", "HB": "ات", // sound feminine plural, not its construct forms
}

// plainVerb reports whether a verb reading is a form of the third person,
// the person of news: he or she did (فعل، فعلت), they did (فعلوا), he
// or she does (يفعل، تفعل), they do (يفعلون). The dictionary lists
// conjugated forms, so the person is read off the word: an initial أ or
// ن of the present (I, we), a final ا or ان of the dual, تـ...ين and the
// suffixes of the second person and of objects mark the others. Imperatives do not
// count; تفعل and فعلت are also "you do" and "I did", which the spelling
// cannot tell apart.
func (r reading) plainVerb(word string) bool {
	var pst, prst, suffix bool // an imperative alone is neither
	for _, f := range r {
		switch f {
		case "is:pst":
			pst = true
		case "is:prst":
			prst = true
		}
		if fl, ok := strings.CutPrefix(f, "fl:"); ok {
			if !slices.Contains(verbSuffixes, fl) {
				return false
			}
			suffix = true
		}
	}
	// تفعلين is "you (f.) do"; تعين "she appoints" has ين in its stem.
	second := strings.HasPrefix(word, "ت") && strings.HasSuffix(word, "ين") && strings.TrimPrefix(word, "ت") != r.stem()
	dual := strings.HasSuffix(word, "ان") || strings.HasSuffix(word, "ا") && !strings.HasSuffix(word, "وا")
	switch {
	case pst && (word == r.stem() || suffix || strings.HasSuffix(word, "ت") || strings.HasSuffix(word, "وا")):
		return true
	case prst && (strings.HasPrefix(word, "ي") || strings.HasPrefix(word, "ت")) && !dual && !second:
		return true
	}
	return false
}

// verbSuffixes are the subject suffixes of ar.aff a third-person form may
// carry: ت (she did), وا (they did), ون (they do). The forms without a
// suffix are listed in the dictionary itself.
var verbSuffixes = []string{"Fx", "Ox", "Qx"}

func (r reading) String() string { return strings.Join(r, " ") }

// analyse asks hunspell (bin) for the readings of every word in the
// dictionary at base (base.dic and base.aff) and returns the readings of
// the words it accepts. Words must be single words of letters: hunspell
// splits its input into words, and the answer is keyed by them.
func analyse(ctx context.Context, bin, base string, words []string) (map[string][]reading, error) {
	var in bytes.Buffer
	for _, w := range words {
		in.WriteString(w)
		in.WriteByte('\n')
	}
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-i", "utf-8", "-d", base, "-m")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = &in, &out, &stderr
	// hunspell reads its messages' language from the locale; C keeps any
	// diagnostic plain, and the dictionary is given explicitly.
	cmd.Env = append(cmd.Environ(), "LC_ALL=C.UTF-8", "DICPATH=")
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s -d %s: %w: %s", bin, base, err, strings.TrimSpace(stderr.String()))
	}
	if s := strings.TrimSpace(stderr.String()); s != "" {
		// hunspell warns (and carries on) when a dictionary is unreadable.
		return nil, fmt.Errorf("%s -d %s: %s", bin, base, firstLine(s))
	}
	got := map[string][]reading{}
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 {
			continue // a blank line ends a word; a word alone was not accepted
		}
		got[f[0]] = append(got[f[0]], reading(f[1:]))
	}
	return got, sc.Err()
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
