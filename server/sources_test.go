package server

import (
	"encoding/json"
	"net/http"
	"testing"
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
