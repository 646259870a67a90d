package geoparse

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/arabic"
	"github.com/incidentmap/incidentmap/geo/gazetteer"
	"github.com/incidentmap/incidentmap/geo/lexicon"
	"github.com/incidentmap/incidentmap/geo/recognize"
	"github.com/incidentmap/incidentmap/geo/resolve"
)

// Errors for input that is not an article.
var (
	ErrEmpty    = errors.New("geoparse: empty text")
	ErrEncoding = errors.New("geoparse: text is not valid UTF-8")
	ErrBinary   = errors.New("geoparse: text looks binary")
)

// Parser geoparses texts against one gazetteer. It is safe for concurrent
// use.
type Parser struct {
	g   *gazetteer.Gazetteer
	rec *recognize.Recognizer
	res *resolve.Resolver
}

// Options configure a Parser.
type Options struct {
	// Coverage is the set of countries whose small places are matched and
	// favoured; the zero value means geo.DefaultCoverage().
	Coverage geo.Coverage
	// Lexicon holds the word classes; nil means lexicon.Default().
	Lexicon *lexicon.Lexicon
}

// New returns a Parser over g.
func New(g *gazetteer.Gazetteer, opts Options) *Parser {
	if opts.Coverage.Len() == 0 {
		opts.Coverage = geo.DefaultCoverage()
	}
	if opts.Lexicon == nil {
		opts.Lexicon = lexicon.MustDefault()
	}
	return &Parser{g: g, rec: recognize.New(g, opts.Coverage, opts.Lexicon), res: resolve.New(g, opts.Coverage)}
}

// Gazetteer returns the gazetteer the parser resolves against.
func (p *Parser) Gazetteer() *gazetteer.Gazetteer { return p.g }

// Check reports why text cannot be geoparsed, or nil.
func Check(text string) error {
	if !utf8.ValidString(text) {
		return ErrEncoding
	}
	if strings.TrimSpace(text) == "" {
		return ErrEmpty
	}
	control := 0
	for _, r := range text {
		if r == 0 {
			return ErrBinary
		}
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' {
			control++
		}
	}
	if control*20 > utf8.RuneCountInString(text) {
		return ErrBinary
	}
	return nil
}

// Geoparse finds and resolves the places named in text (the headline on
// the first line, then the body). Mention offsets are code points of text.
// published, when not zero, is the publication date (unused here; dates
// matter to incident extraction).
func (p *Parser) Geoparse(ctx context.Context, text string, published time.Time) (geo.Geoparse, error) {
	if err := Check(text); err != nil {
		return geo.Geoparse{}, err
	}
	if err := ctx.Err(); err != nil {
		return geo.Geoparse{}, fmt.Errorf("geoparse: %w", err)
	}
	toks := arabic.Tokens(text)
	cands := p.rec.Recognize(text, toks)
	if err := ctx.Err(); err != nil {
		return geo.Geoparse{}, fmt.Errorf("geoparse: %w", err) // a deadline passed while reading
	}
	choices := p.res.Resolve(cands)
	return p.group(text, cands, choices), nil
}

// group turns candidates into one Toponym per distinct place (resolved)
// or per distinct name (unresolved), mentions in text order.
func (p *Parser) group(text string, cands []recognize.Candidate, choices []resolve.Choice) geo.Geoparse {
	byteAt := runeOffsets(text)
	var out geo.Geoparse
	resolved := map[int32]int{}
	unresolved := map[string]int{}
	for i, c := range cands {
		m := geo.Mention{Start: c.Start, End: c.End, Text: text[byteAt[c.Start]:byteAt[c.End]]}
		cue := ""
		if c.CueEnd > c.CueStart {
			cue = text[byteAt[c.CueStart]:byteAt[c.CueEnd]] // as written, proclitics and all
		}
		ch := choices[i]
		var container *geo.Place
		if ch.Container >= 0 {
			container = p.g.Place(ch.Container)
		}
		if ch.Place < 0 {
			j, ok := unresolved[c.Key]
			if !ok {
				j = len(out.Unresolved)
				unresolved[c.Key] = j
				out.Unresolved = append(out.Unresolved, geo.Toponym{Cue: cue})
			}
			t := &out.Unresolved[j]
			t.Mentions = append(t.Mentions, m)
			if t.Container == nil && container != nil {
				t.Container, t.Near = container, ch.Near
			}
			continue
		}
		j, ok := resolved[ch.Place]
		if !ok {
			j = len(out.Places)
			resolved[ch.Place] = j
			out.Places = append(out.Places, geo.Toponym{Place: p.g.Place(ch.Place), Cue: cue})
		}
		t := &out.Places[j]
		if t.Container == nil && container != nil {
			t.Container, t.Near = container, ch.Near
		}
		t.Mentions = append(t.Mentions, m)
		// Several mentions agreeing raise confidence: 1 - Π(1 - c).
		t.Confidence = 1 - (1-t.Confidence)*(1-ch.Confidence)
		if t.Cue == "" {
			t.Cue = cue
		}
	}
	for i := range out.Places {
		out.Places[i].Confidence = float64(int(out.Places[i].Confidence*1000+0.5)) / 1000
	}
	sort.SliceStable(out.Places, func(a, b int) bool {
		return out.Places[a].Mentions[0].Start < out.Places[b].Mentions[0].Start
	})
	return out
}

// runeOffsets returns the byte offset of every code point of s, plus len(s).
func runeOffsets(s string) []int {
	offs := make([]int, 0, len(s)/2+1)
	for i := range s {
		offs = append(offs, i)
	}
	return append(offs, len(s))
}
