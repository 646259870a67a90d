package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/internal/store"
)

// TestSources: /api/sources adds (with the token), lists and removes the
// feeds followed, over real stores; bad input gets problems.
func TestSources(t *testing.T) {
	forEngines(t, func(t *testing.T, e testEngine) {
		st := e.open(t)
		s, _ := serverOver(t, st, func(o *Options) { o.Sources = st })
		auth := map[string]string{"Authorization": "Bearer s3cret", "Content-Type": "application/json"}
		steps := []struct {
			name   string
			r      req
			status int
		}{
			{"no token", req{method: http.MethodPost, target: "/api/sources", body: `{"url":"https://a.example.org/rss"}`,
				header: map[string]string{"Content-Type": "application/json"}}, http.StatusUnauthorized},
			{"add", req{method: http.MethodPost, target: "/api/sources", header: auth,
				body: `{"url":"https://a.example.org/rss","name":"وكالة","every":"15m"}`}, http.StatusCreated},
			{"again", req{method: http.MethodPost, target: "/api/sources", header: auth,
				body: `{"url":"https://a.example.org/rss"}`}, http.StatusConflict},
			{"not a URL", req{method: http.MethodPost, target: "/api/sources", header: auth,
				body: `{"url":"ftp://a.example.org/rss"}`}, http.StatusUnprocessableEntity},
			{"bad interval", req{method: http.MethodPost, target: "/api/sources", header: auth,
				body: `{"url":"https://b.example.org/rss","every":"5s"}`}, http.StatusUnprocessableEntity},
			{"unknown field", req{method: http.MethodPost, target: "/api/sources", header: auth,
				body: `{"link":"https://b.example.org/rss"}`}, http.StatusBadRequest},
			{"remove without token", req{method: http.MethodDelete, target: "/api/sources/1"}, http.StatusUnauthorized},
			{"remove with a wrong token", req{method: http.MethodDelete, target: "/api/sources/1",
				header: map[string]string{"Authorization": "Bearer nope"}}, http.StatusUnauthorized},
			{"remove unknown", req{method: http.MethodDelete, target: "/api/sources/99", header: auth}, http.StatusNotFound},
			{"remove bad id", req{method: http.MethodDelete, target: "/api/sources/x1", header: auth}, http.StatusNotFound},
		}
		for _, step := range steps {
			resp := do(t, s, step.r)
			if resp.StatusCode != step.status {
				t.Errorf("%s: status %d, want %d", step.name, resp.StatusCode, step.status)
			}
		}
		resp := do(t, s, req{target: "/api/sources"})
		var list struct {
			Sources []sourceJSON `json:"sources"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
			t.Fatal(err)
		}
		if len(list.Sources) != 1 || list.Sources[0].Name != "وكالة" || list.Sources[0].Every != 900 ||
			list.Sources[0].Status != "new" || list.Sources[0].NextPoll.IsZero() {
			t.Fatalf("listed %+v", list.Sources)
		}
		id := list.Sources[0].ID
		if r := do(t, s, req{method: http.MethodDelete, target: "/api/sources/" + itoa(id), header: auth}); r.StatusCode != http.StatusNoContent {
			t.Errorf("remove: %d", r.StatusCode)
		}
		var ch struct {
			Version string `json:"version"`
		}
		if err := json.NewDecoder(do(t, s, req{target: "/api/changes"}).Body).Decode(&ch); err != nil || ch.Version == "" {
			t.Errorf("changes: %+v %v", ch, err)
		}
	})
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestSourcesState: GET /api/sources tells each source's state as
// following left it (status, last poll and success, last error,
// failures in a row, next poll, counts of items, articles, incidents),
// and POST answers the source added with its Location.
func TestSourcesState(t *testing.T) {
	forEngines(t, func(t *testing.T, e testEngine) {
		ctx := context.Background()
		st := e.open(t)
		s, _ := serverOver(t, st, func(o *Options) { o.Sources = st })
		auth := map[string]string{"Authorization": "Bearer s3cret", "Content-Type": "application/json"}
		resp := do(t, s, req{method: http.MethodPost, target: "/api/sources", header: auth,
			body: `{"url":"https://ok.example.org/rss","name":"  صحيفة  "}`})
		var added sourceJSON
		if err := json.NewDecoder(resp.Body).Decode(&added); err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("add: %d %v", resp.StatusCode, err)
		}
		if added.Name != "صحيفة" || added.URL != "https://ok.example.org/rss" || added.Status != "new" ||
			!strings.HasSuffix(resp.Header.Get("Location"), "/api/sources/"+itoa(added.ID)) {
			t.Errorf("added %+v, Location %q", added, resp.Header.Get("Location"))
		}
		bad, err := st.AddSource(ctx, store.Source{URL: "https://down.example.org/feed"})
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC)
		if _, err := st.RecordPoll(ctx, added.ID, store.Poll{At: at, ETag: `"e1"`, NextPoll: at.Add(10 * time.Minute)}, []store.FeedItem{
			{Key: "1", URL: "https://ok.example.org/1", Title: "خبر أول"},
			{Key: "2", URL: "https://ok.example.org/2", Title: "خبر ثان"},
		}); err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			if _, err := st.RecordPoll(ctx, bad.ID, store.Poll{At: at.Add(time.Duration(i) * time.Hour), Err: "get https://down.example.org/feed: HTTP 503",
				NextPoll: at.Add(3 * time.Hour)}, nil); err != nil {
				t.Fatal(err)
			}
		}
		var list struct {
			Sources []sourceJSON `json:"sources"`
		}
		if err := json.NewDecoder(do(t, s, req{target: "/api/sources"}).Body).Decode(&list); err != nil {
			t.Fatal(err)
		}
		if len(list.Sources) != 2 {
			t.Fatalf("listed %+v", list.Sources)
		}
		ok, down := list.Sources[0], list.Sources[1]
		if ok.Status != "ok" || ok.LastPoll == nil || !ok.LastPoll.Equal(at) || ok.LastSuccess == nil || ok.LastError != "" ||
			ok.Items != 2 || ok.Waiting != 2 || ok.Articles != 0 || ok.Polls != 1 || !ok.NextPoll.Equal(at.Add(10*time.Minute)) {
			t.Errorf("the polled source: %+v", ok)
		}
		if down.Status != "failing" || down.LastSuccess != nil || down.Failures != 2 || down.PollFailures != 2 ||
			!strings.Contains(down.LastError, "HTTP 503") || !down.NextPoll.Equal(at.Add(3*time.Hour)) {
			t.Errorf("the failing source: %+v", down)
		}
	})
}
