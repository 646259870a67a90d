package gazetteer

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/geo/arabic"
)

// ErrNotFound is returned when a place, country or division is not held.
var ErrNotFound = errors.New("gazetteer: not found")

// Gazetteer is an immutable set of places indexed by their names. It is
// safe for concurrent use.
type Gazetteer struct {
	places    []geo.Place
	names     map[string][]Entry // name key (see Key) → places
	maxWords  map[string]uint8   // first word of a key → most words of a key starting with it
	skeletons map[string][]Entry // arabic.Skeleton of names → places
	admin1    map[string]int32   // "SY.05" → the admin1 place
	countries map[string]int32   // "SY" → the country place
}

// Entry is one way a name leads to a place.
type Entry struct {
	Place int32
	Flags Flags
}

// Flags describe how a name was indexed.
type Flags uint8

const (
	// Article: the indexed name's first word carried the article ال.
	Article Flags = 1 << iota
	// Primary: the name is the place's main Arabic name (NameAr).
	Primary
	// ClassStripped: the name had a leading class word (حقل، مطار، جسر ...)
	// removed, so it names the place only after that class word.
	ClassStripped
	// Latin: the name is a romanised one (reached only through skeletons).
	Latin
)

// New indexes places. Places sharing an ID or a GeoNames id are merged:
// the later row's fields win and the names of both are kept, so imported
// rows refine the embedded ones.
func New(places []geo.Place) *Gazetteer {
	g := &Gazetteer{
		names:     make(map[string][]Entry, len(places)*2),
		maxWords:  make(map[string]uint8, len(places)*2),
		skeletons: make(map[string][]Entry, len(places)),
		admin1:    map[string]int32{},
		countries: map[string]int32{},
	}
	g.places = mergePlaces(places)
	locateOrphans(g.places)
	for i := range g.places {
		g.index(int32(i))
	}
	return g
}

func mergePlaces(in []geo.Place) []geo.Place {
	out := make([]geo.Place, 0, len(in))
	byGeonameID := make(map[int64]int, len(in))
	byID := make(map[string]int, len(in))
	for _, p := range in {
		var j int
		var dup bool
		if p.GeonameID != 0 {
			j, dup = byGeonameID[p.GeonameID]
		} else {
			j, dup = byID[p.ID]
		}
		if dup {
			out[j] = Merge(out[j], p)
			continue
		}
		if p.GeonameID != 0 {
			byGeonameID[p.GeonameID] = len(out)
		} else {
			byID[p.ID] = len(out)
		}
		out = append(out, p)
	}
	return out
}

func (g *Gazetteer) index(i int32) {
	p := &g.places[i]
	switch p.Kind {
	case geo.KindAdmin1:
		if p.CountryCode != "" && p.Admin1 != "" {
			g.admin1[p.CountryCode+"."+p.Admin1] = i
		}
	case geo.KindCountry:
		if p.CountryCode != "" {
			g.countries[p.CountryCode] = i
		}
	}
	// A place has a handful of names: slices beat maps for dedupe here.
	var seen, skel []string
	add := func(name string, flags Flags) {
		for _, k := range nameKeys(name) {
			key, f := k.key, flags|k.flags
			if slices.Contains(seen, key) {
				if f&ClassStripped == 0 {
					// the name is also given whole ("ولاية شمال دارفور"
					// and "شمال دارفور"): it needs no class word
					es := g.names[key]
					for j := range es {
						if es[j].Place == i {
							es[j].Flags &^= ClassStripped
						}
					}
				}
				continue
			}
			seen = append(seen, key)
			g.names[key] = append(g.names[key], Entry{Place: i, Flags: f})
			first, _, _ := strings.Cut(key, " ")
			if w := uint8(strings.Count(key, " ") + 1); w > g.maxWords[first] {
				g.maxWords[first] = w
			}
		}
	}
	addSkeleton := func(name string, flags Flags) {
		s := arabic.Skeleton(arabic.Fold(name))
		if len(s) < 3 || slices.Contains(skel, s) {
			return
		}
		skel = append(skel, s)
		g.skeletons[s] = append(g.skeletons[s], Entry{Place: i, Flags: flags})
	}
	if p.NameAr != "" {
		add(p.NameAr, Primary)
		addSkeleton(p.NameAr, Primary)
	}
	for _, n := range p.Names {
		if arabic.HasArabic(n) {
			add(n, 0)
			addSkeleton(n, 0)
		} else {
			addSkeleton(n, Latin)
		}
	}
	if p.Name != "" && !arabic.HasArabic(p.Name) {
		addSkeleton(p.Name, Latin|Primary)
	} else if p.Name != "" {
		add(p.Name, 0)
	}
}

type nameKey struct {
	key   string
	flags Flags
}

// Key folds a name and removes the article from its first word: the form
// under which names are indexed and text is looked up.
func Key(name string) (key string, article bool) {
	f := arabic.Fold(name)
	first, _, _ := strings.Cut(f, " ")
	if strings.HasPrefix(first, "ال") && len(first) >= len("ال")+4 {
		return f[len("ال"):], true
	}
	return f, false
}

// nameKeys returns every key a name is indexed under: the name itself, its
// spaceless form (البو كمال → البوكمال), the أبو/البو variant, and the
// name without a leading class word (حقل العمر → العمر).
func nameKeys(name string) []nameKey {
	var out []nameKey
	addName := func(n string, flags Flags) {
		k, art := Key(n)
		if k == "" {
			return
		}
		if art {
			flags |= Article
		}
		out = append(out, nameKey{k, flags})
		if strings.Contains(k, " ") && strings.Count(k, " ") <= 2 {
			sk, sart := Key(strings.ReplaceAll(arabic.Fold(n), " ", ""))
			f := flags &^ Article
			if sart {
				f |= Article
			}
			out = append(out, nameKey{sk, f})
		}
	}
	f := arabic.Fold(name)
	addName(f, 0)
	if split, ok := splitCompound(f); ok {
		addName(split, 0) // "أبوشوك" is also written "أبو شوك"
	}
	words := strings.Fields(f)
	if len(words) >= 2 {
		switch words[0] {
		case "البو", "ابو":
			alt := "ابو"
			if words[0] == "ابو" {
				alt = "البو"
			}
			addName(alt+" "+strings.Join(words[1:], " "), 0)
		}
		if ClassWord(words[0]) {
			addName(strings.Join(words[1:], " "), ClassStripped)
		}
	}
	return out
}

// compoundPrefixes begin names written run together or split: أبوشوك and
// أبو شوك, أمدرمان and أم درمان, كفرنبل and كفر نبل, بورتسودان and بور
// سودان.
func compoundPrefixes() [][2]string {
	return [][2]string{
		{"ابو", "ابو"}, {"ام", "ام"}, {"بورت", "بور"}, {"بيت", "بيت"}, {"عين", "عين"}, {"دير", "دير"},
		{"كفر", "كفر"}, {"تل", "تل"}, {"راس", "راس"}, {"بني", "بني"}, {"بير", "بير"}, {"بئر", "بئر"},
		{"سيدي", "سيدي"}, {"جبل", "جبل"}, {"وادي", "وادي"}, {"خربه", "خربه"},
	}
}

// splitCompound returns the split form of a one-word folded name that
// starts with a compound prefix and leaves at least three letters.
func splitCompound(f string) (string, bool) {
	if strings.Contains(f, " ") {
		return "", false
	}
	for _, p := range compoundPrefixes() {
		if rest, ok := strings.CutPrefix(f, p[0]); ok && utf8.RuneCountInString(rest) >= 3 {
			return p[1] + " " + rest, true
		}
	}
	return "", false
}

// ClassWord reports whether a folded word names a class of place that
// often heads a proper name (حقل العمر، مطار دمشق، جسر الشغور).
func ClassWord(w string) bool {
	switch w {
	case "حقل", "حقول", "مطار", "قاعده", "جسر", "سد", "معبر", "مخيم", "ميناء", "مرفا",
		"محطه", "معمل", "مصفاه", "معسكر", "نهر", "بحيره", "جزيره", "محافظه", "ناحيه",
		"منطقه", "قضاء", "مدينه", "بلده", "قريه", "حي", "ولايه", "اقليم", "مديريه":
		return true
	}
	return false
}

// Len returns the number of places.
func (g *Gazetteer) Len() int { return len(g.places) }

// Place returns the i-th place.
func (g *Gazetteer) Place(i int32) *geo.Place { return &g.places[i] }

// LookupBytes returns the places indexed under a key (see Key) held in a
// byte slice; it does not allocate.
func (g *Gazetteer) LookupBytes(key []byte) []Entry { return g.names[string(key)] }

// MaxWords returns how many words the longest key starting with the given
// first word has, or 0 when no key starts with it.
func (g *Gazetteer) MaxWords(first string) int { return int(g.maxWords[first]) }

// LookupSkeleton returns the places whose names have the given skeleton
// (see arabic.Skeleton).
func (g *Gazetteer) LookupSkeleton(skeleton string) []Entry { return g.skeletons[skeleton] }

// Admin1 returns the first-level division with the given country and code.
func (g *Gazetteer) Admin1(country, code string) (*geo.Place, error) {
	if i, ok := g.admin1[country+"."+code]; ok {
		return &g.places[i], nil
	}
	return nil, ErrNotFound
}

// Country returns the country with the given ISO code.
func (g *Gazetteer) Country(code string) (*geo.Place, error) {
	if i, ok := g.countries[code]; ok {
		return &g.places[i], nil
	}
	return nil, ErrNotFound
}

// Places returns every place (shared, do not modify).
func (g *Gazetteer) Places() []geo.Place { return g.places }
