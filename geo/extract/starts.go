package extract

// startIndex records, across all the lexicons of one Extractor, which
// lexicons have a phrase whose first word is a given form. A doc asks it
// once per token, so that the many lexicon lookups of extraction (dozens
// of lexicons asked at every token of a clause) fail on one bit test
// wherever no phrase of the lexicon can start; the lookups, not the
// rules, were most of extraction's time.
type startIndex struct {
	n      int                // lexicons registered
	exact  map[string]lexBits // first word → lexicons
	prefix map[string]lexBits // first word matched as a prefix → lexicons
}

// maxIndexed is how many lexicons the bit sets hold; a lexicon past it
// is matched without the index (slower, same answers).
const maxIndexed = 256

// lexBits is a set of lexicon ids.
type lexBits [maxIndexed / 64]uint64

func (b *lexBits) set(id int)      { b[id/64] |= 1 << (id % 64) }
func (b *lexBits) has(id int) bool { return b[id/64]&(1<<(id%64)) != 0 }
func (b *lexBits) or(o lexBits) {
	for k := range b {
		b[k] |= o[k]
	}
}

func newStartIndex() *startIndex {
	return &startIndex{exact: map[string]lexBits{}, prefix: map[string]lexBits{}}
}

// newPhrases returns an empty lexicon whose first words ix records (ix
// may be nil: the lexicon is then matched without an index).
func newPhrases[T any](ix *startIndex) *phrases[T] {
	l := &phrases[T]{exact: map[string][]phrase[T]{}, id: -1}
	if ix != nil && ix.n < maxIndexed {
		l.id, l.ix = ix.n, ix
		ix.n++
	}
	return l
}

// note records that lexicon id has a phrase starting with w.
func (ix *startIndex) note(id int, w string, prefix bool) {
	m := ix.exact
	if prefix {
		m = ix.prefix
	}
	b := m[w]
	b.set(id)
	m[w] = b
}

// at returns the lexicons that may have a phrase starting at a token
// read as forms.
func (ix *startIndex) at(forms []string) lexBits {
	var b lexBits
	for _, f := range forms {
		b.or(ix.exact[f])
		if len(ix.prefix) == 0 {
			continue
		}
		for k := range f {
			if k > 0 {
				b.or(ix.prefix[f[:k]])
			}
		}
		b.or(ix.prefix[f])
	}
	return b
}
