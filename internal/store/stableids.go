package store

// StableIDs gives incidents back their ids across a reprocess, so that
// OGC feature ids and permalinks survive it while the incidents are
// unchanged. An incident is known by the article that reported it first
// (the lowest article id among its sources: articles are numbered in
// the order they are stored, and reprocessed in that order) and its
// sub-event type; several of one article and type keep their order.
// An incident the new pipeline no longer finds leaves its id unused; a
// new one gets an id above every old one.
type StableIDs struct {
	old  map[stableKey][]int64
	next int64
}

type stableKey struct {
	article int64
	sub     string
}

// OldIncident is an incident as it was before a reprocess.
type OldIncident struct {
	ID, FirstArticle int64
	SubEventType     string
}

// NewStableIDs remembers old, given in id order, and the highest id ever
// handed out (so that a new incident never takes a deleted one's id).
func NewStableIDs(old []OldIncident, maxID int64) *StableIDs {
	s := &StableIDs{old: map[stableKey][]int64{}, next: maxID + 1}
	for _, o := range old {
		k := stableKey{o.FirstArticle, o.SubEventType}
		s.old[k] = append(s.old[k], o.ID)
		s.next = max(s.next, o.ID+1)
	}
	return s
}

// Take returns the id for the next incident article reports first with
// sub-event type sub.
func (s *StableIDs) Take(article int64, sub string) int64 {
	k := stableKey{article, sub}
	if ids := s.old[k]; len(ids) > 0 {
		s.old[k] = ids[1:]
		return ids[0]
	}
	s.next++
	return s.next - 1
}

// Next is the lowest id no incident has had.
func (s *StableIDs) Next() int64 { return s.next }

// Reuse returns the old id of the next incident article reports first
// with sub-event type sub, if it had one; a nil StableIDs has none.
func (s *StableIDs) Reuse(article int64, sub string) (int64, bool) {
	if s == nil {
		return 0, false
	}
	k := stableKey{article, sub}
	if ids := s.old[k]; len(ids) > 0 {
		s.old[k] = ids[1:]
		return ids[0], true
	}
	return 0, false
}
