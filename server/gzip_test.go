package server

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"testing"
)

// TestGzipAnswers: JSON answers are compressed for clients that accept
// gzip (and decode to what others get), short ones and refusing clients
// get them plain, and every answer says it varies with Accept-Encoding.
func TestGzipAnswers(t *testing.T) {
	s, _ := sharedServer(t, engines[0], 200, nil)
	const items = "/collections/incidents/items?limit=50"
	plain := body(t, do(t, s, req{target: items}))
	tests := []struct {
		name, target, accept string
		gzipped              bool
	}{
		{"a page, gzip asked", items, "gzip, deflate", true},
		{"a page, gzip refused", items, "gzip;q=0", false},
		{"a page, nothing asked", items, "", false},
		{"a short answer", "/conformance?f=json", "gzip", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := map[string]string{}
			if tt.accept != "" {
				h["Accept-Encoding"] = tt.accept
			}
			resp := do(t, s, req{target: tt.target, header: h})
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if got := resp.Header.Values("Vary"); !slices.Contains(got, "Accept-Encoding") {
				t.Errorf("Vary %q, want Accept-Encoding among them", got)
			}
			if got := resp.Header.Get("Content-Encoding") == "gzip"; got != tt.gzipped {
				t.Fatalf("gzipped = %v, want %v", got, tt.gzipped)
			}
			var b []byte
			if tt.gzipped {
				zr, err := gzip.NewReader(resp.Body)
				if err != nil {
					t.Fatal(err)
				}
				if b, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			} else {
				b = body(t, resp)
			}
			if !json.Valid(b) {
				t.Fatalf("not JSON: %.200s", b)
			}
			if tt.target == items && !equalPages(b, plain) {
				t.Errorf("decoded page differs from the plain one")
			}
		})
	}
}

// equalPages compares two items pages but for their timeStamp.
func equalPages(a, b []byte) bool {
	var x, y map[string]any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	delete(x, "timeStamp")
	delete(y, "timeStamp")
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return string(ja) == string(jb)
}
