package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/internal/store"
)

// testSources: sources are added once, listed with their state, polled
// (new items saved once, a URL another feed showed saved as a
// duplicate), their items finished, and removed.
func testSources(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	a, err := s.AddSource(ctx, store.Source{URL: "https://a.example.org/feed", Name: "وكالة أ", Every: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddSource(ctx, store.Source{URL: "https://a.example.org/feed"}); !errors.Is(err, store.ErrExists) {
		t.Errorf("adding it again: %v, want ErrExists", err)
	}
	b, err := s.AddSource(ctx, store.Source{URL: "https://b.example.org/rss"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Every != 5*time.Minute || a.Name != "وكالة أ" || a.NextPoll.IsZero() {
		t.Errorf("added %+v", a)
	}
	due, err := s.DueSources(ctx, time.Now().Add(time.Second))
	if err != nil || len(due) != 2 {
		t.Fatalf("due: %v, %v", due, err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	items := []store.FeedItem{
		{Key: "g1", URL: "https://a.example.org/1", Title: "خبر 1", Published: now},
		{Key: "g2", URL: "https://a.example.org/2", Title: "خبر 2"},
	}
	n, err := s.RecordPoll(ctx, a.ID, store.Poll{At: now, ETag: `"v1"`, NextPoll: now.Add(time.Hour)}, items)
	if err != nil || n != 2 {
		t.Fatalf("first poll: %d new, %v", n, err)
	}
	// The same items again, one more, and a page another feed showed.
	n, err = s.RecordPoll(ctx, a.ID, store.Poll{At: now, ETag: `"v2"`, NextPoll: now.Add(time.Hour)},
		append(items, store.FeedItem{Key: "g3", URL: "https://a.example.org/3"}))
	if err != nil || n != 1 {
		t.Fatalf("second poll: %d new, %v", n, err)
	}
	n, err = s.RecordPoll(ctx, b.ID, store.Poll{At: now, Err: "HTTP 500", NextPoll: now.Add(2 * time.Hour)},
		[]store.FeedItem{{Key: "x", URL: "https://a.example.org/1"}})
	if err != nil || n != 1 {
		t.Fatalf("other feed: %d new, %v", n, err)
	}
	list, err := s.Items(ctx, 0, 100)
	if err != nil || len(list) != 4 {
		t.Fatalf("items: %v, %v", list, err)
	}
	states := map[store.ItemState]int{}
	for _, it := range list {
		states[it.State]++
	}
	if states[store.ItemNew] != 3 || states[store.ItemDuplicate] != 1 {
		t.Errorf("states %v, want 3 new and 1 duplicate", states)
	}
	res, err := s.Ingest(ctx, SyntheticArticle(1), Synthetic{})
	if err != nil {
		t.Fatal(err)
	}
	aid, _ := store.ParseID(res.ArticleID)
	if err := s.FinishItem(ctx, list[len(list)-1].ID, store.ItemDone, aid, ""); err != nil {
		t.Fatal(err)
	}
	it, err := s.Item(ctx, list[len(list)-1].ID)
	if err != nil || it.State != store.ItemDone || it.ArticleID != aid || it.Key != "g1" || !it.Published.Equal(now) {
		t.Errorf("finished item %+v, %v", it, err)
	}
	got, err := s.Source(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ETag != `"v2"` || got.Items != 3 || got.Articles != 1 || got.Waiting != 2 || got.Polls != 2 ||
		got.Incidents != res.Incidents || !got.NextPoll.Equal(now.Add(time.Hour)) {
		t.Errorf("source after polls %+v (article made %d incidents)", got, res.Incidents)
	}
	gotB, _ := s.Source(ctx, b.ID)
	if gotB.Failures != 1 || gotB.LastError != "HTTP 500" || gotB.PollFailures != 1 || gotB.Duplicates != 1 {
		t.Errorf("failing source %+v", gotB)
	}
	if due, _ := s.DueSources(ctx, now.Add(90*time.Minute)); len(due) != 1 || due[0] != a.ID {
		t.Errorf("due in 90 minutes: %v, want [%d]", due, a.ID)
	}
	if id, ok, err := s.ArticleByURL(ctx, SyntheticArticle(1).URL); err != nil || !ok || id != aid {
		t.Errorf("article by URL: %d %v %v", id, ok, err)
	}
	if err := s.RemoveSource(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveSource(ctx, b.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removing again: %v", err)
	}
	if srcs, _ := s.Sources(ctx); len(srcs) != 1 {
		t.Errorf("%d sources after a removal", len(srcs))
	}
}

// testNearDuplicate: a wire story reprinted with a line changed is
// found as a near copy; another story is not.
func testNearDuplicate(t *testing.T, e Engine) {
	ctx := context.Background()
	s := e.open(t)
	story := "أعلنت مصادر محلية أن طائرة مسيرة استهدفت سيارة على الطريق الواصل بين البلدتين صباح اليوم ما أدى إلى مقتل شخصين وإصابة ثالث بجروح. " +
		"وقالت المصادر إن الطائرة حلقت فوق المنطقة لساعات قبل أن تطلق صاروخين على السيارة التي احترقت بالكامل. " +
		"ولم تعلن أي جهة مسؤوليتها عن الضربة حتى الآن فيما فرضت القوات المحلية طوقا أمنيا حول المكان."
	res, err := s.Ingest(ctx, geo.Article{Title: "ضربة بطائرة مسيرة", Text: story}, &scripted{})
	if err != nil {
		t.Fatal(err)
	}
	copyText := "نقلا عن وكالة الأنباء: " + story + " وتابعت الوكالة أن التحقيقات جارية."
	id, ok, err := s.NearDuplicate(ctx, copyText)
	if err != nil || !ok || store.FormatID(id) != res.ArticleID {
		t.Errorf("near copy: %d %v %v, want article %s", id, ok, err, res.ArticleID)
	}
	other := "اندلعت اشتباكات عنيفة بين فصيلين مسلحين في حي سكني وسط المدينة مساء أمس واستمرت حتى ساعات الفجر الأولى. " +
		"وأفاد سكان بسماع دوي انفجارات متتالية وإطلاق نار كثيف فيما أغلقت المحال التجارية أبوابها."
	if id, ok, err := s.NearDuplicate(ctx, other); err != nil || ok {
		t.Errorf("another story: %d %v %v", id, ok, err)
	}
}
