package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	events := strings.Join([]string{
		`{"Action":"start","Package":"a"}`,
		`{"Action":"start","Package":"b"}`,
		`{"Action":"run","Package":"a","Test":"TestSlow"}`,
		`{"Action":"output","Package":"a","Test":"TestSlow","Output":"=== RUN   TestSlow\n"}`,
		`{"Action":"pass","Package":"a","Test":"TestSlow"}`,
		`{"Action":"output","Package":"a","Output":"ok  \ta\t1.0s\n"}`,
		`{"Action":"pass","Package":"a"}`,
		`{"Action":"run","Package":"b","Test":"TestBad"}`,
		`{"Action":"output","Package":"b","Test":"TestBad","Output":"    b_test.go:9: wrong answer\n"}`,
		`{"Action":"fail","Package":"b","Test":"TestBad"}`,
		`{"Action":"output","Package":"b","Output":"FAIL\tb\t0.1s\n"}`,
		`{"Action":"fail","Package":"b"}`,
		`{"Action":"start","Package":"c"}`,
		`{"Action":"output","Package":"c","Output":"?   \tc\t[no test files]\n"}`,
		`{"Action":"skip","Package":"c"}`,
		`not JSON: vet says hello`,
	}, "\n") + "\n"
	var out strings.Builder
	code := run(strings.NewReader(events), &out, time.Hour)
	got := out.String()
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"=== a\n", "ok  \ta\t1.0s\n", "wrong answer", "FAIL\tb\t0.1s\n", "FAILED: b\n", "not JSON: vet says hello\n",
		"packages: 1 passed, 1 failed, 1 skipped\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "=== RUN   TestSlow") {
		t.Errorf("a passing test's output was printed:\n%s", got)
	}
	if !strings.HasSuffix(got, "packages: 1 passed, 1 failed, 1 skipped\n") {
		t.Errorf("the count is not the last line:\n%s", got)
	}
}

func TestBeatNamesWhatRuns(t *testing.T) {
	pr, pw := io.Pipe()
	var out syncBuilder
	done := make(chan int)
	go func() { done <- run(pr, &out, 20*time.Millisecond) }()
	_, _ = pw.Write([]byte(`{"Action":"start","Package":"slow/pkg"}` + "\n" + `{"Action":"run","Package":"slow/pkg","Test":"TestCrash"}` + "\n"))
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "still running: slow/pkg") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	_ = pw.Close()
	if code := <-done; code != 1 {
		t.Errorf("a package without result: exit %d", code)
	}
	if s := out.String(); !strings.Contains(s, "still running: slow/pkg") || !strings.Contains(s, "TestCrash") || !strings.Contains(s, "slow/pkg [no result]") {
		t.Errorf("output:\n%s", s)
	}
}
