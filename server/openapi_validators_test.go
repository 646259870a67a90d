package server

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// apicheckDir holds the npm validators (internal/tools/apicheck).
const apicheckDir = "../internal/tools/apicheck"

// TestOpenAPIValidators runs the validators our users run on the document
// served under each access configuration: @apidevtools/swagger-parser and
// @redocly/cli lint (errors fail). `make api-check` installs them and
// runs this test with INCIDENTMAP_TEST_REQUIRE_NODE set, so that in CI a
// missing install fails instead of skipping.
func TestOpenAPIValidators(t *testing.T) {
	required := os.Getenv("INCIDENTMAP_TEST_REQUIRE_NODE") != ""
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(apicheckDir, "node_modules", "@redocly", "cli"))
	}
	if err != nil {
		if required {
			t.Fatalf("the validators cannot run: %v (run make api-check)", err)
		}
		t.Skipf("the validators are not installed (%v): make api-check installs and runs them", err)
	}
	dir := t.TempDir()
	var files []string
	for _, c := range openAPIConfigs {
		b, err := json.MarshalIndent(openAPIDoc(c.cfg), "", " ")
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, c.name+".json")
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	cmd := exec.Command(node, append([]string{"check.mjs"}, files...)...)
	cmd.Dir = apicheckDir
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("the OpenAPI document is invalid: %v", err)
	}
}

// openAPIConfigs are the configurations whose documents differ: public
// or private reads, writes possible or not, links relative or absolute.
var openAPIConfigs = []struct {
	name string
	cfg  docConfig
}{
	{"public", docConfig{writes: true}},
	{"read-only", docConfig{}},
	{"private", docConfig{private: true, writes: true}},
	{"based", docConfig{base: "https://maps.example.org/im", writes: true}},
}
